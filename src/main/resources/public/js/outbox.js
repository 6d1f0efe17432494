// Messages typed by this tab that the server has not acknowledged yet. Each
// gets a clientId made here, so resending after a lost connection can never
// store it twice (the server answers a repeated clientId with the first copy).

import * as store from './store.js';
import { state } from './store.js';
import * as socket from './socket.js';

const ACK_TIMEOUT_MS = 10000;
const STORE_KEY = 'duet.outbox';
const RATE_LIMIT_RETRY_MS = 1500;
const timers = new Map();

/** 32 random hex digits: matches [A-Za-z0-9_-]{1,64}; works outside secure contexts too. */
export function newClientId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// Unacknowledged messages are also kept in sessionStorage, so reloading the tab
// (or the browser restoring it) still delivers what was typed. Resending is safe:
// the clientId makes the server return the first copy instead of storing another.
function save() {
  try {
    const me = state.me?.id;
    if (me == null) return;
    const list = [...state.pending.values()].map(({ clientId, to, text, createdAt, state: st, error, replyTo, attachments }) =>
      ({ clientId, to, text, createdAt, state: st, error, replyTo, attachments }));
    if (list.length) sessionStorage.setItem(STORE_KEY, JSON.stringify({ me, list }));
    else sessionStorage.removeItem(STORE_KEY);
  } catch { /* storage full or blocked: the in-memory outbox still works */ }
}

/** Brings back what this tab had not delivered before a reload (same user only). */
export function restore() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || 'null');
    if (!saved || saved.me !== state.me?.id) return;
    for (const p of saved.list) {
      if (typeof p.clientId === 'string' && typeof p.text === 'string') {
        store.addPending({ ...p, attachments: Array.isArray(p.attachments) ? p.attachments : [] }, { quiet: true });
      }
    }
  } catch { /* nothing to restore */ }
}

/**
 * @param replyTo     message edits: the quote {seq, from, text} of the message this one replies to, or null
 * @param attachments rich-files: uploaded files ({id, name, ...}) that go with the text (a caption then)
 */
export function enqueue(to, text, replyTo = null, attachments = []) {
  const p = { clientId: newClientId(), to, text, createdAt: Date.now(), state: 'sending', error: null, attachments };
  if (replyTo) p.replyTo = replyTo;
  store.addPending(p);
  save();
  transmit(p);
  return p.clientId;
}

function transmit(p) {
  clearTimeout(timers.get(p.clientId));
  if (p.state !== 'sending' || !socket.isOpen()) return;  // flush() sends it after the next hello
  const frame = { type: 'send', to: p.to, text: p.text, clientId: p.clientId };
  if (p.replyTo) frame.replyTo = p.replyTo.seq;   // extension: a reply
  if (p.attachments?.length) frame.attachments = p.attachments.map((a) => a.id);   // rich-files
  socket.send(frame);
  // No ack in time on a socket that looks open: send again (idempotent thanks to the clientId).
  timers.set(p.clientId, setTimeout(() => {
    if (state.pending.get(p.clientId) === p) transmit(p);
  }, ACK_TIMEOUT_MS));
}

/** Resend everything unacknowledged, oldest first, on a fresh connection. */
export function flush() {
  const all = [...state.pending.values()].sort((a, b) => a.createdAt - b.createdAt);
  for (const p of all) transmit(p);
}

/** The message with this clientId is stored (ack, or seen in an event or catch-up). */
export function settle(clientId) {
  if (!state.pending.has(clientId)) return false;
  clearTimeout(timers.get(clientId));
  timers.delete(clientId);
  store.removePending(clientId);
  save();
  return true;
}

/**
 * The server refused it. What passes by itself (a rate limit; a server or database too busy, or
 * stopping) is retried by itself, the same clientId keeping it single; the rest wait for the user.
 */
export function refuse(clientId, code) {
  const p = state.pending.get(clientId);
  if (!p) return;
  clearTimeout(timers.get(clientId));
  if (code === 'rate_limited' || code === 'unavailable') {
    timers.set(clientId, setTimeout(() => transmit(p), RATE_LIMIT_RETRY_MS + Math.random() * 1000));
    return;
  }
  store.setPendingState(clientId, 'failed', code);
  save();
}

export function retry(clientId) {
  const p = store.setPendingState(clientId, 'sending');
  if (!p) return;
  save();
  transmit(p);
}

export function discard(clientId) {
  if (!state.pending.has(clientId)) return;
  clearTimeout(timers.get(clientId));
  timers.delete(clientId);
  store.removePending(clientId);
  save();
}

export function clearAll() {
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
  store.clearPending();
  try { sessionStorage.removeItem(STORE_KEY); } catch { /* ignore */ }
}
