// A tiny test registry and assertions. Test files call test(name, fn); the JUnit
// driver (app.duet.webclient.WebClientJsTest) reads globalThis.__duetTests after
// importing a file and runs each test as its own JUnit test.

const tests = [];
const befores = [];
globalThis.__duetTests = tests;

export function test(name, fn) { tests.push({ name, fn }); }
export function beforeEach(fn) { befores.push(fn); }

/** Runs test i, then calls done(null) or done(message). */
globalThis.__duetRun = (i, done) => {
  (async () => {
    for (const b of befores) await b();
    await tests[i].fn();
  })().then(() => done(null), (e) => done(String(e && e.stack ? e.message + '\n' + e.stack : e)));
};

function show(v) {
  try { return JSON.stringify(v, (k, x) => (x instanceof Map ? [...x] : x instanceof Set ? [...x] : x)); } catch { return String(v); }
}

export const assert = {
  ok(v, msg = 'expected a truthy value') { if (!v) throw new Error(msg + ' (got ' + show(v) + ')'); },
  equal(actual, expected, msg = '') {
    if (!Object.is(actual, expected)) throw new Error(`${msg ? msg + ': ' : ''}expected ${show(expected)} but got ${show(actual)}`);
  },
  deepEqual(actual, expected, msg = '') {
    if (show(actual) !== show(expected)) throw new Error(`${msg ? msg + ': ' : ''}expected ${show(expected)} but got ${show(actual)}`);
  },
};

/** Lets pending promise jobs run (fetch answers, awaited continuations). */
export async function settle(rounds = 20) { for (let i = 0; i < rounds; i++) await null; }
