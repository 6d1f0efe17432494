// Message edits (extension): recall, delete for me, and catching up on the edits made while this
// tab was away (GET /api/chats/{peer}/changes after the chat's change cursor). The events
// (message_recalled, message_deleted) bring the same news live to every tab and device; applying
// one twice changes nothing.

import { api } from './api.js';
import * as store from './store.js';
import { state } from './store.js';

/** A message may be recalled this long after it was sent (the server decides, by its clock). */
export const RECALL_WINDOW_MS = 2 * 60 * 1000;

export function canRecall(m, now = Date.now()) {
  return !!state.me && m.from === state.me.id && m.seq != null && m.recalledAt == null && now - m.sentAt < RECALL_WINDOW_MS;
}

export async function recall(peer, seq) {
  const res = await api.recall(peer, seq);
  store.applyRecall(res.message);
}

export async function deleteForMe(peer, seq) {
  await api.deleteForMe(peer, seq);
  store.applyDeleted(peer, seq, null);   // the event brings the box as it now is
}

/** Applies an edit event; returns whether it was one. */
export function applyEvent(f) {
  if (f.type === 'message_recalled' && f.message) { store.applyRecall(f.message); return true; }
  if (f.type === 'message_deleted' && f.peer != null) { store.applyDeleted(f.peer, f.seq, f.chat); return true; }
  return false;
}

/** The edits of the chat with `peer` after its change cursor, page by page. */
export async function catchUp(peer) {
  let after = store.changeCursorOf(peer);
  if (after == null) return;
  try {
    for (let guard = 0; guard < 50; guard++) {
      const res = await api.changes(peer, after);
      for (const c of res.changes || []) {
        if (c.kind === 'recalled' && c.message) store.applyRecall(c.message);
        else if (c.kind === 'deleted') store.applyDeleted(peer, c.seq, null);
      }
      store.setChangeCursor(peer, res.changeCursor);
      if (!res.hasMore) break;
      after = res.changeCursor;
    }
  } catch { /* the next reconnect tries again from the same cursor */ }
}
