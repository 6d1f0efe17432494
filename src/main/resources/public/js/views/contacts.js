// The Contacts tab: search users by username or display name and ask them to be contacts,
// answer incoming requests, cancel outgoing ones, and open a chat with a contact.

import { api } from '../api.js';
import * as sync from '../sync.js';
import { state, on, isOnline, isBlocked } from '../store.js';
import { confirmRemoveContact, confirmBlock, unblock } from './peopleActions.js';
import { t, errorText } from '../i18n.js';
import { $, h, avatar, setChildren } from '../dom.js';
import { announce } from '../notify.js';
import { presenceText } from './presenceText.js';

let searchTimer = null;
let searchSeq = 0;
let results = null;        // last search answer, or null when the box is empty
let onOpenChat = () => {};

export function init(openChat) {
  onOpenChat = openChat;
  const input = $('#user-search');
  input.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => search(input.value.trim()), 200);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && input.value) { input.value = ''; search(''); }
  });
  for (const ev of ['contacts', 'requests', 'presence', 'locale', 'me', 'blocked']) on(ev, render);
  // A renamed user may also sit in the search results.
  on('user', ({ id }) => {
    if (!results?.some((u) => u.id === id)) return;
    results = results.map((u) => (u.id === id ? { ...u, ...state.users.get(id) } : u));
    render();
  });
}

export function reset() {
  results = null;
  $('#user-search').value = '';
  render();
}

async function search(q) {
  const mine = ++searchSeq;
  if (!q) { results = null; render(); return; }
  try {
    const users = await api.findUsers(q);
    if (mine !== searchSeq) return;   // an older answer arriving late
    results = users;
  } catch (e) {
    if (mine !== searchSeq) return;
    results = [];
    if (e.code === 'rate_limited') announce(t('searchTooFast'));
  }
  render();
}

function render() {
  if (!state.me) return;
  // Rows are rebuilt; remember which button had the focus to give it back after.
  const active = document.activeElement;
  const row = active?.closest?.('#panel-contacts li[data-user]');
  const refocus = row && { list: row.parentElement.id, user: row.dataset.user, testid: active.dataset.testid };
  renderLists();
  if (refocus) {
    const again = document.querySelector(`#${refocus.list} li[data-user="${refocus.user}"] [data-testid="${refocus.testid}"]`);
    if (again) again.focus();
  }
}

function renderLists() {
  // Search results
  const wrap = $('#search-results-wrap');
  wrap.hidden = results === null;
  if (results !== null) {
    setChildren($('#search-results'), ...results.filter((u) => u.id !== state.me.id).map(resultRow));
    $('#search-empty').hidden = results.length > 0;
  }
  // Requests
  const incoming = [...state.incoming.values()];
  $('#incoming-wrap').hidden = incoming.length === 0;
  setChildren($('#incoming-list'), ...incoming.map(incomingRow));
  const outgoing = [...state.outgoing.values()];
  $('#outgoing-wrap').hidden = outgoing.length === 0;
  setChildren($('#outgoing-list'), ...outgoing.map(outgoingRow));
  // Contacts, online first, then by name
  const contacts = [...state.contacts.values()].sort((a, b) =>
    Number(isOnline(b.user.id)) - Number(isOnline(a.user.id))
    || (a.user.name || a.user.username).localeCompare(b.user.name || b.user.username));
  $('#contacts-empty').hidden = contacts.length > 0;
  setChildren($('#contact-list'), ...contacts.map(contactRow));
  // Blocked users (web-features)
  const blocked = [...state.blocked.values()];
  $('#blocked-wrap').hidden = blocked.length === 0;
  setChildren($('#blocked-list'), ...blocked.map(blockedRow));
}

function person(user, { online, testid }) {
  const name = user.name || user.username;
  return h('div.person', null,
    online === undefined ? avatar(user) : avatar(user, { online }),
    h('div.person-text', null,
      h('span.person-name', { dir: 'auto', dataset: { testid: testid + '-name' } }, name),
      h('span.person-sub', null, '@' + user.username,
        online === undefined ? null : h('span.person-status' + (online ? '.is-online' : ''), { dataset: { testid: testid + '-status' } }, ' · ' + presenceText(user.id)))));
}

