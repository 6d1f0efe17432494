// The client's single source of truth, and its only writer. Other modules read
// `state` but change it only through the named operations below; each
// operation announces what it changed on the small on/emit bus, and views
// re-render only what the event names:
//
//   me, conn, ready, tab, route, sessions, user {id}   the frame and the account
//   chats            the set or order of chat boxes changed (a row came, went or moved)
//   chat:<peerId>    one chat row's insides changed (unread, presence, typing, name)
//   unread           some unread count changed (badges, title)
//   presence {user}  someone's online state changed (no detail: many at once)
//   typing {peer}    the peer's "typing…" started or ended
//   history {peer, kind}, pending {peer}, peerRead {peer}   one chat's messages
//   contacts, requests                                      the Contacts tab
//   incoming {peer, message}, notice {kind, user}           things to tell the user
//
// The one rule tested by StoreOwnershipTest: no file but this one assigns into `state`.

const listeners = new Map();

export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type)?.delete(fn);
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
    this.removed = new Set(); // message edits: seqs deleted for me here (never added again)
    this.topRemoved = null;   // the highest of them, so maxSeq (catch-up, gaps) stays where it was
  }

  /** Adds a message unless its seq or id is already known; returns whether it was new. */
  add(m) {
    if (this.bySeq.has(m.seq) || this.ids.has(m.id) || this.removed.has(m.seq)) return false;
    this.bySeq.set(m.seq, m);
    this.ids.add(m.id);
    this._sorted = null;
    return true;
  }

  /** Message edits: puts `m` in place of the message with its seq (a recall); returns whether it was held. */
  replace(m) {
    if (!this.bySeq.has(m.seq)) return false;
    this.bySeq.set(m.seq, m);
    this.ids.add(m.id);
    this._sorted = null;
    return true;
  }

  /** Message edits: takes the message with this seq out (deleted for me); it never comes back. */
  remove(seq) {
    this.removed.add(seq);
    if (!(this.topRemoved >= seq)) this.topRemoved = seq;
    const m = this.bySeq.get(seq);
    if (!m) return false;
    this.bySeq.delete(seq);
    this.ids.delete(m.id);
    this._sorted = null;
    return true;
  }

  sorted() {
    if (!this._sorted) this._sorted = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
    return this._sorted;
  }

  get minSeq() { const s = this.sorted(); return s.length ? s[0].seq : null; }
  get maxSeq() {
    const s = this.sorted();
    const top = s.length ? s[s.length - 1].seq : null;
    return this.topRemoved != null && !(top > this.topRemoved) ? this.topRemoved : top;
  }
}

export const state = {
  me: null,                 // User
  conn: { status: 'idle', retryInMs: 0 },  // idle | connecting | online | reconnecting | offline
  chats: new Map(),         // peerId -> Chat (server shape without `online`, kept current by events)
  contacts: new Map(),      // userId -> {user}
  incoming: new Map(),      // userId -> {user, at}
  outgoing: new Map(),      // userId -> {user, at}
  users: new Map(),         // userId -> User, every user we have seen (for names)
  online: new Map(),        // userId -> bool: the one place presence is kept
  histories: new Map(),     // peerId -> History
  pending: new Map(),       // clientId -> {clientId, to, text, createdAt, state: 'sending'|'failed', error}
  peerRead: new Map(),      // peerId -> highest seq the peer has read (read receipts)
  typing: new Map(),        // peerId -> time until which "typing…" shows
  openPeer: null,           // the peer whose chat page is open
  tab: 'chats',             // chats | contacts
  ready: false,             // the lists have been loaded once since sign-in
  sessions: null,           // [{id, createdAt, lastUsedAt, current, client}] once the account panel loaded them
};

// Local changes to the chat list are numbered, so a /api/chats answer that was
// requested before them cannot undo them (drop a chat just opened, revive one just deleted).
let chatsVersion = 0;
const deletedAt = new Map();   // peer -> chatsVersion when it was deleted here

// Presence events are numbered the same way: a chat or contact list asked for before a
// presence event but answered after it must not put back the older online state it carries.
let presenceVersion = 0;
const presenceAt = new Map();  // userId -> presenceVersion of the last presence event about them

// Users who became contacts while this tab watched: their empty chat says "You are now contacts".
const newContacts = new Set();

