// The client's single source of truth. Modules mutate `state` through the
// helpers below and announce changes with `emit`; views subscribe with `on`
// and re-render what the event names. No view talks to another view directly.

const listeners = new Map();

export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type).delete(fn);
}

export function emit(type, detail) {
  for (const fn of listeners.get(type) ?? []) {
    try { fn(detail); } catch (e) { console.error('listener for', type, 'failed', e); }
  }
}

/** One peer's history as this tab knows it: messages keyed by seq, so nothing shows twice. */
export class History {
  constructor() {
    this.bySeq = new Map();
    this.ids = new Set();
    this.loaded = false;      // the newest page has arrived
    this.loading = false;     // a page request is in flight
    this.hasMoreBefore = true;
    this.error = null;
    this._sorted = null;
  }

  /** Adds a message unless its seq or id is already known; returns whether it was new. */
  add(m) {
    if (this.bySeq.has(m.seq) || this.ids.has(m.id)) return false;
    this.bySeq.set(m.seq, m);
    this.ids.add(m.id);
    this._sorted = null;
    return true;
  }

  sorted() {
    if (!this._sorted) this._sorted = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
    return this._sorted;
  }

  get minSeq() { const s = this.sorted(); return s.length ? s[0].seq : null; }
  get maxSeq() { const s = this.sorted(); return s.length ? s[s.length - 1].seq : null; }
}

export const state = {
  me: null,                 // User
  conn: { status: 'idle', retryInMs: 0 },  // idle | connecting | online | reconnecting | offline
  chats: new Map(),         // peerId -> Chat (server shape, kept current by events)
  contacts: new Map(),      // userId -> {user, online}
  incoming: new Map(),      // userId -> {user, at}
  outgoing: new Map(),      // userId -> {user, at}
  users: new Map(),         // userId -> User, every user we have seen (for names)
  online: new Map(),        // userId -> bool, latest presence we know
  histories: new Map(),     // peerId -> History
  pending: new Map(),       // clientId -> {clientId, to, text, createdAt, state: 'sending'|'failed', error}
  peerRead: new Map(),      // peerId -> highest seq the peer has read (read receipts)
  typing: new Map(),        // peerId -> time until which "typing…" shows
  openPeer: null,           // the peer whose chat page is open
  tab: 'chats',             // chats | contacts
  ready: false,             // the lists have been loaded once since sign-in
  sessions: null,           // [{id, createdAt, lastUsedAt, current, client}] once the account panel loaded them
};

export function reset() {
  state.me = null;
  for (const k of ['chats', 'contacts', 'incoming', 'outgoing', 'users', 'online', 'histories', 'pending', 'peerRead', 'typing']) {
    state[k].clear();
  }
  state.openPeer = null;
  state.tab = 'chats';
  state.ready = false;
  state.sessions = null;
}

export function rememberUser(u) {
  if (u && u.id != null) state.users.set(u.id, u);
}

/** The signed-in user as the server describes it (sign-in, hello, GET /api/me). */
export function setMe(user) {
  if (!user || user.id == null) return;
  state.me = user;
  rememberUser(user);
  emit('me');
}

/**
 * A user's profile changed (a user_updated event, or my own name change): every
 * copy of that user in the state follows, and each view that shows one hears of it.
 */
export function updateUser(user) {
  if (!user || user.id == null) return;
  const id = user.id;
  const merge = (old) => ({ ...old, ...user });
  state.users.set(id, merge(state.users.get(id)));
  const contact = state.contacts.get(id);
  if (contact) contact.user = merge(contact.user);
  const chat = state.chats.get(id);
  if (chat) chat.peer = merge(chat.peer);
  let request = false;
  for (const list of [state.incoming, state.outgoing]) {
    const r = list.get(id);
    if (r) { r.user = merge(r.user); request = true; }
  }
  const mine = state.me != null && state.me.id === id;
  if (mine) state.me = merge(state.me);
  emit('user', { id });
  if (mine) emit('me');
  if (chat) emit('chats');
  if (contact) emit('contacts');
  if (request) emit('requests');
}

/** The account panel's list of signed-in sessions, as GET /api/sessions answered. */
export function setSessions(list) {
  state.sessions = Array.isArray(list) ? list : null;
  emit('sessions');
}

/** One session was signed out from here. */
export function dropSession(id) {
  if (!state.sessions) return;
  state.sessions = state.sessions.filter((s) => s.id !== id);
  emit('sessions');
}

/** Every session but this one was signed out (sign out everywhere else, or a password change). */
export function dropOtherSessions() {
  if (!state.sessions) return;
  state.sessions = state.sessions.filter((s) => s.current);
  emit('sessions');
}

export function displayName(userId) {
  const u = state.users.get(userId);
  return u ? (u.name || u.username) : '#' + userId;
}

export function isOnline(userId) {
  return state.online.get(userId) === true;
}

export function history(peerId) {
  let h = state.histories.get(peerId);
  if (!h) { h = new History(); state.histories.set(peerId, h); }
  return h;
}

export function totalUnread() {
  let n = 0;
  for (const c of state.chats.values()) n += c.unread || 0;
  return n;
}

/** Chats newest activity first, as the server orders them. */
export function sortedChats() {
  const at = (c) => Math.max(c.updatedAt || 0, c.lastMessage?.sentAt || 0);
  return [...state.chats.values()].sort((a, b) => at(b) - at(a) || b.peer.id - a.peer.id);
}

/** Messages of mine that the server has not acknowledged yet, for one peer, oldest first. */
export function pendingFor(peerId) {
  return [...state.pending.values()].filter((p) => p.to === peerId).sort((a, b) => a.createdAt - b.createdAt);
}

// Read receipts are kept per signed-in user in localStorage, so a reload still
// shows "read" for what the peer read earlier (marks only ever move up).
function readKey() { return state.me ? 'duet.peerRead.' + state.me.id : null; }

export function loadPeerRead() {
  const key = readKey();
  if (!key) return;
  try {
    const saved = JSON.parse(localStorage.getItem(key) || '{}');
    for (const [peer, upTo] of Object.entries(saved)) bumpPeerRead(Number(peer), upTo, false);
  } catch { /* a corrupt cache only loses receipts shown before a reload */ }
}

export function bumpPeerRead(peerId, upTo, persist = true) {
  if (typeof upTo !== 'number' || !(upTo > (state.peerRead.get(peerId) ?? 0))) return false;
  state.peerRead.set(peerId, upTo);
  if (persist) {
    const key = readKey();
    try { if (key) localStorage.setItem(key, JSON.stringify(Object.fromEntries(state.peerRead))); } catch { /* ignore */ }
  }
  return true;
}
