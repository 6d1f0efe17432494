// This browser's preferences, kept in localStorage: the colour theme ('system' follows
// prefers-color-scheme, or 'light' / 'dark') and the notification sound (off by default).
// The theme is applied as <html data-theme="light|dark">, which the stylesheet keys on.

const THEME_KEY = 'duet.theme';
const SOUND_KEY = 'duet.sound';
const THEMES = ['system', 'light', 'dark'];
const systemDark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

function read(key) { try { return localStorage.getItem(key); } catch { return null; } }
function write(key, value) { try { localStorage.setItem(key, value); } catch { /* private mode: this tab only */ } }

export function theme() {
  const t = read(THEME_KEY);
  return THEMES.includes(t) ? t : 'system';
}

/** 'light' or 'dark': what the page shows now. */
export function effectiveTheme() {
  const t = theme();
  if (t !== 'system') return t;
  return systemDark?.matches ? 'dark' : 'light';
}

export function applyTheme() {
  document.documentElement.dataset.theme = effectiveTheme();
}

export function setTheme(t) {
  if (!THEMES.includes(t)) return;
  write(THEME_KEY, t);
  applyTheme();
}

export function soundOn() { return read(SOUND_KEY) === 'on'; }

export function setSound(on) { write(SOUND_KEY, on ? 'on' : 'off'); }

/** Applies the theme now and follows the system setting while it is 'system'. */
export function init() {
  applyTheme();
  systemDark?.addEventListener?.('change', applyTheme);
  // Another tab changed a preference.
  window.addEventListener('storage', (e) => { if (e.key === THEME_KEY) applyTheme(); });
}