function action(label, aria, cls, testid, fn) {
  return h('button.btn.btn-small' + cls, {
    type: 'button',
    'aria-label': aria,
    dataset: { testid },
    onclick: async (e) => {
      const btn = e.currentTarget;
      btn.disabled = true;
      try { await fn(); } catch (err) { announce(errorText(err.code)); showRowError(btn, errorText(err.code)); }
      finally { btn.disabled = false; }
    },
  }, label);
}

function showRowError(btn, text) {
  const row = btn.closest('li');
  if (!row) return;
  row.querySelector('.row-error')?.remove();
  row.appendChild(h('p.row-error', { role: 'alert' }, text));
}

function resultRow(u) {
  const name = u.name || u.username;
  let control;
  if (isBlocked(u.id)) {
    control = action(t('unblock'), t('unblockLabel', { name }), '.btn-secondary', 'unblock', () => unblock(u));
  } else if (state.contacts.has(u.id)) {
    control = action(t('message'), t('messageContactLabel', { name }), '.btn-secondary', 'open-chat', () => openWith(u.id));
  } else if (state.outgoing.has(u.id)) {
    control = h('span.tag', { dataset: { testid: 'requested' } }, t('requested'));
  } else if (state.incoming.has(u.id)) {
    control = action(t('accept'), t('acceptLabel', { name }), '.btn-primary', 'accept-request', () => accept(u));
  } else {
    control = action(t('addContact'), t('addContactLabel', { name }), '.btn-primary', 'add-contact', async () => {
      const status = await sync.requestContact(u);
      announce(status === 'contacts' ? t('nowContacts', { name }) : t('requestSent', { name }));
      render();
    });
  }
  return h('li.person-row', { dataset: { testid: 'search-result', user: String(u.id), username: u.username } },
    person(u, { testid: 'search-result' }), h('div.row-actions', null, control));
}

function incomingRow({ user }) {
  const name = user.name || user.username;
  return h('li.person-row', { dataset: { testid: 'incoming-request', user: String(user.id), username: user.username } },
    person(user, { testid: 'incoming-request' }),
    h('div.row-actions', null,
      action(t('accept'), t('acceptLabel', { name }), '.btn-primary', 'accept-request', () => accept(user)),
      action(t('decline'), t('declineLabel', { name }), '.btn-secondary', 'decline-request', () => sync.removeContact(user.id))));
}

function outgoingRow({ user }) {
  const name = user.name || user.username;
  return h('li.person-row', { dataset: { testid: 'outgoing-request', user: String(user.id), username: user.username } },
    person(user, { testid: 'outgoing-request' }),
    h('div.row-actions', null,
      action(t('cancelRequest'), t('cancelRequestLabel', { name }), '.btn-secondary', 'cancel-request', () => sync.removeContact(user.id))));
}

function contactRow({ user }) {
  const name = user.name || user.username;
  const online = isOnline(user.id);
  return h('li.person-row', { dataset: { testid: 'contact', user: String(user.id), username: user.username, online: String(online) } },
    person(user, { online, testid: 'contact' }),
    h('div.row-actions', null,
      action(t('message'), t('messageContactLabel', { name }), '.btn-secondary', 'open-chat', () => openWith(user.id)),
      // web-features: remove and block, each confirmed
      action(t('removeContact'), t('removeContactLabel', { name }), '.btn-secondary', 'remove-contact', () => confirmRemoveContact(user)),
      action(t('block'), t('blockLabel', { name }), '.btn-secondary', 'block-user', () => confirmBlock(user))));
}

function blockedRow({ user }) {
  const name = user.name || user.username;
  return h('li.person-row', { dataset: { testid: 'blocked-user', user: String(user.id), username: user.username } },
    person(user, { testid: 'blocked-user' }),
    h('div.row-actions', null,
      action(t('unblock'), t('unblockLabel', { name }), '.btn-secondary', 'unblock', () => unblock(user))));
}

async function accept(user) {
  const status = await sync.requestContact(user);
  announce(status === 'contacts' ? t('nowContacts', { name: user.name || user.username }) : t('requestSent', { name: user.name || user.username }));
  render();
  // Accepted: go straight to the new contact's chat, which says you are now contacts.
  if (status === 'contacts') openWith(user.id).catch(() => {});
}

async function openWith(peer) {
  await sync.ensureChat(peer);
  onOpenChat(peer);
}
