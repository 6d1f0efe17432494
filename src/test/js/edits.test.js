// Message edits in the store: a recall replaces the held message and every quote of it and
// sticks (a late message event never brings the text back); a deletion for me removes it for
// good (pages fetched before it never re-add it), and the chat row's last message follows.
import './support/browser.js';
import { test, beforeEach, assert } from './support/t.js';
import * as store from '../../main/resources/public/js/store.js';
import { state } from '../../main/resources/public/js/store.js';

const ME = { id: 1, username: 'ann', name: 'Ann' };
const BOB = { id: 2, username: 'bob', name: 'Bob' };
const msg = (seq, from, to, extra = {}) => ({ id: 'm' + seq, seq, from, to, text: 'text ' + seq, sentAt: 1000 + seq, ...extra });

function loaded(messages, changeCursor = 0) {
  const h = store.historyLoading(2);
  store.addHistoryPage(2, h, 'latest', { messages, hasMore: false, changeCursor });
  store.historyDone(2, h, 'latest', null, 'replace');
  return h;
}

beforeEach(() => {
  store.reset();
  store.setMe(ME);
  store.putChat({ peer: BOB, unread: 0, updatedAt: 500, lastMessage: null });
});

test('a recall replaces the message, its quotes and the chat row, and sticks', () => {
  const h = loaded([msg(1, 2, 1), msg(2, 1, 2, { replyTo: { seq: 1, from: 2, text: 'text 1' } })]);
  store.applyMessage(msg(3, 2, 1));
  store.applyRecall({ ...msg(1, 2, 1), text: '', recalledAt: 5000 });
  assert.equal(h.bySeq.get(1).text, '');
  assert.equal(h.bySeq.get(1).recalledAt, 5000);
  assert.deepEqual(h.bySeq.get(2).replyTo, { seq: 1, from: 2, recalled: true });
  store.applyMessage(msg(1, 2, 1));   // a late copy of the original
  assert.equal(h.bySeq.get(1).recalledAt, 5000, 'the recall sticks');
  store.applyRecall({ ...msg(3, 2, 1), text: '', recalledAt: 6000 });
  assert.equal(state.chats.get(2).lastMessage.recalledAt, 6000, 'the chat list says it was recalled');
});

test('a deletion for me removes the message for good and the row shows the one before', () => {
  const h = loaded([msg(1, 2, 1), msg(2, 2, 1), msg(3, 1, 2, { replyTo: { seq: 2, from: 2, text: 'text 2' } })]);
  store.applyMessage(msg(4, 2, 1));
  store.applyDeleted(2, 4, null);
  store.applyDeleted(2, 2, null);
  assert.deepEqual(h.sorted().map((m) => m.seq), [1, 3]);
  assert.deepEqual(h.bySeq.get(3).replyTo, { seq: 2, missing: true });
  assert.equal(state.chats.get(2).lastMessage.seq, 3);
  assert.equal(h.maxSeq, 4, 'catching up still starts after the newest seq seen');
  store.addHistoryPage(2, h, 'after', { messages: [msg(2, 2, 1), msg(4, 2, 1)], hasMore: false });
  assert.deepEqual(h.sorted().map((m) => m.seq), [1, 3], 'an older page never brings them back');
});

test('the change cursor comes from the first page and moves only forward', () => {
  loaded([msg(1, 2, 1)], 7);
  assert.equal(store.changeCursorOf(2), 7);
  store.setChangeCursor(2, 5);
  assert.equal(store.changeCursorOf(2), 7);
  store.setChangeCursor(2, 9);
  assert.equal(store.changeCursorOf(2), 9);
  store.removeChat(2);
  assert.equal(store.changeCursorOf(2), null);
});
