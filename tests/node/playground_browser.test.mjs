// Browser tests of the playground (web/) in headless Chromium, driven by playwright-core with
// the system's browser (/usr/bin/chromium: Debian's `chromium` package; nothing is downloaded).
// Any console error fails a test, and so does anything the module writes to stderr (the page
// routes it to console.error).
// The page loads the WebAssembly module from web/wasm/ (built by the aw_playground target of an
// Emscripten build: cmake --preset emscripten && cmake --build --preset emscripten). The tests
// fail when the module is missing or the page could not load it (the page itself would fall back
// to the recorded runs, which must not pass for a working module). With AW_PLAYGROUND_RECORDED=1
// they run on the recorded streams of web/recorded/ instead (?recorded); one test always checks
// that mode explicitly.
//
// They fail when Chromium or playwright-core is missing (scripts/setup-deps and npm ci install
// them). Screenshots go to build/screenshots/, or to AW_SCREENSHOTS (docs/img refreshes the
// README's picture).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { root, useWasm, screenshots, open, consoleText, step, total, snapshot } from './playground_page.mjs';

test('every example runs to the end and prints its expected output', async (t) => {
  const { page, loadMs } = await open(t);
  const first = await page.evaluate(() => window.awPlayground.firstRenderMs);
  console.log(`# source: ${useWasm ? 'WebAssembly module' : 'recorded streams'}; first render ${first.toFixed(0)} ms (page ready after ${loadMs} ms)`);
  const names = await page.$$eval('#example option', (options) => options.map((o) => o.value));
  assert.ok(names.length >= 11, `examples: ${names}`);
  assert.ok(!names.includes('runaway'), 'the runaway program is not in the menu');
  for (const name of names) {
    await page.selectOption('#example', name);
    await page.waitForSelector(`html[data-example="${name}"]`, { state: 'attached', timeout: 60000 });
    await page.click('#end');
    const state = await page.evaluate(() => ({ step: window.awPlayground.step, total: window.awPlayground.run.total,
      reason: window.awPlayground.run.end && window.awPlayground.run.end.reason }));
    assert.equal(state.step, state.total, name);
    assert.equal(state.reason, 'done', name);
    const expected = readFileSync(`${root}tests/playground/expected/${name}.out`, 'utf8').replace(/\n$/, '');
    assert.equal(await consoleText(page), expected, `console of ${name}`);
    const tasks = await page.evaluate(() => window.awPlayground.state.tasks.length);
    if (tasks <= 20) {
      const times = await page.evaluate(() => {
        const out = [];
        for (let k = 0; k < 20; k++) { window.awPlayground.goTo(k % (window.awPlayground.run.total + 1)); out.push(window.awPlayground.lastRenderMs); }
        return out;
      });
      times.sort((a, b) => a - b);
      console.log(`# ${name}: ${tasks} tasks, ${state.total} steps, render one step: median ${times[10].toFixed(2)} ms, max ${times[19].toFixed(2)} ms`);
    }
  }
});

test('stepping forward 5 and back 5 shows exactly the same states', async (t) => {
  const { page } = await open(t, '#example=gather_jobs&step=3');
  const states = [await snapshot(page)];
  for (let i = 0; i < 5; i++) { await page.click('#step'); states.push(await snapshot(page)); }
  assert.equal(states[5].step, 8);
  for (let i = 4; i >= 0; i--) {
    await page.click('#back');
    assert.deepEqual(await snapshot(page), states[i], `back to step ${3 + i}`);
  }
  // The keyboard and the scrubber land on the same states.
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await snapshot(page), states[1]);
  await page.$eval('#scrubber', (input) => { input.value = '8'; input.dispatchEvent(new Event('input')); });
  assert.deepEqual(await snapshot(page), states[5]);
});

