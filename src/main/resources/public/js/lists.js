// The chat, contact and request lists: loading them, and the user's own actions
// on them (open or delete a chat, ask, accept, decline). The store applies every
// change; this module talks to the API and decides when to ask again.

import { api } from './api.js';
import * as store from './store.js';
import { state } from './store.js';
import { forgetRead } from './reading.js';

let onChatGone = () => {};
let chatsRefreshTimer = null;
let contactsRefreshTimer = null;

/** What to do when the open chat disappears (deleted here, in another tab, or while away). */
export function setChatGoneHandler(fn) { onChatGone = fn; }

export function resetLists() {
  clearTimeout(chatsRefreshTimer);
  clearTimeout(contactsRefreshTimer);
}

export async function loadChats() {
  const asked = store.chatsVersionNow();
  const presenceAsked = store.presenceVersionNow();
  const list = await api.chats();
  for (const peer of store.setChats(list, asked, presenceAsked)) chatGone(peer);
}

export function scheduleChatsRefresh() {
  clearTimeout(chatsRefreshTimer);
  chatsRefreshTimer = setTimeout(() => loadChats().catch(() => {}), 150);
}

export async function loadContacts() {
  const presenceAsked = store.presenceVersionNow();
  store.setContacts(await api.contacts(), presenceAsked);
}

export function scheduleContactsRefresh() {
  clearTimeout(contactsRefreshTimer);
  contactsRefreshTimer = setTimeout(() => loadContacts().catch(() => {}), 150);
}

export async function loadRequests() {
  store.setRequests(await api.requests());
}

/** The chat box is gone: the store forgets it, and an open chat page closes. */
export function forgetChat(peer) {
  const had = store.removeChat(peer);
  chatGone(peer);
  return had;
}

function chatGone(peer) {
  forgetRead(peer);
  if (state.openPeer === peer) onChatGone(peer);
}

/** Opens (creating if needed) my chat box with a contact. */
export async function ensureChat(peer) {
  if (state.chats.has(peer)) return state.chats.get(peer);
  const c = await api.openChat(peer);
  store.putChat(c);
  return c;
}

export async function deleteChat(peer) {
  await api.deleteChat(peer).catch((e) => { if (e.code !== 'no_chat') throw e; });
  forgetChat(peer);
}

export async function requestContact(user) {
  store.rememberUser(user);
  const res = await api.addContact(user.id);
  if (res && res.status === 'contacts') {
    store.addContact(user);
    scheduleContactsRefresh();
  } else {
    store.addRequest('outgoing', user);
  }
  return res?.status;
}

/** Declines an incoming request, cancels an outgoing one, or ends a contact. */
export async function removeContact(userId) {
  await api.removeContact(userId);
  store.dropRequests(userId);
}
