// The outbox: every message typed is sent with its own clientId, kept (also in
// sessionStorage) until the server stores it, and resent after a reconnect.
import { clock, sockets } from './support/browser.js';
import { test, beforeEach, assert } from './support/t.js';
import * as store from '../../main/resources/public/js/store.js';
import { state } from '../../main/resources/public/js/store.js';
import * as socket from '../../main/resources/public/js/socket.js';
import * as outbox from '../../main/resources/public/js/outbox.js';

const ME = { id: 1, username: 'ann', name: 'Ann' };

/** The client connects and the server accepts: returns the fake socket. */
function online() {
  socket.start({ onOpen: () => outbox.flush() });
  const ws = sockets[sockets.length - 1];
  ws.hello(ME);
  return ws;
}
const saved = () => JSON.parse(sessionStorage.getItem('duet.outbox') || 'null');

beforeEach(() => {
  socket.stop();
  outbox.clearAll();
  clock.reset();
  store.reset();
  store.setMe(ME);
  sockets.length = 0;
  sessionStorage.clear();
});

test('a clientId is 32 hex digits and new every time', () => {
  const a = outbox.newClientId();
  assert.ok(/^[0-9a-f]{32}$/.test(a), a);
  assert.ok(a !== outbox.newClientId());
});

test('typed while offline: kept, saved for a reload, and sent once the socket says hello', () => {
  const id = outbox.enqueue(2, 'hello');
  assert.equal(state.pending.get(id).state, 'sending');
  assert.deepEqual(saved().list.map((p) => p.clientId), [id]);
  const ws = online();
  assert.deepEqual(ws.frames('send'), [{ type: 'send', to: 2, text: 'hello', clientId: id }]);
});

test('a reconnect resends everything unacknowledged, oldest first, with the same clientIds', () => {
  const first = outbox.enqueue(2, 'one');
  clock.tick(10);
  const second = outbox.enqueue(3, 'two');
  const ws = online();
  assert.deepEqual(ws.frames('send').map((f) => f.clientId), [first, second]);
});

test('no ack in time on an open socket: sent again with the same clientId', () => {
  const ws = online();
  const id = outbox.enqueue(2, 'are you there');
  assert.equal(ws.frames('send').length, 1);
  clock.tick(10000);
  assert.deepEqual(ws.frames('send').map((f) => f.clientId), [id, id]);
});

test('settled by the ack: gone from memory and storage, no more resends', () => {
  const ws = online();
  const id = outbox.enqueue(2, 'hi');
  assert.equal(outbox.settle(id), true);
  assert.equal(state.pending.size, 0);
  assert.equal(saved(), null);
  clock.tick(30000);
  assert.equal(ws.frames('send').length, 1);
  assert.equal(outbox.settle(id), false, 'a second ack is ignored');
});

test('refused: marked failed with the reason; retry sends it again, discard drops it', () => {
  const ws = online();
  const id = outbox.enqueue(2, 'hi');
  outbox.refuse(id, 'not_contacts');
  assert.deepEqual([state.pending.get(id).state, state.pending.get(id).error], ['failed', 'not_contacts']);
  assert.equal(saved().list[0].state, 'failed');
  clock.tick(15000);   // past the ack timeout, short of the heartbeat's ping
  assert.equal(ws.frames('send').length, 1, 'a failed message waits for the user');
  outbox.retry(id);
  assert.equal(state.pending.get(id).state, 'sending');
  assert.equal(ws.frames('send').length, 2);
  outbox.refuse(id, 'not_contacts');
  outbox.discard(id);
  assert.equal(state.pending.size, 0);
  assert.equal(saved(), null);
});

test('rate limited: retried by itself after a short wait', () => {
  const ws = online();
  const id = outbox.enqueue(2, 'hi');
  outbox.refuse(id, 'rate_limited');
  assert.equal(state.pending.get(id).state, 'sending');
  clock.tick(2600);
  assert.equal(ws.frames('send').length, 2);
});

test('a busy or stopping server (unavailable): retried by itself, a validation refusal is not', () => {
  const ws = online();
  const id = outbox.enqueue(2, 'hi');
  outbox.refuse(id, 'unavailable');
  assert.equal(state.pending.get(id).state, 'sending');
  clock.tick(2600);
  assert.equal(ws.frames('send').length, 2);
  outbox.refuse(id, 'message_too_long');
  assert.equal(state.pending.get(id).state, 'failed');
});

test('restore after a reload brings back only the same user\'s messages', () => {
  const id = outbox.enqueue(2, 'before reload');
  const copy = sessionStorage.getItem('duet.outbox');
  store.clearPending();
  sessionStorage.setItem('duet.outbox', copy);
  outbox.restore();
  assert.equal(state.pending.get(id).text, 'before reload');
  store.clearPending();
  store.setMe({ id: 9, username: 'eve' });
  outbox.restore();
  assert.equal(state.pending.size, 0);
});
