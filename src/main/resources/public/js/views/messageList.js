// The scrolling history of the open chat: day separators, bubbles (mine on the
// right, the peer's on the left), each of my messages with its state (sending,
// sent, read, or not sent with retry), an "N unread messages" divider where the
// unread messages began, older pages loaded when scrolling up, and a
// jump-to-bottom button (with the count still unread) whenever the view is not
// at the bottom.
//
// Windowing: a chat keeps all its messages as data (the store's History and the
// item list built from it), but only a window of at most WINDOW_MAX items is in
// the page. Scrolling near an edge of the window slides it by SLIDE items. Every
// change to the page keeps the message the reader is looking at exactly where
// it was (explicit anchoring: `overflow-anchor` is not in every browser, and
// the history-status row above the list must not push the view either).
//
// Each chat keeps its own list element and bubbles for a few recent chats, so
// switching back reattaches them instead of rebuilding every bubble.
//
// Reading: a message counts as seen once it was inside the scroller's visible
// area; reading.js asks visibleUpTo() and decides (focus, visibility) whether
// that is reported read.

import * as sync from '../sync.js';
import { renderAttachments } from './attachmentView.js';
import * as outbox from '../outbox.js';
import { setSeenProvider } from '../reading.js';
import { state, on, pendingFor, displayName, isNewContact } from '../store.js';
import { t, errorText, formatTime, formatFull, formatDay, dayKey } from '../i18n.js';
import { $, h, linkify, setChildren } from '../dom.js';
import * as actions from './messageActions.js';   // message edits: reply quotes, recalled notes, the action menu

const NEAR_EDGE_PX = 600;   // slide the window, or load older pages, this close to an edge
const NEAR_BOTTOM_PX = 80;  // "at the bottom": new messages are followed
const WINDOW_MAX = 150;     // items in the page at most
const SLIDE = 30;           // items a slide adds at the edge the reader approaches (few: each is one frame's work)
const OPEN_ITEMS = 60;      // items shown when a chat opens at its bottom
const OPEN_BEFORE = 20;     // ...and around its unread divider
const OPEN_AFTER = 60;
const KEEP_VIEWS = 5;       // chats whose elements are kept for switching back

/** One chat's part of the page: its list element, bubbles, item list and window. */
class ChatView {
  constructor(peer) {
    this.peer = peer;
    this.list = h('ol.message-list', { dataset: { testid: 'message-list' } });
    this.els = new Map();    // item key -> element (only the window's items)
    this.items = [];         // every item of the chat, oldest first
    this.index = new Map();  // item key -> index in items
    this.lo = 0;             // the window: items[lo, hi) are in the page
    this.hi = 0;
    this.unread = null;      // {count, readMark} when the chat opened with unread messages
    this.target = 'bottom';  // where to go once the data is there: 'bottom' | 'divider' | 'saved' | null
    this.saved = null;       // {key, offset, follow}: where the reader was, for switching back
    this.sig = null;         // what the items were built from (buildItems)
  }
}

const views = new Map();     // peer -> ChatView, least recently shown first
let view = null;             // the open chat's view
let frameQueued = false;

const scroller = () => $('#message-scroller');

export function init() {
  const sc = scroller();
  sc.addEventListener('scroll', () => {
    if (frameQueued) return;
    frameQueued = true;
    requestAnimationFrame(() => { frameQueued = false; onScrollFrame(); });
  }, { passive: true });
  $('#jump-new').addEventListener('click', () => { jumpToEnd(); $('#composer-input').focus({ preventScroll: true }); });
  // The pane changes size (a phone's keyboard, a window resize, the pane shown at last):
  // keep the reader's place, or go where the chat was meant to open.
  new ResizeObserver(() => { if (view) render('resize'); }).observe(sc);
  on('unread', updateJump);
  setSeenProvider(visibleUpTo);
  actions.init();
}

/**
 * Switches to another chat (or none). `unreadAtOpen` marks where the unread messages
 * began, for a divider that stays until the chat is left, and where the chat opens.
 */
