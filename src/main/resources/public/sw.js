// Duet's service worker: an offline app shell. The page's own files (HTML, CSS, JS
// modules, icon, manifest) are fetched from the network first, so a new version shows at
// once, and kept in a cache that answers when the network does not: a reload while offline
// shows the app (with the chat list the page saved, see js/offline.js) and the offline
// banner, not the browser's error page. The API, the WebSocket, /healthz and /metrics are
// never cached or intercepted.

const CACHE = 'duet-shell-v1';
// The least the shell needs; the page also reports every file it loaded (message 'cache').
const SHELL = ['/', '/css/app.css', '/js/main.js', '/favicon.svg', '/manifest.webmanifest'];
const MAX_REPORTED = 200;   // a bound on what one page may ask to cache

function isShellRequest(url) {
  return url.origin === self.location.origin
    && !url.pathname.startsWith('/api/') && url.pathname !== '/ws'
    && url.pathname !== '/healthz' && url.pathname !== '/metrics';
}

self.addEventListener('install', (event) => {
  // Where the browser supports it, API and socket requests skip this worker entirely
  // (no worker start-up on their path); elsewhere the fetch handler below lets them pass.
  try {
    event.addRoutes?.([
      { condition: { urlPattern: '/api/*' }, source: 'network' },
      { condition: { urlPattern: '/ws' }, source: 'network' },
    ])?.catch?.(() => {});
  } catch { /* older browsers: the fetch handler decides */ }
  // Each file on its own: one failed fetch must not fail the install (it is fetched again later).
  event.waitUntil(caches.open(CACHE)
    .then((c) => Promise.all(SHELL.map((u) => c.add(u).catch(() => {}))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

// The page lists the files it loaded before this worker controlled it.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache' || !Array.isArray(event.data.urls)) return;
  const urls = event.data.urls.slice(0, MAX_REPORTED).filter((u) => {
    try { return isShellRequest(new URL(u, self.location.origin)); } catch { return false; }
  });
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all(urls.map((u) => c.add(u).catch(() => {})))));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || !isShellRequest(url)) return;   // straight to the network
  const key = req.mode === 'navigate' ? '/' : url.pathname;     // every page is the one index.html
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(req);
      if (res.ok && res.type === 'basic') cache.put(key, res.clone());
      return res;
    } catch (e) {
      const hit = await cache.match(key);
      if (hit) return hit;
      throw e;
    }
  })());
});
