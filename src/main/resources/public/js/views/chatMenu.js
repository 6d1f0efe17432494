// The open chat's menu (the ⋮ in its header): a small ARIA menu whose items depend on the chat
// and the peer. Other web-features modules add their items through addItems(); this one owns the
// popup, the keyboard (arrows, Home/End, Esc, Tab) and remove/block/unblock.

import { state, on, isBlocked } from '../store.js';
import { t } from '../i18n.js';
import { $, h, setChildren } from '../dom.js';
import { confirmRemoveContact, confirmBlock, unblock } from './peopleActions.js';

const providers = [];   // (peer) => [{label, testid, run}]

/** Registers a function that lists menu items for a peer's chat (in order, before remove/block). */
export function addItems(fn) { providers.push(fn); }

export function init() {
  const btn = $('#chat-menu-btn');
  btn.addEventListener('click', () => (isOpen() ? close() : openMenu()));
  btn.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') { e.preventDefault(); openMenu(e.key === 'ArrowUp' ? -1 : 0); }
  });
  const menu = $('#chat-menu');
  menu.addEventListener('keydown', onMenuKey);
  document.addEventListener('pointerdown', (e) => { if (isOpen() && !e.target.closest('.chat-menu-wrap')) close(false); });
  on('route', () => close(false));
}

function isOpen() { return !$('#chat-menu').hidden; }

function peerUser(peer) {
  return state.users.get(peer) ?? state.chats.get(peer)?.peer ?? { id: peer, username: '#' + peer };
}

function items(peer) {
  const user = peerUser(peer);
  const list = providers.flatMap((fn) => fn(peer) || []);
  if (state.contacts.has(peer)) list.push({ label: t('removeContact'), testid: 'menu-remove-contact', run: () => confirmRemoveContact(user) });
  if (isBlocked(peer)) list.push({ label: t('unblock'), testid: 'menu-unblock', run: () => unblock(user) });
  else list.push({ label: t('block'), testid: 'menu-block', run: () => confirmBlock(user) });
  return list;
}

function openMenu(focusIndex = 0) {
  const peer = state.openPeer;
  if (peer == null) return;
  const menu = $('#chat-menu');
  setChildren(menu, ...items(peer).map((it) =>
    h('li', { role: 'none' },
      h('button.menu-item', {
        type: 'button', role: 'menuitem', tabIndex: -1, dataset: { testid: it.testid },
        onclick: () => { close(); it.run(); },
      }, it.label))));
  menu.hidden = false;
  $('#chat-menu-btn').setAttribute('aria-expanded', 'true');
  const buttons = [...menu.querySelectorAll('.menu-item')];
  buttons.at(focusIndex)?.focus();
}

function close(refocus = true) {
  const menu = $('#chat-menu');
  if (menu.hidden) return;
  menu.hidden = true;
  $('#chat-menu-btn').setAttribute('aria-expanded', 'false');
  if (refocus) $('#chat-menu-btn').focus();
}

function onMenuKey(e) {
  const buttons = [...$('#chat-menu').querySelectorAll('.menu-item')];
  const i = buttons.indexOf(document.activeElement);
  const go = (j) => { e.preventDefault(); buttons[(j + buttons.length) % buttons.length]?.focus(); };
  switch (e.key) {
    case 'ArrowDown': go(i + 1); break;
    case 'ArrowUp': go(i - 1); break;
    case 'Home': go(0); break;
    case 'End': go(buttons.length - 1); break;
    case 'Escape': e.preventDefault(); e.stopPropagation(); close(); break;
    case 'Tab': close(false); break;
    default: break;
  }
}
