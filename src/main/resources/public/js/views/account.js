// The account panel: a modal dialog opened from the signed-in user's name in
// the sidebar header. Change the display name, change the password (which
// signs out every other session), and see and end the signed-in sessions.
// Escape or the close button closes it and gives the focus back.

import * as account from '../account.js';
import { api } from '../api.js';
import { state, on } from '../store.js';
import { t, errorText, formatRelative, formatDateTime, formatIn } from '../i18n.js';
import { $, h, setChildren, codePoints } from '../dom.js';
import { announce } from '../notify.js';

// What PROTOCOL.md §2.1 refuses in a display name, checked here first for a quick answer.
const FORBIDDEN_IN_NAME = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200D\u2060-\u2064\u3164\uFEFF\uFFA0]/u;
const MAX_NAME = 64;
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 256;

let busyName = false;
let busyPassword = false;
let busyExport = false;
let sessionsState = 'idle';   // idle | loading | error
let tick = null;

export function init() {
  const dlg = $('#account-dialog');
  $('#account-btn').addEventListener('click', open);
  $('#account-close').addEventListener('click', () => dlg.close());
  // A click on the backdrop (outside the dialog box) closes it too.
  dlg.addEventListener('click', (e) => { if (e.target === dlg && outside(dlg, e)) dlg.close(); });
  dlg.addEventListener('close', onClosed);
  $('#name-form').addEventListener('submit', submitName);
  $('#account-name').addEventListener('input', () => { clearInvalid($('#account-name')); renderNameButton(); });
  $('#password-form').addEventListener('submit', submitPassword);
  for (const id of ['#current-password', '#new-password']) $(id).addEventListener('input', (e) => clearInvalid(e.target));
  $('#sign-out-others').addEventListener('click', signOutOthers);
  $('#export-data').addEventListener('click', downloadData);

  on('sessions', renderSessions);
  on('me', () => { if (dlg.open) renderMe(false); });
  on('locale', () => {
    if (!dlg.open) return;
    renderMe(false);
    renderSessions();
    renderNameButton();
    $('#change-password').textContent = t(busyPassword ? 'changingPassword' : 'changePassword');
  });
}

function outside(dlg, e) {
  const r = dlg.getBoundingClientRect();
  return e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom;
}

export function open() {
  const dlg = $('#account-dialog');
  if (dlg.open || !state.me) return;
  renderMe(true);
  for (const id of ['#account-name-msg', '#password-msg', '#sessions-msg']) message(id, '');
  if (!busyExport) message('#export-msg', '');
  $('#current-password').value = '';
  $('#new-password').value = '';
  renderSessions();
  dlg.showModal();
  $('#account-name').focus();
  loadSessions();
  // Keep "5 minutes ago" true while the panel stays open.
  clearInterval(tick);
  tick = setInterval(renderSessions, 30000);
}

export function close() {
  const dlg = $('#account-dialog');
  if (dlg.open) dlg.close();
}

function onClosed() {
  clearInterval(tick);
  tick = null;
  // Passwords do not stay in the page longer than needed.
  $('#current-password').value = '';
  $('#new-password').value = '';
  if (!$('#app').hidden) $('#account-btn').focus();
}

// ---- display name ---------------------------------------------------------------

function renderMe(fillInput) {
  if (!state.me) return;
  $('#account-username').textContent = '@' + state.me.username;
  $('#password-form-username').value = state.me.username;
  if (fillInput) $('#account-name').value = state.me.name || state.me.username;
  renderNameButton();
}

function renderNameButton() {
  const btn = $('#save-name');
  btn.textContent = t(busyName ? 'saving' : 'save');
  const value = $('#account-name').value.trim();
  btn.disabled = busyName || !state.me || value === (state.me.name || state.me.username);
}

function nameProblem(name) {
  if (!name || codePoints(name) > MAX_NAME || FORBIDDEN_IN_NAME.test(name)) return 'invalid_name';
  return null;
}

async function submitName(e) {
  e.preventDefault();
  if (busyName) return;
  const input = $('#account-name');
  const name = input.value.trim();
  if (state.me && name === (state.me.name || state.me.username)) return;
  const early = nameProblem(name);
  if (early) { fail('#account-name-msg', input, errorText(early)); return; }
  busyName = true;
  message('#account-name-msg', '');
  renderNameButton();
  try {
    const user = await account.saveName(name);
    input.value = user.name || user.username;
    message('#account-name-msg', t('nameSaved'), 'ok');
  } catch (err) {
    fail('#account-name-msg', input, errorText(err.code));
  } finally {
    busyName = false;
    renderNameButton();
    // The Save button is disabled now that nothing is left to save: keep the focus in the field.
    if (document.activeElement === $('#save-name') || document.activeElement === document.body) input.focus();
  }
}

// ---- password --------------------------------------------------------------------

async function submitPassword(e) {
  e.preventDefault();
  if (busyPassword) return;
  const current = $('#current-password');
  const next = $('#new-password');
  if (!current.value) { fail('#password-msg', current, t('enterCurrentPassword')); return; }
  const n = codePoints(next.value);
  if (n < MIN_PASSWORD || n > MAX_PASSWORD) { fail('#password-msg', next, errorText('weak_password')); return; }
  busyPassword = true;
  const btn = $('#change-password');
  btn.disabled = true;
  btn.textContent = t('changingPassword');
  message('#password-msg', '');
  try {
    await account.changePassword(current.value, next.value);
    current.value = '';
    next.value = '';
    message('#password-msg', t('passwordChanged'), 'ok');
  } catch (err) {
    if (err.code === 'invalid_credentials') { current.value = ''; fail('#password-msg', current, t('wrongCurrentPassword')); }
    else if (err.code === 'weak_password') fail('#password-msg', next, errorText(err.code));
    else fail('#password-msg', null, errorText(err.code, err));
  } finally {
    busyPassword = false;
    btn.disabled = false;
    btn.textContent = t('changePassword');
  }
}

