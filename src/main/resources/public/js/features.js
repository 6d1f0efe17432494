// web-features' hooks into sync.js: the lists to load after every (re)connect, and the extension
// events to apply. One module, so sync.js names it once.

import * as blocking from './blocking.js';
import * as edits from './edits.js';   // message edits: recall, delete for me, the change cursor

export function loadLists() {
  return blocking.loadBlocked();
}

export function applyEvent(f) {
  if (edits.applyEvent(f)) return true;
  return blocking.applyEvent(f);
}

/** After a (re)connect, once the chat's history caught up: the edits made while away. */
export function catchUpEdits(peer) {
  return edits.catchUp(peer);
}
