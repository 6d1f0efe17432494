// The Chats tab: one row per chat box, newest activity first, with the peer's
// online dot, the last message and its time, and the unread badge. Rows are
// kept by peer id and only moved or updated, so focus survives live updates.
// The whole list is walked only when its set or order changes ("chats"); a
// row's own changes (unread, presence, typing, name, open) arrive as
// "chat:<peerId>" and refill just that row.

import { messageSummary } from '../attachmentText.js';   // rich-files: [Photo], [File] name
import { state, on, sortedChats, isOnline, pendingFor } from '../store.js';
import * as drafts from '../drafts.js';
import { t, locale, formatListTime } from '../i18n.js';
import { $, h, avatar, setChildren } from '../dom.js';
import { openRowMenu } from './chatMenu.js';

const rows = new Map();   // peerId -> <li>; li._off unsubscribes its chat:<peerId> listener
let onOpen = () => {};

export function init(open) {
  onOpen = open;
  for (const ev of ['chats', 'locale', 'me']) on(ev, render);
  // A message waiting to be sent is the row's newest line (and may move the row).
  on('pending', render);
  $('#chat-list').addEventListener('keydown', onListKey);
  // Relative times ("Yesterday") go stale at midnight; a light refresh keeps them right.
  setInterval(render, 60000);
}

