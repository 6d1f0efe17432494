// Account security (protocol 1.1): the display name, the password and the
// signed-in sessions. Talks to the API and changes the state only through the
// store's named operations; views/account.js draws the panel.

import { api } from './api.js';
import { state, updateUser, setSessions, dropSession, dropOtherSessions } from './store.js';

// Other tabs of this browser share the session but get no user_updated for
// their own user: a name changed here tells them to read /api/me again.
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('duet.account') : null;
const ME_REFRESH_EVERY_MS = 60000;
let lastMeRefresh = 0;

export function init() {
  if (channel) {
    channel.onmessage = (e) => {
      if (e.data?.type === 'me' && state.me && e.data.id === state.me.id) refreshMe();
    };
  }
  // A tab coming back into view may have missed a change made on another device.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.me && Date.now() - lastMeRefresh > ME_REFRESH_EVERY_MS) refreshMe();
  });
}

/** Reads GET /api/me again and applies it (quietly: a lost session is noticed elsewhere). */
export async function refreshMe() {
  lastMeRefresh = Date.now();
  try {
    const user = await api.me();
    if (user && state.me && user.id === state.me.id) updateUser(user);
  } catch { /* offline or signed out: the socket handles both */ }
}

/** PATCH /api/me: shows the new name at once here, then in this browser's other tabs. */
export async function saveName(name) {
  const user = await api.updateMe(name);
  updateUser(user);
  channel?.postMessage({ type: 'me', id: user.id });
  refreshMe();
  return user;
}

/** PUT /api/me/password: the server signs out every other session. */
export async function changePassword(current, next) {
  await api.changePassword(current, next);
  dropOtherSessions();
  loadSessions().catch(() => {});
}

/** This session first, then the most recently used. */
export async function loadSessions() {
  const list = await api.sessions();
  const at = (s) => s.lastUsedAt || s.createdAt || 0;
  setSessions([...(list || [])].sort((a, b) => Number(!!b.current) - Number(!!a.current) || at(b) - at(a)));
}

export async function revokeSession(id) {
  try {
    await api.revokeSession(id);
  } catch (e) {
    if (e.code !== 'not_found') throw e;   // already gone: the list was just stale
  }
  dropSession(id);
  loadSessions().catch(() => {});
}

export async function revokeOtherSessions() {
  await api.revokeOtherSessions();
  dropOtherSessions();
  loadSessions().catch(() => {});
}
