// rich-files: a message's pictures (thumbnails that open the viewer) and files (name, size, type,
// and a download link), inside its bubble. Thumbnails get their box size before they load, from
// the picture's own width and height, so rows keep their height while the list scrolls.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pictureUrl, formatSize, typeWord } from '../files.js';
import * as viewer from './viewer.js';

const THUMB_MAX = 240;

/** The attachments' elements, or null for a message without any. */
export function renderAttachments(list) {
  if (!list?.length) return null;
  return h('div.msg-attachments', { dataset: { testid: 'attachments' } }, ...list.map((a) => a.kind === 'image' ? picture(a) : file(a)));
}

function picture(a) {
  const scale = Math.min(1, THUMB_MAX / Math.max(a.width || 1, a.height || 1));
  const w = Math.max(40, Math.round((a.width || THUMB_MAX) * scale));
  const hgt = Math.max(40, Math.round((a.height || THUMB_MAX) * scale));
  const img = h('img.msg-thumb', { alt: t('pictureAlt', { name: a.name }), width: String(w), height: String(hgt), dataset: { testid: 'thumbnail' } });
  pictureUrl(a.id, { thumbnail: true }).then((url) => { img.src = url; }, () => img.classList.add('is-broken'));
  return h('button.msg-picture', { type: 'button', title: t('openPicture', { name: a.name }), 'aria-label': t('openPicture', { name: a.name }),
    dataset: { testid: 'open-picture', id: a.id }, onclick: (e) => viewer.open(a, e.currentTarget) }, img);
}

function file(a) {
  return h('a.msg-file', { href: '/api/files/' + encodeURIComponent(a.id), download: a.name, dataset: { testid: 'file-link', id: a.id },
    title: t('downloadFile', { name: a.name }) },
  h('span.msg-file-icon', { 'aria-hidden': 'true' }, typeWord(a).slice(0, 4)),
  h('span.msg-file-text', null,
    h('span.msg-file-name', { dir: 'auto' }, a.name),
    h('span.msg-file-size', null, formatSize(a.size) + ' · ' + typeWord(a))));
}
