// rich-files: a picture at full size in a modal <dialog>: Esc or the close button closes it
// (the dialog keeps the focus inside while open), and the focus goes back to the thumbnail.

import { $, h, setChildren } from '../dom.js';
import { t } from '../i18n.js';
import { pictureUrl } from '../files.js';

let opener = null;
let showing = null;

export function init() {
  const dialog = $('#viewer');
  $('#viewer-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    showing = null;
    setChildren($('#viewer-body'));
    opener?.focus();
    opener = null;
  });
  // a click on the dark backdrop (the dialog itself, not its content) closes it too
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });
}

export function open(a, from) {
  const dialog = $('#viewer');
  opener = from || null;
  showing = a.id;
  $('#viewer-name').textContent = a.name;
  const download = $('#viewer-download');
  download.href = '/api/files/' + encodeURIComponent(a.id);
  download.setAttribute('download', a.name);
  const status = h('p.viewer-status', { role: 'status' }, t('loadingPicture'));
  setChildren($('#viewer-body'), status);
  if (!dialog.open) dialog.showModal();
  $('#viewer-close').focus();
  pictureUrl(a.id, { thumbnail: false }).then((url) => {
    if (showing !== a.id) return;
    setChildren($('#viewer-body'), h('img.viewer-img', { src: url, alt: t('pictureAlt', { name: a.name }), dataset: { testid: 'viewer-image' } }));
  }, () => {
    if (showing === a.id) status.textContent = t('err_no_such_file');
  });
}

export function isOpen() { return $('#viewer').open; }
