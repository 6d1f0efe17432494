// Keeps the store in step with the server: starts the socket, applies its
// events, and after every (re)connect refetches the lists, catches up each
// loaded history with ?after=LASTSEQ and resends the outbox, so nothing is
// missed or doubled. Views call the actions re-exported here.

import { api } from './api.js';
import * as socket from './socket.js';
import * as outbox from './outbox.js';
import { state, emit, rememberUser, bumpPeerRead, setMe, updateUser } from './store.js';
import {
  loadChats, loadContacts, loadRequests, putChat, forgetChat,
  scheduleChatsRefresh, scheduleContactsRefresh, setChatGoneHandler, resetLists,
} from './lists.js';
import { loadLatest, catchUp } from './history.js';
import { markReadIfViewing, resetReading } from './reading.js';

export { loadLatest, loadOlder } from './history.js';
export { ensureChat, deleteChat, requestContact, removeContact } from './lists.js';
export { markReadIfViewing } from './reading.js';

const TYPING_SHOW_MS = 5000;
const TYPING_SEND_EVERY_MS = 3000;

let hooks = { onSignedOut() {} };
const lastTypingSent = new Map(); // peer -> time
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
  for (const t of typingTimers.values()) clearTimeout(t);
  typingTimers.clear();
}

function onHello(frame) {
  if (frame.user && state.me && frame.user.id !== state.me.id) {
    // Another tab signed in as someone else and the cookie changed: start over cleanly.
    location.reload();
    return;
  }
  if (frame.user) setMe(frame.user);
  outbox.flush();
  refreshAll();
}

/** After (re)connecting: lists first, then every history this tab holds. */
export async function refreshAll() {
  const lists = await Promise.allSettled([loadChats(), loadContacts(), loadRequests()]);
  if (!state.ready && lists[0].status === 'fulfilled') { state.ready = true; emit('ready'); }
  const peers = [...state.histories.entries()].filter(([, h]) => h.loaded).map(([p]) => p);
  await Promise.allSettled(peers.map((p) => catchUp(p)));
  // The open chat's first page may have failed while we were offline: try again.
  if (state.openPeer != null && state.chats.has(state.openPeer)) loadLatest(state.openPeer);
  if (state.openPeer != null) markReadIfViewing(state.openPeer);
}

// ---- actions ----------------------------------------------------------------

export function sendText(peer, text) {
  return outbox.enqueue(peer, text);
}

/** Throttled "I am typing" for the peer (at most one frame every few seconds). */
export function typing(peer) {
  const now = Date.now();
  if (now - (lastTypingSent.get(peer) ?? 0) < TYPING_SEND_EVERY_MS) return;
  if (socket.isOpen() && socket.send({ type: 'typing', to: peer })) lastTypingSent.set(peer, now);
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
    case 'read':
      if (bumpPeerRead(f.peer, f.upTo)) emit('peerRead', { peer: f.peer });
      break;
    case 'chat': onChat(f.chat); break;
    case 'chat_deleted':
      if (state.chats.has(f.peer) || state.histories.has(f.peer)) { forgetChat(f.peer); emit('chats'); }
      break;
    case 'typing': onTyping(f.from); break;
    case 'presence':
      state.online.set(f.user, !!f.online);
      if (state.contacts.has(f.user)) state.contacts.get(f.user).online = !!f.online;
      if (state.chats.has(f.user)) state.chats.get(f.user).online = !!f.online;
      emit('presence');
      break;
    case 'contact_request':
      rememberUser(f.user);
      state.incoming.set(f.user.id, { user: f.user, at: Date.now() });
      emit('requests');
      emit('notice', { kind: 'contact_request', user: f.user });
      break;
    case 'contact_added':
      rememberUser(f.user);
      state.incoming.delete(f.user.id);
      state.outgoing.delete(f.user.id);
      state.contacts.set(f.user.id, { user: f.user, online: state.online.get(f.user.id) === true });
      emit('requests');
      emit('contacts');
      scheduleContactsRefresh();   // for the fresh contact's online state
      break;
    case 'contact_removed':
      state.contacts.delete(f.user);
      emit('contacts');
      break;
    case 'user_updated':
      // A contact's new display name (or mine, changed on another device).
      updateUser(f.user);
      break;
    case 'contact_request_removed':
      state.incoming.delete(f.user);
      state.outgoing.delete(f.user);
      emit('requests');
      break;
    default: break;   // hello, pong and event types we do not know
  }
}

function onChat(c) {
  if (!c || !c.peer) return;
  const peer = c.peer.id;
  const local = state.chats.get(peer);
  // A chat box we did not have is new (maybe re-created after a delete): any
  // history we still hold for that peer belongs to the old box.
  if (!local && state.histories.has(peer) && state.openPeer !== peer) state.histories.delete(peer);
  putChat(c);
  emit('chats');
  emit('presence');
  if (c.unread > 0) markReadIfViewing(peer);
}

function onMessage(m) {
  if (!m || !state.me) return;
  const mine = m.from === state.me.id;
  const peer = mine ? m.to : m.from;
  if (mine && m.clientId) outbox.settle(m.clientId);

  const h = state.histories.get(peer);
  let gapAfter = null;
  let isNew = true;
  if (h) {
    const max = h.maxSeq;
    if (h.loaded && max != null && m.seq > max + 1) gapAfter = max;
    isNew = h.add(m);
  }
  const c = state.chats.get(peer);
  if (c) {
    const newer = !c.lastMessage || m.seq > c.lastMessage.seq;
    isNew = isNew && newer;
    if (newer) {
      c.lastMessage = m;
      c.updatedAt = Math.max(c.updatedAt || 0, m.sentAt);
      if (!mine) c.unread = (c.unread || 0) + 1;
    }
  } else {
    scheduleChatsRefresh();   // its chat event went missing: ask for the list
  }
  if (!mine && state.typing.has(peer)) { state.typing.delete(peer); emit('typing', { peer }); }

  emit('history', { peer, kind: 'append' });
  emit('chats');
  if (!mine && isNew) emit('incoming', { peer, message: m });
  if (!mine) markReadIfViewing(peer);
  if (gapAfter != null) catchUp(peer, gapAfter);
}

function onTyping(from) {
  state.typing.set(from, Date.now() + TYPING_SHOW_MS);
  emit('typing', { peer: from });
  clearTimeout(typingTimers.get(from));
  typingTimers.set(from, setTimeout(() => {
    if ((state.typing.get(from) ?? 0) <= Date.now()) { state.typing.delete(from); emit('typing', { peer: from }); }
  }, TYPING_SHOW_MS + 50));
}
