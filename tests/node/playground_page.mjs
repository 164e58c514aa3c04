// The shared setup of the playground's browser tests (playground_*.test.mjs): the static
// server, headless Chromium through playwright-core, and pages that fail their test on any
// console error. See playground_browser.test.mjs for what the tests need.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../web/serve.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.AW_CHROMIUM || '/usr/bin/chromium';
let chromium = null;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  chromium = null;
}
export const useWasm = process.env.AW_PLAYGROUND_RECORDED !== '1';
const mode = useWasm ? 'wasm' : 'recorded';
export const screenshots = process.env.AW_SCREENSHOTS || `${root}build/screenshots`;

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
 * not come from the expected source (`wasm`: the module; `recorded`: web/recorded/). Each page
 * has its own browser context, which may read and write the clipboard. */
export async function open(t, hash = '', viewport = { width: 1400, height: 1000 }, source = mode) {
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'console errors');
  });
  const started = Date.now();
  await page.goto(`${base}${source === 'wasm' ? '' : '?recorded'}${hash}`);
  await page.waitForSelector('html[data-ready="true"]', { state: 'attached', timeout: 60000 });
  await page.waitForSelector('html[data-example]', { state: 'attached' });
  const loaded = await page.evaluate(() => window.awPlayground.source);
  const message = await page.evaluate(() => document.getElementById('message').textContent);
  assert.equal(loaded, source, `the page runs from "${loaded}", not "${source}": ${message}`);
  return { page, errors, loadMs: Date.now() - started };
}

export const consoleText = (page) => page.evaluate(() =>
  [...document.querySelectorAll('#console li .text')].map((n) => n.textContent).join('\n'));

export const step = (page) => page.evaluate(() => window.awPlayground.step);
export const total = (page) => page.evaluate(() => window.awPlayground.run.total);

export const snapshot = (page) => page.evaluate(() => ({
  step: window.awPlayground.step,
  label: document.getElementById('step-label').textContent,
  clock: document.getElementById('clock').textContent,
  iteration: document.getElementById('iteration-count').textContent,
  tasks: document.getElementById('tasks').innerText,
  ready: document.getElementById('ready').innerText,
  timers: document.getElementById('timers').innerText,
  ioWaits: document.getElementById('io-waits').innerText,
  graph: document.getElementById('graph').innerHTML,
  console: document.getElementById('console').innerText,
  file: document.querySelector('.source-file:not([hidden])').dataset.file,
  marks: [...document.querySelectorAll('.src-line .mark')].map((m) =>
    `${m.closest('.source-file').dataset.file}:${m.closest('.src-line').dataset.line}:${m.textContent}`),
}));

