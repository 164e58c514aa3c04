// Browser tests of the playground (web/) in headless Chromium, driven by playwright-core with
// the system's browser (/usr/bin/chromium: Debian's `chromium` package; nothing is downloaded).
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
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../web/serve.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.AW_CHROMIUM || '/usr/bin/chromium';
let chromium = null;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  chromium = null;
}
const useWasm = process.env.AW_PLAYGROUND_RECORDED !== '1';
const mode = useWasm ? 'wasm' : 'recorded';
const screenshots = process.env.AW_SCREENSHOTS || `${root}build/screenshots`;

let server;
let browser;
let base;

before(async () => {
  assert.ok(chromium, 'playwright-core is missing: run npm ci');
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium`);
  mkdirSync(screenshots, { recursive: true });
  if (useWasm) {
    assert.ok(existsSync(`${root}web/wasm/aw_playground.mjs`) && existsSync(`${root}web/wasm/aw_playground.wasm`),
      'web/wasm/aw_playground.mjs is missing: build it (cmake --preset emscripten && cmake --build --preset emscripten) '
      + 'or run the recorded runs with AW_PLAYGROUND_RECORDED=1');
  }
  server = await startServer({ port: 0, quiet: true });
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

/** A page that fails the test on any console error or uncaught exception, or when its runs do
 * not come from the expected source (`wasm`: the module; `recorded`: web/recorded/). */
async function open(t, hash = '', viewport = { width: 1400, height: 1000 }, source = mode) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  t.after(async () => {
    await page.close();
    assert.deepEqual(errors, [], 'console errors');
  });
  const started = Date.now();
  await page.goto(`${base}${source === 'wasm' ? '' : '?recorded'}${hash}`);
  await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 20000 });
  const loaded = await page.evaluate(() => window.awPlayground.source);
  const message = await page.evaluate(() => document.getElementById('message').textContent);
  assert.equal(loaded, source, `the page runs from "${loaded}", not "${source}": ${message}`);
  return { page, errors, loadMs: Date.now() - started };
}

const consoleText = (page) => page.evaluate(() =>
  [...document.querySelectorAll('#console li .text')].map((n) => n.textContent).join('\n'));

const snapshot = (page) => page.evaluate(() => ({
  step: window.awPlayground.step,
  label: document.getElementById('step-label').textContent,
  clock: document.getElementById('clock').textContent,
  iteration: document.getElementById('iteration-count').textContent,
  tasks: document.getElementById('tasks').innerText,
  ready: document.getElementById('ready').innerText,
  timers: document.getElementById('timers').innerText,
  graph: document.getElementById('graph').innerHTML,
  console: document.getElementById('console').innerText,
  marks: [...document.querySelectorAll('.src-line .mark')].map((m) => `${m.closest('.src-line').dataset.line}:${m.textContent}`),
}));

test('every example runs to the end and prints its expected output', async (t) => {
  const { page, loadMs } = await open(t);
  const first = await page.evaluate(() => window.awPlayground.firstRenderMs);
  console.log(`# source: ${useWasm ? 'WebAssembly module' : 'recorded streams'}; first render ${first.toFixed(0)} ms (page ready after ${loadMs} ms)`);
  const names = await page.evaluate(() => window.awPlayground.names);
  assert.ok(names.length >= 10, `examples: ${names}`);
  for (const name of names) {
    await page.selectOption('#example', name);
    await page.waitForFunction((n) => window.awPlayground.run && window.awPlayground.run.meta.example === n && window.awPlayground.state.total === window.awPlayground.run.total, name);
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
  await page.screenshot({ path: `${screenshots}/playground.png`, fullPage: true });
});

test('the recorded mode (?recorded) runs the same examples from web/recorded/', async (t) => {
  const { page } = await open(t, '#example=say_after&step=0', undefined, 'recorded');
  await page.click('#end');
  const expected = readFileSync(`${root}tests/playground/expected/say_after.out`, 'utf8').replace(/\n$/, '');
  assert.equal(await consoleText(page), expected);
});

test('a share link opens its example and step; a malformed one shows a message', async (t) => {
  const { page } = await open(t, '#example=task_order&step=4');
  assert.equal(await page.$eval('#example', (s) => s.value), 'task_order');
  assert.equal(await page.evaluate(() => window.awPlayground.step), 4);
  assert.equal(await page.isHidden('#message'), true);
  const { page: bad } = await open(t, '#example=nope&step=x');
  assert.equal(await bad.isVisible('#message'), true);
  assert.match(await bad.textContent('#message'), /could not be opened/);
  const names = await bad.evaluate(() => window.awPlayground.names);
  assert.equal(await bad.$eval('#example', (s) => s.value), names[0]);
  assert.equal(await bad.evaluate(() => window.awPlayground.step), 0);
});

test('controls: a whole iteration, until a task awaits, timeline jump, trace download', async (t) => {
  const { page } = await open(t, '#example=task_group&step=0');
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
  assert.equal(await page.evaluate(() => window.awPlayground.step), 2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const path = await download.path();
  const trace = JSON.parse(readFileSync(path, 'utf8'));
  assert.ok(trace.traceEvents.some((e) => e.name === 'step' && e.ph === 'X'));
  await page.click('#end');
  await page.setViewportSize({ width: 420, height: 900 });
  await page.screenshot({ path: `${screenshots}/playground-narrow.png`, fullPage: false });
});