test('the echo server: the handler\'s file follows its tasks, the I/O waits are listed', async (t) => {
  const { page } = await open(t, '#example=echo_server&step=9');
  // Step 9: the second handler ran and waits in echo_handler.c, as the first one does.
  const tabs = await page.$$eval('#source-tabs .source-tab', (nodes) => nodes.map((n) => [n.dataset.file, n.getAttribute('aria-selected')]));
  assert.deepEqual(tabs, [['echo_server.c', 'false'], ['echo_handler.c', 'true']]);
  assert.equal(await page.isVisible('#source-tabs'), true);
  const state = await page.evaluate(() => window.awPlayground.state);
  const handlers = state.tasks.filter((task) => task.file === 'echo_handler.c' && task.state === 'waiting');
  assert.ok(handlers.length >= 2, `${handlers.map((task) => task.name)}`);
  const marks = await page.$$eval('.source-file[data-file="echo_handler.c"] .mark', (nodes) => nodes.map((n) => Number(n.textContent)));
  assert.deepEqual(marks.sort(), handlers.map((task) => task.id).sort());
  const dots = await page.$$eval('.source-tab[data-file="echo_handler.c"] .tab-marks .dot', (nodes) => nodes.length);
  assert.equal(dots, handlers.length);
  // The I/O waits: socket, direction, task, deadline; the graph names sockets the same way.
  const waits = await page.$$eval('#io-waits li', (nodes) => nodes.map((n) => n.textContent));
  assert.deepEqual(waits, state.ioWaits.map((w) => {
    const task = state.tasks.find((x) => x.id === w.task);
    return `socket ${w.socket} ${w.direction}${task.name}no deadline`;
  }));
  assert.ok(state.ioWaits.length >= 2);
  const graph = await page.$$eval('#graph g.object text', (nodes) => nodes.map((n) => n.textContent));
  for (const wait of state.ioWaits) assert.ok(graph.includes(`socket ${wait.socket} read`), `${graph}`);
  const row = await page.$$eval('#tasks tr', (rows) => rows.map((r) => r.children[2].textContent));
  assert.ok(row.some((text) => /^socket \d+ read$/.test(text)), `${row}`);
  await page.screenshot({ path: `${screenshots}/playground.png`, fullPage: true });
  // A tab shows its file at this step; the next step follows the running task again.
  await page.click('.source-tab[data-file="echo_server.c"]');
  assert.equal(await page.$eval('.source-file:not([hidden])', (n) => n.dataset.file), 'echo_server.c');
  await page.click('#step');
  const running = await page.evaluate(() => {
    const s = window.awPlayground.state;
    return s.tasks.find((task) => task.id === s.running.id).file;
  });
  assert.equal(await page.$eval('.source-file:not([hidden])', (n) => n.dataset.file), running);
  // Clicking a task shows the file it is suspended in.
  await page.click('.source-tab[data-file="echo_server.c"]');
  assert.equal(await page.$eval('.source-file:not([hidden])', (n) => n.dataset.file), 'echo_server.c');
  await page.click(`#tasks tr[data-task="${handlers[0].id}"]`);
  assert.equal(await page.$eval('.source-file:not([hidden])', (n) => n.dataset.file), 'echo_handler.c');
});

test('the recorded mode (?recorded) runs the same examples from web/recorded/', async (t) => {
  const { page } = await open(t, '#example=say_after&step=0', undefined, 'recorded');
  await page.click('#end');
  const expected = readFileSync(`${root}tests/playground/expected/say_after.out`, 'utf8').replace(/\n$/, '');
  assert.equal(await consoleText(page), expected);
});

test('a share link opens its example and step; a malformed one or one past the end shows a message', async (t) => {
  const { page } = await open(t, '#example=task_order&step=4');
  assert.equal(await page.$eval('#example', (s) => s.value), 'task_order');
  assert.equal(await step(page), 4);
  assert.equal(await page.isHidden('#message'), true);
  const { page: bad } = await open(t, '#example=nope&step=x');
  assert.equal(await bad.isVisible('#message'), true);
  assert.match(await bad.textContent('#message'), /could not be opened/);
  const first = await bad.$eval('#example option', (o) => o.value);
  assert.equal(await bad.$eval('#example', (s) => s.value), first);
  assert.equal(await step(bad), 0);
  const { page: past } = await open(t, '#example=say_after&step=999');
  const last = await total(past);
  assert.equal(await step(past), last);
  assert.equal(await past.isVisible('#message'), true);
  assert.equal(await past.textContent('#message'), `This link points at step 999, but the run has ${last} steps; showing the last.`);
  assert.match(past.url(), new RegExp(`#example=say_after&step=${last}$`));
});

test('a runaway program is stopped by the step budget with a message, and the page still works', async (t) => {
  const started = Date.now();
  const { page } = await open(t, '#example=runaway');
  const run = await page.evaluate(() => ({ meta: window.awPlayground.run.meta, end: window.awPlayground.run.end, total: window.awPlayground.run.total }));
  console.log(`# runaway: stopped after ${run.total} steps, page ready in ${Date.now() - started} ms`);
  assert.equal(run.end.reason, 'budget');
  assert.equal(run.total, run.meta.step_budget);
  assert.equal(await page.isVisible('#message'), true);
  assert.equal(await page.textContent('#message'),
    `The program was stopped after ${run.meta.step_budget} steps (the step budget of ${run.meta.step_budget}): it may never finish.`);
  assert.match(await page.textContent('#status'), /stopped by the step budget/);
  assert.equal(await page.$eval('#example', (s) => s.value), 'runaway');
  await page.click('#end');
  assert.equal(await page.textContent('#step-label'), `${run.total} / ${run.total}`);
  assert.match(await consoleText(page), /^main yields forever\nturn 5000: still going\n/);
  await page.click('#back');
  assert.equal(await step(page), run.total - 1);
});

