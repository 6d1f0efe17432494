// The scrolling history of the open chat: day separators, bubbles (mine on the
// right, the peer's on the left), each of my messages with its state (sending,
// sent, read, or not sent with retry), older pages loaded when scrolling up
// with the view anchored so nothing jumps, and a "new messages" pill when
// something arrives while the user reads further up.

import * as sync from '../sync.js';
import * as outbox from '../outbox.js';
import { state, pendingFor, displayName, isNewContact } from '../store.js';
import { t, errorText, formatTime, formatFull, formatDay, dayKey } from '../i18n.js';
import { $, h, linkify, setChildren } from '../dom.js';

const NEAR_TOP_PX = 240;
const NEAR_BOTTOM_PX = 80;

let peer = null;
let unread = null;       // {count, readMark} when the chat opened with unread messages
const els = new Map();   // item key -> element, kept across renders of one chat

export function init() {
  const scroller = $('#message-scroller');
  scroller.addEventListener('scroll', onScroll, { passive: true });
  $('#jump-new').addEventListener('click', () => { scrollToBottom(); $('#composer-input').focus(); });
}

/**
 * Switches to another chat (or none): forget the old elements. `unreadAtOpen`
 * marks where the unread messages began, for a divider that stays until the chat is left.
 */
export function show(newPeer, unreadAtOpen = null) {
  peer = newPeer;
  unread = unreadAtOpen;
  els.clear();
  $('#message-list').replaceChildren();
  $('#jump-new').hidden = true;
  if (peer != null) render('replace');
}

/** Drops cached elements so everything is rebuilt (e.g. after a language switch). */
export function rebuild() {
  if (peer == null) return;
  els.clear();
  $('#message-list').replaceChildren();
  render('update');
}

function isNearBottom(sc) {
  return sc.scrollHeight - sc.scrollTop - sc.clientHeight < NEAR_BOTTOM_PX;
}

export function scrollToBottom() {
  const sc = $('#message-scroller');
  sc.scrollTop = sc.scrollHeight;
  $('#jump-new').hidden = true;
}

/**
 * kind: 'replace' (first page: go to the bottom), 'prepend' (older page: keep
 * the view where it was), 'append' (new messages: follow if at the bottom),
 * 'update'/'status' (states, receipts: do not move).
 */
export function render(kind = 'update') {
  if (peer == null) return;
  const sc = $('#message-scroller');
  const wasNearBottom = isNearBottom(sc);
  const prevHeight = sc.scrollHeight;
  const prevTop = sc.scrollTop;
  const lastKeyBefore = $('#message-list').lastElementChild?.dataset.key;

  renderStatus();
  const items = buildItems();
  reconcile(items);

  if (kind === 'replace') {
    scrollToBottom();
    // Many unread messages: start at the first of them, not at the bottom.
    const divider = els.get('unread');
    if (divider && divider.isConnected && divider.offsetTop < sc.scrollTop) sc.scrollTop = Math.max(0, divider.offsetTop - 8);
  } else if (kind === 'prepend') {
    sc.scrollTop = prevTop + (sc.scrollHeight - prevHeight);
  } else if (kind === 'append') {
    const last = items[items.length - 1];
    const grew = last && last.key !== lastKeyBefore;
    if (wasNearBottom || (grew && last.mine)) scrollToBottom();
    else if (grew && !last.mine) $('#jump-new').hidden = false;
  }
  fillIfShort();
}

function renderStatus() {
  const hist = state.histories.get(peer);
  const el = $('#history-status');
  let text = '';
  let st = '';
  if (!hist || hist.loading) { text = hist?.loaded ? t('loadingOlder') : ''; st = 'loading'; }
  else if (hist.error) { text = t('loadFailed'); st = 'error'; }
  else if (hist.loaded && !hist.hasMoreBefore && hist.bySeq.size > 0) {
    // Seqs count the pair's messages from 1: a box starting later is a copy made after a delete.
    text = t(hist.minSeq > 1 ? 'historyStartCopy' : 'historyStart'); st = 'start';
  }
  else if (hist.loaded && hist.bySeq.size === 0 && pendingFor(peer).length === 0) {
    // A client-drawn note, not a stored message: shown while a new contact's chat is empty.
    text = t(isNewContact(peer) ? 'nowContactsNote' : 'emptyChat'); st = 'empty';
  }
  el.textContent = text;
  if (st === 'error') {
    el.append(' ', h('button.link-btn', { type: 'button', dataset: { testid: 'history-retry' },
      onclick: () => (hist.loaded ? sync.loadOlder(peer) : sync.loadLatest(peer)) }, t('retry')));
  }
  el.dataset.state = st;
  el.hidden = !text;
  $('#message-scroller').setAttribute('aria-busy', String(!!hist?.loading));
}

