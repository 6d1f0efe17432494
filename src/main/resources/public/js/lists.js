// The chat, contact and request lists: loading them, and the local changes
// that the user's own actions make before the server's events confirm them.

import { api } from './api.js';
import { state, emit, rememberUser, bumpPeerRead } from './store.js';
import { forgetRead } from './reading.js';

let onChatGone = () => {};
let chatsRefreshTimer = null;
let contactsRefreshTimer = null;
// Local changes to the chat list are numbered, so a /api/chats answer that was
// requested before them cannot undo them (drop a chat just opened, revive one just deleted).
let chatsVersion = 0;
const deletedAt = new Map();   // peer -> chatsVersion when it was deleted here

/** What to do when the open chat disappears (deleted here, in another tab, or while away). */
export function setChatGoneHandler(fn) { onChatGone = fn; }

export function resetLists() {
  deletedAt.clear();
  clearTimeout(chatsRefreshTimer);
  clearTimeout(contactsRefreshTimer);
}

/** Stores a chat from the server (event or PUT), newer than any list answer still in flight. */
export function putChat(c) {
  const local = state.chats.get(c.peer.id);
  state.chats.set(c.peer.id, { ...applyChat(c, local), _v: chatsVersion++ });
  return local;
}

function newerMessage(a, b) {
  if (!a) return b || null;
  if (!b) return a;
  return b.seq > a.seq ? b : a;
}

function applyChat(c, local) {
  rememberUser(c.peer);
  if (typeof c.online === 'boolean') state.online.set(c.peer.id, c.online);
  // Extension fields for the peer's read mark, whichever name the server uses.
  const mark = c.peerReadMark ?? c.peerReadUpTo ?? c.peerRead;
  if (typeof mark === 'number') bumpPeerRead(c.peer.id, mark);
  const merged = { ...c, lastMessage: newerMessage(local?.lastMessage, c.lastMessage) };
  if (local && merged.lastMessage !== c.lastMessage) {
    // We saw a message the server's snapshot did not include yet: keep it.
    merged.updatedAt = Math.max(c.updatedAt || 0, merged.lastMessage.sentAt || 0);
  }
  return merged;
}

export async function loadChats() {
  const asked = chatsVersion;
  const list = await api.chats();
  const fresh = new Map();
  for (const c of list) {
    if ((deletedAt.get(c.peer.id) ?? -1) >= asked) continue;   // deleted after we asked
    fresh.set(c.peer.id, applyChat(c, state.chats.get(c.peer.id)));
  }
  for (const [peer, local] of state.chats) {
    if (fresh.has(peer)) continue;
    if ((local._v ?? -1) >= asked) fresh.set(peer, local);   // added after we asked
    else forgetChat(peer);   // deleted from another tab while we were away
  }
  state.chats.clear();
  for (const [k, v] of fresh) state.chats.set(k, v);
  emit('chats');
  emit('presence');
}

export function scheduleChatsRefresh() {
  clearTimeout(chatsRefreshTimer);
  chatsRefreshTimer = setTimeout(() => loadChats().catch(() => {}), 150);
}

export async function loadContacts() {
  const list = await api.contacts();
  state.contacts.clear();
  for (const c of list) {
    rememberUser(c.user);
    state.online.set(c.user.id, !!c.online);
    state.contacts.set(c.user.id, { user: c.user, online: !!c.online });
  }
  emit('contacts');
  emit('presence');
}

export function scheduleContactsRefresh() {
  clearTimeout(contactsRefreshTimer);
  contactsRefreshTimer = setTimeout(() => loadContacts().catch(() => {}), 150);
}

export async function loadRequests() {
  const r = await api.requests();
  state.incoming.clear();
  state.outgoing.clear();
  for (const x of r.incoming || []) { rememberUser(x.user); state.incoming.set(x.user.id, x); }
  for (const x of r.outgoing || []) { rememberUser(x.user); state.outgoing.set(x.user.id, x); }
  emit('requests');
}

export function forgetChat(peer) {
  deletedAt.set(peer, chatsVersion++);
  state.chats.delete(peer);
  state.histories.delete(peer);
  forgetRead(peer);
  if (state.openPeer === peer) onChatGone(peer);
}

/** Opens (creating if needed) my chat box with a contact. */
export async function ensureChat(peer) {
  if (state.chats.has(peer)) return state.chats.get(peer);
  const c = await api.openChat(peer);
  putChat(c);
  emit('chats');
  return c;
}

export async function deleteChat(peer) {
  await api.deleteChat(peer).catch((e) => { if (e.code !== 'no_chat') throw e; });
  forgetChat(peer);
  emit('chats');
}

export async function requestContact(user) {
  rememberUser(user);
  const res = await api.addContact(user.id);
  if (res && res.status === 'contacts') {
    state.incoming.delete(user.id);
    state.outgoing.delete(user.id);
    state.contacts.set(user.id, { user, online: state.online.get(user.id) === true });
    emit('contacts');
    scheduleContactsRefresh();
  } else {
    state.outgoing.set(user.id, { user, at: Date.now() });
  }
  emit('requests');
  return res?.status;
}

/** Declines an incoming request, cancels an outgoing one, or ends a contact. */
export async function removeContact(userId) {
  await api.removeContact(userId);
  state.incoming.delete(userId);
  state.outgoing.delete(userId);
  emit('requests');
}
