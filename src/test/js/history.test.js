// history.js against a pretend server: pages are merged once each, in seq order,
// whatever order and overlap they arrive in.
import { server, clock } from './support/browser.js';
import { test, beforeEach, assert, settle } from './support/t.js';
import * as store from '../../main/resources/public/js/store.js';
import { state } from '../../main/resources/public/js/store.js';
import { loadLatest, loadOlder, catchUp, openHistory } from '../../main/resources/public/js/history.js';

const ME = { id: 1, username: 'ann', name: 'Ann' };
const BOB = { id: 2, username: 'bob', name: 'Bob' };
let stored = [];   // Ann's copy of the chat with Bob on the server

const msg = (seq, from = 2, extra = {}) =>
  ({ id: 'm' + seq, seq, from, to: from === 1 ? 2 : 1, text: 'text ' + seq, sentAt: 1000 + seq, ...extra });

/** GET /api/chats/2/messages with before/after/limit, like the server answers it. */
function messagesHandler(method, path) {
  const m = path.match(/^\/api\/chats\/2\/messages(?:\?(.*))?$/);
  if (method !== 'GET' || !m) return { status: 404, body: { error: { code: 'not_found' } } };
  const q = new URLSearchParams(m[1] || '');
  const limit = Number(q.get('limit') || 50);
  let page;
  let hasMore;
  if (q.has('after')) {
    const after = stored.filter((x) => x.seq > Number(q.get('after')));
    page = after.slice(0, limit);
    hasMore = after.length > limit;
  } else {
    const before = q.has('before') ? stored.filter((x) => x.seq < Number(q.get('before'))) : stored;
    page = before.slice(-limit);
    hasMore = before.length > limit;
  }
  return { status: 200, body: { messages: page, hasMore } };
}

function seqs() { return store.history(2).sorted().map((m) => m.seq); }

beforeEach(() => {
  clock.reset();
  store.reset();
  store.setMe(ME);
  store.putChat({ peer: BOB, unread: 0, updatedAt: 0, lastMessage: null });
  stored = [];
  for (let s = 1; s <= 120; s++) stored.push(msg(s, s % 3 === 0 ? 1 : 2));
  server.requests = [];
  server.handler = messagesHandler;
});

test('the newest page comes first, and the chat list learns its last message', async () => {
  const kinds = [];
  const off = store.on('history', (d) => kinds.push(d.kind));
  await loadLatest(2);
  off();
  const h = state.histories.get(2);
  assert.equal(h.loaded, true);
  assert.equal(h.loading, false);
  assert.equal(h.hasMoreBefore, true);
  assert.deepEqual([h.minSeq, h.maxSeq], [71, 120]);
  assert.equal(state.chats.get(2).lastMessage.seq, 120);
  assert.deepEqual(kinds, ['status', 'replace']);
  await loadLatest(2);
  assert.equal(server.requests.length, 1, 'the newest page is fetched once per chat');
});

test('scrolling up merges older pages until the history starts, each message once', async () => {
  await loadLatest(2);
  const kinds = [];
  const off = store.on('history', (d) => kinds.push(d.kind));
  await loadOlder(2);
  await loadOlder(2);   // nothing more before seq 1: no request
  off();
  assert.deepEqual(seqs(), stored.map((m) => m.seq));
  assert.equal(state.histories.get(2).hasMoreBefore, false);
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[1].path, '/api/chats/2/messages?before=71&limit=200');
  assert.deepEqual(kinds, ['status', 'prepend']);
});

test('opening at the first unread message loads back to it before the chat is shown', async () => {
  for (let s = 121; s <= 600; s++) stored.push(msg(s));
  const kinds = [];
  const off = store.on('history', (d) => kinds.push(d.kind));
  await openHistory(2, 201);   // the read mark is 200, far older than the newest page
  off();
  const h = state.histories.get(2);
  assert.equal(h.minSeq, 151, 'the first unread message is loaded, and no more pages than needed');
  assert.deepEqual(server.requests.map((r) => r.path.replace('/api/chats/2/messages', '')),
    ['?limit=50', '?before=551&limit=200', '?before=351&limit=200']);
  assert.deepEqual(kinds, ['status', 'replace'], 'shown once, with everything in');
  // Already loaded: another open only loads what is missing.
  server.requests = [];
  await openHistory(2, 20);
  assert.equal(state.histories.get(2).minSeq, 1);
  assert.equal(server.requests.length, 1);
  await openHistory(2, 20);
  assert.equal(server.requests.length, 1, 'nothing more to load');
});

test('overlapping pages and a live message in between never show twice', async () => {
  await loadLatest(2);
  // A message arrives live, then the server's next page overlaps what we hold.
  stored.push(msg(121));
  store.applyMessage(msg(121));
  stored.push(msg(122));
  await catchUp(2);
  assert.deepEqual(seqs().slice(-4), [119, 120, 121, 122]);
  assert.equal(new Set(seqs()).size, seqs().length);
  assert.equal(server.requests[1].path, '/api/chats/2/messages?after=121&limit=200');
});

test('catching up pages through everything after the newest seq held', async () => {
  await loadLatest(2);
  for (let s = 121; s <= 500; s++) stored.push(msg(s));
  await catchUp(2);
  assert.equal(seqs().length, 50 + 380);
  assert.equal(state.histories.get(2).maxSeq, 500);
  assert.deepEqual(server.requests.map((r) => r.path.replace('/api/chats/2/messages', '')),
    ['?limit=50', '?after=120&limit=200', '?after=320&limit=200']);
  assert.equal(state.chats.get(2).lastMessage.seq, 500);
});

test('a page holding my own message settles it in the outbox by clientId', async () => {
  store.addPending({ clientId: 'abc', to: 2, text: 'hi', createdAt: 1, state: 'sending', error: null });
  stored.push(msg(121, 1, { clientId: 'abc', text: 'hi' }));
  await loadLatest(2);
  assert.equal(state.pending.size, 0);
  assert.equal(state.histories.get(2).maxSeq, 121);
});

test('no chat box on the server: an empty history that asks for nothing more', async () => {
  server.handler = () => ({ status: 404, body: { error: { code: 'no_chat' } } });
  await loadLatest(2);
  const h = state.histories.get(2);
  assert.deepEqual([h.loaded, h.hasMoreBefore, h.error], [true, false, 'no_chat']);
  await loadOlder(2);
  assert.equal(server.requests.length, 1);
});

test('a network failure leaves the history unloaded, so opening the chat tries again', async () => {
  server.handler = () => 'network';
  await loadLatest(2);
  const h = state.histories.get(2);
  assert.deepEqual([h.loaded, h.loading, h.error], [false, false, 'network']);
  server.handler = messagesHandler;
  await loadLatest(2);
  assert.equal(state.histories.get(2).loaded, true);
});

test('a chat deleted while its page was in flight stays deleted', async () => {
  let answer;
  server.handler = (method, path) => new Promise((resolve) => { answer = () => resolve(messagesHandler(method, path)); });
  const loading = loadLatest(2);
  await settle();
  store.removeChat(2);
  answer();
  await loading;
  assert.equal(state.histories.has(2), false);
  assert.equal(state.chats.has(2), false);
});

test('catching up finds the chat box gone: the chat is forgotten', async () => {
  await loadLatest(2);
  server.handler = () => ({ status: 404, body: { error: { code: 'no_chat' } } });
  await catchUp(2);
  assert.equal(state.chats.has(2), false);
  assert.equal(state.histories.has(2), false);
});