export function show(newPeer, unreadAtOpen = null) {
  if (view) saveSpot();
  view = null;
  const sc = scroller();
  $('#jump-new').hidden = true;
  if (newPeer == null) {
    sc.querySelector('ol')?.remove();
    if (!state.me) views.clear();   // signed out: nothing of this user's chats stays
    return;
  }

  let v = views.get(newPeer);
  views.delete(newPeer);
  if (!v) v = new ChatView(newPeer);
  views.set(newPeer, v);
  for (const peer of views.keys()) { if (views.size <= KEEP_VIEWS) break; views.delete(peer); }

  const hadDivider = v.unread != null;
  v.unread = unreadAtOpen;
  if (unreadAtOpen) v.target = 'divider';
  else if (v.saved && !v.saved.follow) v.target = 'saved';
  else v.target = 'bottom';
  // The divider moved (or went); the items follow, as v.unread is part of what they are built from.
  if (hadDivider || unreadAtOpen) dropElement(v, 'unread');

  const old = sc.querySelector('ol');
  if (old) old.removeAttribute('id');
  v.list.id = 'message-list';
  if (old !== v.list) { if (old) old.replaceWith(v.list); else sc.appendChild(v.list); }
  view = v;
  render('open');
}

/** Drops cached elements so everything is rebuilt (e.g. after a language switch). */
export function rebuild() {
  for (const v of [...views.values()]) if (v !== view) views.delete(v.peer);
  if (!view) return;
  const spot = capture();
  view.els.clear();
  view.list.replaceChildren();
  view.sig = null;
  // Back to the same place once the bubbles are built again.
  if (spot && !spot.follow) { view.saved = spot; view.target = 'saved'; }
  else if (view.target == null) view.target = 'bottom';
  render('update');
}

export function scrollToBottom() { jumpToEnd(); }

/**
 * Re-renders the open chat after its data changed. kind: 'open', 'replace' (the first
 * page), 'prepend' (an older page), 'append' (new messages: followed when at the
 * bottom, or when they are mine), 'update'/'status'/'resize' (nothing moves).
 */
export function render(kind = 'update') {
  const v = view;
  if (!v) return;
  const sc = scroller();
  const follow = v.target == null && atEnd(v, sc);
  const spot = v.target == null ? capture() : null;
  const oldLen = v.items.length;
  const wasEnd = v.hi >= oldLen;
  const loKey = v.items[v.lo]?.key;
  const lastKey = v.items[v.hi - 1]?.key;
  const lastBefore = v.items[oldLen - 1]?.key;

  buildItems(v);
  const n = v.items.length;
  // The same items stay in the window however many arrived around them.
  let lo = Math.min(v.index.get(loKey) ?? 0, n);
  let hi = wasEnd ? n : Math.max(lo, (v.index.get(lastKey) ?? n - 1) + 1);
  const at = spot ? v.index.get(spot.key) : undefined;   // the item the reader looks at
  // An older page while the reader is at the top: show a slide's worth of it above them.
  if (kind === 'prepend' && v.lo === 0 && at != null) lo = Math.max(0, at - SLIDE);
  if (hi - lo > WINDOW_MAX) {
    if (follow) lo = hi - WINDOW_MAX;
    else if (at != null) lo = Math.max(lo, Math.min(at - WINDOW_MAX / 2, hi - WINDOW_MAX));
    hi = lo + WINDOW_MAX;
  }
  v.lo = lo;
  v.hi = hi;

  const last = v.items[n - 1];
  const grewMine = kind === 'append' && last && last.key !== lastBefore && last.mine;
  if (v.target != null) { placeTarget(v, sc); }
  else if (follow || grewMine) { showEnd(v, sc); }
  else { paint(v); restore(spot); }
  updateJump();
  afterChange();
}

// ---- items ------------------------------------------------------------------

