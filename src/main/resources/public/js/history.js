// One chat's history pages: the newest page when a chat opens, older pages
// when scrolling up, and catching up after a reconnect or a gap in seq.
// The store merges each page (deduped by seq and id, so overlapping pages
// never show twice); this module decides which page to ask for next.

import { api } from './api.js';
import * as outbox from './outbox.js';
import * as store from './store.js';
import { state } from './store.js';
import { forgetChat, scheduleChatsRefresh } from './lists.js';
import { markReadIfViewing } from './reading.js';

const PAGE = 50;          // the newest page
const OLDER_PAGE = 200;   // scrolling back, or back to the first unread (the server's most: fewer waits)
const MAX_BACK_PAGES = 100;

/**
 * What a chat being opened needs: its newest page (once per chat), and then older pages
 * until `firstUnread` is loaded, so the chat can open at its first unread message.
 */
export function openHistory(peer, firstUnread = null) {
  const h = state.histories.get(peer);
  if (!h || (!h.loaded && !h.loading)) return loadLatest(peer, firstUnread);
  if (h.loaded && !h.loading && firstUnread != null) return loadBackTo(peer, firstUnread);
  return Promise.resolve();
}

/** The newest page, once per chat; later pages come from loadOlder and catchUp. */
export async function loadLatest(peer, backTo = null) {
  const h0 = state.histories.get(peer);
  if (h0 && (h0.loaded || h0.loading)) return;
  const h = store.historyLoading(peer);
  let error = null;
  try {
    const res = await api.messages(peer, { limit: PAGE });
    if (state.histories.get(peer) !== h) { store.historyDone(peer, h, 'latest', null, null); return; }   // chat deleted meanwhile
    settleOwn(res.messages);
    store.addHistoryPage(peer, h, 'latest', res);
    if (backTo != null) await pagesBackTo(peer, h, backTo);
  } catch (e) {
    error = e.code || 'network';
  }
  store.historyDone(peer, h, 'latest', error, 'replace');
  markReadIfViewing(peer);
}

/** Older pages of a loaded history until the message with seq `seq` is in it. */
export async function loadBackTo(peer, seq) {
  const h = state.histories.get(peer);
  if (!h || !h.loaded || h.loading || !h.hasMoreBefore || h.minSeq == null || h.minSeq <= seq) return;
  store.historyLoading(peer);
  let error = null;
  try {
    await pagesBackTo(peer, h, seq);
  } catch (e) {
    error = e.code || 'network';
  }
  store.historyDone(peer, h, 'older', error, 'prepend');
}

// Announces nothing: the caller's historyDone does, once, when every page is in.
async function pagesBackTo(peer, h, seq) {
  for (let i = 0; i < MAX_BACK_PAGES && h.hasMoreBefore && h.minSeq != null && h.minSeq > seq; i++) {
    const res = await api.messages(peer, { before: h.minSeq, limit: OLDER_PAGE });
    if (store.addHistoryPage(peer, h, 'older', res) === null) return;
  }
}

/** The page before the oldest message shown (scrolling up). */
export async function loadOlder(peer) {
  const h = state.histories.get(peer);
  if (!h || !h.loaded || h.loading || !h.hasMoreBefore) return;
  const before = h.minSeq;
  if (before == null) { store.historyComplete(h); return; }
  store.historyLoading(peer);
  let added = 0;
  let error = null;
  try {
    const res = await api.messages(peer, { before, limit: OLDER_PAGE });
    const fresh = store.addHistoryPage(peer, h, 'older', res);
    if (fresh === null) { store.historyDone(peer, h, 'older', null, null); return; }
    added = fresh.length;
  } catch (e) {
    error = e.code || 'network';
  }
  store.historyDone(peer, h, 'older', error, added ? 'prepend' : 'status');
}

/** Everything after `after` (default: the newest we hold), page by page. */
export async function catchUp(peer, after) {
  const h = state.histories.get(peer);
  if (!h || !h.loaded) return;
  let cursor = after ?? h.maxSeq;
  if (cursor == null) {
    // An empty history: just take the newest page again.
    store.historyUnloaded(h);
    return loadLatest(peer);
  }
  try {
    for (let guard = 0; guard < 100; guard++) {
      const res = await api.messages(peer, { after: cursor, limit: 200 });
      if (state.histories.get(peer) !== h) return;
      settleOwn(res.messages);
      const fresh = store.addHistoryPage(peer, h, 'after', res);
      if (fresh.length) {
        // Missed messages are unread until they have been on screen: ask the server for the count.
        if (fresh.some((m) => m.from === peer)) scheduleChatsRefresh();
      }
      if (!res.hasMore || !res.messages.length) break;
      cursor = res.messages[res.messages.length - 1].seq;
    }
  } catch (e) {
    if (e.code === 'no_chat') forgetChat(peer);
  }
  markReadIfViewing(peer);
}

function settleOwn(messages) {
  for (const m of messages) {
    if (m.clientId && state.me && m.from === state.me.id) outbox.settle(m.clientId);
  }
}
