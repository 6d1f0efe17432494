// Tells the user about new messages when they are not looking: the tab title
// and a canvas-drawn favicon carry the unread count, a desktop Notification
// pops up while the window is hidden or without the focus (only once the user
// allowed it, asked from a click as browsers require), and a live region speaks
// to screen readers.

import { messageSummary } from './attachmentText.js';   // rich-files
import { state, on, totalUnread, displayName } from './store.js';
import { t } from './i18n.js';
import { userIsLooking } from './reading.js';
import { soundOn } from './preferences.js';

const DEFAULT_ICON = '/favicon.svg';
let iconImage = null;
let lastDrawn = -1;

export function init() {
  on('unread', refreshBadge);
  on('locale', refreshBadge);
  on('incoming', ({ peer, message }) => {
    if (state.chats.get(peer)?.muted) return;   // web-features: a muted chat makes no notification
    announce(t('newMessageFrom', { name: displayName(peer), text: preview(messageSummary(message)) }));
    // A visible window without the focus is not being read either (reading.js).
    if (!userIsLooking()) desktopNotification(peer, message);
    // The sound (off by default, switched in the account panel) is for what is not on screen.
    if (soundOn() && (!userIsLooking() || state.openPeer !== peer)) chime();
  });
  on('notice', ({ kind, user }) => {
    if (kind === 'contact_request') announce(t('incomingRequests') + ': ' + (user.name || user.username));
  });
  setupPermissionButton();
  refreshBadge();
}

export function reset() {
  document.title = t('appName');
  setFavicon(DEFAULT_ICON);
  lastDrawn = -1;
}

function preview(text) {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? oneLine.slice(0, 119) + '…' : oneLine;
}

function refreshBadge() {
  if (!state.me) return;
  const n = totalUnread();
  document.title = n > 0 ? `(${n > 99 ? '99+' : n}) ${t('appName')}` : t('appName');
  if (n !== lastDrawn) {
    lastDrawn = n;
    drawFavicon(n);
  }
}

function setFavicon(href) {
  const link = document.getElementById('favicon');
  if (link.getAttribute('href') !== href) link.setAttribute('href', href);
  link.type = href.startsWith('data:image/png') ? 'image/png' : 'image/svg+xml';
}

/** The app icon with a red count in the corner, drawn on a canvas as a data: URL. */
function drawFavicon(n) {
  if (n === 0) { setFavicon(DEFAULT_ICON); return; }
  const paint = () => {
    const size = 64;
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const g = canvas.getContext('2d');
    if (!g) return;
    if (iconImage?.complete && iconImage.naturalWidth) g.drawImage(iconImage, 0, 0, size, size);
    else { g.fillStyle = '#07c160'; g.fillRect(0, 0, size, size); }
    const label = n > 99 ? '99+' : String(n);
    g.font = `bold ${label.length > 2 ? 24 : 32}px system-ui, sans-serif`;
    const w = Math.max(38, g.measureText(label).width + 14);
    g.fillStyle = '#fa5151';
    g.beginPath();
    if (g.roundRect) g.roundRect(size - w, 0, w, 38, 19);
    else g.rect(size - w, 0, w, 38);   // older browsers: a square badge is fine
    g.fill();
    g.fillStyle = '#fff';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(label, size - w / 2, 20);
    try { setFavicon(canvas.toDataURL('image/png')); } catch { /* tainted canvas: keep the plain icon */ }
  };
  if (!iconImage) {
    iconImage = new Image();
    iconImage.onload = () => { lastDrawn = -1; refreshBadge(); };
    iconImage.src = DEFAULT_ICON;
  }
  paint();
}

function notificationsSupported() {
  return 'Notification' in window && window.isSecureContext;
}

function setupPermissionButton() {
  const btn = document.getElementById('notify-btn');
  const sync = () => { btn.hidden = !(notificationsSupported() && Notification.permission === 'default'); };
  sync();
  if (btn.dataset.bound) return;
  btn.dataset.bound = '1';
  btn.addEventListener('click', async () => {
    try { await Notification.requestPermission(); } catch { /* old Safari uses a callback; ignore */ }
    sync();
  });
}

function desktopNotification(peer, message) {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(displayName(peer), {
      body: preview(messageSummary(message)),
      tag: 'duet-chat-' + peer,   // one notification per chat, replaced by the newest
      icon: DEFAULT_ICON,
    });
    n.onclick = () => {
      window.focus();
      location.hash = '#/chat/' + peer;
      n.close();
    };
  } catch { /* some browsers only allow notifications from a service worker */ }
}

/** Speaks a short text through the polite live region. */
export function announce(text) {
  const region = document.getElementById('announcer');
  const p = document.createElement('p');
  p.textContent = text;
  region.appendChild(p);
  while (region.childNodes.length > 5) region.removeChild(region.firstChild);
}

// ---- the notification sound ---------------------------------------------------------

let audio = null;

/** A short two-note chime made with Web Audio (no sound file to fetch or cache). */
function chime() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    audio ??= new Ctx();
    if (audio.state === 'suspended') audio.resume().catch(() => {});
    const now = audio.currentTime;
    for (const [freq, at] of [[880, 0], [1320, 0.12]]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + at);
      gain.gain.exponentialRampToValueAtTime(0.2, now + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + at);
      osc.stop(now + at + 0.3);
    }
  } catch { /* no audio here: the other notifications still work */ }
}
