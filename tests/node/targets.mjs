// Where the WebAssembly builds are and how each program runs, plus the one list of programs
// that cannot apply on a target (with the reason). Used by the *.test.mjs files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const here = path.join(root, 'tests/node');

// Every target runs the same programs: the optimised build (-O2, wasm-opt --asyncify -O2) and
// the unoptimised one (-O0, asyncified without optimising), as CMake builds them (cmake/wasm.cmake).
export const targets = [
  { name: 'wasi -O2', platform: 'wasi', build: 'build/wasi', suffix: '_asyncify.wasm' },
  { name: 'wasi -O0', platform: 'wasi', build: 'build/wasi', suffix: '_asyncify_O0.wasm' },
  { name: 'emscripten -O2', platform: 'emscripten', build: 'build/emscripten', suffix: '_asyncify.js' },
  { name: 'emscripten -O0', platform: 'emscripten', build: 'build/emscripten', suffix: '_asyncify_O0.js' },
];

// Programs that cannot apply on a platform or target: { group/name: { platform or target: reason } }.
// Anything not listed here must build and pass everywhere.
export const notApplicable = {
  'wasm/js_future': {
    wasi: 'futures completed by JavaScript (aw_js.h) exist only in Emscripten builds',
  },
  'wasm/wasi_stdin': {
    emscripten: 'fd readiness comes from WASI poll_oneoff; Emscripten waits in JavaScript, with no fds',
  },
  'wasm/asyncify_overflow': {
    'wasi -O0': 'at -O0 locals live in the shadow stack and frames leave ~30 bytes of Asyncify data: the stack overflows long before the buffer',
    'emscripten -O0': 'at -O0 locals live in the shadow stack and frames leave ~30 bytes of Asyncify data: the stack overflows long before the buffer',
  },
};

// Programs whose expected outcome is a failure: the exit status is not 0 and stderr matches.
export const expectedFailures = {
  'wasm/asyncify_overflow': /aw: asyncify buffer overflow in task 2 "deep" \(32 KiB\)\n/,
};

// The groups of C programs, each built as tests/<group>/<prefix><name><suffix> and expected to
// print tests/<group>/expected/<name>.out: tests/core, the WebAssembly-only tests/wasm and the
// playground's examples (wasm/playground/examples, built by tests/playground).
export const groups = [
  { name: 'core', sources: 'tests/core', prefix: '' },
  { name: 'wasm', sources: 'tests/wasm', prefix: '' },
  { name: 'playground', sources: 'wasm/playground/examples', prefix: 'playground_' },
];

// The C programs of a group, found by listing the directory so that new tests are picked up
// without editing anything here.
export function programs(group) {
  return readdirSync(path.join(root, group.sources))
    .filter((file) => file.endsWith('.c'))
    .map((file) => file.slice(0, -2))
    .sort();
}

export function programPath(target, group, name) {
  return path.join(root, target.build, 'tests', group.name, group.prefix + name + target.suffix);
}

export function expectedPath(group, name) {
  return path.join(root, 'tests', group.name, 'expected', name + '.out');
}

export function buildExists(target) {
  return existsSync(path.join(root, target.build, 'CMakeCache.txt'));
}

// The standard input of a program: tests/<group>/<name>.stdin, or nothing (closed at once).
export function inputOf(group, name) {
  const file = path.join(root, 'tests', group.name, name + '.stdin');
  return existsSync(file) ? readFileSync(file) : '';
}

// Runs a program with `input` on a pipe as its stdin; resolves to { status, stdout, stderr }.
export function run(target, file, input = '') {
  const args = target.platform === 'wasi'
    // The flag is a no-op from Node 18.17 / 20 on (WASI needs none there) and keeps older 18s working.
    ? ['--no-warnings', '--experimental-wasi-unstable-preview1', path.join(here, 'run-wasi.mjs'), file]
    : ['--no-warnings', '--no-experimental-fetch', path.join(here, 'run-emscripten.cjs'), file];
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { cwd: root, timeout: 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : error.signal || -1) : 0;
        resolve({ status, stdout, stderr });
      });
    child.stdin.end(input);
  });
}