function buildItems(v) {
  const hist = state.histories.get(v.peer);
  const me = state.me?.id;
  const read = state.peerRead.get(v.peer) ?? 0;
  const pending = pendingFor(v.peer);
  // Nothing changed since the last build (switching back, a status change): keep the items,
  // so a 10,000-message chat does not walk all its messages again.
  const sig = [hist?.loaded ? hist.sorted() : null, read, v.unread, hist?.hasMoreBefore,
    pending.map((p) => p.clientId + p.state).join()];
  if (v.sig && sig.every((x, i) => x === v.sig[i])) return;
  v.sig = sig;
  const items = [];
  let lastDay = null;
  const pushDay = (ms) => {
    const d = dayKey(ms);
    if (d !== lastDay) { lastDay = d; items.push({ key: 'd:' + d, day: d }); }
  };
  const firstUnread = hist?.loaded ? firstUnreadSeq(v, hist) : null;
  if (hist?.loaded) {
    for (const m of hist.sorted()) {
      pushDay(m.sentAt);
      if (m.seq === firstUnread) items.push({ key: 'unread', divider: true });
      const mine = m.from === me;
      items.push({
        key: m.clientId && mine ? 'c:' + m.clientId : 'm:' + m.id,
        mine, text: m.text, at: m.sentAt, seq: m.seq, id: m.id, clientId: m.clientId, attachments: m.attachments,
        state: mine ? (m.seq <= read ? 'read' : 'sent') : 'received',
        msg: m, replyTo: m.replyTo, recalled: m.recalledAt != null,   // message edits
      });
    }
  }
  for (const p of pending) {
    pushDay(p.createdAt);
    items.push({ key: 'c:' + p.clientId, mine: true, text: p.text, at: p.createdAt, clientId: p.clientId, attachments: p.attachments,
      state: p.state === 'failed' ? 'failed' : 'sending', error: p.error, replyTo: p.replyTo });
  }
  v.items = items;
  v.index = new Map();
  items.forEach((it, i) => v.index.set(it.key, i));
}

/** The seq of the first message that was unread when the chat opened, if any. */
function firstUnreadSeq(v, hist) {
  const unread = v.unread;
  if (!unread || !(unread.count > 0)) return null;
  const sorted = hist.sorted();
  if (typeof unread.readMark === 'number') {
    // Not loaded yet (older pages still to come): no divider until it is.
    if (hist.hasMoreBefore && hist.minSeq > unread.readMark + 1) return null;
    return sorted.find((m) => m.seq > unread.readMark && m.from === v.peer)?.seq ?? null;
  }
  const theirs = sorted.filter((m) => m.from === v.peer);
  if (theirs.length < unread.count) return hist.hasMoreBefore ? null : theirs[0]?.seq ?? null;
  return theirs[theirs.length - unread.count].seq;
}

// ---- the page -----------------------------------------------------------------

/** Puts exactly the window's items into the page, reusing the elements it has. */
function paint(v) {
  renderStatus(v);
  const list = v.list;
  const keep = new Set();
  for (let i = v.lo; i < v.hi; i++) {
    const item = v.items[i];
    keep.add(item.key);
    let el = v.els.get(item.key);
    if (!el) {
      el = item.day != null ? daySeparator(item) : item.divider ? unreadDivider(v) : h('li');
      v.els.set(item.key, el);
    }
    if (item.day == null && !item.divider) fillMessage(el, item);
  }
  for (const [key, el] of v.els) {
    if (!keep.has(key)) { el.remove(); v.els.delete(key); }
  }
  // Elements now in the page are in order; insert the rest where they belong.
  let cursor = list.firstElementChild;
  for (let i = v.lo; i < v.hi; i++) {
    const el = v.els.get(v.items[i].key);
    if (el === cursor) cursor = cursor.nextElementSibling;
    else list.insertBefore(el, cursor);
  }
  list.dataset.windowStart = String(v.lo === 0);
  list.dataset.windowEnd = String(v.hi >= v.items.length);
}

function dropElement(v, key) {
  v.els.get(key)?.remove();
  v.els.delete(key);
}