/** Signed out: forget everything, and empty the chat pane. */
export function reset() {
  state.me = null;
  for (const k of ['chats', 'contacts', 'incoming', 'outgoing', 'users', 'online', 'histories', 'pending', 'peerRead', 'typing']) {
    state[k].clear();
  }
  state.openPeer = null;
  state.tab = 'chats';
  state.ready = false;
  state.sessions = null;
  resetFeatures();   // web-features
  deletedAt.clear();
  changeCursors.clear();
  presenceAt.clear();
  newContacts.clear();
  emit('route', { peer: null, previous: null });
}

// ---- reading ----------------------------------------------------------------------

export function displayName(userId) {
  const u = state.users.get(userId);
  return u ? (u.name || u.username) : '#' + userId;
}

export function isOnline(userId) {
  return state.online.get(userId) === true;
}

export function isTyping(peerId, now = Date.now()) {
  return (state.typing.get(peerId) ?? 0) > now;
}

export function totalUnread() {
  let n = 0;
  for (const c of state.chats.values()) n += c.unread || 0;
  return n;
}

/** Chats newest activity first, as the server orders them, pinned ones on top. */
export function sortedChats() {
  // A message still waiting to be sent counts as the chat's newest activity.
  const waiting = new Map();
  for (const p of state.pending.values()) waiting.set(p.to, Math.max(waiting.get(p.to) ?? 0, p.createdAt || 0));
  const at = (c) => Math.max(c.updatedAt || 0, c.lastMessage?.sentAt || 0, waiting.get(c.peer.id) ?? 0);
  // Pinned chats first (web-features: the server keeps `pinned` per box), each group by activity.
  return [...state.chats.values()].sort((a, b) => Number(!!b.pinned) - Number(!!a.pinned) || at(b) - at(a) || b.peer.id - a.peer.id);
}

/** Messages of mine that the server has not acknowledged yet, for one peer, oldest first. */
export function pendingFor(peerId) {
  return [...state.pending.values()].filter((p) => p.to === peerId).sort((a, b) => a.createdAt - b.createdAt);
}

/** The number local chat changes have reached; a list asked for now is older than any later change. */
export function chatsVersionNow() { return chatsVersion; }

/** The number presence events have reached; pass it with a list asked for now (setChats, setContacts). */
export function presenceVersionNow() { return presenceVersion; }

// ---- the signed-in user, connection, frame ------------------------------------------

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

export function setConn(status, retryInMs = 0) {
  state.conn = { status, retryInMs, since: Date.now() };
  emit('conn', state.conn);
}

/** The lists have been loaded once since sign-in. */
export function setReady() {
  if (state.ready) return;
  state.ready = true;
  emit('ready');
}

export function setTab(name) {
  state.tab = name;
  emit('tab', name);
}

