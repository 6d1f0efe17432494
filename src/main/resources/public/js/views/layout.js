// The frame around the lists and the chat page: who is signed in, the
// language picker, sign-out, the connection banner, the Chats/Contacts tabs,
// and which pane shows (both side by side, or one at a time on a phone).
// The open chat lives in the URL hash (#/chat/ID) so the browser's back
// button and notifications can open and close it.

import { state, on, emit, totalUnread, setTab, setOpenPeer } from '../store.js';
import { t, LOCALES, locale, setLocale, translateTree } from '../i18n.js';
import * as socket from '../socket.js';
import { $, avatar, setChildren } from '../dom.js';

let pushedChat = false;   // we pushed the current #/chat entry, so "back" can pop it

export function init({ onSignOut }) {
  for (const sel of document.querySelectorAll('.lang-select')) {
    for (const l of LOCALES) {
      const opt = document.createElement('option');
      opt.value = l.code;
      opt.textContent = l.label;
      opt.lang = l.code;
      sel.appendChild(opt);
    }
    sel.value = locale();
    sel.addEventListener('change', () => {
      setLocale(sel.value);
      for (const s of document.querySelectorAll('.lang-select')) s.value = sel.value;
      translateTree(document);
      emit('locale');
    });
  }
  $('#signout-btn').addEventListener('click', onSignOut);
  setupTabs();
  $('#back-btn').addEventListener('click', closeChat);
  $('#go-contacts').addEventListener('click', () => selectTab('contacts', true));
  window.addEventListener('hashchange', applyRoute);

  on('me', renderMe);
  on('conn', renderConn);
  on('locale', () => { renderMe(); renderConn(); renderBadges(); });
  on('unread', renderBadges);
  on('requests', renderBadges);
}

export function showApp() {
  $('#app').hidden = false;
  renderMe();
  renderConn();
  renderBadges();
  selectTab(state.tab, false);
  applyRoute();
}

export function hideApp() {
  $('#app').hidden = true;
  $('#app').classList.remove('has-chat');
  pushedChat = false;
}

function renderMe() {
  if (!state.me) return;
  $('#me-name').textContent = state.me.name || state.me.username;
  $('#me-username').textContent = '@' + state.me.username;
  const old = $('#me-avatar');
  const fresh = avatar(state.me);
  fresh.id = 'me-avatar';
  old.replaceWith(fresh);
}

// ---- connection banner ---------------------------------------------------------

let connShowTimer = null;

function renderConn() {
  const el = $('#conn-banner');
  const { status } = state.conn;
  el.dataset.state = status;
  clearTimeout(connShowTimer);
  if (status === 'online' || status === 'idle') { el.hidden = true; return; }
  const text = status === 'offline' ? t('connOffline')
    : status === 'connecting' ? t('connConnecting') : t('connReconnecting');
  const children = [text];
  if (status === 'reconnecting') {
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'link-btn';
    retry.dataset.testid = 'retry-now';
    retry.textContent = t('connRetryNow');
    retry.addEventListener('click', () => socket.reconnectNow());
    children.push(' ', retry);
  }
  setChildren(el, ...children);
  // A first connect usually takes milliseconds: do not flash a banner for it.
  if (status === 'connecting') connShowTimer = setTimeout(() => { el.hidden = false; }, 800);
  else el.hidden = false;
}

// ---- tabs ----------------------------------------------------------------------

function setupTabs() {
  const tabs = [...document.querySelectorAll('#tabs [role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => selectTab(tab.dataset.tab, true));
    tab.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(tab);
      let next = null;
      if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = tabs[(i + 1) % tabs.length];
      else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = tabs[(i - 1 + tabs.length) % tabs.length];
      else if (e.key === 'Home') next = tabs[0];
      else if (e.key === 'End') next = tabs[tabs.length - 1];
      if (next) { e.preventDefault(); selectTab(next.dataset.tab, true); }
    });
  }
}

export function selectTab(name, focus) {
  for (const tab of document.querySelectorAll('#tabs [role=tab]')) {
    const on_ = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(on_));
    tab.tabIndex = on_ ? 0 : -1;
    tab.classList.toggle('is-active', on_);
    if (on_ && focus) tab.focus();
  }
  $('#panel-chats').hidden = name !== 'chats';
  $('#panel-contacts').hidden = name !== 'contacts';
  // On a phone the list is what the user asked for: leave the chat page.
  if (state.openPeer != null && isNarrow() && focus) closeChat();
  setTab(name);
}

function renderBadges() {
  const n = totalUnread();
  const b = $('#tab-chats-badge');
  b.hidden = n === 0;
  b.textContent = n > 99 ? '99+' : String(n);
  b.setAttribute('aria-label', t('unreadCount', { n }));
  const r = state.incoming.size;
  const rb = $('#tab-contacts-badge');
  rb.hidden = r === 0;
  rb.textContent = String(r);
}

// ---- routing -------------------------------------------------------------------

export function isNarrow() {
  return window.matchMedia('(max-width: 700px)').matches;
}

export function openChat(peer) {
  const target = '#/chat/' + peer;
  if (location.hash === target) { applyRoute(); return; }
  if (state.openPeer != null) {
    location.replace(target);   // switching chats should not pile up history entries
  } else {
    pushedChat = true;
    location.hash = target;
  }
}

export function closeChat() {
  if (state.openPeer == null) return;
  // Update at once (the hashchange comes later) so a second call is a no-op.
  $('#app').classList.remove('has-chat');
  setOpenPeer(null);
  if (pushedChat) { pushedChat = false; history.back(); } else location.replace('#/');
}

function applyRoute() {
  if ($('#app').hidden) return;
  const m = location.hash.match(/^#\/chat\/(\d+)$/);
  const peer = m ? Number(m[1]) : null;
  if (peer === state.openPeer) return;
  if (peer == null) pushedChat = false;
  $('#app').classList.toggle('has-chat', peer != null);
  setOpenPeer(peer);
}
