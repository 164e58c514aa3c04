#!/usr/bin/env node
// aw-wasi-run [--env NAME=VALUE]... [--trace FILE] program.wasm [args...]: runs a WASI program
// under node:wasi with this process's stdin, stdout and stderr, and exits with its status
// (134 after a trap, with the engine's message on stderr). The program sees no environment
// variable and no file but those given.
import { readFileSync, writeFileSync } from 'node:fs';
// run.js alone, not the package's index: `cmake --install` of a WASI build installs this file
// with run.js only (cmake/wasm_install.cmake), without the compiler and its dependencies.
import { run } from '../lib/run.js';

const usage = 'usage: aw-wasi-run [--env NAME=VALUE]... [--trace FILE] program.wasm [args...]';

function fail(message, status = 2) {
  process.stderr.write(`aw-wasi-run: ${message}\n`);
  process.exit(status);
}

const argv = process.argv.slice(2);
const env = {};
let traceFile = null;
while (argv.length > 0 && argv[0].startsWith('-')) {
  const option = argv.shift();
  if (option === '--')
    break;
  if (option === '-h' || option === '--help') {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  if (argv.length === 0 || !['--env', '--trace'].includes(option))
    fail(`${argv.length === 0 ? `${option} needs a value` : `unknown option ${option}`}\n${usage}`);
  const value = argv.shift();
  if (option === '--trace') {
    traceFile = value;
  } else {
    const equals = value.indexOf('=');
    if (equals <= 0)
      fail(`--env ${value}: expected NAME=VALUE`);
    env[value.slice(0, equals)] = value.slice(equals + 1);
  }
}
const [file, ...args] = argv;
if (!file)
  fail(`no program\n${usage}`);
let bytes;
try {
  bytes = readFileSync(file);
} catch (error) {
  fail(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, 1);
}
let module;
try {
  module = await WebAssembly.compile(bytes);
} catch (error) {
  fail(`${file}: not a WebAssembly module (${error.message})`, 1);
}
const { status, trap, trace } = await run(module, { args, env, programName: file, trace: traceFile !== null });
if (traceFile !== null) {
  if (trace === null)
    process.stderr.write(`aw-wasi-run: ${file} wrote no trace\n`);
  else
    writeFileSync(traceFile, trace);
}
if (trap)
  process.stderr.write(`aw-wasi-run: ${file}: trapped: ${trap}\n`);
process.exitCode = status;