/** Opens a chat page (or none): the URL decides, views/layout.js tells the store. */
export function setOpenPeer(peer) {
  if (peer === state.openPeer) return;
  const previous = state.openPeer;
  state.openPeer = peer;
  emit('route', { peer, previous });
  for (const p of [previous, peer]) if (p != null && state.chats.has(p)) emit('chat:' + p);
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
  if (chat) emit('chat:' + id);
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

// ---- presence and typing ---------------------------------------------------------

function recordPresence(userId, online) {
  if (typeof online !== 'boolean' || state.online.get(userId) === online) return false;
  state.online.set(userId, online);
  return true;
}

/**
 * A list's `online` for a user, asked for when presenceVersionNow() was `asked`: ignored when a
 * presence event about that user arrived since (it is newer than the list's snapshot).
 * `asked` left out applies the list as it is.
 */
function recordListedPresence(userId, online, asked) {
  if (asked != null && (presenceAt.get(userId) ?? -1) >= asked) return false;
  return recordPresence(userId, online);
}

/** A presence event: one user went on- or offline. */
export function setPresence(userId, online) {
  presenceAt.set(userId, presenceVersion++);   // newer than any list still in flight, even if unchanged
  if (!recordPresence(userId, !!online)) return;
  emit('presence', { user: userId });
  if (state.chats.has(userId)) emit('chat:' + userId);
}

/** The peer is typing until `until` (ms since the epoch); Date.now() or earlier ends it. */
export function setTyping(peer, until) {
  if (until > Date.now()) state.typing.set(peer, until);
  else if (state.typing.has(peer)) state.typing.delete(peer);
  else return;
  emit('typing', { peer });
  if (state.chats.has(peer)) emit('chat:' + peer);
}

// ---- chats ---------------------------------------------------------------------

function newerMessage(a, b) {
  if (!a) return b || null;
  if (!b) return a;
  return b.seq > a.seq ? b : a;
}

/** A server chat merged with what this tab knows; its presence and read mark go to their own maps. */
function mergeChat(c, local, changedPresence, presenceAsked) {
  rememberUser(c.peer);
  if (recordListedPresence(c.peer.id, c.online, presenceAsked)) changedPresence.push(c.peer.id);
  // Extension fields for the peer's read mark, whichever name the server uses.
  const mark = c.peerReadMark ?? c.peerReadUpTo ?? c.peerRead;
  if (typeof mark === 'number') bumpPeerRead(c.peer.id, mark);
  const { online: _presence, ...rest } = c;
  const merged = { ...rest, lastMessage: newerMessage(local?.lastMessage, c.lastMessage) };
  if (local && merged.lastMessage !== c.lastMessage) {
    // We saw a message the server's snapshot did not include yet: keep it.
    merged.updatedAt = Math.max(c.updatedAt || 0, merged.lastMessage.sentAt || 0);
  }
  return merged;
}

function announcePresence(users) {
  if (!users.length) return;
  emit('presence', users.length === 1 ? { user: users[0] } : undefined);
}

/**
 * Stores a chat from the server (a chat event, or PUT), newer than any list answer still in
 * flight. A chat box we did not have is new (maybe re-created after a delete): any history
 * still held for that peer belonged to the old box and goes, unless its page is open.
 */
export function putChat(c) {
  if (!c || !c.peer) return null;
  const peer = c.peer.id;
  const local = state.chats.get(peer);
  if (!local && state.histories.has(peer) && state.openPeer !== peer) state.histories.delete(peer);
  const presence = [];
  state.chats.set(peer, { ...mergeChat(c, local, presence), _v: chatsVersion++ });
  emit('chats');
  emit('unread');
  announcePresence(presence);
  return local ?? null;
}

/**
 * The answer to GET /api/chats, asked for when chatsVersionNow() was `asked` (and
 * presenceVersionNow() was `presenceAsked`): chats added here since are kept, chats deleted
 * here since stay deleted, presence heard since stays. Returns the peers whose chats
 * were deleted elsewhere (the caller forgets their read reports and closes an open one).
 */
export function setChats(list, asked, presenceAsked) {
  const presence = [];
  const fresh = new Map();
  for (const c of list) {
    if ((deletedAt.get(c.peer.id) ?? -1) >= asked) continue;   // deleted after we asked
    fresh.set(c.peer.id, mergeChat(c, state.chats.get(c.peer.id), presence, presenceAsked));
  }
  const gone = [];
  for (const [peer, local] of state.chats) {
    if (fresh.has(peer)) continue;
    if ((local._v ?? -1) >= asked) fresh.set(peer, local);   // added after we asked
    else gone.push(peer);   // deleted from another tab while we were away
  }
  for (const peer of gone) forget(peer);
  state.chats.clear();
  for (const [k, v] of fresh) state.chats.set(k, v);
  emit('chats');
  emit('unread');
  announcePresence(presence);
  return gone;
}

function forget(peer) {
  deletedAt.set(peer, chatsVersion++);
  changeCursors.delete(peer);
  state.chats.delete(peer);
  state.histories.delete(peer);
  if (state.typing.delete(peer)) emit('typing', { peer });
}

/** The chat box is gone (deleted here, in another tab, or by a chat_deleted event); returns whether we had it. */
export function removeChat(peer) {
  const had = state.chats.has(peer) || state.histories.has(peer);
  forget(peer);
  emit('chats');
  emit('unread');
  return had;
}

/** A newer last message for the chat list (from a history page); returns whether it moved. */
function bumpLastMessage(peer, m) {
  const c = state.chats.get(peer);
  if (!c || !m) return false;
  if (c.lastMessage && m.seq <= c.lastMessage.seq) return false;
  c.lastMessage = m;
  c.updatedAt = Math.max(c.updatedAt || 0, m.sentAt);
  return true;
}

/**
 * A message from the socket (message event, or the ack of mine): into its history if one is
 * held, onto its chat row (unread +1 if it is the peer's and new). Tells what the caller needs:
 * {peer, mine, isNew, hasChat, gapAfter} where gapAfter is the seq after which messages are missing.
 */
export function applyMessage(m) {
  if (!m || !state.me) return null;
  const mine = m.from === state.me.id;
  const peer = mine ? m.to : m.from;
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
  }
  if (!mine && state.typing.has(peer)) { state.typing.delete(peer); emit('typing', { peer }); }
  emit('history', { peer, kind: 'append' });
  emit('chats');
  emit('unread');
  if (!mine && isNew) emit('incoming', { peer, message: m });
  return { peer, mine, isNew, hasChat: !!c, gapAfter };
}

