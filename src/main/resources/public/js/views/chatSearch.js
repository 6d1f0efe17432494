// The search box above the Chats tab: hides the chat rows whose peer's name or username does
// not contain what was typed. Matching is done here, on what the list already holds, so it is
// instant and works offline; it ignores case in every script and compares canonical forms
// (NFKC), so "王" finds 王小明 and "ａｂｃ" finds "abc". The list itself (chatList.js) is not
// touched: this module only toggles `hidden` on its rows after each redraw.

import { state, on } from '../store.js';
import { t } from '../i18n.js';
import { $ } from '../dom.js';

let query = '';

/** The form both sides are compared in. */
export function fold(s) {
  return String(s ?? '').normalize('NFKC').toLocaleLowerCase();
}

/** Whether a chat's peer matches the (already folded) query; an empty query matches all. */
export function chatMatches(chat, folded) {
  if (!folded) return true;
  const peer = chat?.peer;
  if (!peer) return false;
  const name = state.users.get(peer.id)?.name ?? peer.name;
  return fold(name).includes(folded) || fold(peer.username).includes(folded);
}

export function init() {
  const input = $('#chat-search');
  input.addEventListener('input', () => { query = fold(input.value.trim()); apply(); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && input.value) { e.stopPropagation(); input.value = ''; query = ''; apply(); }
  });
  // After chatList's own listeners (registered first) have redrawn the rows.
  for (const ev of ['chats', 'user', 'locale', 'me']) on(ev, apply);
}

export function reset() {
  const input = $('#chat-search');
  if (input) input.value = '';
  query = '';
  apply();
}

function apply() {
  const list = $('#chat-list');
  if (!list) return;
  let shown = 0;
  for (const li of list.children) {
    const match = chatMatches(state.chats.get(Number(li.dataset.peer)), query);
    li.hidden = !match;
    if (match) shown++;
  }
  const none = $('#chat-search-empty');
  none.hidden = !query || shown > 0;
  if (!none.hidden) none.textContent = t('noChatsMatch');
}
