// The right-hand pane: the open chat's header (name, presence or "typing…",
// delete), its history and composer, or a placeholder when no chat is open.
// Opening a chat loads its newest page (and back to its first unread message);
// what comes on screen is read (reading.js).

import * as sync from '../sync.js';
import { state, on, isOnline, displayName, isBlocked } from '../store.js';
import { t, errorText } from '../i18n.js';
import { $ } from '../dom.js';
import * as messages from './messageList.js';
import * as composer from './composer.js';
import { closeChat, isNarrow } from './layout.js';
import { announce } from '../notify.js';
import { presenceText } from './presenceText.js';

let peer = null;

export function init() {
  messages.init();
  composer.init(() => messages.scrollToBottom());
  $('#delete-chat-btn').addEventListener('click', confirmDelete);
  // Esc on the chat page closes it (back to the list on a phone), like the back button.
  $('#chat-view').addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !e.defaultPrevented && !$('#confirm-dialog').open) closeChat();
  });

  on('route', ({ peer: p, previous }) => open(p, previous));
  on('history', (d) => { if (d.peer === peer) messages.render(d.kind); });
  on('pending', (d) => { if (d.peer === peer) messages.render('append'); });
  on('peerRead', (d) => { if (d.peer === peer) messages.render('update'); });
  on('chats', () => { if (peer != null) renderHeader(); });
  on('presence', () => { if (peer != null) renderHeader(); });
  on('contacts', () => { if (peer != null) renderHeader(); });
  on('blocked', () => { if (peer != null) renderHeader(); });
  on('typing', (d) => { if (d.peer === peer) renderHeader(); });
  // The peer's new display name: the header, and the names screen readers hear per message.
  on('user', (d) => { if (d.id === peer) { renderHeader(); messages.rebuild(); } });
  on('locale', () => { if (peer != null) { renderHeader(); messages.rebuild(); } });
  // The lists arrived: now the chat's box (and so its unread messages) is known.
  on('ready', () => { if (peer != null) open(peer, null, true); });
}

async function open(p, previous, retrying = false) {
  if (p !== peer || retrying) {
    peer = p;
    composer.show(p);
    // The pane first, so the message view can measure where to open.
    $('#chat-empty').hidden = p != null;
    $('#chat-view').hidden = p == null;
    // Remember where the unread messages start before reading moves the mark, and start
    // loading back to the first of them before the view looks for it.
    const chat = p == null ? null : state.chats.get(p);
    const unread = chat && chat.unread > 0 ? { count: chat.unread, readMark: chat.readMark } : null;
    if (chat && state.ready) sync.openHistory(p, typeof unread?.readMark === 'number' ? unread.readMark + 1 : null);
    messages.show(p, unread);
  }
  $('#chat-empty').hidden = p != null;
  $('#chat-view').hidden = p == null;
  if (p == null) {
    // Give the focus back to the row the user came from.
    if (previous != null) document.querySelector(`.chat-item[data-peer="${previous}"]`)?.focus({ preventScroll: false });
    return;
  }
  renderHeader();
  if (!state.chats.has(p)) {
    if (!state.ready) return;   // the lists are still loading; "ready" retries
    try {
      await sync.ensureChat(p);   // a link or notification to a contact without a chat box yet
    } catch (e) {
      announce(errorText(e.code));
      closeChat();
      return;
    }
    if (peer !== p) return;
    renderHeader();
  }
  sync.loadLatest(p).then(() => { if (peer === p) sync.markReadIfViewing(p); });
  sync.markReadIfViewing(p);
  if (isNarrow()) $('#chat-peer-name').focus();
  else composer.focus();
}

function renderHeader() {
  if (peer == null) return;
  const chat = state.chats.get(peer);
  const name = chat ? (chat.peer.name || chat.peer.username) : displayName(peer);
  $('#chat-peer-name').textContent = name;
  $('#chat-peer-name').tabIndex = -1;
  const status = $('#chat-peer-status');
  const typing = (state.typing.get(peer) ?? 0) > Date.now();
  const online = isOnline(peer);
  status.textContent = typing ? t('typing') : presenceText(peer);   // web-features: last seen
  status.dataset.state = typing ? 'typing' : online ? 'online' : 'offline';
  status.classList.toggle('is-online', online || typing);
  // Ended contacts keep their chat box and history, but sending would be refused.
  const notice = $('#chat-notice');
  const gone = state.ready && !state.contacts.has(peer);
  notice.hidden = !gone;
  notice.textContent = gone ? t(isBlocked(peer) ? 'blockedNotice' : 'notContactNotice', { name }) : '';
}

function confirmDelete() {
  if (peer == null) return;
  const target = peer;
  const name = displayName(target);
  const dlg = $('#confirm-dialog');
  $('#confirm-title').textContent = t('deleteChatTitle', { name });
  $('#confirm-body').textContent = t('deleteChatBody', { name });
  $('#confirm-ok').textContent = t('deleteChatOk');
  dlg.returnValue = '';
  dlg.addEventListener('close', async () => {
    if (dlg.returnValue !== 'ok') { $('#delete-chat-btn').focus(); return; }
    try {
      await sync.deleteChat(target);
      if (state.openPeer === target) closeChat();
    } catch (e) {
      announce(errorText(e.code));
    }
  }, { once: true });
  dlg.showModal();
  $('[data-testid=confirm-cancel]', dlg).focus();
}
