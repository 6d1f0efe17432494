// The store's named operations: each changes state in one place and announces
// exactly what it touched (a typing event must not make the chat list walk all rows).
import { clock } from './support/browser.js';
import { test, beforeEach, assert } from './support/t.js';
import * as store from '../../main/resources/public/js/store.js';
import { state } from '../../main/resources/public/js/store.js';

const ME = { id: 1, username: 'ann', name: 'Ann' };
const BOB = { id: 2, username: 'bob', name: 'Bob' };
const CAROL = { id: 3, username: 'carol', name: 'Carol' };
let events = [];
const offs = [];

function listen(...types) {
  for (const t of types) offs.push(store.on(t, (d) => events.push(d === undefined ? t : [t, d])));
}
const names = () => events.map((e) => (Array.isArray(e) ? e[0] : e));
const msg = (seq, from, to, extra = {}) => ({ id: 'm' + seq + '-' + from, seq, from, to, text: 'text ' + seq, sentAt: 1000 + seq, ...extra });
const chat = (peer, extra = {}) => ({ peer, unread: 0, updatedAt: 500, lastMessage: null, ...extra });

beforeEach(() => {
  store.reset();
  store.setMe(ME);
  while (offs.length) offs.pop()();
  events = [];
});

test('putChat keeps presence out of the chat and in the one presence map', () => {
  listen('chats', 'presence', 'chat:2');
  store.putChat(chat(BOB, { online: true }));
  assert.equal(state.chats.get(2).online, undefined, 'no copy of presence on the chat');
  assert.equal(store.isOnline(2), true);
  assert.deepEqual(names(), ['chats', 'presence']);
  assert.equal(state.users.get(2).name, 'Bob');
});

test('setPresence announces the user and that one chat row, only when it changes', () => {
  store.putChat(chat(BOB));
  store.putChat(chat(CAROL, { online: false }));
  listen('chats', 'presence', 'chat:2', 'chat:3');
  store.setPresence(2, true);
  assert.deepEqual(events, [['presence', { user: 2 }], 'chat:2']);
  events = [];
  store.setPresence(2, true);
  assert.deepEqual(events, [], 'no change, no event');
  store.setContacts([{ user: BOB, online: false }, { user: CAROL, online: false }]);
  assert.equal(store.isOnline(2), false);
  assert.deepEqual(state.contacts.get(2), { user: BOB }, 'contacts hold no presence copy');
  assert.deepEqual(names(), ['chat:2', 'presence'], 'Carol was already offline');
});

test('typing touches only its chat row, never the whole chat list', () => {
  store.putChat(chat(BOB));
  store.putChat(chat(CAROL));
  listen('chats', 'typing', 'chat:2', 'chat:3', 'unread');
  store.setTyping(2, Date.now() + 5000);
  assert.equal(store.isTyping(2), true);
  assert.deepEqual(events, [['typing', { peer: 2 }], 'chat:2']);
  clock.tick(6000);
  assert.equal(store.isTyping(2), false, 'typing shows for a while only');
  events = [];
  store.setTyping(2, 0);
  assert.deepEqual(events, [['typing', { peer: 2 }], 'chat:2']);
  events = [];
  store.setTyping(2, 0);
  assert.deepEqual(events, [], 'already not typing');
});

test('applyMessage adds to the history and the chat, counts unread once, and clears typing', () => {
  store.putChat(chat(BOB));
  const h = store.history(2);
  store.addHistoryPage(2, h, 'latest', { messages: [msg(1, 2, 1)], hasMore: false });
  store.setTyping(2, Date.now() + 5000);
  listen('chats', 'unread', 'incoming', 'history', 'typing');
  const r = store.applyMessage(msg(2, 2, 1));
  assert.deepEqual(r, { peer: 2, mine: false, isNew: true, hasChat: true, gapAfter: null });
  assert.equal(state.chats.get(2).unread, 1);
  assert.equal(state.chats.get(2).lastMessage.seq, 2);
  assert.deepEqual(h.sorted().map((m) => m.seq), [1, 2]);
  assert.deepEqual(names(), ['typing', 'history', 'chats', 'unread', 'incoming']);
  assert.equal(store.isTyping(2), false);

  events = [];
  const again = store.applyMessage(msg(2, 2, 1));
  assert.equal(again.isNew, false);
  assert.equal(state.chats.get(2).unread, 1, 'a repeated message is not unread twice');
  assert.deepEqual(names().includes('incoming'), false);
});

test('applyMessage: my own message is not unread, and a seq gap is reported', () => {
  store.putChat(chat(BOB));
  const h = store.history(2);
  store.addHistoryPage(2, h, 'latest', { messages: [msg(1, 2, 1), msg(2, 1, 2)], hasMore: false });
  const mine = store.applyMessage(msg(3, 1, 2));
  assert.equal(mine.mine, true);
  assert.equal(state.chats.get(2).unread, 0);
  const gap = store.applyMessage(msg(7, 2, 1));
  assert.equal(gap.gapAfter, 3, 'seq 4 to 6 are missing');
});

