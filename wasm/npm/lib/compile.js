// compile(files, options): C sources to a runnable WASI module, in Node and in browsers.
//   1. clang -c each .c (@yowasp/clang), with the package's aw.h on the include path
//   2. wasm-ld with libaw.a and the main stack size of cmake/awWasm.cmake
//   3. Asyncify (binaryen.js), then -O2 unless options.optimize is false
import settings from '../dist/settings.js';
import { loadBinaryen, runTool } from './toolchain.js';
import { asyncify } from './asyncify.js';
import { packageFile } from './package-files.js';
import { toTree } from './tree.js';
import { parseDiagnostics } from './diagnostics.js';

// Where the package's own files sit in the compiler's file tree; no user file may be there.
const reserved = '.aw-wasm';

export const defaultFlags = ['-Wall', '-Wextra'];

// files: { 'prog.c': source, 'common/check.h': header, ... } (strings or bytes, relative paths;
//        every .c is compiled, headers are found by their #include).
// options: optimize (default true: -O2; false: -O0 and no Binaryen optimisation),
//          flags (compile flags, default -Wall -Wextra), onProgress (the toolchain's download
//          on its first load: { doneLength, totalLength }), toolchain ({ clang, binaryen }:
//          module URLs, for pages that serve the dependencies elsewhere).
// Resolves to { wasm: Uint8Array, diagnostics: warnings as text, messages: the same parsed };
// rejects with a CompileError (stage, diagnostics, messages) if the program does not build.
export async function compile(files, options = {}) {
  const { optimize = true, flags = defaultFlags, toolchain, onProgress } = options;
  const sources = Object.keys(files).filter((file) => file.endsWith('.c'));
  if (sources.length === 0)
    throw new Error('compile: no .c file among the files given');
  if (Object.keys(files).some((file) => file === reserved || file.startsWith(`${reserved}/`)))
    throw new Error(`compile: ${reserved}/ is the package's own folder`);
  // Binaryen loads while clang works; a failure to load it is reported by asyncify().
  loadBinaryen(toolchain).catch(() => {});
  let diagnostics = '';
  const log = (text) => { diagnostics += text; };
  const [header, library] = await Promise.all([packageFile('include/aw.h'), packageFile('lib/libaw.a')]);
  const tree = toTree(files, toTree({
    [`${reserved}/include/aw.h`]: header, [`${reserved}/lib/libaw.a`]: library,
  }));
  tree[reserved].obj = {};
  const level = optimize ? '-O2' : '-O0';

  const objects = sources.map((source, index) => `${reserved}/obj/${index}.o`);
  let built = tree;
  for (const [index, source] of sources.entries()) {
    built = await runTool('clang', ['-c', level, '-fno-color-diagnostics', ...flags,
      `-I${reserved}/include`, source, '-o', objects[index]], built,
    { stage: 'compile', log, toolchain, onProgress });
  }
  // Linked without -O: given one, clang would run its own Binaryen optimisation before Asyncify.
  const linked = await runTool('clang', ['-fno-color-diagnostics', `-Wl,-z,stack-size=${settings.stackSize}`,
    ...objects, `${reserved}/lib/libaw.a`, '-o', `${reserved}/program.wasm`], built,
  { stage: 'link', log, toolchain });
  const wasm = await asyncify(linked[reserved]['program.wasm'],
    { imports: settings.asyncifyImports, optimize, toolchain });
  return { wasm, diagnostics, messages: parseDiagnostics(diagnostics) };
}
