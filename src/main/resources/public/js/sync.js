// Keeps the store in step with the server: starts the socket, applies its
// events, and after every (re)connect refetches the lists, catches up each
// loaded history with ?after=LASTSEQ and resends the outbox, so nothing is
// missed or doubled. Views call the actions re-exported here.

import { api } from './api.js';
import * as socket from './socket.js';
import * as outbox from './outbox.js';
import * as store from './store.js';
import { state } from './store.js';
import {
  loadChats, loadContacts, loadRequests, forgetChat,
  scheduleChatsRefresh, scheduleContactsRefresh, setChatGoneHandler, resetLists,
} from './lists.js';
import { loadLatest, catchUp } from './history.js';
import { markReadIfViewing, resetReading } from './reading.js';
import * as features from './features.js';   // web-features: blocks, chat settings, last seen

export { loadLatest, loadOlder, openHistory, loadBackTo } from './history.js';
export { ensureChat, deleteChat, requestContact, removeContact } from './lists.js';
export { markReadIfViewing } from './reading.js';

// The peer's "typing…" shows this long after their last signal (they resend every
// TYPING_SEND_EVERY_MS while typing, and a stop signal, an extension, ends it at once).
const TYPING_SHOW_MS = 3500;
const TYPING_SEND_EVERY_MS = 2000;

let hooks = { onSignedOut() {} };
const lastTypingSent = new Map(); // peer -> when our last start went (while the peer may be shown "typing…")
const typingDue = new Map();      // peer -> timer sending a keystroke's start that the interval held back
const typingTimers = new Map();

export function start(h) {
  hooks = { ...hooks, ...h };
  setChatGoneHandler(h.onChatGone || (() => {}));
  socket.start({
    onOpen: onHello,
    onFrame: handleFrame,
    onRevoked: () => hooks.onSignedOut(),
    onFailedAttempt: async (attempt) => {
      // A refused handshake looks like any network failure to the browser;
      // ask the API whether the session is still valid before retrying forever.
      if (attempt < 1) return;
      try { await api.me(); } catch (e) { if (e.status === 401) { socket.stop(); hooks.onSignedOut(); } }
    },
  });
}

export function stop() {
  socket.stop();
  outbox.clearAll();
  resetLists();
  resetReading();
  lastTypingSent.clear();
  for (const t of [...typingTimers.values(), ...typingDue.values()]) clearTimeout(t);
  typingTimers.clear();
  typingDue.clear();
}

function onHello(frame) {
  if (frame.user && state.me && frame.user.id !== state.me.id) {
    // Another tab signed in as someone else and the cookie changed: start over cleanly.
    location.reload();
    return;
  }
  if (frame.user) store.setMe(frame.user);
  outbox.flush();
  refreshAll();
}

/** After (re)connecting: lists first, then every history this tab holds. */
export async function refreshAll() {
  const lists = await Promise.allSettled([loadChats(), loadContacts(), loadRequests(), features.loadLists()]);
  if (lists[0].status === 'fulfilled') store.setReady();
  const peers = [...state.histories.entries()].filter(([, h]) => h.loaded).map(([p]) => p);
  await Promise.allSettled(peers.map((p) => catchUp(p).then(() => features.catchUpEdits(p))));
  // The open chat's first page may have failed while we were offline: try again.
  if (state.openPeer != null && state.chats.has(state.openPeer)) loadLatest(state.openPeer);
  if (state.openPeer != null) markReadIfViewing(state.openPeer);
}

// ---- actions ----------------------------------------------------------------

/**
 * `replyTo` (message edits): the quote {seq, from, text} of the message replied to, or null;
 * `attachments` (rich-files): uploaded files that go with the text.
 */
export function sendText(peer, text, replyTo = null, attachments = []) {
  return outbox.enqueue(peer, text, replyTo, attachments);
}

