// Removing a contact, blocking and unblocking, each confirmed where it ends something, announced
// when done; used by the contact rows, the blocked list and the chat header's menu.

import * as blocking from '../blocking.js';
import { t, errorText } from '../i18n.js';
import { announce } from '../notify.js';
import { ask } from './confirm.js';

const nameOf = (user) => user.name || user.username;

/** @return whether the contact was removed */
export async function confirmRemoveContact(user) {
  const name = nameOf(user);
  if (!await ask({ title: t('removeContactTitle', { name }), body: t('removeContactBody', { name }), ok: t('removeContactOk') })) return false;
  return run(() => blocking.removeContact(user.id), t('contactRemovedDone', { name }));
}

/** @return whether the user was blocked */
export async function confirmBlock(user) {
  const name = nameOf(user);
  if (!await ask({ title: t('blockTitle', { name }), body: t('blockBody', { name }), ok: t('blockOk') })) return false;
  return run(() => blocking.block(user), t('blockedDone', { name }));
}

export function unblock(user) {
  return run(() => blocking.unblock(user.id), t('unblockedDone', { name: nameOf(user) }));
}

async function run(fn, done) {
  try {
    await fn();
    announce(done);
    return true;
  } catch (e) {
    announce(errorText(e.code));
    return false;
  }
}