test('applyMessage for a chat we do not have says so (the caller refreshes the list)', () => {
  const r = store.applyMessage(msg(1, 3, 1));
  assert.equal(r.hasChat, false);
  assert.equal(state.chats.size, 0);
});

test('markRead up to the newest message zeroes the unread count, touching that row and the badges only', () => {
  store.putChat(chat(BOB, { unread: 2, lastMessage: msg(5, 2, 1) }));
  listen('chats', 'unread', 'chat:2');
  assert.equal(store.markRead(2, 5), 5);
  assert.equal(state.chats.get(2).unread, 0);
  assert.deepEqual(names(), ['chat:2', 'unread']);
  events = [];
  assert.equal(store.markRead(2, 5), null, 'nothing unread: nothing to report');
  assert.equal(store.markRead(9, 5), null, 'no such chat');
  assert.deepEqual(events, []);
});

test('markRead up to a message on screen leaves the peer\'s later messages unread', () => {
  store.putChat(chat(BOB, { unread: 4, readMark: 1, lastMessage: msg(6, 2, 1) }));
  const h = store.history(2);
  for (let s = 1; s <= 6; s++) h.add(msg(s, s === 4 ? 1 : 2, 1));   // seq 4 is mine
  assert.equal(store.markRead(2, 3), 3);
  assert.equal(state.chats.get(2).unread, 2, 'seq 5 and 6 are still unread');
  assert.equal(state.chats.get(2).readMark, 3);
  assert.equal(store.markRead(2, 3), null, 'already read up to there');
  assert.equal(store.markRead(2, 2), null, 'the mark never goes down');
});

test('putChat keeps a newer last message this tab saw before the server snapshot', () => {
  store.putChat(chat(BOB, { lastMessage: msg(1, 2, 1) }));
  store.applyMessage(msg(2, 2, 1));
  store.putChat(chat(BOB, { lastMessage: msg(1, 2, 1), updatedAt: 100 }));
  assert.equal(state.chats.get(2).lastMessage.seq, 2);
  assert.equal(state.chats.get(2).updatedAt, 1002);
});

test('a re-created chat box drops the history of the old one, unless its page is open', () => {
  store.history(2);
  store.putChat(chat(BOB));
  assert.equal(state.histories.has(2), false);
  store.removeChat(2);
  store.history(2);
  store.setOpenPeer(2);
  store.putChat(chat(BOB));
  assert.equal(state.histories.has(2), true);
});

test('setChats: a list asked for before local changes cannot undo them', () => {
  store.putChat(chat(BOB));
  const asked = store.chatsVersionNow();
  store.putChat(chat(CAROL));          // opened here after the list was asked for
  store.removeChat(2);                 // deleted here after the list was asked for
  const gone = store.setChats([chat(BOB)], asked);
  assert.deepEqual([...state.chats.keys()].sort(), [3]);
  assert.deepEqual(gone, []);
  // A chat the server no longer lists, not changed here since: deleted elsewhere.
  const gone2 = store.setChats([], store.chatsVersionNow());
  assert.deepEqual(gone2, [3]);
  assert.equal(state.chats.size, 0);
});

test('removeChat forgets the chat and its history and says whether there was one', () => {
  store.putChat(chat(BOB));
  store.history(2);
  listen('chats', 'unread');
  assert.equal(store.removeChat(2), true);
  assert.equal(state.histories.has(2), false);
  assert.deepEqual(names(), ['chats', 'unread']);
  assert.equal(store.removeChat(2), false);
});

test('addHistoryPage merges overlapping pages once and ignores a history that was replaced', () => {
  store.putChat(chat(BOB));
  const h = store.history(2);
  store.addHistoryPage(2, h, 'latest', { messages: [msg(3, 2, 1), msg(4, 2, 1)], hasMore: true });
  assert.equal(h.loaded, true);
  assert.equal(h.hasMoreBefore, true);
  assert.equal(state.chats.get(2).lastMessage.seq, 4, 'the chat list learns the newest message');
  const fresh = store.addHistoryPage(2, h, 'older', { messages: [msg(2, 2, 1), msg(3, 2, 1)], hasMore: false });
  assert.deepEqual(fresh.map((m) => m.seq), [2]);
  assert.equal(h.hasMoreBefore, false);
  assert.deepEqual([h.minSeq, h.maxSeq], [2, 4]);
  store.removeChat(2);
  assert.equal(store.addHistoryPage(2, h, 'after', { messages: [msg(5, 2, 1)] }), null);
});

