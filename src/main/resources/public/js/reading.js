// Read marks: the open chat is reported read (WebSocket "read" frame, or the
// HTTP call without a socket) while the user can actually see it, so the
// peer's read receipts mean something.

import { api } from './api.js';
import * as socket from './socket.js';
import * as store from './store.js';
import { state } from './store.js';

const lastReadSent = new Map();   // peer -> upTo we last reported

export function forgetRead(peer) { lastReadSent.delete(peer); }

export function resetReading() { lastReadSent.clear(); }

export function isViewing(peer) {
  return state.openPeer === peer && document.visibilityState === 'visible'
    && !!state.histories.get(peer)?.loaded;
}

/** Reports the chat read up to its newest message if the user is looking at it. */
export function markReadIfViewing(peer) {
  if (isViewing(peer)) markRead(peer);
}

export function markRead(peer) {
  // Nothing unread means the peer already has its receipt: stay quiet.
  const upTo = store.markRead(peer);
  if (upTo == null) return;
  lastReadSent.set(peer, upTo);
  // The WS frame is cheapest; without a socket, the HTTP call does the same.
  if (!(socket.isOpen() && socket.send({ type: 'read', peer, upTo }))) {
    api.markRead(peer, upTo).catch(() => {});
  }
}

document.addEventListener('visibilitychange', () => {
  if (state.openPeer != null) markReadIfViewing(state.openPeer);
});
