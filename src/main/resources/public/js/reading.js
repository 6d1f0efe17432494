// Read marks: a message is read once it was inside the message view while the
// window had the focus (visible is not enough: a window behind another one, or
// on a second screen, is visible but nobody is reading it). The open chat is
// reported read (WebSocket "read" frame, or the HTTP call without a socket) up
// to the newest message that has been on screen, so the peer's read receipts
// mean something. The message view says what is on screen (setSeenProvider).

import { api } from './api.js';
import * as socket from './socket.js';
import * as store from './store.js';
import { state } from './store.js';

const lastReadSent = new Map();   // peer -> upTo we last reported
let seenUpTo = () => null;        // peer -> the newest seq on screen in its open chat, or null

export function forgetRead(peer) { lastReadSent.delete(peer); }

export function resetReading() { lastReadSent.clear(); }

/** The message view registers how to tell the newest seq on screen. */
export function setSeenProvider(fn) { seenUpTo = fn; }

/** The user can be reading this window: it is shown and has the focus. */
export function userIsLooking() {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/** The chat's page is open and the user is looking at the window (not necessarily at every message). */
export function isViewing(peer) {
  return state.openPeer === peer && userIsLooking() && !!state.histories.get(peer)?.loaded;
}

/** Reports the chat read up to the newest message on screen, if the user is looking at it. */
export function markReadIfViewing(peer) {
  if (!isViewing(peer)) return;
  const upTo = seenUpTo(peer);
  if (upTo != null) markRead(peer, upTo);
}

function markRead(peer, seen) {
  // Nothing unread up to there means the peer already has its receipt: stay quiet.
  if (seen <= (lastReadSent.get(peer) ?? 0)) return;
  const upTo = store.markRead(peer, seen);
  if (upTo == null) return;
  lastReadSent.set(peer, upTo);
  // The WS frame is cheapest; without a socket, the HTTP call does the same.
  if (!(socket.isOpen() && socket.send({ type: 'read', peer, upTo }))) {
    api.markRead(peer, upTo).catch(() => {});
  }
}

const recheck = () => { if (state.openPeer != null) markReadIfViewing(state.openPeer); };
document.addEventListener('visibilitychange', recheck);
window.addEventListener('focus', recheck);