/**
 * The open chat was seen up to `seen` (the newest seq that has been on screen): its read
 * mark moves there and its unread count drops to the peer's messages after it. Returns the
 * seq to report, or null when there is nothing to report (no chat, nothing unread up to there).
 */
export function markRead(peer, seen) {
  const c = state.chats.get(peer);
  if (!c || !(c.unread > 0) || !(seen > 0)) return null;
  if (typeof c.readMark === 'number' && seen <= c.readMark) return null;
  const h = state.histories.get(peer);
  // The history holds every message from its oldest on, so it can count what stays unread;
  // the server's count follows in a chat event either way.
  let left = c.unread;
  if (c.lastMessage && seen >= c.lastMessage.seq) left = 0;
  else if (h && h.minSeq != null && h.minSeq <= seen + 1) {
    left = 0;
    const sorted = h.sorted();
    for (let i = sorted.length - 1; i >= 0 && sorted[i].seq > seen; i--) if (sorted[i].from === peer) left++;
  }
  c.unread = Math.min(c.unread, left);
  c.readMark = seen;
  emit('chat:' + peer);
  emit('unread');
  return seen;
}

// ---- histories ------------------------------------------------------------------

/** The peer's history, created empty when this tab holds none yet. */
export function history(peerId) {
  let h = state.histories.get(peerId);
  if (!h) { h = new History(); state.histories.set(peerId, h); }
  return h;
}

/** A page request for the peer's history starts. */
export function historyLoading(peer) {
  const h = history(peer);
  h.loading = true;
  h.error = null;
  emit('history', { peer, kind: 'status' });
  return h;
}

/**
 * A page of the peer's history arrived for `h` (which: 'latest' | 'older' | 'after').
 * Returns the messages that were new, or null when `h` is no longer the peer's history
 * (the chat was deleted meanwhile). A catch-up page ('after') with news announces it;
 * the others are announced once by historyDone.
 */
export function addHistoryPage(peer, h, which, page) {
  if (state.histories.get(peer) !== h) return null;
  const messages = page.messages || [];
  const fresh = messages.filter((m) => h.add(m));
  // Message edits: the first page's change cursor is where catching up on edits starts.
  if (which === 'latest' && typeof page.changeCursor === 'number' && !changeCursors.has(peer)) changeCursors.set(peer, page.changeCursor);
  if (which === 'latest') {
    h.hasMoreBefore = !!page.hasMore;
    h.loaded = true;
  } else if (which === 'older') {
    h.hasMoreBefore = !!page.hasMore && messages.length > 0;
  }
  const last = which === 'latest' ? messages[messages.length - 1] : which === 'after' ? fresh[fresh.length - 1] : null;
  if (bumpLastMessage(peer, last)) emit('chats');
  if (which === 'after' && fresh.length) emit('history', { peer, kind: 'append' });
  return fresh;
}

/**
 * A page request ended (error: an API error code, or null). A missing chat box on the
 * first page leaves an empty, loaded history. Announces `history` with `kind` unless null.
 */
export function historyDone(peer, h, which, error, kind) {
  h.loading = false;
  if (error) {
    h.error = error;
    if (which === 'latest' && error === 'no_chat') { h.loaded = true; h.hasMoreBefore = false; }
  }
  if (state.histories.get(peer) === h && kind) emit('history', { peer, kind });
}

/** The history holds no messages and its newest page is to be fetched again. */
export function historyUnloaded(h) { h.loaded = false; }

/** Older pages will not be asked for (the history is known to start here). */
export function historyComplete(h) { h.hasMoreBefore = false; }

// ---- contacts and requests -------------------------------------------------------

