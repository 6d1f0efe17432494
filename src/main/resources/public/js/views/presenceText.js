// What a person's status line says: "typing…" is the caller's business; this is "Online", or for
// an offline contact "last seen 5 minutes ago" (extension lastSeen), or plain "Offline" when the
// server has not said (not a contact, or never seen since the server learned to record it).

import { isOnline, lastSeenOf, emit, state } from '../store.js';
import { t, formatRelative } from '../i18n.js';

export function presenceText(userId, now = Date.now()) {
  if (isOnline(userId)) return t('online');
  const at = state.contacts.has(userId) ? lastSeenOf(userId) : null;
  return at ? t('lastSeen', { when: formatRelative(Math.min(at, now), now) }) : t('offline');
}

/** "5 minutes ago" goes stale: status lines redraw once a minute. */
export function init() {
  setInterval(() => { if (state.me && state.lastSeen.size + state.chats.size > 0) emit('presence'); }, 60_000);
}
