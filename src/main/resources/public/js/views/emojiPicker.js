// The emoji picker beside the message box: a button opens a small panel with a search
// field (English or Chinese) and a grid; a click or Enter inserts the emoji at the caret.
// Esc or a click elsewhere closes it, and the focus goes back to the message box.

import { search } from '../emoji.js';
import { t, locale } from '../i18n.js';
import { $, h, setChildren } from '../dom.js';
import { on } from '../store.js';

let onInsert = () => {};

export function init(insert) {
  onInsert = insert;
  const btn = $('#emoji-btn');
  const panel = $('#emoji-picker');
  btn.addEventListener('click', () => (panel.hidden ? open() : close(true)));
  $('#emoji-search').addEventListener('input', renderGrid);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(true); }
    // Enter in the search field picks the first match (and must not send the message).
    if (e.key === 'Enter' && e.target.id === 'emoji-search') {
      e.preventDefault();
      $('#emoji-grid .emoji-cell')?.click();
    }
  });
  document.addEventListener('pointerdown', (e) => {
    if (!panel.hidden && !panel.contains(e.target) && !btn.contains(e.target)) close(false);
  });
  on('locale', () => { if (!panel.hidden) renderGrid(); });
  on('route', () => close(false));
}

export function open() {
  const panel = $('#emoji-picker');
  panel.hidden = false;
  $('#emoji-btn').setAttribute('aria-expanded', 'true');
  $('#emoji-search').value = '';
  renderGrid();
  $('#emoji-search').focus();
}

export function close(refocus) {
  const panel = $('#emoji-picker');
  if (panel.hidden) return;
  panel.hidden = true;
  $('#emoji-btn').setAttribute('aria-expanded', 'false');
  if (refocus) $('#composer-input').focus();
}

function renderGrid() {
  const found = search($('#emoji-search').value);
  const zh = locale().startsWith('zh');
  setChildren($('#emoji-grid'), ...found.map((e) => h('button.emoji-cell', {
    type: 'button', title: zh ? e.zh : e.en, 'aria-label': zh ? e.zh : e.en,
    dataset: { testid: 'emoji', emoji: e.char },
    onclick: () => { onInsert(e.char); close(true); },
  }, e.char)));
  $('#emoji-empty').hidden = found.length > 0;
  $('#emoji-empty').textContent = t('emojiNone');
}
