// search-v2: the chat list's search box also searches the messages of every chat
// (extension GET /api/search). Under the chat rows the box filters (chatSearch.js), a "Messages"
// section lists the hits, newest first: the chat's name, when, and the text around the match
// (highlighted; the server sends it as before / match / after). Choosing a hit opens the chat at
// that message (jumpToMessage.js). A page the server cut at its bound on the rows one search
// examines says so, and "Search older messages" goes on from where it stopped.

import { api } from '../api.js';
import { state, on, displayName } from '../store.js';
import { t, errorText, formatDateTime } from '../i18n.js';
import { $, h, setChildren } from '../dom.js';
import { jumpTo } from './jumpToMessage.js';
import { attachmentLabel } from '../attachmentText.js';

const DEBOUNCE_MS = 350;
let query = '';
let hits = [];
let next = null;      // the server's cursor: a message id
let cut = false;
let error = null;
let busy = false;
let timer = null;
let seq = 0;          // answers to an older query are dropped

export function init() {
  const input = $('#chat-search');
  const section = h('section.msg-search-all', { id: 'msg-search-all', hidden: true, dataset: { testid: 'msg-search-all' }, 'aria-labelledby': 'msg-search-all-title' },
    h('h2.list-title', { id: 'msg-search-all-title' }),
    h('p.msg-search-status', { id: 'msg-search-all-status', role: 'status', dataset: { testid: 'msg-search-all-status' } }),
    h('ol.msg-search-results', { id: 'msg-search-all-results', dataset: { testid: 'msg-search-all-results' } }),
    h('button.link-btn.msg-search-more', { id: 'msg-search-all-more', type: 'button', hidden: true, dataset: { testid: 'msg-search-all-more' }, onclick: () => run(false) }));
  $('#chat-list').after(section);
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => run(true), DEBOUNCE_MS); });
  input.addEventListener('keydown', (e) => { if (e.key === 'Escape') clear(); });
  input.form?.addEventListener('submit', (e) => { e.preventDefault(); run(true); });
  on('locale', render);
  on('user', render);
  on('me', () => { if (!state.me) clear(); });
}

function clear() {
  clearTimeout(timer);
  seq++;
  query = ''; hits = []; next = null; cut = false; error = null; busy = false;
  render();
}

async function run(fresh) {
  const q = $('#chat-search').value.trim();
  const mine = ++seq;
  if (fresh) { query = q; hits = []; next = null; cut = false; }
  error = null;
  if (!query) { clear(); return; }
  busy = true;
  render();
  try {
    const page = await api.searchAll(query, { before: fresh ? undefined : next ?? undefined });
    if (mine !== seq) return;
    hits = hits.concat(page.hits);
    next = page.hasMore ? page.next : null;
    cut = page.cut;
  } catch (e) {
    if (mine !== seq) return;
    error = e.code === 'rate_limited' ? t('searchTooFast') : errorText(e.code);
  }
  busy = false;
  render();
}

function render() {
  const section = $('#msg-search-all');
  if (!section) return;
  section.hidden = !query;
  $('#msg-search-all-title').textContent = t('searchMessagesSection');
  const status = $('#msg-search-all-status');
  if (busy) status.textContent = t('searchSearching');
  else if (error) status.textContent = error;
  else if (hits.length) status.textContent = t('searchResultCount', { n: hits.length + (next ? '+' : '') });
  else status.textContent = next ? t('searchCutNone') : t('noMessagesFound');
  setChildren($('#msg-search-all-results'), ...hits.map(hitRow));
  const more = $('#msg-search-all-more');
  more.hidden = !next || busy;
  more.textContent = t(cut && !hits.length ? 'searchOlder' : 'searchMore');
}

function hitRow({ peer, message: m, snippet }) {
  const name = state.users.get(peer.id)?.name ?? peer.name ?? peer.username;
  const mine = m.from === state.me?.id;
  return h('li.msg-hit', { dataset: { testid: 'msg-all-hit', peer: String(peer.id), seq: String(m.seq) } },
    h('button.msg-hit-btn', { type: 'button', onclick: () => jumpTo(peer.id, m.seq) },
      h('span.msg-hit-meta', null,
        h('span.msg-hit-peer', { dir: 'auto', dataset: { testid: 'msg-all-hit-peer' } }, name), ' · ',
        h('time', { datetime: new Date(m.sentAt).toISOString() }, formatDateTime(m.sentAt))),
      h('span.msg-hit-text', { dir: 'auto', dataset: { testid: 'msg-all-hit-text' } },
        mine ? t('you') + ': ' : (displayName(m.from) !== name ? displayName(m.from) + ': ' : ''),
        ...labelled(m, snippetNodes(snippet, m.text)))));
}

/** A hit's text after "[Photo]" or "[File] name" when its message has some (the caption was found). */
export function labelled(m, nodes) {
  const label = attachmentLabel(m);
  return label ? [label + ' ', ...nodes] : nodes;
}

/** The server's context of a hit as text nodes around a <mark>: user text never becomes markup. */
export function snippetNodes(snippet, text) {
  if (!snippet) return [text];
  const out = [];
  if (snippet.before) out.push(oneLine(snippet.before));
  if (snippet.match) out.push(h('mark', null, snippet.match));
  if (snippet.after) out.push(oneLine(snippet.after));
  return out;
}

function oneLine(s) {
  return s.replace(/\s+/g, ' ');
}
