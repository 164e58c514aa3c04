// The playground's JavaScript logic on recorded event streams (web/recorded/, written by
// aw-playground-record): trace-to-state reduction, share links, and the static server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { parseTrace, buildRun, stateAt, finalOutput, nextAwaitOf, endOfIteration, chromeTrace } from '../../web/js/state.js';
import { parseShareLink, formatShareLink } from '../../web/js/controls.js';
import { startServer } from '../../web/serve.mjs';

const root = new URL('../../', import.meta.url);
const load = (name) => buildRun(parseTrace(readFileSync(new URL(`web/recorded/${name}.jsonl`, root), 'utf8')));
const names = JSON.parse(readFileSync(new URL('web/recorded/catalog.json', root), 'utf8')).map((e) => e.name);

test('every recorded run prints its expected output', () => {
  for (const name of names) {
    const expected = readFileSync(new URL(`tests/playground/expected/${name}.out`, root), 'utf8');
    assert.equal(finalOutput(load(name)), expected, name);
  }
});

test('task_order: ready queue order, waits and console tags', () => {
  const run = load('task_order');
  const s1 = stateAt(run, 1); // main ran: spawned T1, T3, T2 and waits on T1
  assert.deepEqual(s1.readyQueue.map((e) => e.id), [2, 3, 4]);
  assert.deepEqual(s1.tasks.map((t) => [t.name, t.state]), [['main', 'waiting'], ['T1', 'ready'], ['T3', 'ready'], ['T2', 'ready']]);
  assert.deepEqual(s1.tasks[0].wait, { kind: 'task', object: 2 });
  assert.deepEqual(s1.edges, [{ from: 1, to: { kind: 'task', id: 2 } }]);
  assert.deepEqual(s1.console.map((l) => [l.text, l.name, l.step]), [['main start', 'main', 1], ['main middle', 'main', 1]]);
  const s2 = stateAt(run, 2); // T1 sleeps 2 s
  assert.equal(s2.tasks[1].wait.kind, 'timer');
  assert.equal(s2.tasks[1].wait.deadlineMs, 2000);
  assert.deepEqual(s2.timers.map((t) => t.deadlineMs), [2000]);
  assert.deepEqual(s2.readyQueue.map((e) => e.id), [3, 4]);
  const s5 = stateAt(run, 5); // the timer fired in iteration 3, T1 queued for iteration 4
  assert.equal(s5.timeMs, 2000);
  assert.equal(s5.iteration, 3);
  assert.deepEqual(s5.running, { type: 'timer', id: 1, from: null, to: null });
  assert.deepEqual(s5.readyQueue, [{ type: 'task', id: 2 }]);
  const end = stateAt(run, run.total);
  assert.ok(end.finished);
  assert.ok(end.tasks.every((t) => t.state === 'done'));
  assert.equal(nextAwaitOf(run, 2, 0), 2);
  assert.equal(endOfIteration(run, 1), 4);
});

test('the ready queue rebuilt from the events matches every iteration\'s size', () => {
  for (const name of names) {
    const run = load(name);
    for (let k = 1; k <= run.total; k++) {
      const start = run.steps[k].find((e) => e.kind === 'iteration');
      if (!start) continue;
      const before = stateAt(run, k - 1);
      const due = before.timers.filter((t) => !t.due && t.deadlineMs <= start.time_ms).length;
      assert.equal(before.readyQueue.length + due, start.ready, `${name} step ${k}`);
    }
  }
});

test('task_group: the failing child, the cancelled sibling, states are the same going back', () => {
  const run = load('task_group');
  const end = stateAt(run, run.total);
  const byName = Object.fromEntries(end.tasks.map((t) => [t.name, t]));
  assert.equal(byName.b.status, -1001);
  assert.ok(byName.b.error);
  assert.equal(byName.c.state, 'cancelled');
  assert.equal(byName.a.state, 'done');
  for (let k = 0; k <= run.total; k++) assert.deepEqual(stateAt(run, k), stateAt(run, k), `step ${k}`);
  const trace = chromeTrace(run);
  assert.ok(trace.traceEvents.some((e) => e.name === 'thread_name' && e.args.name === 'task 3 b'));
});

test('share links: valid, empty and malformed', () => {
  const list = ['say_after', 'task_order'];
  assert.deepEqual(parseShareLink('', list), { example: 'say_after', step: 0, error: null });
  assert.deepEqual(parseShareLink('#example=task_order&step=5', list), { example: 'task_order', step: 5, error: null });
  assert.deepEqual(parseShareLink(formatShareLink('task_order', 7), list), { example: 'task_order', step: 7, error: null });
  assert.deepEqual(parseShareLink('#example=task_order', list), { example: 'task_order', step: 0, error: null });
  for (const bad of ['#example=nope&step=1', '#example=task_order&step=-1', '#example=task_order&step=1e3',
    '#example=task_order&step=abc', '#garbage', '#example=%E0%A4%A', '#step=3', '#example=task_order&x=1']) {
    const link = parseShareLink(bad, list);
    assert.equal(link.example, 'say_after', bad);
    assert.equal(link.step, 0, bad);
    assert.match(link.error, /could not be opened/, bad);
  }
});

function get(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the static server serves web/ and refuses every path outside it', async (t) => {
  const server = await startServer({ port: 0, quiet: true });
  t.after(() => server.close());
  const { port } = server.address();
  const index = await get(port, '/');
  assert.equal(index.status, 200);
  assert.match(index.type, /text\/html/);
  assert.match((await get(port, '/js/state.js')).type, /text\/javascript/);
  assert.match((await get(port, '/recorded/catalog.json')).type, /application\/json/);
  assert.equal((await get(port, '/nope.html')).status, 404);
  for (const path of ['/../package.json', '/..%2fpackage.json', '/%2e%2e/package.json', '/%2E%2E%2Fpackage.json',
    '/js/../../package.json', '/%2e%2e%5cpackage.json', '/js/%2e%2e/%2e%2e/package.json', '/%00', '/%zz']) {
    const response = await get(port, path);
    assert.ok(response.status === 403 || response.status === 400, `${path}: ${response.status}`);
    assert.doesNotMatch(response.body, /playwright/, path);
  }
});
