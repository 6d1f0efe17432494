// Entry point: wires the modules together and decides between the sign-in
// page and the app, from GET /api/me at start and from sign-in/out later.

import { api, setUnauthorizedHandler } from './api.js';
import { t, locale, translateTree } from './i18n.js';
import { state, setMe, loadPeerRead, reset, setChats, chatsVersionNow } from './store.js';
import * as offline from './offline.js';
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
import * as messageSearchAll from './views/messageSearchAll.js';
import * as contacts from './views/contacts.js';
import * as chatPage from './views/chatPage.js';
import * as composer from './views/composer.js';
import * as accountPanel from './views/account.js';
import * as account from './account.js';
import * as preferences from './preferences.js';
import * as preferencesPanel from './views/preferences.js';

let signedIn = false;
let signingOut = false;   // a deliberate sign-out is under way: its 4401 close is expected

// Tabs of this browser share one session: one signing out deliberately tells the others, so
// they go quietly to the sign-in page instead of reporting the 4401 close as a lost session.
const signOutChannel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('duet.signout') : null;

function boot() {
  preferences.init();   // the theme first, so the page does not flash light
  document.documentElement.lang = locale();
  translateTree(document);
  setUnauthorizedHandler(() => { if (signedIn) signedOut({ expired: true }); });

  auth.init(enterApp);
  layout.init({ onSignOut: signOut });
  chatList.init((peer) => layout.openChat(peer));
  chatSearch.init();
  messageSearchAll.init();   // search-v2: after chatSearch, so its Escape has emptied the box
  chatMenu.init();
  presenceText.init();
  chatSettings.init();
  messageSearch.init();
  contacts.init((peer) => { layout.openChat(peer); });
  chatPage.init();
  accountPanel.init();
  account.init();
  preferencesPanel.init();
  notify.init();

  if (signOutChannel) {
    signOutChannel.onmessage = (e) => {
      if (e.data?.type === 'signed-out' && state.me && e.data.id === state.me.id) signedOut({ expired: false });
    };
  }

  offline.init();
  api.me()
    .then((user) => enterApp(user))
    .catch((e) => {
      // No network (the page came from the service worker's cache): show the saved chats,
      // with the offline banner; the socket keeps trying and catches up when it can.
      const saved = e.code === 'network' ? offline.snapshot() : null;
      if (saved) { enterApp(saved.me); setChats(saved.chats, chatsVersionNow()); return; }
      showAuth(e.status === 401 ? '' : t('err_network'));
    })
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
  if (!signedIn || signingOut) return;
  signingOut = true;
  signOutChannel?.postMessage({ type: 'signed-out', id: state.me?.id });
  // Close our socket before the session ends: the server closes it with 4401 as the session
  // goes, and that close would otherwise race the logout reply and say "session ended".
  sync.stop();
  try { await api.logout(); } catch { /* the session may already be gone */ }
  signingOut = false;
  signedOut({ expired: false });
}

function signedOut({ expired }) {
  if (!signedIn) return;
  if (signingOut && expired) return;   // our own sign-out's 4401 or 401: signOut() finishes it
  signedIn = false;
  const username = state.me?.username ?? '';
  accountPanel.close();
  sync.stop();
  layout.hideApp();
  composer.clearDrafts({ forget: !expired });   // before reset(): the saved drafts are the user's
  if (!expired) offline.forget();
  reset();   // also empties the chat pane for the next user
  contacts.reset();
  chatSearch.reset();
  notify.reset();
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  // Revoked (signed out elsewhere, a password change elsewhere) or expired: say so, and offer
  // the same username again. Either way the forms start clean: no name or password left over.
  showAuth(expired ? t('signedOutRevoked') : '', { reset: true, username: expired ? username : '' });
}

function showAuth(message, { reset = false, username = '' } = {}) {
  document.getElementById('boot').hidden = true;
  auth.show({ message, reset, username });
}

boot();