function renderStatus(v) {
  const hist = state.histories.get(v.peer);
  const el = $('#history-status');
  const atTop = v.lo === 0;
  let text = '';
  let st = '';
  if (!hist || hist.loading) { text = hist?.loaded && atTop ? t('loadingOlder') : ''; st = 'loading'; }
  else if (hist.error) { text = t('loadFailed'); st = 'error'; }
  else if (hist.loaded && !hist.hasMoreBefore && hist.bySeq.size > 0) {
    // Seqs count the pair's messages from 1: a box starting later is a copy made after a delete.
    text = atTop ? t(hist.minSeq > 1 ? 'historyStartCopy' : 'historyStart') : ''; st = atTop ? 'start' : '';
  }
  else if (hist.loaded && hist.bySeq.size === 0 && pendingFor(v.peer).length === 0) {
    // A client-drawn note, not a stored message: shown while a new contact's chat is empty.
    text = t(isNewContact(v.peer) ? 'nowContactsNote' : 'emptyChat'); st = 'empty';
  }
  if (el.dataset.state === st && el.dataset.text === text && st !== 'error') return;
  el.textContent = text;
  el.dataset.text = text;
  if (st === 'error') {
    el.append(' ', h('button.link-btn', { type: 'button', dataset: { testid: 'history-retry' },
      onclick: () => (hist.loaded ? sync.loadOlder(v.peer) : sync.loadLatest(v.peer)) }, t('retry')));
  }
  el.dataset.state = st;
  el.hidden = !text;
  scroller().setAttribute('aria-busy', String(!!hist?.loading));
}

function daySeparator(item) {
  return h('li.day-sep', { dataset: { testid: 'day-separator', key: item.key } },
    h('span', null, formatDay(item.day)));
}

function unreadDivider(v) {
  const n = v.unread.count;
  return h('li.unread-divider', { dataset: { testid: 'unread-divider', key: 'unread' } },
    h('span', null, t(n === 1 ? 'unreadDividerOne' : 'unreadDividerMany', { n })));
}

function fillMessage(li, m) {
  // Rebuild the bubble only when something visible changed.
  const sig = [m.state, m.seq, m.error, m.text.length, m.recalled, m.replyTo && actions.quoteLabel(m.replyTo),
    m.attachments?.length ?? 0].join('|');
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
  if (m.recalled) {   // message edits: "X recalled a message" in its place
    li.className = 'msg msg-recalled';
    li.dataset.state = 'recalled';
    setChildren(li, actions.recalledNote(m, view?.peer));
    return;
  }

  const textEl = h('p.msg-text', { dir: 'auto', dataset: { testid: 'message-text' } });   // RTL text laid out RTL
  textEl.appendChild(linkify(m.text));
  textEl.hidden = !m.text;   // rich-files: a picture or file may come without a caption
  const meta = h('span.msg-meta', null,
    h('time', { datetime: new Date(m.at).toISOString(), title: formatFull(m.at) }, formatTime(m.at)),
    m.mine ? stateMark(m) : null);
  const children = [
    h('span.visually-hidden', null, (m.mine ? t('you') : displayName(view?.peer)) + ': '),
    h('div.bubble', null, actions.quote(m, revealSeq), renderAttachments(m.attachments), textEl, meta),   // rich-files: pictures, files
  ];
  if (m.state === 'failed') {
    children.push(h('div.msg-failed', { role: 'alert' },
      h('span', null, t('stateFailed') + (m.error ? ' – ' + errorText(m.error) : '')),
      h('button.link-btn', { type: 'button', dataset: { testid: 'retry' }, onclick: () => outbox.retry(m.clientId) }, t('retry')),
      h('button.link-btn', { type: 'button', dataset: { testid: 'discard' }, onclick: () => outbox.discard(m.clientId) }, t('discard'))));
  }
  setChildren(li, ...children);
  actions.decorate(li, m, view?.peer);
}

/**
 * Shows the message with this seq in the open chat (a reply's quote was clicked), loading older
 * pages back to it as needed, and flashes it. Resolves false if the chat's copy does not hold it
 * (deleted for me, before the box's start). A search hit in another chat: jumpToMessage.js.
 */
export async function revealSeq(seq) {
  const v = view;
  const hist = v && state.histories.get(v.peer);
  if (!hist) return false;
  if (!hist.bySeq.has(seq) && hist.minSeq != null && seq < hist.minSeq) await sync.loadBackTo(v.peer, seq);
  if (view !== v || !hist.bySeq.has(seq)) return false;
  const el = showMessage(seq);
  if (!el) return false;
  flashMessage(el);
  return true;
}

/** Draws the eye to a message just brought into view (the animation runs once; adding again restarts it). */
export function flashMessage(el) {
  el.classList.remove('msg-flash');
  void el.offsetWidth;   // restart the animation
  el.classList.add('msg-flash');
}

