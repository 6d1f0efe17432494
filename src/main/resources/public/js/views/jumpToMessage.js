// search-v2: opens a chat at one of its messages (a search hit). The chat is opened as usual,
// its history loaded back to the message (older pages as needed, as scrolling up would), the
// message view moved to it, and the message flashed.

import { loadLatest, loadBackTo } from '../history.js';
import { state, on } from '../store.js';
import * as messages from './messageList.js';
import { openChat } from './layout.js';

const WAIT_MS = 15000;
let current = 0;   // a newer jump wins

/** @return whether the message was reached and shown */
export async function jumpTo(peer, seq) {
  const mine = ++current;
  if (state.openPeer !== peer) openChat(peer);
  await loadLatest(peer);                // nothing if the newest page is there or on its way
  if (!(await settled(peer)) || mine !== current) return false;
  await loadBackTo(peer, seq);           // older pages until the message is in
  if (!(await settled(peer)) || mine !== current || state.openPeer !== peer) return false;
  const el = messages.showMessage(seq) ?? document.querySelector(`#message-list [data-seq="${seq}"]`);
  if (!el) return false;
  messages.flashMessage(el);
  return true;
}

/** Resolves (true) once the chat's history is loaded and not loading, or false after a while. */
function settled(peer) {
  const ready = () => { const h = state.histories.get(peer); return !!(h && h.loaded && !h.loading); };
  if (ready()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const off = on('history', () => { if (ready()) { done(); resolve(true); } });
    const timer = setTimeout(() => { done(); resolve(ready()); }, WAIT_MS);
    function done() { off(); clearTimeout(timer); }
  });
}
