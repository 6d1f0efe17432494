// Search in the open chat's messages (extension GET /api/chats/{peerId}/search). The server
// searches the owner's own copy; each hit is listed with who wrote it, when, and the text around
// the match (highlighted; the server's snippet). Choosing a hit shows the messages around it,
// fetched as a history page, right under it, and moves the chat view to it, loading back as
// needed (jumpToMessage.js), where it flashes. Opened from the chat menu; Esc closes it.

import { api } from '../api.js';
import { state, on, displayName } from '../store.js';
import { t, errorText, formatDateTime } from '../i18n.js';
import { $, h, setChildren } from '../dom.js';
import { addItems } from './chatMenu.js';
import { jumpTo } from './jumpToMessage.js';
import { labelled, snippetNodes } from './messageSearchAll.js';

const CONTEXT_BEFORE = 3;   // messages shown before and after a hit
const CONTEXT_AFTER = 3;
let peer = null;
let query = '';
let hits = [];
let hasMore = false;
let next = null;   // search-v2: the server's cursor (a seq), and whether it cut the page short
let cut = false;
let timer = null;
let seq = 0;   // answers to an older query are dropped

export function init() {
  addItems((p) => (state.chats.has(p) ? [{ label: t('searchMessages'), testid: 'menu-search', headerOnly: true, run: () => open() }] : []));
  $('#msg-search-form').addEventListener('submit', (e) => { e.preventDefault(); run(true); });
  $('#msg-search-input').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => run(true), 300); });
  $('#msg-search').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
  });
  $('#msg-search-close').addEventListener('click', close);
  $('#msg-search-more').addEventListener('click', () => run(false));
  on('route', ({ peer: p }) => { if (p !== peer) close(false); });
  on('locale', () => { if (!$('#msg-search').hidden) render(); });
}

export function open() {
  peer = state.openPeer;
  if (peer == null) return;
  $('#msg-search').hidden = false;
  $('#msg-search-input').focus();
  $('#msg-search-input').select();
}

function close(refocus = true) {
  clearTimeout(timer);
  seq++;
  peer = null; query = ''; hits = []; hasMore = false; next = null; cut = false;
  const panel = $('#msg-search');
  if (panel.hidden) return;
  panel.hidden = true;
  $('#msg-search-input').value = '';
  setChildren($('#msg-search-results'));
  $('#msg-search-status').textContent = '';
  if (refocus) $('#chat-menu-btn')?.focus();
}

async function run(fresh) {
  const q = $('#msg-search-input').value.trim();
  const mine = ++seq;
  if (fresh) { query = q; hits = []; hasMore = false; next = null; cut = false; }
  if (!query || peer == null) { render(); return; }
  $('#msg-search-status').textContent = t('searchSearching');
  try {
    const before = fresh ? undefined : next ?? hits.at(-1)?.seq;
    const page = await api.searchMessages(peer, query, { before });
    if (mine !== seq) return;
    hits = fresh ? page.messages : hits.concat(page.messages);
    hasMore = page.hasMore;
    next = page.next ?? null;
    cut = !!page.cut;
    render();
  } catch (e) {
    if (mine !== seq) return;
    $('#msg-search-status').textContent = e.code === 'rate_limited' ? t('searchTooFast') : errorText(e.code);
  }
}

function render() {
  const status = $('#msg-search-status');
  status.textContent = !query ? '' : hits.length ? t('searchResultCount', { n: hits.length + (hasMore ? '+' : '') })
    : hasMore && cut ? t('searchCutNone') : t('noMessagesFound');
  setChildren($('#msg-search-results'), ...hits.map(hitRow));
  $('#msg-search-more').hidden = !hasMore;
}

function hitRow(m) {
  const li = h('li.msg-hit', { dataset: { testid: 'msg-hit', seq: String(m.seq) } });
  const btn = h('button.msg-hit-btn', { type: 'button', 'aria-expanded': 'false', onclick: () => toggleContext(li, m, btn) },
    h('span.msg-hit-meta', null, who(m), ' · ', h('time', { datetime: new Date(m.sentAt).toISOString() }, formatDateTime(m.sentAt))),
    h('span.msg-hit-text', { dir: 'auto', dataset: { testid: 'msg-hit-text' } },
      ...labelled(m, m.snippet ? snippetNodes(m.snippet, m.text) : highlighted(snippet(m.text, query), query))));
  li.appendChild(btn);
  return li;
}

function who(m) {
  return m.from === state.me?.id ? t('you') : displayName(m.from);
}

/** The text around the first match, so a long message shows its hit. */
export function snippet(text, q, radius = 60) {
  const flat = text.replace(/\s+/g, ' ');
  const at = flat.toLowerCase().indexOf(q.toLowerCase());
  if (at < 0 || flat.length <= radius * 2 + q.length) return flat;
  const from = Math.max(0, at - radius);
  const to = Math.min(flat.length, at + q.length + radius);
  return (from > 0 ? '…' : '') + flat.slice(from, to) + (to < flat.length ? '…' : '');
}

/** Text nodes and <mark>s for each match: user text never becomes markup. */
export function highlighted(text, q) {
  if (!q) return [text];
  const out = [];
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  let i = 0;
  for (let at = lower.indexOf(needle); at >= 0 && needle; at = lower.indexOf(needle, at + needle.length)) {
    if (at > i) out.push(text.slice(i, at));
    out.push(h('mark', null, text.slice(at, at + needle.length)));
    i = at + needle.length;
  }
  if (i < text.length) out.push(text.slice(i));
  return out;
}

async function toggleContext(li, m, btn) {
  const shown = li.querySelector('.msg-context');
  if (shown) { shown.remove(); btn.setAttribute('aria-expanded', 'false'); return; }
  btn.setAttribute('aria-expanded', 'true');
  jumpTo(peer, m.seq);   // search-v2: the chat view goes to the hit, loading back as needed
  const box = h('ol.msg-context', { dataset: { testid: 'msg-context' }, 'aria-label': t('searchContext') });
  li.appendChild(box);
  try {
    const page = await api.messages(peer, { after: Math.max(0, m.seq - CONTEXT_BEFORE - 1), limit: CONTEXT_BEFORE + 1 + CONTEXT_AFTER });
    setChildren(box, ...page.messages.map((c) => h('li.msg-context-item' + (c.seq === m.seq ? '.is-hit' : ''),
      { dataset: { testid: 'msg-context-item', seq: String(c.seq) } },
      h('span.msg-hit-meta', null, who(c), ' · ', formatDateTime(c.sentAt)),
      h('span.msg-hit-text', { dir: 'auto' }, ...(c.seq === m.seq ? highlighted(c.text, query) : [c.text])))));
  } catch (e) {
    setChildren(box, h('li.msg-context-item', null, errorText(e.code)));
  }
}
