// rich-files: a message as one line of text, for the chat list and notifications:
// "[Photo]" for pictures, "[File] name" for other files, then the caption if there is one.

import { t } from './i18n.js';

export function messageSummary(m) {
  const list = m?.attachments || [];
  if (!list.length) return m?.text ?? '';
  const file = list.find((a) => a.kind !== 'image');
  const label = file ? t('fileLabel', { name: file.name }) : t('photoLabel');
  return m.text ? label + ' ' + m.text : label;
}
