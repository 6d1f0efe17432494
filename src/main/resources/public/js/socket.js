// The WebSocket to /ws: connects, notices when it is dead (close, offline,
// silent server), and reconnects with exponential backoff and full jitter so a
// server restart is not hit by every client at the same instant. It only moves
// frames; sync.js decides what they mean and outbox.js what to resend.

import { state, setConn } from './store.js';

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;
const PING_EVERY_MS = 20000;   // app-level ping when the socket has been quiet
const PONG_TIMEOUT_MS = 8000;  // no frame at all within this after a ping: dead
const HELLO_TIMEOUT_MS = 10000; // a handshake can hang on a black-holed network

let ws = null;
let attempt = 0;
let retryTimer = null;
let pingTimer = null;
let pongTimer = null;
let helloTimer = null;
let stopped = true;
let handlers = { onFrame() {}, onOpen() {}, onRevoked() {}, onFailedAttempt() {} };

function setStatus(status, retryInMs = 0) { setConn(status, retryInMs); }

function url() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function isOpen() {
  return ws !== null && ws.readyState === WebSocket.OPEN && state.conn.status === 'online';
}

/** Sends one frame if the socket is open; returns false if it could not. */
export function send(frame) {
  if (!ws || ws.readyState !== WebSocket.OPEN) return false;
  try {
    ws.send(JSON.stringify(frame));
    return true;
  } catch {
    return false;
  }
}

export function start(h) {
  handlers = { ...handlers, ...h };
  stopped = false;
  attempt = 0;
  connect();
}

/** Closes for good (sign-out): no reconnect. */
export function stop() {
  stopped = true;
  clearTimeout(retryTimer);
  clearTimers();
  if (ws) { const old = ws; ws = null; try { old.close(1000, 'bye'); } catch { /* already closed */ } }
  setStatus('idle');
}

/** Skips the wait and reconnects now (the "retry now" control, the browser going online). */
export function reconnectNow() {
  if (stopped) return;
  if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) return;
  clearTimeout(retryTimer);
  connect();
}

/** Treats the current socket as dead and goes through the reconnect path. */
export function drop(reason = 'dropped') {
  if (!ws) return;
  const old = ws;
  ws = null;
  clearTimers();
  try { old.close(4000, reason); } catch { /* ignore */ }
  scheduleReconnect();
}

function clearTimers() {
  clearTimeout(pingTimer);
  clearTimeout(pongTimer);
  clearTimeout(helloTimer);
}

function connect() {
  if (stopped) return;
  setStatus(attempt === 0 && state.conn.status !== 'reconnecting' ? 'connecting' : 'reconnecting');
  let sock;
  try {
    sock = new WebSocket(url());
  } catch {
    scheduleReconnect();
    return;
  }
  ws = sock;
  let opened = false;
  helloTimer = setTimeout(() => {
    if (ws !== sock) return;
    ws = null;
    try { sock.close(); } catch { /* ignore */ }
    if (!opened) handlers.onFailedAttempt(attempt);
    scheduleReconnect();
  }, HELLO_TIMEOUT_MS);
  sock.onopen = () => { opened = true; };
  sock.onmessage = (e) => {
    if (ws !== sock) return;
    armPing();
    let frame;
    try { frame = JSON.parse(e.data); } catch { return; }
    if (!frame || typeof frame.type !== 'string') return;
    if (frame.type === 'hello') {
      // Only the hello proves the server accepted us; reset the backoff then.
      clearTimeout(helloTimer);
      attempt = 0;
      setStatus('online');
      handlers.onOpen(frame);
    }
    handlers.onFrame(frame);
  };
  sock.onclose = (e) => {
    if (ws !== sock) return;   // a socket we already gave up on
    ws = null;
    clearTimers();
    if (e.code === 4401) { stopped = true; setStatus('idle'); handlers.onRevoked(); return; }
    if (!opened) handlers.onFailedAttempt(attempt);
    scheduleReconnect();
  };
  sock.onerror = () => { /* onclose follows and does the work */ };
}

function scheduleReconnect() {
  if (stopped) return;
  clearTimeout(retryTimer);
  // Jitter: a random delay between half and all of the capped exponential bound,
  // so clients dropped together do not come back together.
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  const delay = Math.round(cap / 2 + Math.random() * cap / 2);
  attempt++;
  // navigator.onLine can be wrong (it only knows about the local link), so an
  // "offline" browser still retries on the slow end of the backoff; the
  // "online" event cuts the wait short.
  setStatus(navigator.onLine ? 'reconnecting' : 'offline', delay);
  retryTimer = setTimeout(connect, navigator.onLine ? delay : Math.max(delay, MAX_DELAY_MS / 3));
}

// A socket can die silently (laptop sleep, a proxy dropping it). When nothing
// has arrived for a while we ping, and a ping left unanswered kills the socket.
function armPing() {
  clearTimeout(pingTimer);
  clearTimeout(pongTimer);
  pingTimer = setTimeout(() => {
    if (!send({ type: 'ping', ref: 'hb' })) return;
    pongTimer = setTimeout(() => drop('no pong'), PONG_TIMEOUT_MS);
  }, PING_EVERY_MS);
}

window.addEventListener('offline', () => {
  if (stopped) return;
  clearTimeout(retryTimer);
  if (ws) { const old = ws; ws = null; clearTimers(); try { old.close(4000, 'offline'); } catch { /* ignore */ } }
  scheduleReconnect();
});

window.addEventListener('online', () => {
  if (stopped) return;
  attempt = 0;
  reconnectNow();
});

// Timers are throttled in hidden tabs; coming back should not wait for them.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && !stopped && !ws) reconnectNow();
});
