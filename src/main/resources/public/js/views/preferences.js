// The "This browser" section of the account panel: theme and notification sound.

import * as prefs from '../preferences.js';
import { $ } from '../dom.js';

export function init() {
  const select = $('#theme-select');
  const sound = $('#sound-toggle');
  const sync = () => { select.value = prefs.theme(); sound.checked = prefs.soundOn(); };
  sync();
  select.addEventListener('change', () => prefs.setTheme(select.value));
  sound.addEventListener('change', () => prefs.setSound(sound.checked));
  // The panel may have been left open while another tab changed them.
  $('#account-dialog').addEventListener('toggle', sync);
  window.addEventListener('storage', sync);
}
