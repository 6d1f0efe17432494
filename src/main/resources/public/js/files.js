// rich-files: pictures fetched into blob: URLs, in a cache bounded by count and bytes.
//
// Why fetch and not <img src="/api/files/…">: file responses are `no-store` (they are private,
// and must not outlive a sign-out in the HTTP cache), so a plain <img> would download a picture
// again each time the message list re-renders its rows near the viewport. The fetch carries the
// session the way every call of this client does: the HttpOnly, SameSite=Strict cookie, on a
// same-origin request (no token ever reaches JavaScript; other clients send `Authorization:
// Bearer`). blob: URLs are allowed by the page's CSP (img-src 'self' data: blob:). A URL is
// revoked when its entry is evicted or the user signs out. Downloads of other files are plain
// links to /api/files/{id} (the browser streams them to disk; the server says `attachment`).

const MAX_ENTRIES = 300;
const MAX_BYTES = 64 * 1024 * 1024;

const cache = new Map();   // key -> {promise, url, size}; Map order is least recently used first
let bytes = 0;

function keyOf(id, thumbnail) { return (thumbnail ? 't:' : 'f:') + id; }

/** The picture (or its thumbnail) as a blob: URL, fetched once while it stays in the cache. */
export function pictureUrl(id, { thumbnail = true } = {}) {
  const key = keyOf(id, thumbnail);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);   // most recently used now
    return hit.promise;
  }
  const entry = { url: null, size: 0, promise: null };
  entry.promise = fetch('/api/files/' + encodeURIComponent(id) + (thumbnail ? '/thumbnail' : ''),
    { credentials: 'same-origin', cache: 'no-store' })
    .then(async (res) => {
      if (!res.ok) throw new Error('file ' + res.status);
      const blob = await res.blob();
      if (cache.get(key) !== entry) return URL.createObjectURL(blob);   // evicted meanwhile: the caller's alone
      entry.url = URL.createObjectURL(blob);
      entry.size = blob.size;
      bytes += blob.size;
      evict();
      return entry.url;
    })
    .catch((e) => {
      if (cache.get(key) === entry) cache.delete(key);   // not cached: the next look tries again
      throw e;
    });
  cache.set(key, entry);
  evict();
  return entry.promise;
}

function evict() {
  for (const [key, e] of cache) {
    if (cache.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
    if (!e.url) continue;   // still loading
    cache.delete(key);
    bytes -= e.size;
    URL.revokeObjectURL(e.url);
  }
}

/** Signed out: every URL revoked, nothing kept. */
export function clear() {
  for (const e of cache.values()) if (e.url) URL.revokeObjectURL(e.url);
  cache.clear();
  bytes = 0;
}

/** For tests and the status line: how much the cache holds. */
export function cacheStats() { return { entries: cache.size, bytes }; }

/** "1.2 MB", "340 KB", "12 B" */
export function formatSize(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return Math.round(n / 1024) + ' KB';
  return (n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0) + ' MB';
}

/** What a file's type is, in a word: the extension, else the media type's subtype. */
export function typeWord(a) {
  const dot = a.name.lastIndexOf('.');
  if (dot > 0 && a.name.length - dot <= 6) return a.name.slice(dot + 1).toUpperCase();
  return (a.type.split(';')[0].split('/')[1] || 'file').toUpperCase();
}
