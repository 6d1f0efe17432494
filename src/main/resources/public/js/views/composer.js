// The message box: Enter sends, Shift+Enter starts a new line (and Enter while
// an IME is composing, e.g. pinyin, never sends). It grows with its text,
// counts characters near the 4000 limit, keeps a draft per chat, and tells
// the peer we are typing (throttled in sync.js).

import * as sync from '../sync.js';
import { on } from '../store.js';
import { t, errorText } from '../i18n.js';
import { $, codePoints } from '../dom.js';
import * as drafts from '../drafts.js';
import * as emojiPicker from './emojiPicker.js';
import * as replyBar from './replyBar.js';   // message edits: the reply being written
import * as attachTray from './attachTray.js';   // rich-files
import * as viewer from './viewer.js';
import * as files from '../files.js';

export const MAX_CHARS = 4000;
const COUNTER_FROM = 3500;
const MAX_HEIGHT_PX = 180;
// At 400% zoom the window is ~200 CSS px tall: a long draft may take a fifth of it, no more.
const MAX_HEIGHT_SHARE = 0.2;

let peer = null;
let onSent = () => {};

export function init(sent) {
  onSent = sent;
  const input = $('#composer-input');
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    submit();
  });
  input.addEventListener('input', () => {
    drafts.set(peer, input.value);
    update();
    if (peer == null) return;
    if (input.value.trim()) sync.typing(peer);
    else sync.typingStopped(peer);   // emptied: "typing…" ends at the peer now
  });
  $('#composer').addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  emojiPicker.init(insertAtCaret);
  attachTray.init(update);   // rich-files: the send button follows the files too
  viewer.init();
  on('locale', update);
}

export function show(newPeer) {
  if (peer != null) drafts.set(peer, $('#composer-input').value);
  if (peer != null && peer !== newPeer) sync.typingStopped(peer);   // left the chat
  peer = newPeer;
  replyBar.show(peer);
  attachTray.show(peer);
  $('#composer-input').value = peer == null ? '' : drafts.get(peer);
  note('');
  update();
}

export function focus() { $('#composer-input').focus(); }

/** Puts text where the caret is (replacing a selection), as if typed. */
function insertAtCaret(text) {
  const input = $('#composer-input');
  input.focus();
  input.setRangeText(text, input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length, 'end');
  input.dispatchEvent(new Event('input', { bubbles: true }));   // draft, counter, typing
}

/** Signed out: a deliberate sign-out also forgets the saved drafts (`forget`). */
export function clearDrafts({ forget = false } = {}) {
  drafts.clearAll({ forget });
  attachTray.clearAll();   // rich-files: nothing of this user's files stays
  files.clear();
  peer = null;
}

function update() {
  const input = $('#composer-input');
  const n = codePoints(input.value);
  const counter = $('#char-counter');
  counter.hidden = n < COUNTER_FROM;
  const over = n > MAX_CHARS;
  counter.textContent = over ? t('charsOver', { n: n - MAX_CHARS }) : t('charsLeft', { n: MAX_CHARS - n });
  counter.classList.toggle('is-over', over);
  input.setAttribute('aria-invalid', String(over));
  const withFiles = attachTray.count() > 0;   // rich-files: files alone make a message, once uploaded
  $('#send-btn').disabled = over || (!input.value.trim() && !withFiles) || (withFiles && attachTray.blocked());
  // Grow with the text up to a limit (the CSP allows styles set from script).
  input.style.height = 'auto';
  const max = Math.max(40, Math.min(MAX_HEIGHT_PX, Math.floor(window.innerHeight * MAX_HEIGHT_SHARE)));
  input.style.height = Math.min(input.scrollHeight + 2, max) + 'px';
  input.style.overflowY = input.scrollHeight + 2 > max ? 'auto' : 'hidden';
}

function note(text) {
  const el = $('#composer-note');
  el.textContent = text;
  el.hidden = !text;
}

function submit() {
  const input = $('#composer-input');
  const text = input.value;   // sent exactly as typed: the server stores it verbatim
  const withFiles = attachTray.count() > 0;
  if (peer == null || (!text.trim() && !withFiles)) return;
  if (codePoints(text) > MAX_CHARS) { note(errorText('message_too_long')); return; }
  if (withFiles && attachTray.blocked()) { note(t('waitForUploads')); return; }
  note('');
  sync.typingStopped(peer);
  // rich-files: a caption of only white space is no caption
  sync.sendText(peer, withFiles && !text.trim() ? '' : text, replyBar.take(peer), withFiles ? attachTray.attachments() : []);
  if (withFiles) attachTray.clear();
  input.value = '';
  drafts.set(peer, '');
  update();
  input.focus();
  onSent(peer);
}

export function currentPeer() { return peer; }
