// web-features in the store and the chat list filter: blocked users, last seen, pinned chats
// first, and matching a chat by name in any script.
import './support/browser.js';
import { test, beforeEach, assert } from './support/t.js';
import * as store from '../../main/resources/public/js/store.js';
import { state } from '../../main/resources/public/js/store.js';
import { fold, chatMatches } from '../../main/resources/public/js/views/chatSearch.js';
import { labelled } from '../../main/resources/public/js/views/messageSearchAll.js';
import { attachmentLabel } from '../../main/resources/public/js/attachmentText.js';

const ME = { id: 1, username: 'ann', name: 'Ann' };
const BOB = { id: 2, username: 'bob', name: 'Bob' };
const WANG = { id: 3, username: 'wxm', name: '王小明' };
const chat = (peer, extra = {}) => ({ peer, unread: 0, updatedAt: 500, lastMessage: null, ...extra });

beforeEach(() => {
  store.reset();
  store.setMe(ME);
});

test('pinned chats come first, each group by latest activity', () => {
  store.putChat(chat(BOB, { updatedAt: 900 }));
  store.putChat(chat(WANG, { updatedAt: 100, pinned: true }));
  assert.deepEqual(store.sortedChats().map((c) => c.peer.id), [3, 2]);
  store.putChat(chat(WANG, { updatedAt: 100, pinned: false }));
  assert.deepEqual(store.sortedChats().map((c) => c.peer.id), [2, 3]);
});

test('blocking drops the contact and any request, and unblocking only lifts the block', () => {
  store.addContact(BOB);
  store.addRequest('incoming', WANG);
  store.addBlocked(BOB);
  store.addBlocked(WANG);
  assert.equal(state.contacts.has(2), false);
  assert.equal(state.incoming.has(3), false);
  assert.equal(store.isBlocked(2), true);
  store.dropBlocked(2);
  assert.equal(store.isBlocked(2), false);
  assert.equal(state.contacts.has(2), false, 'not a contact again');
  store.setBlocked([{ user: BOB, at: 5 }]);
  assert.deepEqual([...state.blocked.keys()], [2]);
  store.reset();
  assert.equal(state.blocked.size, 0, 'signing out forgets blocks');
});

test('last seen comes from events, contacts and chats, and never goes back', () => {
  assert.equal(store.lastSeenOf(2), null);
  store.setContacts([{ user: BOB, online: false, lastSeen: 2000 }]);
  assert.equal(store.lastSeenOf(2), 2000);
  store.setLastSeen(2, 1500);
  assert.equal(store.lastSeenOf(2), 2000, 'an older report loses');
  store.setLastSeen(2, 3000);
  store.putChat(chat(BOB, { lastSeen: 2500 }));
  assert.equal(store.lastSeenOf(2), 3000);
  store.setLastSeen(2, undefined);
  assert.equal(store.lastSeenOf(2), 3000);
});

test('a chat matches by any part of the name or username, in any script and case', () => {
  store.putChat(chat(WANG));
  store.putChat(chat(BOB));
  const wang = state.chats.get(3);
  const bob = state.chats.get(2);
  assert.equal(chatMatches(wang, fold('王')), true);
  assert.equal(chatMatches(wang, fold('小明')), true);
  assert.equal(chatMatches(bob, fold('王')), false);
  assert.equal(chatMatches(bob, fold('BO')), true);
  assert.equal(chatMatches(wang, fold('wx')), true, 'the username too');
  assert.equal(chatMatches(bob, fold('ｂｏｂ')), true, 'full-width letters fold to ASCII');
  assert.equal(chatMatches(bob, ''), true, 'an empty query shows all');
  store.updateUser({ ...BOB, name: 'Robert' });
  assert.equal(chatMatches(state.chats.get(2), fold('robert')), true, 'a renamed peer is found by the new name');
});

test('a search hit whose message has pictures or files says so before the text found', () => {
  const photo = { text: 'at the beach', attachments: [{ kind: 'image', name: 'a.jpg' }] };
  const files = { text: 'notes', attachments: [{ kind: 'image', name: 'a.jpg' }, { kind: 'file', name: 'b.pdf' }] };
  assert.deepEqual(labelled(photo, ['at the ', 'beach']), ['[Photo] ', 'at the ', 'beach']);
  assert.equal(attachmentLabel(files), '[File] b.pdf');
  assert.deepEqual(labelled({ text: 'hi' }, ['hi']), ['hi']);
  assert.equal(attachmentLabel({ text: 'hi', attachments: [] }), '');
});
