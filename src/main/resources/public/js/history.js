// One chat's history pages: the newest page when a chat opens, older pages
// when scrolling up, and catching up after a reconnect or a gap in seq.
// Histories dedupe by seq and id, so overlapping pages never show twice.

import { api } from './api.js';
import * as outbox from './outbox.js';
import { state, emit, history } from './store.js';
import { forgetChat, scheduleChatsRefresh } from './lists.js';
import { isViewing, markReadIfViewing } from './reading.js';

const PAGE = 50;

/** The newest page, once per chat; later pages come from loadOlder and catchUp. */
export async function loadLatest(peer) {
  const h = history(peer);
  if (h.loaded || h.loading) return;
  h.loading = true;
  h.error = null;
  emit('history', { peer, kind: 'status' });
  try {
    const res = await api.messages(peer, { limit: PAGE });
    if (state.histories.get(peer) !== h) return;   // chat deleted meanwhile
    for (const m of res.messages) h.add(m);
    h.hasMoreBefore = !!res.hasMore;
    h.loaded = true;
    settleOwn(res.messages);
    bumpLastMessage(peer, res.messages[res.messages.length - 1]);
  } catch (e) {
    h.error = e.code || 'network';
    if (e.code === 'no_chat') { h.loaded = true; h.hasMoreBefore = false; }
  } finally {
    h.loading = false;
  }
  emit('history', { peer, kind: 'replace' });
  markReadIfViewing(peer);
}

/** The page before the oldest message shown (scrolling up). */
export async function loadOlder(peer) {
  const h = state.histories.get(peer);
  if (!h || !h.loaded || h.loading || !h.hasMoreBefore) return;
  const before = h.minSeq;
  if (before == null) { h.hasMoreBefore = false; return; }
  h.loading = true;
  h.error = null;
  emit('history', { peer, kind: 'status' });
  let added = 0;
  try {
    const res = await api.messages(peer, { before, limit: PAGE });
    if (state.histories.get(peer) !== h) return;
    for (const m of res.messages) if (h.add(m)) added++;
    h.hasMoreBefore = !!res.hasMore && res.messages.length > 0;
  } catch (e) {
    h.error = e.code || 'network';
  } finally {
    h.loading = false;
  }
  emit('history', { peer, kind: added ? 'prepend' : 'status' });
}

/** Everything after `after` (default: the newest we hold), page by page. */
export async function catchUp(peer, after) {
  const h = state.histories.get(peer);
  if (!h || !h.loaded) return;
  let cursor = after ?? h.maxSeq;
  if (cursor == null) {
    // An empty history: just take the newest page again.
    h.loaded = false;
    return loadLatest(peer);
  }
  try {
    for (let guard = 0; guard < 100; guard++) {
      const res = await api.messages(peer, { after: cursor, limit: 200 });
      if (state.histories.get(peer) !== h) return;
      const fresh = res.messages.filter((m) => h.add(m));
      settleOwn(res.messages);
      if (fresh.length) {
        bumpLastMessage(peer, fresh[fresh.length - 1]);
        emit('history', { peer, kind: 'append' });
        // Missed messages count as unread unless the user is looking: ask the server.
        if (!isViewing(peer) && fresh.some((m) => m.from === peer)) scheduleChatsRefresh();
      }
      if (!res.hasMore || !res.messages.length) break;
      cursor = res.messages[res.messages.length - 1].seq;
    }
  } catch (e) {
    if (e.code === 'no_chat') { forgetChat(peer); emit('chats'); }
  }
  markReadIfViewing(peer);
}

function settleOwn(messages) {
  for (const m of messages) {
    if (m.clientId && state.me && m.from === state.me.id) outbox.settle(m.clientId);
  }
}

function bumpLastMessage(peer, m) {
  const c = state.chats.get(peer);
  if (!c || !m) return;
  if (!c.lastMessage || m.seq > c.lastMessage.seq) {
    c.lastMessage = m;
    c.updatedAt = Math.max(c.updatedAt || 0, m.sentAt);
    emit('chats');
  }
}