/** GET /api/contacts answered, asked for when presenceVersionNow() was `presenceAsked`. */
export function setContacts(list, presenceAsked) {
  const presence = [];
  state.contacts.clear();
  for (const c of list) {
    rememberUser(c.user);
    if (typeof c.lastSeen === 'number') setLastSeen(c.user.id, c.lastSeen);   // web-features
    if (recordListedPresence(c.user.id, !!c.online, presenceAsked)) presence.push(c.user.id);
    state.contacts.set(c.user.id, { user: c.user });
  }
  emit('contacts');
  for (const id of presence) if (state.chats.has(id)) emit('chat:' + id);
  emit('presence');
}

/** Whether the user became a contact while this tab was open (for the chat's "now contacts" note). */
export function isNewContact(userId) { return newContacts.has(userId); }

/** We are contacts now (contact_added, or my request met theirs): pending requests go. */
export function addContact(user) {
  rememberUser(user);
  if (!state.contacts.has(user.id)) newContacts.add(user.id);
  state.incoming.delete(user.id);
  state.outgoing.delete(user.id);
  state.contacts.set(user.id, { user });
  emit('requests');
  emit('contacts');
}

/** The contact ended (contact_removed). */
export function dropContact(userId) {
  state.contacts.delete(userId);
  emit('contacts');
}

/** GET /api/contacts/requests answered. */
export function setRequests(r) {
  state.incoming.clear();
  state.outgoing.clear();
  for (const x of r?.incoming || []) { rememberUser(x.user); state.incoming.set(x.user.id, x); }
  for (const x of r?.outgoing || []) { rememberUser(x.user); state.outgoing.set(x.user.id, x); }
  emit('requests');
}

/** A request to me (kind 'incoming', a contact_request event) or from me ('outgoing'). */
export function addRequest(kind, user) {
  rememberUser(user);
  (kind === 'incoming' ? state.incoming : state.outgoing).set(user.id, { user, at: Date.now() });
  emit('requests');
  if (kind === 'incoming') emit('notice', { kind: 'contact_request', user });
}

/** Requests between me and the user are gone (declined, cancelled, withdrawn). */
export function dropRequests(userId) {
  state.incoming.delete(userId);
  state.outgoing.delete(userId);
  emit('requests');
}

// ---- the outbox -------------------------------------------------------------------

/** A message of mine waits for the server's ack; `quiet` when restoring after a reload. */
export function addPending(p, { quiet = false } = {}) {
  if (state.pending.has(p.clientId)) return false;
  state.pending.set(p.clientId, p);
  if (!quiet) emit('pending', { peer: p.to });
  return true;
}

/** It is (re)sent ('sending') or refused ('failed' with the error code). */
export function setPendingState(clientId, st, error = null) {
  const p = state.pending.get(clientId);
  if (!p) return null;
  p.state = st;
  p.error = error;
  emit('pending', { peer: p.to });
  return p;
}

/** Stored by the server, or discarded: returns what it was, or null. */
export function removePending(clientId) {
  const p = state.pending.get(clientId);
  if (!p) return null;
  state.pending.delete(clientId);
  emit('pending', { peer: p.to });
  return p;
}

export function clearPending() { state.pending.clear(); }

// ---- read receipts -------------------------------------------------------------

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

/** The peer read my messages up to `upTo`; returns whether that is news. */
export function bumpPeerRead(peerId, upTo, persist = true) {
  if (typeof upTo !== 'number' || !(upTo > (state.peerRead.get(peerId) ?? 0))) return false;
  state.peerRead.set(peerId, upTo);
  if (persist) {
    const key = readKey();
    try { if (key) localStorage.setItem(key, JSON.stringify(Object.fromEntries(state.peerRead))); } catch { /* ignore */ }
  }
  return true;
}

/** A read event: the peer read up to `upTo`. */
export function peerRead(peerId, upTo) {
  if (bumpPeerRead(peerId, upTo)) emit('peerRead', { peer: peerId });
}

// ---- web-features: blocked users and last seen --------------------------------------
// Kept here, as all state is. `blocked`: the users I block (GET /api/blocks, user_blocked,
// user_unblocked). `lastSeen`: when an offline contact was last online (extension `lastSeen` on
// Chat, on contact entries and on presence events; contacts only).

state.blocked = new Map();    // userId -> {user, at}
state.lastSeen = new Map();   // userId -> ms since the epoch

export function isBlocked(userId) { return state.blocked.has(userId); }

