// rich-files: the files waiting in the composer. Attached by the button, by dropping them on
// the chat, or by pasting (a screenshot); each uploads at once, with a preview, a progress bar
// and a remove button (which cancels an upload under way), and a retry after a failure. They
// go with the next message (sync.sendText), whose text is then an optional caption.
// The tray is kept per chat, so switching chats loses nothing.

import { $, h, setChildren } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { on } from '../store.js';
import { upload } from '../uploads.js';
import { formatSize, typeWord } from '../files.js';
import { api } from '../api.js';

export const MAX_FILES = 10;   // until the server has said its own limit

// The server's limits (GET /api/limits), asked once a chat is shown: a file over the size limit
// is refused here at once instead of after uploading all of it. The server checks again anyway.
let limits = null;
let asked = false;
function askLimits() {
  if (asked) return;
  asked = true;
  api.limits().then((l) => { limits = l; }, () => { asked = false; });   // asked again next time
}

const trays = new Map();   // peer -> [item]
let peer = null;
let changed = () => {};
let nextKey = 1;

/** @param onChange called when what can be sent changed (the send button follows it) */
export function init(onChange) {
  changed = onChange;
  const input = $('#attach-input');
  $('#attach-btn').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    add([...input.files]);
    input.value = '';   // the same file can be chosen again
  });
  $('#composer-input').addEventListener('paste', (e) => {
    const files = [...(e.clipboardData?.files || [])];
    if (!files.length) return;   // plain text: the textarea takes it
    e.preventDefault();
    add(files);
  });
  const zone = $('#chat-view');
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
  zone.addEventListener('dragenter', (e) => {
    if (!hasFiles(e) || peer == null) return;
    depth++;
    zone.classList.add('is-dropping');
  });
  zone.addEventListener('dragover', (e) => {
    if (!hasFiles(e) || peer == null) return;
    e.preventDefault();   // allows the drop
    e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    if (--depth <= 0) { depth = 0; zone.classList.remove('is-dropping'); }
  });
  zone.addEventListener('drop', (e) => {
    depth = 0;
    zone.classList.remove('is-dropping');
    const files = [...(e.dataTransfer?.files || [])];
    if (!files.length || peer == null) return;
    e.preventDefault();
    add(files);
  });
  on('locale', render);
}

export function show(newPeer) {
  peer = newPeer;
  if (peer != null) askLimits();
  render();
}

function items() {
  if (peer == null) return [];
  if (!trays.has(peer)) trays.set(peer, []);
  return trays.get(peer);
}

/** Attaches files to the open chat's next message (beyond MAX_FILES they are refused). */
export function add(files) {
  if (peer == null) return;
  const list = items();
  const maxFiles = limits?.filesPerMessage ?? MAX_FILES;
  for (const file of files) {
    if (list.length >= maxFiles) { note(errorText('too_many_attachments')); break; }
    const isImage = /^image\/(png|jpeg|gif|webp)$/.test(file.type);
    const item = { key: nextKey++, file, isImage, preview: isImage ? URL.createObjectURL(file) : null,
      state: 'uploading', progress: 0, error: null, upload: null, job: null };
    list.push(item);
    if (limits && file.size > limits.fileBytes) {
      item.state = 'refused';   // no upload, no retry: only removing it helps
      item.error = t('fileTooLarge', { max: formatSize(limits.fileBytes) });
    } else {
      start(item, peer);
    }
  }
  render();
}

function start(item, forPeer) {
  item.state = 'uploading';
  item.progress = 0;
  item.error = null;
  item.job = upload(item.file, (p) => {
    item.progress = p;
    const bar = document.querySelector(`[data-tray-key="${item.key}"] progress`);
    if (bar) bar.value = p;
  });
  item.job.promise.then((attachment) => {
    item.upload = attachment;
    item.state = 'ready';
  }, (err) => {
    if (err.code === 'aborted') return;   // removed by the user
    item.state = 'failed';
    item.error = err.code;
  }).finally(() => {
    item.job = null;
    if (forPeer === peer) render();
  });
}

function remove(item) {
  const list = items();
  const at = list.indexOf(item);
  if (at < 0) return;
  list.splice(at, 1);
  item.job?.abort();
  if (item.preview) URL.revokeObjectURL(item.preview);
  render();
  $('#composer-input').focus();
}

/** How many files wait in the open chat's tray. */
export function count() { return items().length; }

/** Whether any is still uploading or failed (the message cannot go yet). */
export function blocked() { return items().some((i) => i.state !== 'ready'); }

/** The uploaded files, in order, for the message being sent. */
export function attachments() { return items().filter((i) => i.state === 'ready').map((i) => i.upload); }

/** The message went: the tray empties (the uploads now belong to it). */
export function clear() {
  for (const i of items()) if (i.preview) URL.revokeObjectURL(i.preview);
  if (peer != null) trays.set(peer, []);
  render();
}

/** Signed out: every tray emptied, uploads under way cancelled. */
export function clearAll() {
  for (const list of trays.values()) for (const i of list) { i.job?.abort(); if (i.preview) URL.revokeObjectURL(i.preview); }
  trays.clear();
  peer = null;
}

function note(text) {
  const el = $('#composer-note');
  el.textContent = text;
  el.hidden = !text;
}

function render() {
  const tray = $('#attach-tray');
  const list = items();
  tray.hidden = list.length === 0;
  setChildren(tray, ...list.map(renderItem));
  changed();
}

function renderItem(item) {
  const name = item.file.name || 'file';
  const preview = item.preview
    ? h('img.tray-preview', { src: item.preview, alt: '' })
    : h('span.tray-icon', { 'aria-hidden': 'true' }, typeWord({ name, type: item.file.type || '' }).slice(0, 4));
  const status = item.state === 'uploading'
    ? h('progress.tray-progress', { max: '1', value: String(item.progress), 'aria-label': t('uploading', { name }), dataset: { testid: 'upload-progress' } })
    : item.state === 'failed'
      ? h('span.tray-error', { role: 'alert' }, t('uploadFailed') + (item.error ? ' – ' + errorText(item.error) : ''),
        ' ', h('button.link-btn', { type: 'button', dataset: { testid: 'upload-retry' }, onclick: () => { start(item, peer); render(); } }, t('retryUpload')))
      : item.state === 'refused'
        ? h('span.tray-error', { role: 'alert', dataset: { testid: 'upload-refused' } }, item.error)
        : null;
  return h('li.tray-item.state-' + item.state, { dataset: { testid: 'tray-item', state: item.state, trayKey: String(item.key) } },
    preview,
    h('span.tray-text', null,
      h('span.tray-name', { dir: 'auto' }, name),
      h('span.tray-size', null, formatSize(item.file.size)),
      status),
    h('button.icon-btn.tray-remove', { type: 'button', title: t('cancelUpload', { name }), 'aria-label': t('cancelUpload', { name }),
      dataset: { testid: 'tray-remove' }, onclick: () => remove(item) },
    h('span', { 'aria-hidden': 'true' }, '×')));
}