test('reset, play and speed', async (t) => {
  const { page } = await open(t, '#example=round_robin&step=5');
  await page.click('#reset');
  assert.equal(await step(page), 0);
  assert.equal(await page.isDisabled('#reset'), true);
  assert.equal(await page.isDisabled('#back'), true);
  assert.match(page.url(), /#example=round_robin&step=0$/);
  // Play at 30 steps per second until the end, where it stops by itself.
  await page.$eval('#speed', (input) => { input.value = '30'; input.dispatchEvent(new Event('input')); });
  const started = Date.now();
  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  const last = await total(page);
  await page.waitForFunction((n) => window.awPlayground.step === n, last, { timeout: 20000 });
  const elapsed = Date.now() - started;
  await page.waitForFunction(() => document.getElementById('play').getAttribute('aria-pressed') === 'false');
  assert.ok(elapsed >= (last - 1) * (1000 / 30), `${last} steps played in ${elapsed} ms, faster than 30 per second`);
  // Play from the end starts over; pause stops it; a slower speed while playing keeps playing.
  await page.$eval('#speed', (input) => { input.value = '1'; input.dispatchEvent(new Event('input')); });
  await page.click('#play');
  assert.equal(await step(page), 0);
  await page.waitForFunction(() => window.awPlayground.step === 1, null, { timeout: 5000 });
  await page.$eval('#speed', (input) => { input.value = '2'; input.dispatchEvent(new Event('input')); });
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await page.waitForFunction(() => window.awPlayground.step === 2, null, { timeout: 5000 });
  await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  const paused = await step(page);
  await page.waitForTimeout(1200);
  assert.equal(await step(page), paused);
});

test('every keyboard shortcut', async (t) => {
  const { page } = await open(t, '#example=task_group&step=0');
  await page.focus('#source'); // not a form field: the shortcuts apply
  const last = await total(page);
  const press = async (key) => { await page.keyboard.press(key); return step(page); };
  assert.equal(await press('ArrowRight'), 1);
  assert.equal(await press('ArrowRight'), 2);
  assert.equal(await press('ArrowLeft'), 1);
  assert.equal(await press('End'), last);
  assert.equal(await press('Home'), 0);
  const iterationEnd = await page.evaluate(() => {
    const entries = window.awPlayground.run.timeline.entries;
    let k = 1;
    while (k + 1 < entries.length && entries[k + 1].iteration === entries[1].iteration) k++;
    return k;
  });
  assert.equal(await press('i'), iterationEnd);
  await press('Home');
  assert.equal(await press('I'), iterationEnd);
  await page.selectOption('#until-task', { label: '3 b' });
  await page.focus('#source');
  const nextAwait = (from) => page.evaluate((k0) => {
    const { run } = window.awPlayground;
    for (let k = k0 + 1; k <= run.total; k++) {
      if (run.steps[k].some((e) => e.task === 3 && (e.kind === 'step_end' || e.kind === 'done'))) return k;
    }
    return -1;
  }, from);
  const first = await nextAwait(0);
  assert.ok(first > 0);
  await press('Home');
  assert.equal(await press('a'), first);
  const second = await nextAwait(first);
  assert.ok(second > first);
  assert.equal(await press('A'), second);
  await press('Home');
  await page.keyboard.press(' ');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await page.keyboard.press(' ');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
});

test('the Share button copies a link to this example and step', async (t) => {
  const { page } = await open(t, '#example=future_waiters&step=3');
  await page.click('#step');
  await page.click('#share');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Link copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, `${page.url().split('#')[0]}#example=future_waiters&step=4`);
  const { page: opened } = await open(t, new URL(copied).hash);
  assert.equal(await opened.$eval('#example', (s) => s.value), 'future_waiters');
  assert.equal(await step(opened), 4);
});

test('controls: a whole iteration, until a task awaits, timeline jump, trace download', async (t) => {
  const { page } = await open(t, '#example=task_group&step=0');
  assert.equal(await page.isHidden('#source-tabs'), true, 'a single file needs no tabs');
  await page.click('#iteration');
  const afterIteration = await page.evaluate(() => window.awPlayground.state.iteration);
  assert.equal(afterIteration, 1);
  await page.selectOption('#until-task', { label: '3 b' });
  await page.click('#until');
  const state = await page.evaluate(() => window.awPlayground.state);
  const b = state.tasks.find((task) => task.name === 'b');
  assert.equal(b.state, 'waiting');
  assert.equal(b.wait.kind, 'timer');
  await page.click('.timeline .cell.ran[data-step="2"]');
  assert.equal(await step(page), 2);
  // The runtime's own Chrome trace of this run: valid JSON, one named track per task.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'aw-task_group.trace.json');
  const trace = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const tasks = await page.evaluate(() => window.awPlayground.run.timeline.lanes.filter((l) => l.id !== 0));
  const tracks = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.tid !== 0);
  assert.deepEqual(tracks.map((e) => [e.tid, e.args.name]), tasks.map((l) => [l.id, `task ${l.id} ${l.name}`]));
  for (const lane of tasks) assert.ok(trace.traceEvents.some((e) => e.ph === 'X' && e.name === 'step' && e.tid === lane.id), `no step of task ${lane.id}`);
});
