// The playground's JavaScript logic on recorded event streams (web/recorded/, written by
// aw-playground-record): trace-to-state reduction checked against the loop's own ready queue,
// the runtime's Chrome trace, share links, and the static server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { parseTrace, buildRun, stateAt, finalOutput, nextAwaitOf, endOfIteration } from '../../web/js/state.js';
import { parseShareLink, formatShareLink } from '../../web/js/controls.js';
import { startServer } from '../../web/serve.mjs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const events = (name) => parseTrace(read(`web/recorded/${name}.jsonl`));
const load = (name) => buildRun(events(name));
const catalog = JSON.parse(read('web/recorded/catalog.json'));
const names = catalog.map((e) => e.name);
const listed = catalog.filter((e) => e.listed).map((e) => e.name);

test('every listed example prints its expected output; the runaway one hits the step budget', () => {
  assert.ok(listed.length >= 11, `examples: ${listed}`);
  for (const name of listed) {
    const expected = read(`tests/playground/expected/${name}.out`);
    const run = load(name);
    assert.equal(finalOutput(run), expected, name);
    assert.equal(run.end.reason, 'done', name);
  }
  assert.deepEqual(catalog.filter((e) => !e.listed).map((e) => e.name), ['runaway']);
  const runaway = load('runaway');
  assert.equal(runaway.end.reason, 'budget');
  assert.equal(runaway.end.steps, runaway.meta.step_budget);
  assert.equal(runaway.end.step_budget, runaway.meta.step_budget);
  assert.equal(runaway.total, runaway.meta.step_budget);
  assert.match(finalOutput(runaway), /^main yields forever\nturn 5000: still going\n/);
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

test('the ready queue rebuilt from the trace is the loop\'s own, in order, after every step', () => {
  // <name>.ready.jsonl holds aw_loop_ready after each step of the same run.
  for (const name of names) {
    const run = load(name);
    const dumps = parseTrace(read(`web/recorded/${name}.ready.jsonl`));
    assert.equal(dumps.length, run.total + 1, name);
    let timers = 0;
    let callbacks = 0;
    for (const { n, queue } of dumps) {
      const rebuilt = stateAt(run, n).readyQueue.map((e) => [e.type, e.id]);
      assert.deepEqual(rebuilt, queue, `${name} after step ${n}`);
      timers += queue.filter(([type]) => type === 'timer').length;
      callbacks += queue.filter(([type]) => type === 'callback').length;
    }
    if (name === 'gather_jobs' || name === 'task_group') assert.ok(callbacks > 0, `${name}: no callback was ever queued between steps`);
    // bob's and carol's timers fall due in the same iteration: one waits in the queue.
    if (name === 'echo_server') assert.ok(timers > 0, `${name}: no timer was ever queued between steps`);
  }
});

test('a state is the same replayed from scratch as reached by stepping back', () => {
  for (const name of names) {
    const all = events(name);
    const run = buildRun(all);
    // The event stream cut after step k's marker, as if the run had been recorded only so far.
    const markers = [];
    all.forEach((e, i) => { if (e.kind === 'step') markers.push(i); });
    const upTo = (k) => buildRun(all.slice(0, markers[k] + 1));
    const steps = run.total <= 200 ? [...Array(run.total + 1).keys()].reverse()
      : [run.total, run.total - 1, 1000, 129, 128, 127, 65, 64, 63, 1, 0];
    for (const k of steps) {
      const back = stateAt(run, k);
      const fresh = stateAt(upTo(k), k);
      delete back.total; delete back.finished; delete back.endReason; // those depend on the run's end
      delete fresh.total; delete fresh.finished; delete fresh.endReason;
      assert.deepEqual(back, fresh, `${name} step ${k}`);
      // The page may hold on to a state: changing it must not change later ones.
      back.tasks.forEach((t) => { t.state = 'scribbled'; });
      back.readyQueue.push({ type: 'task', id: -1 });
      back.console.push({ text: 'scribbled' });
    }
    assert.equal(stateAt(run, run.total).console.map((l) => l.text).join('\n'), finalOutput(run).replace(/\n$/, ''), name);
  }
});

test('the run ends as aw_run does: main\'s done callback stops the loop one iteration after main returns', () => {
  for (const name of listed) {
    const run = load(name);
    const all = run.steps.flat();
    const main = all.find((e) => e.kind === 'spawn' && e.name === 'main');
    const done = all.findIndex((e) => e.kind === 'done' && e.task === main.task);
    const queued = all.findIndex((e) => e.kind === 'callback_queued' && e.object === main.future);
    const ran = all.findIndex((e) => e.kind === 'callback' && e.object === main.future);
    assert.ok(done >= 0 && queued > done && ran > queued, `${name}: main's done callback`);
    assert.equal(all[ran].iteration, all[done].iteration + 1, `${name}: one iteration later`);
    const step = run.timeline.entries.find((entry) => entry.label === 'done callback of main');
    assert.ok(step, `${name}: the timeline names main's done callback`);
    const before = stateAt(run, step.step - 1);
    assert.ok(before.readyQueue.some((e) => e.type === 'callback' && e.id === main.future), name);
    assert.deepEqual(stateAt(run, step.step).running, { type: 'callback', id: main.future, from: null, to: null }, name);
  }
});

test('task_group: the failing child and the cancelled sibling, by the trace\'s status names', () => {
  const run = load('task_group');
  const end = stateAt(run, run.total);
  const byName = Object.fromEntries(end.tasks.map((t) => [t.name, t]));
  assert.equal(byName.b.status, -1001);
  assert.ok(byName.b.error);
  assert.equal(byName.b.state, 'done');
  assert.equal(byName.c.state, 'cancelled');
  assert.equal(byName.c.error, 'AW_ECANCELED');
  assert.equal(byName.a.state, 'done');
});

test('echo_server: the I/O waits (socket, direction, task, deadline) and the handler\'s file', () => {
  const run = load('echo_server');
  const s2 = stateAt(run, 2); // the server waits for a connection on its listener
  const server = s2.tasks.find((t) => t.name === 'server');
  assert.deepEqual(s2.ioWaits, [{ socket: 1, direction: 'read', task: server.id, deadlineMs: null }]);
  assert.deepEqual(s2.edges.find((e) => e.from === server.id).to, { kind: 'io', id: 1, direction: 'read' });
  const s10 = stateAt(run, 10); // three handlers read their connections, in echo_handler.c
  const handlers = s10.tasks.filter((t) => t.name.startsWith('conn '));
  assert.equal(handlers.length, 3);
  for (const task of handlers) {
    assert.equal(task.file, 'echo_handler.c', task.name);
    assert.equal(task.wait.kind, 'io');
    assert.equal(task.wait.direction, 'read');
  }
  assert.deepEqual(s10.ioWaits.map((w) => w.task), handlers.map((t) => t.id));
  assert.deepEqual(stateAt(run, run.total).ioWaits, []);
  const entry = catalog.find((e) => e.name === 'echo_server');
  assert.deepEqual(entry.sources, ['echo_server.c', 'echo_handler.c']);
});

test('blocking: the blocked loop makes the heartbeat late on the virtual clock', () => {
  const run = load('blocking');
  const k = run.steps.findIndex((step) => step.some((e) => e.kind === 'output' && e.text.startsWith('blocking: total')));
  const blocked = stateAt(run, k);
  assert.equal(blocked.timeMs, 350); // 300 ms of work from 50 ms, in one step
  assert.deepEqual(blocked.timers.map((t) => t.deadlineMs), [100]); // the heartbeat's timer, overdue
  assert.match(finalOutput(run), /heartbeat: beat 1 at 350 ms \(250 ms late\)\n/);
  assert.match(finalOutput(run), /heartbeat: beat 1 at 650 ms \(on time\)\n/);
});

test('the runtime\'s Chrome trace of every run parses and has one named track per task', () => {
  for (const name of names) {
    const trace = JSON.parse(read(`web/recorded/${name}.trace.json`));
    const end = stateAt(load(name), Infinity);
    const tracks = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.tid !== 0)
      .map((e) => [e.tid, e.args.name]);
    assert.deepEqual(tracks, end.tasks.map((t) => [t.id, `task ${t.id} ${t.name}`]), name);
    const stepped = new Set(trace.traceEvents.filter((e) => e.ph === 'X' && e.name === 'step').map((e) => e.tid));
    for (const task of end.tasks) if (task.started) assert.ok(stepped.has(task.id), `${name}: no step of task ${task.id}`);
  }
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

test('the static server refuses symbolic links that lead out of its root', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'aw-serve-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const served = join(base, 'web');
  const outside = join(base, 'outside');
  mkdirSync(join(served, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(served, 'index.html'), '<p>inside</p>');
  writeFileSync(join(served, 'sub', 'page.txt'), 'inside too');
  writeFileSync(join(outside, 'secret.txt'), 'outside secret');
  symlinkSync(join(outside, 'secret.txt'), join(served, 'file-out.txt'));
  symlinkSync(outside, join(served, 'dir-out'));
  symlinkSync(join(served, 'sub', 'page.txt'), join(served, 'link-in.txt'));
  const server = await startServer({ port: 0, quiet: true, root: served });
  t.after(() => server.close());
  const { port } = server.address();
  assert.equal((await get(port, '/')).body, '<p>inside</p>');
  const inside = await get(port, '/link-in.txt');
  assert.equal(inside.status, 200);
  assert.equal(inside.body, 'inside too');
  for (const path of ['/file-out.txt', '/dir-out/secret.txt', '/dir-out/', '/dir-out']) {
    const response = await get(port, path);
    assert.equal(response.status, 403, path);
    assert.doesNotMatch(response.body, /secret/, path);
  }
});
