// web-features' hooks into sync.js: the lists to load after every (re)connect, and the extension
// events to apply. One module, so sync.js names it once.

import * as blocking from './blocking.js';

export function loadLists() {
  return blocking.loadBlocked();
}

export function applyEvent(f) {
  return blocking.applyEvent(f);
}
