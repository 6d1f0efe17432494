// Message edits in the open chat (extension): each stored message's action menu (a ⋯ button
// shown on hover or focus on a desktop, a long press on a phone; arrows, Home/End, Esc and Tab
// as in the chat menu): Reply, Copy, Forward, Recall (own messages, within 2 minutes) and
// Delete for me (confirmed). Also what a bubble shows of edits: the quote of the message it
// replies to (clicking it goes there) and the "X recalled a message" note in a recalled one's place.
// messageList.js calls decorate() and recalledNote() from its bubble builder; nothing else of it changes.

import * as edits from '../edits.js';
import { api } from '../api.js';
import * as sync from '../sync.js';
import { state, displayName, sortedChats } from '../store.js';
import { t, errorText } from '../i18n.js';
import { $, h, setChildren } from '../dom.js';
import * as confirm from './confirm.js';
import * as replyBar from './replyBar.js';
import { onMenuKey } from './menuKeys.js';

const LONG_PRESS_MS = 500;
const MOVE_TOLERANCE_PX = 10;
const SWIPE_REPLY_PX = 64;   // a swipe to the right this far on a phone starts a reply

let open = null;   // {li, menu, button} of the menu that is open

function nameOf(userId) {
  return state.me && userId === state.me.id ? t('you') : displayName(userId);
}

/** One line of a quote: "Alice: text", or what became of the quoted message. */
export function quoteLabel(q) {
  if (q.missing) return t('quoteMissing');
  if (q.recalled) return t('quoteRecalled', { name: nameOf(q.from) });
  if (q.text == null) return t('quoteUnavailable');
  return nameOf(q.from) + ': ' + q.text.replace(/\s+/g, ' ').trim();
}

/** The quote at the top of a reply's bubble, or null. `reveal(seq)` shows the quoted message. */
export function quote(item, reveal) {
  const q = item.replyTo;
  if (!q) return null;
  return h('button.msg-quote', {
    type: 'button',
    dataset: { testid: 'message-quote', seq: String(q.seq), missing: String(!!q.missing), recalled: String(!!q.recalled) },
    title: t('quoteGoTo'),
    onclick: async (e) => {
      e.stopPropagation();
      if (q.missing) { toast(t('quoteMissing')); return; }
      if (!(await reveal(q.seq))) toast(t('quoteMissing'));
    },
  }, h('span.msg-quote-text', { dir: 'auto' }, quoteLabel(q)));
}

/** What stands in a recalled message's place. */
export function recalledNote(item, peer) {
  const mine = item.msg?.from === state.me?.id;
  // The note stands where the text stood (tests and anchoring read a message's text from it).
  return h('p.msg-recalled-note', { dataset: { testid: 'message-text', recalled: 'true' } },
    mine ? t('recalledYou') : t('recalledBy', { name: displayName(peer) }));
}

/** Adds the action button and the long press to a stored message's element. */
export function decorate(li, item, peer) {
  if (item.seq == null || !item.msg) return;
  const button = h('button.msg-actions-btn', {
    type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', title: t('messageActions'),
    'aria-label': t('messageActions'), dataset: { testid: 'message-actions' },
    onclick: (e) => { e.stopPropagation(); if (open?.li === li) close(); else openMenu(li, item, peer, button); },
    onkeydown: (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') { e.preventDefault(); openMenu(li, item, peer, button, e.key === 'ArrowUp' ? -1 : 0); }
    },
  }, h('span', { 'aria-hidden': 'true' }, '⋯'));
  li.appendChild(button);
  const reply = () => replyBar.start(peer, { seq: item.msg.seq, from: item.msg.from, text: item.msg.text });
  touchGestures(li.querySelector('.bubble'), () => openMenu(li, item, peer, button), reply);
}

/** On a touch screen: a long press opens the menu (`run`), a swipe to the right replies (`swipe`). */
function touchGestures(el, run, swipe) {
  if (!el) return;
  let timer = null;
  let start = null;
  const cancel = () => { clearTimeout(timer); timer = null; };
  el.addEventListener('pointerdown', (e) => {
    if (e.pointerType !== 'touch') return;
    start = { x: e.clientX, y: e.clientY };
    cancel();
    timer = setTimeout(() => { timer = null; el.dataset.pressed = 'true'; run(); }, LONG_PRESS_MS);
  });
  el.addEventListener('pointermove', (e) => {
    if (!start || e.pointerType !== 'touch') return;
    const dx = e.clientX - start.x;
    const dy = Math.abs(e.clientY - start.y);
    if (timer && Math.hypot(dx, dy) > MOVE_TOLERANCE_PX) cancel();
    if (dx > SWIPE_REPLY_PX && dy < SWIPE_REPLY_PX / 2) { start = null; swipe(); }
  });
  for (const type of ['pointerup', 'pointercancel', 'pointerleave']) el.addEventListener(type, () => { cancel(); start = null; });
  // The system's own long-press menu (select, share) would cover ours.
  el.addEventListener('contextmenu', (e) => { if (el.dataset.pressed === 'true' || timer) e.preventDefault(); delete el.dataset.pressed; });
}