function buildItems() {
  const hist = state.histories.get(peer);
  const me = state.me.id;
  const read = state.peerRead.get(peer) ?? 0;
  const items = [];
  let lastDay = null;
  const pushDay = (ms) => {
    const d = dayKey(ms);
    if (d !== lastDay) { lastDay = d; items.push({ key: 'd:' + d, day: d }); }
  };
  const firstUnread = hist?.loaded ? firstUnreadSeq(hist) : null;
  if (hist?.loaded) {
    for (const m of hist.sorted()) {
      pushDay(m.sentAt);
      if (m.seq === firstUnread) items.push({ key: 'unread', divider: true });
      const mine = m.from === me;
      items.push({
        key: m.clientId && mine ? 'c:' + m.clientId : 'm:' + m.id,
        mine, text: m.text, at: m.sentAt, seq: m.seq, id: m.id, clientId: m.clientId,
        state: mine ? (m.seq <= read ? 'read' : 'sent') : 'received',
      });
    }
  }
  for (const p of pendingFor(peer)) {
    pushDay(p.createdAt);
    items.push({ key: 'c:' + p.clientId, mine: true, text: p.text, at: p.createdAt, clientId: p.clientId,
      state: p.state === 'failed' ? 'failed' : 'sending', error: p.error });
  }
  return items;
}

/** The seq of the first message that was unread when the chat opened, if any. */
function firstUnreadSeq(hist) {
  if (!unread || !(unread.count > 0)) return null;
  const theirs = hist.sorted().filter((m) => m.from === peer);
  if (typeof unread.readMark === 'number') {
    // Not loaded yet (older pages still to come): no divider until it is.
    if (hist.hasMoreBefore && hist.minSeq > unread.readMark + 1) return null;
    return theirs.find((m) => m.seq > unread.readMark)?.seq ?? null;
  }
  if (theirs.length < unread.count) return hist.hasMoreBefore ? null : theirs[0]?.seq ?? null;
  return theirs[theirs.length - unread.count].seq;
}

function reconcile(items) {
  const list = $('#message-list');
  const keep = new Set();
  items.forEach((item, i) => {
    keep.add(item.key);
    let el = els.get(item.key);
    if (!el) {
      el = item.day != null ? daySeparator(item) : item.divider ? unreadDivider() : h('li');
      els.set(item.key, el);
    }
    if (item.day == null && !item.divider) fillMessage(el, item);
    if (list.children[i] !== el) list.insertBefore(el, list.children[i] || null);
  });
  for (const [key, el] of els) {
    if (!keep.has(key)) { el.remove(); els.delete(key); }
  }
}

function daySeparator(item) {
  return h('li.day-sep', { dataset: { testid: 'day-separator', key: item.key } },
    h('span', null, formatDay(item.day)));
}

function unreadDivider() {
  const n = unread.count;
  return h('li.unread-divider', { dataset: { testid: 'unread-divider', key: 'unread' } },
    h('span', null, t(n === 1 ? 'unreadDividerOne' : 'unreadDividerMany', { n })));
}

function fillMessage(li, m) {
  // Rebuild the bubble only when something visible changed.
  const sig = [m.state, m.seq, m.error, m.text.length].join('|');
  if (li._sig === sig) return;
  li._sig = sig;
  li.className = 'msg ' + (m.mine ? 'msg-mine' : 'msg-theirs') + ' state-' + m.state;
  li.dataset.testid = 'message';
  li.dataset.key = m.key;
  li.dataset.own = String(m.mine);
  li.dataset.state = m.state;
  if (m.seq != null) li.dataset.seq = String(m.seq); else delete li.dataset.seq;
  if (m.id) li.dataset.id = m.id;
  if (m.clientId) li.dataset.clientId = m.clientId;

  const textEl = h('p.msg-text', { dir: 'auto', dataset: { testid: 'message-text' } });   // RTL text laid out RTL
  textEl.appendChild(linkify(m.text));
  const meta = h('span.msg-meta', null,
    h('time', { datetime: new Date(m.at).toISOString(), title: formatFull(m.at) }, formatTime(m.at)),
    m.mine ? stateMark(m) : null);
  const children = [
    h('span.visually-hidden', null, (m.mine ? t('you') : displayName(peer)) + ': '),
    h('div.bubble', null, textEl, meta),
  ];
  if (m.state === 'failed') {
    children.push(h('div.msg-failed', { role: 'alert' },
      h('span', null, t('stateFailed') + (m.error ? ' – ' + errorText(m.error) : '')),
      h('button.link-btn', { type: 'button', dataset: { testid: 'retry' }, onclick: () => outbox.retry(m.clientId) }, t('retry')),
      h('button.link-btn', { type: 'button', dataset: { testid: 'discard' }, onclick: () => outbox.discard(m.clientId) }, t('discard'))));
  }
  setChildren(li, ...children);
}

function stateMark(m) {
  const label = { sending: t('stateSending'), sent: t('stateSent'), read: t('stateRead'), failed: t('stateFailed') }[m.state];
  const glyph = { sending: '', sent: '✓', read: '✓✓', failed: '!' }[m.state];
  return h('span.msg-state', { dataset: { testid: 'message-state', state: m.state }, title: label },
    h('span', { 'aria-hidden': 'true' }, glyph),
    h('span.visually-hidden', null, label));
}

function onScroll() {
  if (peer == null) return;
  const sc = $('#message-scroller');
  if (sc.scrollTop < NEAR_TOP_PX) sync.loadOlder(peer);
  if (isNearBottom(sc)) $('#jump-new').hidden = true;
}

// With few messages there is no scrollbar, so scrolling up can never ask for
// more: keep loading until the view is full or the history starts.
function fillIfShort() {
  const sc = $('#message-scroller');
  const hist = state.histories.get(peer);
  if (hist?.loaded && !hist.loading && hist.hasMoreBefore && !hist.error && sc.scrollHeight <= sc.clientHeight + NEAR_TOP_PX) {
    queueMicrotask(() => sync.loadOlder(peer));
  }
}