function stateMark(m) {
  const label = { sending: t('stateSending'), sent: t('stateSent'), read: t('stateRead'), failed: t('stateFailed') }[m.state];
  const glyph = { sending: '', sent: '✓', read: '✓✓', failed: '!' }[m.state];
  return h('span.msg-state', { dataset: { testid: 'message-state', state: m.state }, title: label },
    h('span', { 'aria-hidden': 'true' }, glyph),
    h('span.visually-hidden', null, label));
}

// ---- where the reader is --------------------------------------------------------

function atEnd(v, sc) {
  return v.hi >= v.items.length && sc.scrollHeight - sc.scrollTop - sc.clientHeight < NEAR_BOTTOM_PX;
}

/** The first element at least partly below the scroller's top edge (binary search: they are in order). */
function firstVisibleIndex(children, top) {
  let a = 0;
  let b = children.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (children[mid].getBoundingClientRect().bottom > top) b = mid; else a = mid + 1;
  }
  return a;
}

/** The reader's place: the first item on screen and how far below the scroller's top it sits. */
function capture() {
  const v = view;
  const sc = scroller();
  if (!v || !sc.clientHeight) return null;
  const top = sc.getBoundingClientRect().top;
  const children = v.list.children;
  const i = firstVisibleIndex(children, top);
  // A message, not a day separator: older messages of the same day arriving put its
  // separator above them, so the separator is no fixed point.
  let el = children[i];
  for (let j = i; j < children.length && j < i + 4; j++) {
    if (children[j].dataset.testid === 'message') { el = children[j]; break; }
  }
  if (!el) return null;
  return { key: el.dataset.key, offset: el.getBoundingClientRect().top - top, follow: atEnd(v, sc) };
}

/** Scrolls so the item of `spot` sits where it sat (nothing the reader looks at moves). */
function restore(spot) {
  if (!spot || !view) return false;
  const el = view.els.get(spot.key);
  if (!el || !el.isConnected) return false;
  const sc = scroller();
  const delta = el.getBoundingClientRect().top - sc.getBoundingClientRect().top - spot.offset;
  if (delta) sc.scrollTop += delta;
  return true;
}

function saveSpot() {
  const spot = capture();
  if (spot) view.saved = spot;
}

/** The window at the end of the chat, scrolled to its newest message. */
function showEnd(v, sc) {
  const n = v.items.length;
  v.hi = n;
  v.lo = Math.max(0, Math.min(v.lo, n - OPEN_ITEMS), n - WINDOW_MAX);
  paint(v);
  sc.scrollTop = sc.scrollHeight;
}

/** A chat just shown: go to its divider, to its bottom, or back to where the reader was. */
function placeTarget(v, sc) {
  const hist = state.histories.get(v.peer);
  const n = v.items.length;
  if (!hist?.loaded || !sc.clientHeight) { paint(v); return; }   // not yet: the data or the pane is still coming
  if (v.target === 'divider') {
    const at = v.index.get('unread');
    if (at == null) {
      if (hist.loading) { paint(v); return; }   // still loading back to the read mark
      v.target = 'bottom';
    } else {
      v.lo = Math.max(0, at - OPEN_BEFORE);
      v.hi = Math.min(n, at + OPEN_AFTER);
      paint(v);
      const divider = v.els.get('unread');
      // The divider near the top, the unread messages below it (or the bottom, if they are few).
      sc.scrollTop = Math.max(0, divider.offsetTop - 8);
      v.target = null;
      return;
    }
  }
  if (v.target === 'saved' && v.saved && v.index.has(v.saved.key)) {
    const at = v.index.get(v.saved.key);
    v.lo = Math.max(0, at - OPEN_BEFORE);
    v.hi = Math.min(n, at + OPEN_AFTER);
    paint(v);
    restore(v.saved);
    v.target = null;
    return;
  }
  v.lo = Math.max(0, n - OPEN_ITEMS);
  showEnd(v, sc);
  v.target = null;
}

export function jumpToEnd() {
  const v = view;
  if (!v) return;
  v.target = null;   // the user asked for the bottom: stop waiting for the divider
  v.lo = Math.max(0, v.items.length - OPEN_ITEMS);
  showEnd(v, scroller());
  updateJump();
  afterChange();
}

