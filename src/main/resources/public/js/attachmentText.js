// rich-files: a message as one line of text, for the chat list and notifications:
// "[Photo]" for pictures, "[File] name" for other files, then the caption if there is one.

import { t } from './i18n.js';

export function messageSummary(m) {
  const label = attachmentLabel(m);
  if (!label) return m?.text ?? '';
  return m.text ? label + ' ' + m.text : label;
}

/** "[Photo]" or "[File] name" for a message with pictures or files, '' for one without. */
export function attachmentLabel(m) {
  const list = m?.attachments || [];
  if (!list.length) return '';
  const file = list.find((a) => a.kind !== 'image');
  return file ? t('fileLabel', { name: file.name }) : t('photoLabel');
}
