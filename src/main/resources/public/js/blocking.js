// Removing contacts and blocking users (extension /api/blocks): the API calls and what the store
// learns from them. The events (user_blocked, user_unblocked, contact_removed) bring the same news
// to every other tab and device; applying them twice changes nothing.

import { api } from './api.js';
import * as store from './store.js';

export async function loadBlocked() {
  store.setBlocked(await api.blocks());
}

/** Ends the contact (PROTOCOL.md §3: DELETE /api/contacts/{id}); the chat box and history stay. */
export async function removeContact(userId) {
  await api.removeContact(userId);
  store.dropContact(userId);
  store.dropRequests(userId);
}

export async function block(user) {
  await api.block(user.id);
  store.addBlocked(user);
}

export async function unblock(userId) {
  await api.unblock(userId);
  store.dropBlocked(userId);
}

/** Applies a blocking event; returns whether it was one. */
export function applyEvent(f) {
  if (f.type === 'user_blocked' && f.user) { store.addBlocked(f.user); return true; }
  if (f.type === 'user_unblocked') { store.dropBlocked(f.user); return true; }
  return false;
}
