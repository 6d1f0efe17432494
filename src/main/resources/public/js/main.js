// Entry point: wires the modules together and decides between the sign-in
// page and the app, from GET /api/me at start and from sign-in/out later.

import { api, setUnauthorizedHandler } from './api.js';
import { t, locale, translateTree } from './i18n.js';
import { state, setMe, loadPeerRead, reset } from './store.js';
import * as sync from './sync.js';
import * as outbox from './outbox.js';
import * as notify from './notify.js';
import * as auth from './views/auth.js';
import * as layout from './views/layout.js';
import * as chatList from './views/chatList.js';
import * as chatSearch from './views/chatSearch.js';
import * as chatMenu from './views/chatMenu.js';
import * as presenceText from './views/presenceText.js';
import * as chatSettings from './views/chatSettings.js';
import * as messageSearch from './views/messageSearch.js';
import * as contacts from './views/contacts.js';
import * as chatPage from './views/chatPage.js';
import * as composer from './views/composer.js';
import * as accountPanel from './views/account.js';
import * as account from './account.js';

let signedIn = false;

function boot() {
  document.documentElement.lang = locale();
  translateTree(document);
  setUnauthorizedHandler(() => { if (signedIn) signedOut({ expired: true }); });

  auth.init(enterApp);
  layout.init({ onSignOut: signOut });
  chatList.init((peer) => layout.openChat(peer));
  chatSearch.init();
  chatMenu.init();
  presenceText.init();
  chatSettings.init();
  messageSearch.init();
  contacts.init((peer) => { layout.openChat(peer); });
  chatPage.init();
  accountPanel.init();
  account.init();
  notify.init();

  api.me()
    .then((user) => enterApp(user))
    .catch((e) => showAuth(e.status === 401 ? '' : t('err_network')))
    .finally(() => { document.getElementById('boot').hidden = true; });
}

function enterApp(user) {
  signedIn = true;
  setMe(user);
  loadPeerRead();
  outbox.restore();
  auth.hide();
  layout.showApp();
  sync.start({
    onSignedOut: () => signedOut({ expired: true }),
    onChatGone: () => layout.closeChat(),
  });
  // If the WebSocket is slow to come up, load the lists over HTTP meanwhile.
  setTimeout(() => { if (signedIn && !state.ready) sync.refreshAll(); }, 2500);
  const first = document.querySelector('.chat-item') || document.getElementById('tab-chats');
  first?.focus();
}

async function signOut() {
  try { await api.logout(); } catch { /* the session may already be gone */ }
  signedOut({ expired: false });
}

function signedOut({ expired }) {
  if (!signedIn) return;
  signedIn = false;
  accountPanel.close();
  sync.stop();
  layout.hideApp();
  reset();   // also empties the chat pane for the next user
  contacts.reset();
  chatSearch.reset();
  composer.clearDrafts();
  notify.reset();
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  // Revoked (signed out elsewhere, a password change elsewhere) or expired: say so.
  showAuth(expired ? t('signedOutRevoked') : '');
}

function showAuth(message) {
  document.getElementById('boot').hidden = true;
  auth.show({ message });
}

boot();