/**
 * "I am typing" for the peer, at most one frame every TYPING_SEND_EVERY_MS. A keystroke inside
 * the interval is not lost: its signal goes when the interval ends (unless a stop comes first).
 */
export function typing(peer) {
  const wait = TYPING_SEND_EVERY_MS - (Date.now() - (lastTypingSent.get(peer) ?? -Infinity));
  if (wait <= 0) { sendTypingStart(peer); return; }
  if (!typingDue.has(peer)) {
    typingDue.set(peer, setTimeout(() => { typingDue.delete(peer); sendTypingStart(peer); }, wait));
  }
}

function sendTypingStart(peer) {
  if (socket.isOpen() && socket.send({ type: 'typing', to: peer })) lastTypingSent.set(peer, Date.now());
}

/**
 * The box was emptied, the message sent, or the chat left: "typing…" ends at the peer at once
 * (the stop is an extension: {"type":"typing","to":id,"active":false}). Sent only if a start was.
 */
export function typingStopped(peer) {
  clearTimeout(typingDue.get(peer));
  typingDue.delete(peer);
  if (!lastTypingSent.has(peer)) return;
  lastTypingSent.delete(peer);   // typing again starts at once
  if (socket.isOpen()) socket.send({ type: 'typing', to: peer, active: false });
}

// ---- events -----------------------------------------------------------------

function handleFrame(f) {
  switch (f.type) {
    case 'message': onMessage(f.message); break;
    case 'ack':
      if (f.message) onMessage(f.message);
      if (f.clientId) outbox.settle(f.clientId);
      break;
    case 'error': if (f.ref) outbox.refuse(f.ref, f.code); break;
    case 'read': store.peerRead(f.peer, f.upTo); break;
    case 'chat':
      if (!f.chat || !f.chat.peer) break;
      store.putChat(f.chat);
      if (f.chat.unread > 0) markReadIfViewing(f.chat.peer.id);
      break;
    case 'chat_deleted':
      if (state.chats.has(f.peer) || state.histories.has(f.peer)) forgetChat(f.peer);
      break;
    case 'typing': if (f.active === false) onTypingStopped(f.from); else onTyping(f.from); break;
    case 'presence':
      if (!f.online) store.setLastSeen(f.user, f.lastSeen);   // web-features: extension lastSeen
      store.setPresence(f.user, !!f.online);
      break;
    case 'contact_request': store.addRequest('incoming', f.user); break;
    case 'contact_added':
      store.addContact(f.user);
      scheduleContactsRefresh();   // for the fresh contact's online state
      break;
    case 'contact_removed': store.dropContact(f.user); break;
    // A contact's new display name (or mine, changed on another device).
    case 'user_updated': store.updateUser(f.user); break;
    case 'contact_request_removed': store.dropRequests(f.user); break;
    // Extension: the server may have lost events (between its nodes); catch up as after a reconnect.
    case 'resync': outbox.flush(); refreshAll(); break;
    default: features.applyEvent(f); break;   // extensions; hello, pong and event types we do not know
  }
}

function onMessage(m) {
  if (!m || !state.me) return;
  if (m.from === state.me.id && m.clientId) outbox.settle(m.clientId);
  const r = store.applyMessage(m);
  if (!r.hasChat) scheduleChatsRefresh();   // its chat event went missing: ask for the list
  if (!r.mine) markReadIfViewing(r.peer);
  if (r.gapAfter != null) catchUp(r.peer, r.gapAfter);
}

function onTypingStopped(from) {
  clearTimeout(typingTimers.get(from));
  typingTimers.delete(from);
  store.setTyping(from, 0);
}

function onTyping(from) {
  store.setTyping(from, Date.now() + TYPING_SHOW_MS);
  clearTimeout(typingTimers.get(from));
  typingTimers.set(from, setTimeout(() => {
    if (!store.isTyping(from)) store.setTyping(from, 0);
  }, TYPING_SHOW_MS + 50));
}
