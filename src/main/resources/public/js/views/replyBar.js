// Replying (message edits): the quote bar above the composer while a reply is being written,
// "Replying to Alice: …" with a button that cancels it (so does Esc in the message box). The
// composer takes the quote when it sends; switching to another chat drops it.

import { state, displayName } from '../store.js';
import { t } from '../i18n.js';
import { $, h, setChildren } from '../dom.js';

let replying = null;   // {peer, quote: {seq, from, text}}
let bar = null;

export function init() {
  bar = h('div.reply-bar', { hidden: true, dataset: { testid: 'reply-bar' } });
  $('#composer').before(bar);
  $('#composer-input').addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && replying) { e.preventDefault(); e.stopPropagation(); cancel(); }
  });
}

/** Starts a reply to `quote` in the chat with `peer`, and puts the caret in the message box. */
export function start(peer, quote) {
  replying = { peer, quote };
  render();
  $('#composer-input').focus();
}

/** The quote to send with the next message to `peer` (the bar closes), or null. */
export function take(peer) {
  if (!replying || replying.peer !== peer) return null;
  const { quote } = replying;
  cancel(false);
  return quote;
}

/** The open chat changed: a reply begun in another chat is dropped. */
export function show(peer) {
  if (replying && replying.peer !== peer) cancel(false);
}

export function cancel(refocus = true) {
  replying = null;
  render();
  if (refocus) $('#composer-input')?.focus();
}

function render() {
  if (!bar) return;
  if (!replying) { bar.hidden = true; bar.replaceChildren(); return; }
  const q = replying.quote;
  const who = state.me && q.from === state.me.id ? t('you') : displayName(q.from);
  setChildren(bar,
    h('div.reply-bar-text', null,
      h('span.reply-bar-label', null, t('replyingTo', { name: who })),
      h('span.reply-bar-quote', { dir: 'auto', dataset: { testid: 'reply-bar-quote' } }, q.text.replace(/\s+/g, ' ').trim())),
    h('button.icon-btn.reply-bar-cancel', {
      type: 'button', title: t('cancelReply'), 'aria-label': t('cancelReply'), dataset: { testid: 'reply-cancel' },
      onclick: () => cancel(),
    }, h('span', { 'aria-hidden': 'true' }, '✕')));
  bar.hidden = false;
}
