// Pin, mute and mark unread (extension PATCH /api/chats/{peerId}): the chat menu's items, and
// clearing "marked unread" when the chat is opened. The server keeps the settings per box and
// sends each change to every device of the owner as a `chat` event, which the store applies as
// any other; the list shows them (chatList.js: pinned on top, grey badge when muted).

import { api } from '../api.js';
import { state, on, putChat } from '../store.js';
import { t, errorText } from '../i18n.js';
import { announce } from '../notify.js';
import { closeChat } from './layout.js';
import { addItems } from './chatMenu.js';

export async function change(peer, settings) {
  try {
    putChat(await api.chatSettings(peer, settings));
    return true;
  } catch (e) {
    announce(errorText(e.code));
    return false;
  }
}

export function init() {
  addItems((peer) => {
    const chat = state.chats.get(peer);
    if (!chat) return [];
    return [
      { label: t(chat.pinned ? 'unpin' : 'pin'), testid: chat.pinned ? 'menu-unpin' : 'menu-pin',
        run: () => change(peer, { pinned: !chat.pinned }) },
      { label: t(chat.muted ? 'unmute' : 'mute'), testid: chat.muted ? 'menu-unmute' : 'menu-mute',
        run: () => change(peer, { muted: !chat.muted }) },
      // Marked unread means "come back to this": the chat closes, its row keeps a badge until opened.
      { label: t('markUnread'), testid: 'menu-mark-unread',
        run: async () => { if (await change(peer, { markedUnread: true }) && state.openPeer === peer) closeChat(); } },
    ];
  });
  // Opening a chat someone marked unread (on any device) clears the mark.
  on('route', ({ peer }) => {
    if (peer != null && state.chats.get(peer)?.markedUnread) change(peer, { markedUnread: false });
  });
}
