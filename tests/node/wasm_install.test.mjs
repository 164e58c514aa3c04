// docs/wasm.md, "Your own program", followed as written: its shell blocks run in bash (with
// temporary prefixes for AW_WASI and AW_EMSCRIPTEN instead of the ones under $HOME), so aw is
// configured, built (the library alone, or nothing when scripts/test-wasm built the presets
// already) and installed for WASI and Emscripten; a project outside the tree, made of the
// section's CMakeLists.txt, then builds the README's program, some ordering tests of tests/core
// and exit_status.c (beside this file), and for Emscripten tests/wasm/js_future.c (aw_js.h),
// with only the installed aw, and runs them as the section says: aw-wasi-run prog.wasm,
// node prog.js. Each must print its expected output and exit with its status. The section's
// page runs the Emscripten hello.js in headless Chromium (playwright-core, as the playground's
// browser tests).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './targets.mjs';

const CHROMIUM = process.env.AW_CHROMIUM || '/usr/bin/chromium';
const timeout = 30 * 60_000;

// The tests/core programs built besides the README's: the ordering rules of docs/contract.md.
const corePrograms = ['rule01_fifo', 'rule03_timer_ties', 'rule04_spawn_order', 'rule11_gather', 'rule14_cancel'];

// The section's code blocks, by language, in order.
function sectionBlocks() {
  const doc = readFileSync(path.join(root, 'docs/wasm.md'), 'utf8');
  const start = doc.indexOf('## Your own program');
  const end = doc.indexOf('### Without CMake', start);
  assert.ok(start >= 0 && end > start, 'docs/wasm.md has no "Your own program" section');
  return [...doc.slice(start, end).matchAll(/```(\w+)\n([\s\S]*?)```/g)]
    .map(([, language, text]) => ({ language, lines: text.trimEnd().split('\n') }));
}

const blocks = sectionBlocks();
function block(language, includes) {
  const found = blocks.find((b) => b.language === language && b.lines.some((line) => line.includes(includes)));
  assert.ok(found, `docs/wasm.md "Your own program": no ${language} block with ${includes}`);
  return found.lines;
}

// The README's program: its first C block.
function readmeProgram() {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const match = readme.match(/```c\n([\s\S]*?)```/);
  assert.ok(match, 'README.md has no C block');
  return match[1];
}

// Resolves to { status, stdout, stderr } of `bash -c script`.
function bash(script, { cwd, env }) {
  return new Promise((resolve) => {
    execFile('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, timeout, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : error.signal ?? -1) : 0;
        resolve({ status, stdout, stderr });
      });
  });
}

async function runOk(what, script, options) {
  const result = await bash(script, options);
  assert.equal(result.status, 0, `${what} failed (${result.status}):\n${script}\n${result.stdout}${result.stderr}`);
  return result;
}

// The install block sets the prefixes on its first line: the test gives its own instead, and
// runs the block's other lines (exports included) first in every later block, as a terminal
// would have them.
const install = block('sh', 'cmake --install');
const prefixLine = /^AW_WASI=\S+ AW_EMSCRIPTEN=\S+$/;
assert.match(install[0], prefixLine, 'the install block starts by setting AW_WASI and AW_EMSCRIPTEN');
const session = install.filter((line) => line.startsWith('export '));
let work;
let env;

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'aw-wasm-install-'));
  env = { ...process.env, AW_WASI: path.join(work, 'aw-wasi'), AW_EMSCRIPTEN: path.join(work, 'aw-emscripten') };
  await runOk('installing aw (docs/wasm.md)', install.slice(1).join('\n'), { cwd: root, env });
  const project = path.join(work, 'project');
  cpSync(path.join(root, 'tests/core/common'), path.join(project, 'common'), { recursive: true });
  for (const name of corePrograms)
    cpSync(path.join(root, 'tests/core', `${name}.c`), path.join(project, `${name}.c`));
  cpSync(path.join(root, 'tests/node/wasm-install/exit_status.c'), path.join(project, 'exit_status.c'));
  for (const file of ['js_future.c', 'js_ticker.h'])
    cpSync(path.join(root, 'tests/wasm', file), path.join(project, file));
  writeFileSync(path.join(project, 'hello.c'), readmeProgram());
  // The section's CMakeLists.txt, with its lines about hello repeated for every other program
  // (js_future, which awaits JavaScript promises through aw_js.h, on Emscripten only).
  const lists = block('cmake', 'aw_wasm_executable(hello)');
  const perProgram = lists.filter((line) => /\bhello\b/.test(line) && !line.startsWith('project('));
  const linesOf = (name) => perProgram.map((line) => line.replace(/\bhello\b/g, name));
  const others = [...corePrograms, 'exit_status'].flatMap(linesOf);
  const emscriptenOnly = ['if(EMSCRIPTEN)', ...linesOf('js_future'), 'endif()'];
  writeFileSync(path.join(project, 'CMakeLists.txt'), [...lists, ...others, ...emscriptenOnly, ''].join('\n'));
}, { timeout });
after(() => { if (work) rmSync(work, { recursive: true, force: true }); });

