// A pretend browser for the web client's modules, installed before any of them is
// imported (import this module first). It has just what the modules touch:
// storage, a document and window that take listeners, a WebSocket the test drives,
// fetch answered by the test, and a fake clock that also drives the timers.

export const clock = {
  now: Date.UTC(2025, 0, 15, 12, 0, 0),
  timers: new Map(),
  nextId: 1,
  /** Moves time forward, running every timer that falls due, in order. */
  tick(ms) {
    const end = this.now + ms;
    for (;;) {
      let next = null;
      for (const t of this.timers.values()) if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.id < next.id))) next = t;
      if (!next) break;
      this.now = Math.max(this.now, next.at);
      if (next.every) next.at += next.every; else this.timers.delete(next.id);
      next.fn();
    }
    this.now = end;
  },
  reset() { this.timers.clear(); },
};

const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...a) { if (a.length) super(...a); else super(clock.now); }
  static now() { return clock.now; }
};
globalThis.setTimeout = (fn, ms = 0) => { const id = clock.nextId++; clock.timers.set(id, { id, fn, at: clock.now + Math.max(0, ms) }); return id; };
globalThis.clearTimeout = (id) => { clock.timers.delete(id); };
globalThis.setInterval = (fn, ms) => { const id = clock.nextId++; clock.timers.set(id, { id, fn, at: clock.now + ms, every: ms }); return id; };
globalThis.clearInterval = globalThis.clearTimeout;
globalThis.queueMicrotask ??= (fn) => Promise.resolve().then(fn);

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
  clear() { this.map.clear(); }
}
globalThis.localStorage = new MemoryStorage();
globalThis.sessionStorage = new MemoryStorage();

function eventTarget(obj) {
  const ls = new Map();
  obj.addEventListener = (type, fn) => { if (!ls.has(type)) ls.set(type, []); ls.get(type).push(fn); };
  obj.dispatch = (type, e = {}) => { for (const fn of ls.get(type) ?? []) fn(e); };
  return obj;
}
globalThis.document = eventTarget({ visibilityState: 'visible', hasFocus: () => true, documentElement: { lang: 'en' } });
globalThis.window = eventTarget(globalThis);
globalThis.navigator = { languages: ['en-US'], language: 'en-US', onLine: true };
globalThis.location = { protocol: 'http:', host: 'duet.test', hash: '', reload() {} };
globalThis.console ??= { log() {}, error() {} };

if (!globalThis.crypto?.getRandomValues) {
  globalThis.crypto = { getRandomValues(a) { for (let i = 0; i < a.length; i++) a[i] = Math.floor(Math.random() * 256); return a; } };
}

/** Every WebSocket the client opened, newest last; `open(ws)` plays the server's hello. */
export const sockets = [];
export class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  constructor(url) { this.url = url; this.readyState = 0; this.sent = []; sockets.push(this); }
  send(data) { this.sent.push(JSON.parse(data)); }
  close(code = 1000) { this.readyState = 3; this.onclose?.({ code }); }
  /** The server accepts the connection and says hello. */
  hello(user) { this.readyState = 1; this.onopen?.(); this.receive({ type: 'hello', user }); }
  receive(frame) { this.onmessage?.({ data: JSON.stringify(frame) }); }
  frames(type) { return this.sent.filter((f) => f.type === type); }
}
globalThis.WebSocket = FakeWebSocket;

/**
 * fetch, answered by `server.handler(method, path, body)` which returns {status, body}
 * (or a promise of one); every request is kept in server.requests.
 */
export const server = {
  requests: [],
  handler: () => ({ status: 404, body: { error: { code: 'not_found' } } }),
};
globalThis.fetch = async (path, init = {}) => {
  const method = init.method || 'GET';
  const body = init.body ? JSON.parse(init.body) : undefined;
  server.requests.push({ method, path, body });
  const r = await server.handler(method, path, body);
  if (r === 'network') throw new TypeError('Failed to fetch');
  const text = r.body === undefined ? '' : JSON.stringify(r.body);
  return { status: r.status, ok: r.status >= 200 && r.status < 300, text: async () => text };
};

// GraalJS has no URLSearchParams: just enough of it for api.js and the tests' pretend server.
if (typeof globalThis.URLSearchParams !== 'function') {
  globalThis.URLSearchParams = class {
    constructor(q = '') {
      this.pairs = String(q).replace(/^\?/, '').split('&').filter(Boolean)
        .map((kv) => kv.split('=').map((x) => decodeURIComponent(x.replace(/\+/g, ' '))));
    }
    set(k, v) { this.pairs = this.pairs.filter(([a]) => a !== k); this.pairs.push([k, String(v)]); }
    get(k) { const p = this.pairs.find(([a]) => a === k); return p ? p[1] : null; }
    has(k) { return this.pairs.some(([a]) => a === k); }
    toString() { return this.pairs.map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&'); }
  };
}