// ---- sessions --------------------------------------------------------------------

async function loadSessions() {
  sessionsState = 'loading';
  renderSessions();
  try {
    await account.loadSessions();
    sessionsState = 'idle';
  } catch (err) {
    sessionsState = 'error';
    if (err.code !== 'unauthorized') message('#sessions-msg', t('sessionsLoadFailed') + ' ' + errorText(err.code), 'error');
  }
  renderSessions();
}

function renderSessions() {
  const list = $('#session-list');
  const sessions = state.sessions;
  list.setAttribute('aria-busy', String(sessionsState === 'loading'));
  if (!sessions) {
    setChildren(list, sessionsState === 'loading' ? h('li.session-empty', null, t('loadingSessions')) : null);
    $('#sign-out-others').hidden = true;
    return;
  }
  // Rows are rebuilt; keep the focus on the same control if it is still there.
  const focused = document.activeElement?.closest?.('#session-list li[data-session-id]')?.dataset.sessionId;
  const others = sessions.filter((s) => !s.current);
  setChildren(list, ...sessions.map(sessionRow),
    others.length === 0 ? h('li.session-empty', { dataset: { testid: 'no-other-sessions' } }, t('noOtherSessions')) : null);
  $('#sign-out-others').hidden = others.length === 0;
  if (focused) {
    const again = list.querySelector(`li[data-session-id="${CSS.escape(focused)}"] button`);
    if (again) again.focus();
    else if (!$('#sign-out-others').hidden) $('#sign-out-others').focus();
    else $('#account-close').focus();
  }
}

function sessionRow(s) {
  const client = s.client || t('unknownClient');
  const used = s.lastUsedAt || s.createdAt;
  const when = used ? formatRelative(used) : '';
  const active = s.current ? t('sessionActiveNow') : t('sessionLastActive', { when });
  const signedIn = s.createdAt ? t('sessionSignedIn', { date: formatDateTime(s.createdAt) }) : '';
  return h('li.session-row' + (s.current ? '.is-current' : ''), {
    dataset: { testid: 'session', sessionId: String(s.id), current: String(!!s.current) },
  },
    h('div.session-main', null,
      h('span.session-client', null,
        h('span', { dataset: { testid: 'session-client' } }, client),
        s.current ? h('span.session-current', { dataset: { testid: 'this-device' } }, t('thisDevice')) : null),
      h('span.session-sub', null,
        used ? h('time', { datetime: new Date(used).toISOString(), title: formatDateTime(used) }, active) : active,
        signedIn ? ' · ' + signedIn : '')),
    s.current ? null : h('button.btn.btn-small.btn-secondary', {
      type: 'button',
      'aria-label': t('signOutSessionLabel', { client, when }),
      dataset: { testid: 'revoke-session' },
      onclick: (e) => signOutOne(e.currentTarget, s.id, client),
    }, t('signOutSession')));
}

async function signOutOne(btn, id, client) {
  btn.disabled = true;
  message('#sessions-msg', '');
  try {
    await account.revokeSession(id);
    message('#sessions-msg', t('sessionSignedOut', { client }), 'ok');
    announce(t('sessionSignedOut', { client }));
  } catch (err) {
    btn.disabled = false;
    message('#sessions-msg', errorText(err.code), 'error');
  }
}

async function signOutOthers() {
  const btn = $('#sign-out-others');
  btn.disabled = true;
  message('#sessions-msg', '');
  try {
    await account.revokeOtherSessions();
    message('#sessions-msg', t('signedOutOthers'), 'ok');
    $('#account-close').focus();
  } catch (err) {
    message('#sessions-msg', errorText(err.code), 'error');
  } finally {
    btn.disabled = false;
  }
}

// ---- the user's own data (issue #12) ---------------------------------------------------
// The link works by itself (a plain download); fetched here instead so that a refusal (one
// export already running, too many this hour) is said in words rather than as a failed download.


async function downloadData(e) {
  e.preventDefault();
  if (busyExport) return;
  const link = $('#export-data');
  busyExport = true;
  link.setAttribute('aria-disabled', 'true');
  message('#export-msg', t('exportPreparing'));
  try {
    const { blob, name } = await api.exportData();
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);   // the browser has taken it by then
    message('#export-msg', t('exportDone'), 'ok');
  } catch (err) {
    message('#export-msg', exportError(err), 'error');
  } finally {
    busyExport = false;
    link.removeAttribute('aria-disabled');
  }
}

function exportError(err) {
  if (err.code === 'too_many_requests') return t('exportBusy');
  if (err.code === 'rate_limited') return t('exportTooOften', { when: formatIn(err.retryAfter || 1200) });
  return errorText(err.code, err);
}

// ---- messages under the forms ---------------------------------------------------------

function message(id, text, kind = '') {
  const el = $(id);
  el.textContent = text;
  el.hidden = !text;
  el.dataset.kind = kind;
  if (kind === 'error') el.setAttribute('role', 'alert'); else el.removeAttribute('role');
}

function fail(id, input, text) {
  message(id, text, 'error');
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

function clearInvalid(input) { input.removeAttribute('aria-invalid'); }