function items(item, peer) {
  const m = item.msg;
  const list = [
    { label: t('actionReply'), testid: 'action-reply', run: () => replyBar.start(peer, { seq: m.seq, from: m.from, text: m.text }) },
  ];
  // Copy carries the text (a picture's caption); forward carries the text and the files.
  if (m.text) list.push({ label: t('actionCopy'), testid: 'action-copy', run: () => copy(m.text) });
  if (m.text || m.attachments?.length) {
    list.push({ label: t('actionForward'), testid: 'action-forward', run: () => forward(m.text, m.attachments ?? []) });
  }
  if (edits.canRecall(m)) list.push({ label: t('actionRecall'), testid: 'action-recall', run: () => recall(peer, m.seq) });
  list.push({ label: t('actionDeleteForMe'), testid: 'action-delete', run: () => deleteForMe(peer, m.seq) });
  return list;
}

function openMenu(li, item, peer, button, focusIndex = 0) {
  close(false);
  const menu = h('ul.menu.msg-menu', { role: 'menu', 'aria-label': t('messageActions'), dataset: { testid: 'message-menu' } });
  setChildren(menu, ...items(item, peer).map((it) =>
    h('li', { role: 'none' },
      h('button.menu-item', {
        type: 'button', role: 'menuitem', tabIndex: -1, dataset: { testid: it.testid },
        onclick: (e) => { e.stopPropagation(); close(false); it.run(); },
      }, it.label))));
  menu.addEventListener('keydown', (e) => onMenuKey(e, menu, close));
  // Below the message, or above it in the lower part of the view (where below would be cut off).
  const box = li.closest('#message-scroller')?.getBoundingClientRect();
  if (box && li.getBoundingClientRect().bottom > box.top + box.height * 0.55) menu.classList.add('opens-up');
  li.appendChild(menu);
  li.classList.add('has-menu');
  button.setAttribute('aria-expanded', 'true');
  open = { li, menu, button };
  [...menu.querySelectorAll('.menu-item')].at(focusIndex)?.focus({ preventScroll: true });
}

function close(refocus = true) {
  if (!open) return;
  const { li, menu, button } = open;
  open = null;
  menu.remove();
  li.classList.remove('has-menu');
  button.setAttribute('aria-expanded', 'false');
  if (refocus && button.isConnected) button.focus({ preventScroll: true });
}

export function init() {
  document.addEventListener('pointerdown', (e) => { if (open && !open.li.contains(e.target)) close(false); });
  replyBar.init();
}

// ---- the actions ----------------------------------------------------------------

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard API (not a secure context) or no permission: the old way.
    const ta = h('textarea.visually-hidden', { readonly: true });
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); } catch { /* nothing more to try */ }
    ta.remove();
  }
  toast(t('copied'));
}

async function recall(peer, seq) {
  try {
    await edits.recall(peer, seq);
  } catch (e) {
    toast(errorText(e.code || 'network'));
  }
}

async function deleteForMe(peer, seq) {
  const ok = await confirm.ask({ title: t('deleteForMeTitle'), body: t('deleteForMeBody'), ok: t('deleteForMeOk') });
  if (!ok) return;
  try {
    await edits.deleteForMe(peer, seq);
  } catch (e) {
    toast(errorText(e.code || 'network'));
  }
}

/**
 * Forward: pick one of my chats; the text goes there as a new message of mine, with copies of the
 * files (the server copies each into an upload of mine: a message's files are its own).
 */
function forward(text, attachments) {
  let dlg = $('#forward-dialog');
  if (!dlg) {
    dlg = h('dialog.dialog.forward-dialog', { id: 'forward-dialog', 'aria-labelledby': 'forward-title', dataset: { testid: 'forward-dialog' } });
    document.body.appendChild(dlg);
  }
  const back = document.activeElement;
  const chats = sortedChats().filter((c) => c.contact !== false);
  const done = async (peerId) => {
    dlg.close();
    if (peerId == null) return;
    let copies = [];
    try {
      copies = await Promise.all(attachments.map((a) => api.copyFile(a.id).then((r) => r.upload)));
    } catch (e) {
      toast(errorText(e.code || 'network'));
      return;
    }
    sync.sendText(peerId, text, null, copies);
    toast(t('forwardedTo', { name: displayName(peerId) }));
  };
  setChildren(dlg,
    h('h2', { id: 'forward-title' }, t('forwardTitle')),
    chats.length
      ? h('ul.forward-list', { dataset: { testid: 'forward-list' } }, chats.map((c) =>
        h('li', null, h('button.forward-target', {
          type: 'button', dataset: { testid: 'forward-target', peer: String(c.peer.id) }, onclick: () => done(c.peer.id),
        }, c.peer.name || c.peer.username))))
      : h('p', null, t('forwardNoChats')),
    h('div.dialog-actions', null,
      h('button.btn.btn-secondary', { type: 'button', dataset: { testid: 'forward-cancel' }, onclick: () => done(null) }, t('cancel'))));
  dlg.addEventListener('close', () => { if (back && back.isConnected) back.focus({ preventScroll: true }); }, { once: true });
  dlg.showModal();
  dlg.querySelector('.forward-target, .btn')?.focus();
}

let toastTimer = null;

/** A short status line at the bottom of the page, read out by screen readers. */
export function toast(text) {
  let el = $('#edit-toast');
  if (!el) {
    el = h('div.edit-toast', { id: 'edit-toast', role: 'status', 'aria-live': 'polite', dataset: { testid: 'toast' } });
    document.body.appendChild(el);
  }
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 2500);
}