test('updateUser renames a user everywhere and tells the views that show them', () => {
  store.putChat(chat(BOB));
  store.setContacts([{ user: BOB, online: true }]);
  store.addRequest('incoming', CAROL);
  listen('user', 'chat:2', 'contacts', 'requests', 'me', 'chats');
  store.updateUser({ id: 2, name: 'Robert' });
  assert.equal(state.chats.get(2).peer.name, 'Robert');
  assert.equal(state.contacts.get(2).user.name, 'Robert');
  assert.equal(store.displayName(2), 'Robert');
  assert.deepEqual(names(), ['user', 'chat:2', 'contacts']);
  events = [];
  store.updateUser({ id: 1, name: 'Ann Lee' });
  assert.equal(state.me.name, 'Ann Lee');
  assert.deepEqual(names(), ['user', 'me']);
});

test('contacts and requests: a request, the contact it becomes, and its end', () => {
  listen('requests', 'contacts', 'notice');
  store.addRequest('incoming', BOB);
  assert.equal(state.incoming.has(2), true);
  assert.deepEqual(names(), ['requests', 'notice']);
  store.addRequest('outgoing', CAROL);
  store.addContact(BOB);
  assert.equal(state.incoming.has(2), false);
  assert.equal(state.contacts.has(2), true);
  store.dropRequests(3);
  assert.equal(state.outgoing.size, 0);
  store.dropContact(2);
  assert.equal(state.contacts.size, 0);
  store.setRequests({ incoming: [{ user: BOB, at: 1 }], outgoing: [] });
  assert.equal(state.incoming.get(2).user.name, 'Bob');
});

test('read receipts only move up, and are kept per user across a reload', () => {
  listen('peerRead');
  store.peerRead(2, 5);
  store.peerRead(2, 3);
  assert.equal(state.peerRead.get(2), 5);
  assert.deepEqual(events, [['peerRead', { peer: 2 }]]);
  store.reset();
  store.setMe(ME);
  store.loadPeerRead();
  assert.equal(state.peerRead.get(2), 5);
});

test('the outbox operations keep pending messages by clientId', () => {
  listen('pending');
  const p = { clientId: 'c1', to: 2, text: 'hi', createdAt: 1, state: 'sending', error: null };
  assert.equal(store.addPending(p), true);
  assert.equal(store.addPending({ ...p }), false, 'the same clientId twice');
  store.setPendingState('c1', 'failed', 'not_contacts');
  assert.deepEqual([p.state, p.error], ['failed', 'not_contacts']);
  assert.deepEqual(store.pendingFor(2).map((x) => x.clientId), ['c1']);
  assert.equal(store.removePending('c1'), p);
  assert.equal(store.removePending('c1'), null);
  assert.equal(events.length, 3);
});

test('setOpenPeer announces the route and refreshes the two rows whose highlight changes', () => {
  store.putChat(chat(BOB));
  store.putChat(chat(CAROL));
  listen('route', 'chat:2', 'chat:3', 'chats');
  store.setOpenPeer(2);
  store.setOpenPeer(3);
  assert.deepEqual(events, [['route', { peer: 2, previous: null }], 'chat:2', ['route', { peer: 3, previous: 2 }], 'chat:2', 'chat:3']);
});

test('sorted chats: newest activity first', () => {
  store.putChat(chat(BOB, { updatedAt: 10 }));
  store.putChat(chat(CAROL, { updatedAt: 5, lastMessage: msg(1, 3, 1) }));
  assert.deepEqual(store.sortedChats().map((c) => c.peer.id), [3, 2]);
  assert.equal(store.totalUnread(), 0);
});

test('reset forgets everything and empties the chat pane', () => {
  store.putChat(chat(BOB, { unread: 3 }));
  store.setOpenPeer(2);
  listen('route');
  store.reset();
  assert.equal(state.me, null);
  assert.equal(state.chats.size, 0);
  assert.equal(state.openPeer, null);
  assert.deepEqual(events, [['route', { peer: null, previous: null }]]);
});

test('a list asked for before a presence event cannot undo it (issue #10, defect 3)', () => {
  store.putChat(chat(BOB, { online: false }));
  const asked = store.chatsVersionNow();
  const presenceAsked = store.presenceVersionNow();
  store.setPresence(2, true);   // Bob came online while the lists were on their way
  store.setChats([chat(BOB, { online: false }), chat(CAROL, { online: true })], asked, presenceAsked);
  store.setContacts([{ user: BOB, online: false }, { user: CAROL, online: true }], presenceAsked);
  assert.equal(store.isOnline(2), true, 'the event is newer than both lists');
  assert.equal(store.isOnline(3), true, 'no event about Carol: the list counts');
  store.setContacts([{ user: BOB, online: false }], store.presenceVersionNow());
  assert.equal(store.isOnline(2), false, 'a list asked for after the event counts');
});
