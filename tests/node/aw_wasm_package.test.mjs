// The npm package aw-wasm (wasm/npm): packed with `npm pack` (its prepack builds libaw with
// @yowasp/clang), installed from the tarball into an empty folder, and used from there as a
// user would: every tests/core program compiled by its aw-cc and run by its aw-wasi-run must
// print its expected/<name>.out, and the error cases give their documented results.
// Needs wasm/npm/node_modules from `npm ci` (scripts/test-wasm runs it); the tarball's
// dependencies then install from npm's cache, at the lockfile's exact versions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  root, groups, notApplicable, expectedFailures, programs, expectedPath, inputOf,
} from './targets.mjs';
import { startServer } from '../../web/serve.mjs';

const CHROMIUM = process.env.AW_CHROMIUM || '/usr/bin/chromium';

const packageDir = path.join(root, 'wasm/npm');
const { name: packageName, version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const concurrency = Math.max(2, os.cpus().length);
const setupTimeout = 30 * 60_000;
let work;
let bin;

// Resolves to { status, stdout, stderr }; status is the exit code, or the signal's name.
function execute(file, args, { cwd = root, input = '' } = {}) {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd, maxBuffer: 64 << 20, timeout: setupTimeout },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : error.signal ?? -1) : 0;
        resolve({ status, stdout, stderr });
      });
    child.stdin.end(input);
  });
}

async function npm(args, cwd) {
  const result = await execute('npm', [...args, '--no-audit', '--no-fund'], { cwd });
  assert.equal(result.status, 0, `npm ${args.join(' ')} in ${cwd}:\n${result.stdout}${result.stderr}`);
}

const awCc = (args, options) => execute(path.join(bin, 'aw-cc'), args, options);
const awWasiRun = (args, options) => execute(path.join(bin, 'aw-wasi-run'), args, options);

