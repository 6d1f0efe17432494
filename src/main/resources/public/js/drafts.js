// Unsent text per chat, kept per signed-in user in localStorage so a reload keeps it, and
// announced as "chat:<peer>" so the chat list can show "[Draft] …". The composer writes
// it; the chat list reads it. Cleared on sign-out (the next person must not see it).

import { state, emit } from './store.js';

const MAX_DRAFT_CHARS = 4100;   // a little over the message limit: the counter still shows the excess
let drafts = new Map();         // peer -> text
let loadedFor = null;           // the user id whose drafts are loaded

function key() { return state.me ? 'duet.drafts.' + state.me.id : null; }

function ensureLoaded() {
  const id = state.me?.id ?? null;
  if (loadedFor === id) return;
  loadedFor = id;
  drafts = new Map();
  try {
    const saved = JSON.parse(localStorage.getItem(key()) || '{}');
    for (const [peer, text] of Object.entries(saved)) {
      if (typeof text === 'string' && text) drafts.set(Number(peer), text);
    }
  } catch { /* a corrupt entry only loses drafts */ }
}

function save() {
  const k = key();
  if (!k) return;
  try {
    if (drafts.size) localStorage.setItem(k, JSON.stringify(Object.fromEntries(drafts)));
    else localStorage.removeItem(k);
  } catch { /* storage full or blocked: the draft lives until the tab closes */ }
}

export function get(peer) {
  ensureLoaded();
  return drafts.get(peer) ?? '';
}

/** The draft for a chat changed (empty text removes it). */
export function set(peer, text) {
  if (peer == null) return;
  ensureLoaded();
  const value = text && text.trim() ? text.slice(0, MAX_DRAFT_CHARS) : '';
  if ((drafts.get(peer) ?? '') === value) return;
  if (value) drafts.set(peer, value); else drafts.delete(peer);
  save();
  emit('chat:' + peer);
}

/** Signed out: this tab forgets them; the saved copy goes with the user's own sign-out. */
export function clearAll({ forget = false } = {}) {
  if (forget) { const k = key(); try { if (k) localStorage.removeItem(k); } catch { /* ignore */ } }
  drafts = new Map();
  loadedFor = null;
}