/** Slides the window one step towards the edge the reader approaches, keeping the view still. */
function slide(dir) {
  const v = view;
  const spot = capture();
  const n = v.items.length;
  if (dir < 0) {
    v.lo = Math.max(0, v.lo - SLIDE);
    if (v.hi - v.lo > WINDOW_MAX) v.hi = v.lo + WINDOW_MAX;
  } else {
    v.hi = Math.min(n, v.hi + SLIDE);
    if (v.hi - v.lo > WINDOW_MAX) v.lo = v.hi - WINDOW_MAX;
  }
  paint(v);
  restore(spot);
}

function onScrollFrame() {
  const v = view;
  if (!v || v.target != null) return;
  checkEdges(v);
  saveSpot();
  updateJump();
  sync.markReadIfViewing(v.peer);
}

/**
 * Near the top: slide the window up, or load an older page once the window starts at the
 * oldest message held; near the bottom: slide it down. Also after every change (not only on
 * scroll events): at scrollTop 0 a change that leaves the view still fires no scroll event,
 * and a short chat has no scrollbar to scroll with.
 */
function checkEdges(v) {
  const sc = scroller();
  if (view !== v || v.target != null || !sc.clientHeight) return;
  if (sc.scrollTop < NEAR_EDGE_PX) {
    if (v.lo > 0) { slide(-1); return; }
    const hist = state.histories.get(v.peer);
    if (hist?.loaded && !hist.loading && hist.hasMoreBefore && !hist.error) sync.loadOlder(v.peer);
  } else if (sc.scrollHeight - sc.scrollTop - sc.clientHeight < NEAR_EDGE_PX && v.hi < v.items.length) {
    slide(1);
  }
}

/** After the page changed: look at the edges, tell reading what is on screen now. */
function afterChange() {
  const v = view;
  if (!v) return;
  if (v.target == null) {
    saveSpot();
    queueMicrotask(() => checkEdges(v));
  }
  sync.markReadIfViewing(v.peer);
}

/**
 * The newest seq on screen in the open chat of `peer` (at least partly inside the
 * scroller's visible area), or null while the chat is still finding its place.
 */
function visibleUpTo(peer) {
  const v = view;
  const sc = scroller();
  if (!v || v.peer !== peer || v.target != null || !sc.clientHeight) return null;
  const box = sc.getBoundingClientRect();
  const children = v.list.children;
  // The last element whose top is above the bottom edge, then back to one with a seq.
  let a = 0;
  let b = children.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (children[mid].getBoundingClientRect().top < box.bottom - 4) a = mid + 1; else b = mid;
  }
  for (let i = a - 1; i >= 0; i--) {
    const el = children[i];
    const r = el.getBoundingClientRect();
    if (r.bottom <= box.top + 4) return null;
    if (el.dataset.seq) return Number(el.dataset.seq);
  }
  return null;
}

// ---- the jump-to-bottom button ----------------------------------------------------

function updateJump() {
  const btn = $('#jump-new');
  const v = view;
  const sc = scroller();
  const show = !!v && v.target == null && !atEnd(v, sc);
  btn.hidden = !show;
  if (!show) return;
  const n = state.chats.get(v.peer)?.unread || 0;
  const count = $('#jump-count');
  const label = n > 0 ? t('jumpUnreadBelow', { n }) : t('jumpToLatest');
  if (btn.getAttribute('aria-label') !== label) {
    btn.setAttribute('aria-label', label);
    btn.title = label;
  }
  count.textContent = n > 0 ? (n > 999 ? '999+' : String(n)) : '';
  count.hidden = !(n > 0);
}

/**
 * Shows the open chat's window around message `seq` (already in the store: the caller loaded back
 * to it), that message a third of the way down. @return the message's element, or null
 */
export function showMessage(seq) {
  const v = view;
  if (!v) return null;
  buildItems(v);
  const it = v.items.find((x) => x.seq === seq && x.day == null && !x.divider);
  if (!it) return null;
  v.saved = { key: it.key, offset: Math.round(scroller().clientHeight / 3), follow: false };
  v.target = 'saved';
  render('update');
  return v.els.get(it.key) ?? null;
}
