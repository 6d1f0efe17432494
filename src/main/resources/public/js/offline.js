// The offline side of the app shell: registers the service worker (sw.js), and keeps a
// small snapshot of the signed-in user and their chat list in localStorage, so a reload
// without a network shows the chats (with the offline banner) instead of the sign-in page.
// A deliberate sign-out deletes the snapshot.

import { state, on, sortedChats } from './store.js';

const KEY = 'duet.offline';
const MAX_CHATS = 200;
let timer = null;

export function init() {
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then((reg) => {
      // Files this page loaded before the worker ran: cache them too (the JS modules).
      const urls = performance.getEntriesByType('resource').map((e) => e.name)
        .concat(location.origin + '/')
        .filter((u) => u.startsWith(location.origin));
      reg.active?.postMessage({ type: 'cache', urls });
    }).catch(() => { /* no offline shell: everything else still works */ });
  }
  on('chats', scheduleSave);
  on('me', scheduleSave);
}

function scheduleSave() {
  clearTimeout(timer);
  timer = setTimeout(save, 300);
}

function save() {
  if (!state.me || !state.ready) return;   // only lists the server has answered
  const chats = sortedChats().slice(0, MAX_CHATS).map(({ _v, ...c }) => ({ ...c, online: false }));
  try { localStorage.setItem(KEY, JSON.stringify({ me: state.me, chats, savedAt: Date.now() })); } catch { /* full: no snapshot */ }
}

/** The last saved {me, chats}, or null. */
export function snapshot() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) || 'null');
    return s && s.me && s.me.id != null && Array.isArray(s.chats) ? s : null;
  } catch { return null; }
}

/** Signed out on purpose: the next person at this browser must not see these chats. */
export function forget() {
  clearTimeout(timer);
  try { localStorage.removeItem(KEY); } catch { /* ignore */ }
}
