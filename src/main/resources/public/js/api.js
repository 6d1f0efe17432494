// Thin fetch wrapper for the Duet HTTP API. The session rides in the HttpOnly
// duet_session cookie, so no token ever reaches JavaScript. Errors become
// ApiError with the contract's snake_case code, which views map to words.

export class ApiError extends Error {
  constructor(status, code, message, retryAfter = 0) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;   // seconds until trying again can succeed (a lockout), if the server said
  }
}

let onUnauthorized = () => {};

/** Called once by main.js: what to do when a call answers 401 (session gone). */
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

async function request(method, path, body, { quiet401 = false } = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  if (res.status === 204) return null;
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) throw refusal(res, data, quiet401);
  return data;
}

/** The ApiError of a refused call (its JSON error body in data, if any); a lost session is reported. */
function refusal(res, data, quiet401) {
  const code = data?.error?.code || (res.status === 401 ? 'unauthorized' : 'http_' + res.status);
  const retryAfter = Number(data?.error?.retryAfter ?? res.headers?.get('Retry-After')) || 0;
  const err = new ApiError(res.status, code, data?.error?.message, retryAfter);
  // A wrong current password (401 invalid_credentials) is a form error, not a lost session.
  if (res.status === 401 && !quiet401 && code !== 'invalid_credentials') onUnauthorized(err);
  return err;
}

/** GET a download: its bytes as a Blob and the file name the server gave, or an ApiError as for any call. */
async function download(path, fallbackName) {
  let res;
  try {
    res = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  if (!res.ok) {
    let data = null;
    try { data = JSON.parse(await res.text()); } catch { data = null; }
    throw refusal(res, data, false);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '')?.[1] || fallbackName;
  let blob;
  try { blob = await res.blob(); } catch { throw new ApiError(0, 'network', 'network error'); }
  return { blob, name };
}

const enc = encodeURIComponent;

export const api = {
  me: () => request('GET', '/api/me', undefined, { quiet401: true }),
  /** Extension: this server's limits on a message (characters, file sizes, files per message). */
  limits: () => request('GET', '/api/limits'),
  register: (username, password, name) =>
    request('POST', '/api/register', name ? { username, password, name } : { username, password }, { quiet401: true }),
  login: (username, password) => request('POST', '/api/login', { username, password }, { quiet401: true }),
  logout: () => request('POST', '/api/logout', undefined, { quiet401: true }),

  // Account security (protocol 1.1)
  updateMe: (name) => request('PATCH', '/api/me', { name }),
  changePassword: (current, next) => request('PUT', '/api/me/password', { current, new: next }),
  sessions: () => request('GET', '/api/sessions'),
  revokeSession: (id) => request('DELETE', '/api/sessions/' + enc(id)),
  revokeOtherSessions: () => request('DELETE', '/api/sessions'),
  /** Extension (issue #12): the caller's own data as a ZIP. */
  exportData: () => download('/api/account/export', 'duet-export.zip'),

  searchUsers: (q) => request('GET', '/api/users?q=' + enc(q)),
  /** Extension: by username prefix and by display name (any part, any script). */
  findUsers: (q) => request('GET', '/api/users/search?q=' + enc(q)),
  contacts: () => request('GET', '/api/contacts'),
  requests: () => request('GET', '/api/contacts/requests'),
  addContact: (userId) => request('POST', '/api/contacts', { userId }),
  removeContact: (userId) => request('DELETE', '/api/contacts/' + enc(userId)),

  // Extension: blocking
  blocks: () => request('GET', '/api/blocks'),
  block: (userId) => request('PUT', '/api/blocks/' + enc(userId)),
  unblock: (userId) => request('DELETE', '/api/blocks/' + enc(userId)),

  chats: () => request('GET', '/api/chats'),
  openChat: (peerId) => request('PUT', '/api/chats/' + enc(peerId)),
  deleteChat: (peerId) => request('DELETE', '/api/chats/' + enc(peerId)),
  /** Extension: {pinned?, muted?, markedUnread?} → the Chat as changed. */
  chatSettings: (peerId, settings) => request('PATCH', '/api/chats/' + enc(peerId), settings),
  markRead: (peerId, upTo) => request('POST', `/api/chats/${enc(peerId)}/read`, { upTo }),
  sendMessage: (peerId, text, clientId) => request('POST', `/api/chats/${enc(peerId)}/messages`, { text, clientId }),

  /** Extension: messages of my copy containing q, newest first; {before} pages back. */
  searchMessages: (peerId, q, { before, limit } = {}) => {
    const p = new URLSearchParams({ q });
    if (before != null) p.set('before', before);
    if (limit != null) p.set('limit', limit);
    return request('GET', `/api/chats/${enc(peerId)}/search?${p}`);
  },

  // Extension: message edits
  recall: (peerId, seq) => request('POST', `/api/chats/${enc(peerId)}/messages/${enc(seq)}/recall`),
  deleteForMe: (peerId, seq) => request('DELETE', `/api/chats/${enc(peerId)}/messages/${enc(seq)}`),
  changes: (peerId, after) => request('GET', `/api/chats/${enc(peerId)}/changes?after=${enc(after)}&limit=200`),
  /** Extension: forwarding a file: a new upload of mine holding a copy of it → {upload}. */
  copyFile: (fileId) => request('POST', `/api/files/${enc(fileId)}/copy`),
  /** Extension (search-v2): messages of all my chats containing q, newest first; {before} is a message id. */
  searchAll: (q, { before, limit } = {}) => {
    const p = new URLSearchParams({ q });
    if (before != null) p.set('before', before);
    if (limit != null) p.set('limit', limit);
    return request('GET', `/api/search?${p}`);
  },

  /** History page: {before} scrolls back, {after} catches up, neither = newest. */
  messages: (peerId, { before, after, limit } = {}) => {
    const q = new URLSearchParams();
    if (before != null) q.set('before', before);
    if (after != null) q.set('after', after);
    if (limit != null) q.set('limit', limit);
    const qs = q.toString();
    return request('GET', `/api/chats/${enc(peerId)}/messages${qs ? '?' + qs : ''}`);
  },
};