// The programs and what they print: each tests/core program its expected file; exit_status its
// arguments, with the status of main's return or of exit(). Emscripten's stdout goes out line
// by line: the unfinished line flushed by exit() gets its newline there.
const runs = (target) => [
  { program: 'hello', args: '', stdout: 'hello\nworld\n', status: 0 },
  ...corePrograms.map((name) => ({
    program: name, args: '', stdout: readFileSync(path.join(root, 'tests/core/expected', `${name}.out`), 'utf8'), status: 0,
  })),
  { program: 'exit_status', args: ' one "two words"', stdout: 'woke: AW_OK; arguments: one two words\n', status: 3 },
  {
    program: 'exit_status', args: ' exit', status: 4,
    stdout: `woke: AW_OK; arguments: exit${target === 'Emscripten' ? '\n' : ''}`,
  },
  ...(target === 'Emscripten' ? [{
    program: 'js_future', args: '', stdout: readFileSync(path.join(root, 'tests/wasm/expected/js_future.out'), 'utf8'), status: 0,
  }] : []),
];

// The two targets build at once (cmake --build is serial).
describe('docs/wasm.md "Your own program"', { concurrency: 2 }, () => {
  for (const { target, build, suffix } of [
    { target: 'WASI', build: 'build-wasi', suffix: '.wasm' },
    { target: 'Emscripten', build: 'build-emscripten', suffix: '.js' },
  ]) {
    describe(`a project built for ${target} with an installed aw`, () => {
      // The block's commands: configure and build, then the run line for hello.
      const commands = block('sh', build);
      const runLine = commands.find((line) => line.includes(`hello${suffix}`));
      assert.ok(runLine, `no command runs hello${suffix}`);

      before(async () => {
        const script = [...session, ...commands.filter((line) => line !== runLine)].join('\n');
        await runOk(`building the project for ${target}`, script, { cwd: path.join(work, 'project'), env });
      }, { timeout });

      for (const { program, args, stdout, status } of runs(target)) {
        const command = runLine.replace(/\bhello\b/g, program) + args;
        test(`${command}: prints the expected output and exits ${status}`, async () => {
          const result = await bash([...session, command].join('\n'), { cwd: path.join(work, 'project'), env });
          assert.equal(result.stderr, '');
          assert.equal(result.stdout, stdout);
          assert.equal(result.status, status);
        });
      }

      if (target === 'Emscripten') {
        test('the section\'s page runs hello.js in Chromium: its output, then the exit status', async (t) => {
          let chromium;
          try {
            ({ chromium } = await import('playwright-core'));
          } catch {
            assert.fail('playwright-core is missing: run npm ci');
          }
          assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium`);
          const page = path.join(work, 'project', build, 'index.html');
          writeFileSync(page, `${block('html', 'hello.js').join('\n')}\n`);
          const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
          t.after(() => browser.close());
          const tab = await browser.newPage();
          const errors = [];
          tab.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
          tab.on('pageerror', (error) => errors.push(error.message));
          await tab.goto(pathToFileURL(page).href);
          await tab.waitForFunction(() => document.getElementById('output').textContent.includes('exit status'),
            null, { timeout: 60_000 });
          assert.equal(await tab.textContent('#output'), 'hello\nworld\nexit status 0\n');
          assert.deepEqual(errors, []);
        });
      }
    });
  }
});
