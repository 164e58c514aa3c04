// What libaw for WASI is made of: the same sources and flags as the `wasi` CMake preset
// (runtime/CMakeLists.txt with the asyncify context backend, cmake/awWasm.cmake), read from the
// repository at build time. Edit here when runtime/src's layout or the preset's flags change.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Every C file under runtime/src, in any subfolder, except the context backends
// (context_<name>.c); the Asyncify backend is then added with its assembly part.
const backendPattern = /^context_[a-z0-9_]+\.[cS]$/;
const asyncifyBackend = ['context_asyncify.c', 'context_wasm.S'];

// The compile flags of the preset's libaw (Release, -O2, C11, hidden visibility, PIC).
export const libraryFlags = [
  '-O2', '-DNDEBUG', '-std=c11', '-fPIC', '-fvisibility=hidden', '-Wall', '-Wextra', '-Werror',
  '-DAW_CONTEXT_ASYNCIFY=1', '-D_DEFAULT_SOURCE', '-D_POSIX_C_SOURCE=200809L',
];
// Include directories, relative to runtime/.
export const includeDirs = ['include', 'src'];

function walk(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix + entry.name;
    return entry.isDirectory() ? walk(path.join(dir, entry.name), relative + '/') : [relative];
  });
}

// All files under runtime/ (relative paths), and the sources to compile among them.
export function runtimeSources(runtimeDir) {
  const files = walk(runtimeDir).filter((file) => /\.[chS]$/.test(file));
  const sources = files.filter((file) => file.startsWith('src/') && file.endsWith('.c')
    && !backendPattern.test(path.basename(file)));
  for (const name of asyncifyBackend) {
    const found = files.filter((file) => file.startsWith('src/') && path.basename(file) === name);
    if (found.length !== 1)
      throw new Error(`runtime/src: expected one ${name}, found ${found.length}`);
    sources.push(found[0]);
  }
  return { files, sources: sources.sort() };
}

// The settings of every WASI program, from cmake/awWasm.cmake (the one place they are written):
// the Asyncify imports and the main stack's size.
export function wasiProgramSettings(wasmCmake) {
  const text = readFileSync(wasmCmake, 'utf8');
  const imports = /set\(AW_ASYNCIFY_IMPORTS "([^"]+)"\)/.exec(text);
  const stack = /-Wl,-z,stack-size=(\d+)/.exec(text);
  if (!imports || !stack)
    throw new Error(`${wasmCmake}: AW_ASYNCIFY_IMPORTS or -Wl,-z,stack-size not found`);
  return { asyncifyImports: imports[1], stackSize: Number(stack[1]) };
}