/** GET /api/blocks answered. */
export function setBlocked(list) {
  state.blocked.clear();
  for (const b of list || []) { rememberUser(b.user); state.blocked.set(b.user.id, { user: b.user, at: b.at }); }
  emit('blocked');
}

/** I blocked the user (here or on another device): they are no contact, and no request is pending. */
export function addBlocked(user) {
  rememberUser(user);
  state.blocked.set(user.id, { user, at: Date.now() });
  state.contacts.delete(user.id);
  state.incoming.delete(user.id);
  state.outgoing.delete(user.id);
  emit('blocked');
  emit('contacts');
  emit('requests');
  if (state.chats.has(user.id)) emit('chat:' + user.id);
}

export function dropBlocked(userId) {
  if (!state.blocked.delete(userId)) return;
  emit('blocked');
  if (state.chats.has(userId)) emit('chat:' + userId);
}

/** A contact's last-seen time (ms), as a presence event or a list told it; never goes back. */
export function setLastSeen(userId, at) {
  if (typeof at === 'number' && at > (state.lastSeen.get(userId) ?? 0)) state.lastSeen.set(userId, at);
}

/** When an offline contact was last seen (ms), from what events and lists told; null if unknown. */
export function lastSeenOf(userId) {
  const at = Math.max(state.lastSeen.get(userId) ?? 0, state.chats.get(userId)?.lastSeen ?? 0);
  return at > 0 ? at : null;
}

function resetFeatures() {
  state.blocked.clear();
  state.lastSeen.clear();
}

// ---- message edits: replies, recall, delete for me ------------------------------------------
// A recall replaces the held message (text erased, recalledAt set) and every quote of it; a
// deletion for me removes it, and quotes of it say it is missing. Both reach this tab live
// (message_recalled, message_deleted) or, after being away, through the change cursor: the
// change number up to which this tab applied the edits of a chat (from its first history page,
// then moved only by GET .../changes, so a lost event is never skipped).

const changeCursors = new Map();   // peer -> change number

export function changeCursorOf(peer) { return changeCursors.get(peer) ?? null; }

export function setChangeCursor(peer, n) {
  if (typeof n === 'number' && state.histories.has(peer) && !(changeCursors.get(peer) >= n)) changeCursors.set(peer, n);
}

function requote(h, seq, quote) {
  let changed = false;
  for (const x of h.bySeq.values()) {
    if (x.replyTo && x.replyTo.seq === seq && !x.replyTo.missing) {
      h.replace({ ...x, replyTo: quote(x.replyTo) });
      changed = true;
    }
  }
  return changed;
}

/** A recalled message (an event, a change, or the answer to my recall). Returns its peer. */
export function applyRecall(m) {
  if (!m || !state.me || m.recalledAt == null) return null;
  const peer = m.from === state.me.id ? m.to : m.from;
  const h = state.histories.get(peer);
  if (h) {
    const held = h.bySeq.get(m.seq);
    if (held) h.replace({ ...held, ...m, text: '', replyTo: undefined });
    else if (h.loaded && !h.removed.has(m.seq) && m.seq > (h.maxSeq ?? 0)) h.add({ ...m, text: '' });   // before its message event: sticks
    requote(h, m.seq, (q) => ({ seq: q.seq, from: q.from ?? m.from, recalled: true }));
    emit('history', { peer, kind: 'update' });
  }
  const c = state.chats.get(peer);
  if (c && c.lastMessage && c.lastMessage.seq === m.seq) {
    c.lastMessage = { ...c.lastMessage, text: '', recalledAt: m.recalledAt };
    emit('chat:' + peer);
    emit('chats');
  }
  return peer;
}

/** Message `seq` of the chat with `peer` was deleted for me; `chat` (from the event) is the box as it is now. */
export function applyDeleted(peer, seq, chat) {
  const h = state.histories.get(peer);
  if (h) {
    h.remove(seq);
    requote(h, seq, (q) => ({ seq: q.seq, missing: true }));
    emit('history', { peer, kind: 'update' });
  }
  const c = state.chats.get(peer);
  if (c && c.lastMessage && c.lastMessage.seq === seq) {
    const s = h ? h.sorted() : [];
    c.lastMessage = s.length ? s[s.length - 1] : null;   // putChat below keeps the newer of this and the server's
    emit('chat:' + peer);
    emit('chats');
  }
  if (chat && chat.peer) putChat(chat);
}
