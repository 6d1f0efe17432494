// A chat's menu: a small ARIA menu whose items depend on the chat and the peer. It opens from
// the ⋮ in the open chat's header, and from a row of the chat list (right click, a long press on
// a phone, or the keyboard's menu key / Shift+F10), so a chat can be pinned, muted or marked
// unread without opening it. Other modules add their items through addItems(); this one owns the
// two popups, the keyboard (arrows, Home/End, Esc, Tab) and remove/block/unblock.

import { state, on, isBlocked } from '../store.js';
import { t } from '../i18n.js';
import { $, h, setChildren } from '../dom.js';
import { confirmRemoveContact, confirmBlock, unblock } from './peopleActions.js';
import { onMenuKey } from './menuKeys.js';

const providers = [];   // (peer) => [{label, testid, run, headerOnly?}]
let rowMenu = null;     // the chat list's popup: {el, peer, returnTo}

/**
 * Registers a function that lists menu items for a peer's chat (in order, before remove/block).
 * An item with `headerOnly` acts on the open chat, so it is left out of a chat-list row's menu.
 */
export function addItems(fn) { providers.push(fn); }

export function init() {
  const btn = $('#chat-menu-btn');
  btn.addEventListener('click', () => (isOpen() ? close() : openMenu()));
  btn.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') { e.preventDefault(); openMenu(e.key === 'ArrowUp' ? -1 : 0); }
  });
  const menu = $('#chat-menu');
  menu.addEventListener('keydown', (e) => onMenuKey(e, menu, close));
  document.addEventListener('pointerdown', (e) => {
    if (isOpen() && !e.target.closest('.chat-menu-wrap')) close(false);
    if (rowMenu && !rowMenu.el.contains(e.target)) closeRowMenu(false);
  });
  on('route', () => { close(false); closeRowMenu(false); });
  window.addEventListener('resize', () => closeRowMenu(false));
}

function isOpen() { return !$('#chat-menu').hidden; }

function peerUser(peer) {
  return state.users.get(peer) ?? state.chats.get(peer)?.peer ?? { id: peer, username: '#' + peer };
}

function items(peer, inHeader) {
  const user = peerUser(peer);
  const list = providers.flatMap((fn) => fn(peer) || []).filter((it) => inHeader || !it.headerOnly);
  if (state.contacts.has(peer)) list.push({ label: t('removeContact'), testid: 'menu-remove-contact', run: () => confirmRemoveContact(user) });
  if (isBlocked(peer)) list.push({ label: t('unblock'), testid: 'menu-unblock', run: () => unblock(user) });
  else list.push({ label: t('block'), testid: 'menu-block', run: () => confirmBlock(user) });
  return list;
}

/** Fills a menu element with the peer's items; a click closes the menu (`done`) and runs the item. */
function fill(menu, peer, inHeader, done) {
  setChildren(menu, ...items(peer, inHeader).map((it) =>
    h('li', { role: 'none' },
      h('button.menu-item', {
        type: 'button', role: 'menuitem', tabIndex: -1, dataset: { testid: it.testid },
        onclick: () => { done(); it.run(); },
      }, it.label))));
}

function openMenu(focusIndex = 0) {
  const peer = state.openPeer;
  if (peer == null) return;
  closeRowMenu(false);
  const menu = $('#chat-menu');
  fill(menu, peer, true, () => close());
  menu.hidden = false;
  $('#chat-menu-btn').setAttribute('aria-expanded', 'true');
  [...menu.querySelectorAll('.menu-item')].at(focusIndex)?.focus();
}

function close(refocus = true) {
  const menu = $('#chat-menu');
  if (menu.hidden) return;
  menu.hidden = true;
  $('#chat-menu-btn').setAttribute('aria-expanded', 'false');
  if (refocus) $('#chat-menu-btn').focus();
}

/**
 * Opens the menu of a chat-list row at (x, y) in the viewport (kept inside it), focus on its
 * first item; closing it gives focus back to `returnTo`.
 */
export function openRowMenu(peer, x, y, returnTo) {
  close(false);
  closeRowMenu(false);
  const el = h('ul.menu.row-menu', { role: 'menu', 'aria-label': t('chatMenu'), dataset: { testid: 'row-menu', peer: String(peer) } });
  el.addEventListener('keydown', (e) => onMenuKey(e, el, closeRowMenu));
  rowMenu = { el, peer, returnTo };
  fill(el, peer, false, () => closeRowMenu(false));
  document.body.appendChild(el);
  const r = el.getBoundingClientRect();
  el.style.left = Math.max(4, Math.min(x, innerWidth - r.width - 4)) + 'px';
  el.style.top = Math.max(4, Math.min(y, innerHeight - r.height - 4)) + 'px';
  el.querySelector('.menu-item')?.focus();
}

function closeRowMenu(refocus = true) {
  if (!rowMenu) return;
  const { el, returnTo } = rowMenu;
  rowMenu = null;
  el.remove();
  if (refocus && returnTo?.isConnected) returnTo.focus();
}