describe(`npm package ${packageName}`, { concurrency }, () => {
  before(async () => {
    assert.ok(existsSync(path.join(packageDir, 'node_modules/@yowasp/clang')),
      'wasm/npm/node_modules is missing: run scripts/test-wasm (npm ci in wasm/npm)');
    work = mkdtempSync(path.join(os.tmpdir(), 'aw-wasm-test-'));
    await npm(['pack', '--pack-destination', work], packageDir);
    writeFileSync(path.join(work, 'package.json'), '{"name": "aw-wasm-consumer", "private": true}\n');
    await npm(['install', '--prefer-offline', path.join(work, `${packageName}-${version}.tgz`)], work);
    bin = path.join(work, 'node_modules/.bin');
  }, { timeout: setupTimeout });
  after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

  const core = groups.find((group) => group.name === 'core');
  for (const name of programs(core)) {
    const key = `core/${name}`;
    const reason = notApplicable[key]?.wasi;
    if (reason) {
      test(key, { skip: `not applicable: ${reason}` }, () => {});
      continue;
    }
    test(`${key}: aw-cc, then aw-wasi-run prints expected/${name}.out`, async () => {
      const program = path.join(work, `${name}.wasm`);
      const built = await awCc([`tests/core/${name}.c`, '-std=c11', '-Werror', '-o', program]);
      assert.equal(built.status, 0, `aw-cc:\n${built.stderr}`);
      assert.equal(built.stderr, '');
      const { status, stdout, stderr } = await awWasiRun([program], { input: inputOf(core, name) });
      if (expectedFailures[key])
        assert.match(stderr, expectedFailures[key]);
      else
        assert.equal(status, 0, `exit status ${status}\nstderr:\n${stderr}`);
      assert.equal(stdout, readFileSync(expectedPath(core, name), 'utf8'));
    });
  }

  test('a syntax error: aw-cc prints clang\'s diagnostic at file:line and exits 1', async () => {
    writeFileSync(path.join(work, 'syntax.c'), 'int main(void)\n{\n    return 0\n}\n');
    const { status, stderr } = await awCc(['syntax.c', '-o', 'syntax.wasm'], { cwd: work });
    assert.equal(status, 1);
    assert.match(stderr, /^syntax\.c:3:13: error: expected ';' after return statement$/m);
    assert.ok(!existsSync(path.join(work, 'syntax.wasm')));
  });

  test('a missing include: aw-cc names the header and the line that includes it', async () => {
    writeFileSync(path.join(work, 'missing.c'), '#include <aw.h>\n#include "nowhere.h"\nint main(void) { return 0; }\n');
    const { status, stderr } = await awCc(['missing.c', '-o', 'missing.wasm'], { cwd: work });
    assert.equal(status, 1);
    assert.match(stderr, /^missing\.c:2:10: fatal error: 'nowhere\.h' file not found$/m);
  });

  test('an Asyncify buffer overflow stops the program with aw\'s report, status 134', async () => {
    const program = path.join(work, 'asyncify_overflow.wasm');
    const built = await awCc(['tests/wasm/asyncify_overflow.c', '-o', program]);
    assert.equal(built.status, 0, built.stderr);
    const { status, stdout, stderr } = await awWasiRun([program]);
    assert.equal(status, 134);
    assert.equal(stdout, '');
    assert.match(stderr, expectedFailures['wasm/asyncify_overflow']);
    assert.match(stderr, /\naw-wasi-run: .*asyncify_overflow\.wasm: trapped: unreachable\n$/);
  });

  test('a task that never awaits keeps the loop: nothing else runs and the program never ends', async () => {
    const program = path.join(work, 'never_yields.wasm');
    const built = await awCc(['tests/node/aw-wasm/never_yields.c', '-o', program]);
    assert.equal(built.status, 0, built.stderr);
    const child = spawn(path.join(bin, 'aw-wasi-run'), [program], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (data) => { stderr += data; });
    const ended = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    await new Promise((resolve) => child.stdout.on('data', (data) => {
      stdout += data;
      if (stdout.includes('\n'))
        resolve();
    }));
    // Still running once it has started spinning: the program has no way to end.
    assert.equal(child.exitCode, null);
    child.kill('SIGTERM');
    assert.equal(await ended, 'SIGTERM');
    assert.equal(stdout, 'spin: starts and never awaits\n');
    assert.equal(stderr, '');
  });

  test('aw-wasi-run gives the program only --env and its arguments, and passes its exit status', async () => {
    const program = path.join(work, 'host.wasm');
    const built = await awCc(['tests/node/aw-wasm/host.c', '-o', program]);
    assert.equal(built.status, 0, built.stderr);
    const { status, stdout, stderr } = await awWasiRun(['--env', 'GREETING=hello', program, 'first']);
    assert.equal(stderr, '');
    assert.equal(status, 3);
    assert.equal(stdout, 'argc 2, argv[1] first\nHOME (none), GREETING hello\n/etc/passwd cannot be opened\n');
  });

  test('aw-wasi-run --trace writes the runtime\'s Chrome trace', async () => {
    const program = path.join(work, 'rule01_fifo_traced.wasm');
    const built = await awCc(['tests/core/rule01_fifo.c', '-o', program]);
    assert.equal(built.status, 0, built.stderr);
    const traceFile = path.join(work, 'rule01_fifo.trace.json');
    const { status, stdout } = await awWasiRun(['--trace', traceFile, program]);
    assert.equal(status, 0);
    assert.equal(stdout, readFileSync(expectedPath(core, 'rule01_fifo'), 'utf8'));
    // A file trace is the trace event format's JSON array form (a run that ends writes the
    // closing bracket; a killed one may not, which the format allows).
    const events = JSON.parse(readFileSync(traceFile, 'utf8'));
    assert.ok(Array.isArray(events));
    assert.ok(events.some((event) => event.ph === 'M' && event.name === 'thread_name'));
  });

  test('compile() from the installed package: a CompileError with the diagnostics parsed for an editor', async () => {
    const { compile, run, CompileError } = await import(path.join(work, 'node_modules', packageName, 'lib/index.js'));
    await assert.rejects(compile({ 'edit.c': '#include <aw.h>\nint main(void) { return undeclared; }\n' }),
      (error) => {
        assert.ok(error instanceof CompileError);
        assert.equal(error.stage, 'compile');
        assert.deepEqual(error.messages.map(({ file, line, severity }) => ({ file, line, severity })),
          [{ file: 'edit.c', line: 2, severity: 'error' }]);
        return true;
      });
    const { wasm } = await compile({ 'hello.c': '#include <stdio.h>\nint main(int argc, char **argv) { printf("%s %d\\n", argv[1], argc); return 5; }\n' });
    let out = '';
    const decoder = new TextDecoder();
    const result = await run(wasm, { args: ['hi'], stdout: (bytes) => { out += decoder.decode(bytes); }, stderr: () => {} });
    assert.deepEqual({ status: result.status, out }, { status: 5, out: 'hi 2\n' });
  });

  // The same installed package in Debian's Chromium: a page served from the install folder
  // compiles and runs a tests/core program in a module Worker (tests/node/aw-wasm/browser/),
  // then reports a syntax error at its line.
  test('in Chromium: compile() and run() in a Worker, the toolchain from the page\'s origin', { timeout: setupTimeout }, async (t) => {
    assert.ok(work && existsSync(path.join(work, 'node_modules', packageName)), 'the package was not installed');
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium`);
    const { chromium } = await import('playwright-core');
    cpSync(path.join(root, 'tests/node/aw-wasm/browser'), path.join(work, 'page'), { recursive: true });
    const server = await startServer({ port: 0, quiet: true, root: work });
    t.after(() => server.close());
    const browser = await chromium.launch({ executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    t.after(() => browser.close());
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/page/index.html`);
    await page.evaluate(() => { window.worker = new Worker('worker.js', { type: 'module' }); });
    const build = (files) => page.evaluate((files) => new Promise((resolve) => {
      const progress = [];
      window.worker.onmessage = ({ data }) => {
        if ('progress' in data)
          progress.push(data.progress);
        else
          resolve({ ...data, progressed: progress.length > 0 && progress.at(-1) === 1 });
      };
      window.worker.onerror = (event) => resolve({ error: `worker: ${event.message}` });
      window.worker.postMessage(files);
    }), files);

    const name = 'rule08_sleep0';
    const ran = await build({
      [`${name}.c`]: readFileSync(path.join(root, `tests/core/${name}.c`), 'utf8'),
      'common/check.h': readFileSync(path.join(root, 'tests/core/common/check.h'), 'utf8'),
    });
    assert.deepEqual(ran, { status: 0, stdout: readFileSync(expectedPath({ name: 'core' }, name), 'utf8'),
      stderr: '', progressed: true });

    const failed = await build({ 'edit.c': '#include <aw.h>\n\nint main(void)\n{\n    return 0\n}\n' });
    assert.equal(failed.stage, 'compile');
    assert.deepEqual(failed.messages.map(({ file, line, severity }) => ({ file, line, severity })),
      [{ file: 'edit.c', line: 5, severity: 'error' }]);
    assert.deepEqual(errors, []);
  });
});
