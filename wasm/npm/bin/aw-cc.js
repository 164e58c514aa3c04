#!/usr/bin/env node
// aw-cc [options] file.c... [-o program.wasm]: compiles and links C programs that use aw into a
// WASI module (README.md). Options: -o FILE (default a.out.wasm), -O0 or -O2 (default), and
// -I, -D, -U, -W, -f, -std= and -g flags, passed to clang. Headers included with "..." (from
// the including file's folder or an -I folder) and <...> (from an -I folder) are read from disk.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { compile, defaultFlags, CompileError } from '../lib/index.js';

const usage = 'usage: aw-cc [-O0|-O2] [-I dir] [-D name[=value]] [clang flags] file.c... [-o program.wasm]';

function fail(message, status = 1) {
  process.stderr.write(`aw-cc: ${message}\n`);
  process.exit(status);
}

function parseArgs(argv) {
  const options = { output: 'a.out.wasm', optimize: true, flags: [...defaultFlags], includeDirs: [], sources: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : fail(`${arg} needs a value\n${usage}`, 2));
    if (arg === '-o') {
      options.output = value();
    } else if (arg === '-O0' || arg === '-O2') {
      options.optimize = arg === '-O2';
    } else if (arg === '-I' || (arg.startsWith('-I') && arg.length > 2)) {
      options.includeDirs.push(path.resolve(arg === '-I' ? value() : arg.slice(2)));
    } else if (arg === '-D' || arg === '-U') {
      options.flags.push(arg + value());
    } else if (/^-(D|U|W|f|std=|g)/.test(arg)) {
      options.flags.push(arg);
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${arg}\n${usage}`, 2);
    } else if (arg.endsWith('.c')) {
      options.sources.push(path.resolve(arg));
    } else {
      fail(`${arg}: not a .c file\n${usage}`, 2);
    }
  }
  if (options.sources.length === 0)
    fail(`no input file\n${usage}`, 2);
  return options;
}

const includePattern = /^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]/gm;

// The sources and every header they include that exists on disk, as absolute paths. An include
// that is not found here is left to clang: aw.h and the C library are the compiler's.
function collect(sources, includeDirs) {
  const found = new Map();
  const visit = (file) => {
    if (found.has(file))
      return;
    let text;
    try {
      text = readFileSync(file);
    } catch (error) {
      fail(`${path.relative('.', file) || file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    }
    found.set(file, text);
    for (const [, kind, name] of text.toString('utf8').matchAll(includePattern)) {
      const dirs = kind === '"' ? [path.dirname(file), ...includeDirs] : includeDirs;
      const header = dirs.map((dir) => path.resolve(dir, name))
        .find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
      if (header)
        visit(header);
    }
  };
  sources.forEach(visit);
  return found;
}

// Files keep their path relative to the current folder when all are inside it, so that
// diagnostics name them as the command line did; otherwise every file keeps its absolute path
// below a folder that diagnostics leave out.
const outside = '.aw-root';
function placement(files, includeDirs) {
  const inside = [...files.keys(), ...includeDirs].every((file) => {
    const relative = path.relative('.', file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
  const place = inside ? (file) => path.relative('.', file).split(path.sep).join('/')
    : (file) => outside + file.split(path.sep).join('/');
  const show = inside ? (text) => text : (text) => text.replaceAll(`${outside}/`, '/');
  return { place, show };
}

// One compile per process: V8's baseline compiler alone takes about half the CPU time that
// optimising the toolchain's hot functions would, which a single compile never pays back.
v8.setFlagsFromString('--liftoff-only');

const options = parseArgs(process.argv.slice(2));
const files = collect(options.sources, options.includeDirs);
const { place, show } = placement(files, options.includeDirs);
const tree = Object.fromEntries([...files].map(([file, text]) => [place(file), text]));
const flags = [...options.flags, ...options.includeDirs.map((dir) => `-I${place(dir)}`)];
try {
  const { wasm, diagnostics } = await compile(tree, { optimize: options.optimize, flags });
  process.stderr.write(show(diagnostics));
  writeFileSync(options.output, wasm);
} catch (error) {
  if (!(error instanceof CompileError))
    throw error;
  process.stderr.write(show(error.diagnostics));
  process.exit(1);
}
