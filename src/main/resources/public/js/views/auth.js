// Sign in and sign up on one card. Checks the obvious rules before asking the
// server (same rules as PROTOCOL.md), then shows the server's error code in words.

import { api } from '../api.js';
import { t, errorText } from '../i18n.js';
import { $ } from '../dom.js';
import { on } from '../store.js';

const USERNAME_RE = /^[A-Za-z0-9_.-]{3,32}$/;
let mode = 'signin';
let busy = false;
let onSignedIn = () => {};

export function init(signedIn) {
  onSignedIn = signedIn;
  $('#auth-form').addEventListener('submit', submit);
  $('#auth-switch').addEventListener('click', () => setMode(mode === 'signin' ? 'signup' : 'signin'));
  on('locale', render);
  render();
}

/**
 * Shows the card. `reset` (after a sign-out) empties both forms and goes back to "Sign in",
 * so nothing the previous user typed (a display name, a password) is left for the next;
 * `username` prefills the sign-in form.
 */
export function show({ message, reset = false, username = '' } = {}) {
  $('#auth').hidden = false;
  document.title = t('appName');
  if (reset) {
    $('#auth-form').reset();
    mode = 'signin';
    $('#auth-username').value = username;
  }
  $('#auth-password').value = '';
  showError(message || '');
  render();
  $(reset && username ? '#auth-password' : '#auth-username').focus();
}

export function hide() { $('#auth').hidden = true; }

function setMode(m) {
  mode = m;
  showError('');
  render();
  $('#auth-username').focus();
}

function render() {
  const signup = mode === 'signup';
  $('#auth').dataset.mode = mode;
  $('#auth-title').textContent = t(signup ? 'signUpTitle' : 'signInTitle');
  $('#auth-subtitle').textContent = t(signup ? 'signUpSubtitle' : 'signInSubtitle');
  $('#auth-name-field').hidden = !signup;
  $('#auth-username-hint').hidden = !signup;
  $('#auth-password-hint').hidden = !signup;
  $('#auth-password').autocomplete = signup ? 'new-password' : 'current-password';
  $('#auth-submit').textContent = busy ? t(signup ? 'signingUp' : 'signingIn') : t(signup ? 'signUp' : 'signIn');
  $('#auth-switch-text').textContent = t(signup ? 'haveAccount' : 'noAccount');
  $('#auth-switch').textContent = t(signup ? 'signIn' : 'signUp');
  // Only while the card shows: after signing in, the app (notify.js) owns the title.
  if (!$('#auth').hidden) document.title = t(signup ? 'signUp' : 'signIn') + ' · ' + t('appName');
}

function showError(text, field) {
  const el = $('#auth-error');
  el.textContent = text;
  el.hidden = !text;
  for (const id of ['#auth-username', '#auth-name', '#auth-password']) $(id).removeAttribute('aria-invalid');
  if (field) {
    $(field).setAttribute('aria-invalid', 'true');
    $(field).setAttribute('aria-describedby', 'auth-error');
    $(field).focus();
  }
}

function fieldFor(code) {
  switch (code) {
    case 'invalid_username': case 'username_taken': return '#auth-username';
    case 'weak_password': case 'invalid_credentials': return '#auth-password';
    case 'invalid_name': return '#auth-name';
    default: return null;
  }
}

async function submit(e) {
  e.preventDefault();
  if (busy) return;
  const username = $('#auth-username').value.trim();
  const password = $('#auth-password').value;
  const name = $('#auth-name').value.trim();
  const signup = mode === 'signup';

  // Same rules as the server, checked early so the common mistakes need no round trip.
  let early = null;
  if (signup && !USERNAME_RE.test(username)) early = 'invalid_username';
  else if (!signup && !username) early = 'invalid_credentials';
  else if (signup && ([...password].length < 8 || [...password].length > 256)) early = 'weak_password';
  else if (!signup && !password) early = 'invalid_credentials';
  else if (signup && name && ([...name].length > 64 || /\p{Cc}/u.test(name))) early = 'invalid_name';
  if (early) { showError(errorText(early), fieldFor(early)); return; }

  busy = true;
  $('#auth-submit').disabled = true;
  showError('');
  render();
  try {
    const res = signup ? await api.register(username, password, name || undefined) : await api.login(username, password);
    $('#auth-form').reset();   // the next sign-in starts from empty fields
    mode = 'signin';
    onSignedIn(res.user);
  } catch (err) {
    // a refused sign-up is about the network's new accounts, not failed sign-ins
    const code = signup && err.code === 'too_many_requests' ? 'signup_too_many_requests' : err.code;
    showError(errorText(code, err), fieldFor(err.code));
  } finally {
    busy = false;
    $('#auth-submit').disabled = false;
    render();
  }
}