export function render() {
  const list = $('#chat-list');
  if (!state.me) return;
  const chats = sortedChats();
  $('#chat-list-empty').hidden = chats.length > 0;
  const keep = new Set();
  chats.forEach((c, i) => {
    const peer = c.peer.id;
    keep.add(peer);
    let li = rows.get(peer);
    if (!li) { li = createRow(peer); rows.set(peer, li); }
    fillRow(li, c);
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
  for (const [peer, li] of rows) {
    if (!keep.has(peer)) { li._off(); li.remove(); rows.delete(peer); }
  }
  updateTabStop();
}

// ---- one tab stop for the whole list (roving tabindex), arrows move within it ----

function buttons() { return [...$('#chat-list').querySelectorAll('.chat-item')]; }

/** The row that takes the Tab stop: the focused one, else the open chat, else the first. */
function updateTabStop(preferred = null) {
  const all = buttons();
  if (!all.length) return;
  const stop = preferred
    ?? all.find((b) => b === document.activeElement)
    ?? all.find((b) => Number(b.dataset.peer) === state.openPeer)
    ?? all.find((b) => b.tabIndex === 0)
    ?? all[0];
  for (const b of all) b.tabIndex = b === stop ? 0 : -1;
}

function onListKey(e) {
  const all = buttons();
  const i = all.indexOf(document.activeElement);
  if (i < 0) return;
  let next = null;
  if (e.key === 'F10' && e.shiftKey) {   // not every browser makes a contextmenu event of it
    e.preventDefault();
    const r = all[i].getBoundingClientRect();
    openRowMenu(Number(all[i].dataset.peer), r.left + 24, r.top + r.height / 2, all[i]);
    return;
  }
  if (e.key === 'ArrowDown') next = all[Math.min(i + 1, all.length - 1)];
  else if (e.key === 'ArrowUp') next = all[Math.max(i - 1, 0)];
  else if (e.key === 'Home') next = all[0];
  else if (e.key === 'End') next = all[all.length - 1];
  if (!next) return;
  e.preventDefault();
  updateTabStop(next);
  next.focus();
}

function createRow(peer) {
  const btn = h('button.chat-item', { type: 'button', dataset: { testid: 'chat-item', peer: String(peer) } });
  btn.tabIndex = -1;   // updateTabStop() gives one row the list's single Tab stop
  btn.addEventListener('click', () => onOpen(peer));
  btn.addEventListener('focus', () => updateTabStop(btn));
  // Pin, mute, mark unread... without opening the chat: right click, a long press on a phone,
  // or the keyboard's menu key / Shift+F10 (which Chrome and Firefox turn into this event).
  btn.addEventListener('contextmenu', (e) => {
    e.preventDefault();
    const r = btn.getBoundingClientRect();
    const fromKeyboard = e.clientX === 0 && e.clientY === 0;
    openRowMenu(peer, fromKeyboard ? r.left + 24 : e.clientX, fromKeyboard ? r.top + r.height / 2 : e.clientY, btn);
  });
  onLongPress(btn, (x, y) => openRowMenu(peer, x, y, btn));
  const li = h('li', { dataset: { peer: String(peer) } }, btn);
  li._off = on('chat:' + peer, () => refillRow(peer));
  return li;
}

const LONG_PRESS_MS = 500;

/**
 * A touch held still on `el` for LONG_PRESS_MS calls fn(x, y), and the click that follows is
 * swallowed (Safari on iOS sends no contextmenu event for a long press; where a browser does,
 * openRowMenu simply opens once more).
 */
function onLongPress(el, fn) {
  let timer = 0;
  let start = null;
  let fired = false;
  const cancel = () => { clearTimeout(timer); timer = 0; };
  el.addEventListener('pointerdown', (e) => {
    if (e.pointerType !== 'touch') return;
    fired = false;
    start = { x: e.clientX, y: e.clientY };
    cancel();
    timer = setTimeout(() => { timer = 0; fired = true; fn(start.x, start.y); }, LONG_PRESS_MS);
  });
  el.addEventListener('pointermove', (e) => {
    if (timer && start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > 10) cancel();
  });
  for (const type of ['pointerup', 'pointercancel', 'pointerleave']) el.addEventListener(type, cancel);
  el.addEventListener('click', (e) => {
    if (fired) { fired = false; e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);
}

/** Only this row changed: refill it in place, without walking or reordering the list. */
function refillRow(peer) {
  const li = rows.get(peer);
  const c = state.chats.get(peer);
  if (li && c && state.me) fillRow(li, c);
}

function fillRow(li, c) {
  const peer = c.peer.id;
  const btn = li.firstChild;
  const online = isOnline(peer);
  const unread = c.unread || 0;
  const name = c.peer.name || c.peer.username;
  btn.classList.toggle('is-open', state.openPeer === peer);
  btn.classList.toggle('has-unread', unread > 0);
  if (state.openPeer === peer) btn.setAttribute('aria-current', 'true'); else btn.removeAttribute('aria-current');
  btn.dataset.unread = String(unread);
  btn.dataset.online = String(online);
  // web-features: the owner's settings of the box
  const { pinned = false, muted = false, markedUnread = false } = c;
  btn.classList.toggle('is-pinned', pinned);
  btn.classList.toggle('is-muted', muted);
  btn.dataset.pinned = String(pinned);
  btn.dataset.muted = String(muted);
  btn.dataset.markedUnread = String(markedUnread);

  const m = c.lastMessage;
  // A message of mine still waiting to be sent is newer than anything stored.
  const waiting = pendingFor(peer).at(-1);
  const draft = state.openPeer === peer ? '' : drafts.get(peer);
  let previewText = '';
  if (state.typing.has(peer)) previewText = t('typing');
  else if (draft) previewText = t('draftPrefix', { text: oneLine(draft) });
  else if (waiting) previewText = t('lastMessageYou', { text: oneLine(messageSummary(waiting)) });
  else if (m && m.recalledAt != null) previewText = m.from === state.me.id ? t('recalledYou') : t('recalledBy', { name }); // message edits
  else if (m) previewText = m.from === state.me.id ? t('lastMessageYou', { text: oneLine(messageSummary(m)) }) : oneLine(messageSummary(m));
  const when = waiting ? Math.max(waiting.createdAt, m?.sentAt ?? 0) : m ? m.sentAt : c.updatedAt;
  // Rebuild the row's insides only when something it shows changed.
  const sig = [locale(), name, online, unread, previewText, when, formatListTime(when || 0), pinned, muted, markedUnread].join('\u0000');
  if (li._sig === sig) return;
  li._sig = sig;

  setChildren(btn,
    h('span.avatar-wrap', null, avatar(c.peer, { online })),
    h('span.chat-item-main', null,
      h('span.chat-item-top', null,
        h('span.chat-item-name', { dir: 'auto', dataset: { testid: 'chat-item-name' } }, name),
        when ? h('time.chat-item-time', { datetime: new Date(when).toISOString() }, formatListTime(when)) : null),
      h('span.chat-item-bottom', null,
        h('span.chat-item-preview' + (state.typing.has(peer) ? '.is-typing' : '') + (draft && !state.typing.has(peer) ? '.is-draft' : ''), { dir: 'auto', dataset: { testid: 'chat-item-preview' } }, previewText),
        unread > 0 ? h('span.badge' + (muted ? '.is-muted' : ''), { dataset: { testid: 'unread-badge' }, 'aria-hidden': 'true' }, unread > 99 ? '99+' : String(unread))
          : markedUnread ? h('span.badge.badge-dot' + (muted ? '.is-muted' : ''), { dataset: { testid: 'marked-unread-badge' }, 'aria-hidden': 'true' }) : null)),
    // What the eye gets from the dot and the badge, in words for screen readers.
    h('span.visually-hidden', null, ', ' + t(online ? 'online' : 'offline') + (unread ? ', ' + t('unreadCount', { n: unread }) : '')
      + (pinned ? ', ' + t('pinnedTag') : '') + (muted ? ', ' + t('mutedTag') : '') + (markedUnread && !unread ? ', ' + t('markedUnreadTag') : '')));
}

function oneLine(text) {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 80 ? s.slice(0, 79) + '…' : s;
}
