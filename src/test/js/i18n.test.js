// Every string exists in every language, with the same {placeholders}.
import './support/browser.js';
import { test, assert } from './support/t.js';
import { STRINGS, LOCALES, t, setLocale, errorText } from '../../main/resources/public/js/i18n.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every locale the picker offers has its strings', () => {
  assert.deepEqual(LOCALES.map((l) => l.code).sort(), Object.keys(STRINGS).sort());
});

test('English and Chinese have the same keys', () => {
  const en = Object.keys(STRINGS.en);
  const zh = Object.keys(STRINGS['zh-CN']);
  assert.deepEqual(en.filter((k) => !(k in STRINGS['zh-CN'])), [], 'missing in Chinese');
  assert.deepEqual(zh.filter((k) => !(k in STRINGS.en)), [], 'missing in English');
  assert.ok(en.length > 100, 'the tables are not empty');
});

test('each translation has the same placeholders as the English string', () => {
  const wrong = [];
  for (const [key, en] of Object.entries(STRINGS.en)) {
    const zh = STRINGS['zh-CN'][key];
    if (typeof zh === 'string' && placeholders(en).join() !== placeholders(zh).join()) wrong.push(key);
  }
  assert.deepEqual(wrong, []);
});

test('no string is empty', () => {
  const empty = [];
  for (const [code, table] of Object.entries(STRINGS)) {
    for (const [key, s] of Object.entries(table)) if (typeof s !== 'string' || !s.trim()) empty.push(code + ':' + key);
  }
  assert.deepEqual(empty, []);
});

test('t fills placeholders, and errorText names unknown codes', () => {
  setLocale('en');
  assert.equal(t('requestSent', { name: 'Bob' }), 'Contact request sent to Bob.');
  assert.equal(t('no such key'), 'no such key');
  assert.equal(errorText('something_new'), t('err_unknown', { code: 'something_new' }));
  // Retry-After said: when, in seconds under a minute, else in minutes
  assert.equal(errorText('too_many_requests', { retryAfter: 45 }), 'Too many failed attempts, so signing in is paused. Try again in 45 seconds.');
  assert.equal(errorText('signup_too_many_requests', { retryAfter: 3540 }),
    'Too many new accounts were made from your network. Try again in 59 minutes.');
  assert.equal(errorText('signup_too_many_requests'), t('err_signup_too_many_requests'));
  setLocale('zh-CN');
  assert.ok(t('requestSent', { name: 'Bob' }).includes('Bob'));
  setLocale('en');
});
