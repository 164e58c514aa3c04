// Builds what the package ships, from the repository around it, with nothing but Node and the
// package's own dependencies (npm runs it before packing: `npm run build` or `npm pack`):
//   dist/include/aw.h      the public header
//   dist/lib/libaw.a       libaw for wasm32-wasi, compiled by @yowasp/clang as the `wasi`
//                          preset compiles it (scripts/runtime-sources.mjs)
//   dist/settings.js       the Asyncify imports and main stack size of cmake/awWasm.cmake
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeSources, libraryFlags, includeDirs, wasiProgramSettings } from './runtime-sources.mjs';
import { runTool } from '../lib/toolchain.js';
import { toTree } from '../lib/tree.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(packageDir, '../..');
const runtime = path.join(repo, 'runtime');
const dist = path.join(packageDir, 'dist');
const log = (text) => process.stderr.write(text);

const started = Date.now();
const { files, sources } = runtimeSources(runtime);
const tree = toTree(Object.fromEntries(files.map((file) =>
  [`runtime/${file}`, readFileSync(path.join(runtime, file))])));

// One clang run per folder: `-c` names each object after its source's base name, which is
// unique within a folder; the archive's members are named after the whole path.
const byFolder = new Map();
for (const source of sources)
  byFolder.set(path.dirname(source), [...(byFolder.get(path.dirname(source)) ?? []), source]);
const objects = {};
for (const [, group] of byFolder) {
  const out = await runTool('clang', ['-c', ...libraryFlags,
    ...includeDirs.map((dir) => `-Iruntime/${dir}`), ...group.map((source) => `runtime/${source}`)],
  tree, { stage: 'compile', log });
  for (const source of group) {
    const object = path.basename(source).replace(/\.[cS]$/, '.o');
    objects[source.replace(/^src\//, '').replace(/\.[cS]$/, '.o').replaceAll('/', '_')] = out[object];
  }
}
const archived = await runTool('ar', ['rcs', 'libaw.a', ...Object.keys(objects)], { ...objects },
  { stage: 'archive', log });

rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, 'lib'), { recursive: true });
mkdirSync(path.join(dist, 'include'), { recursive: true });
writeFileSync(path.join(dist, 'lib/libaw.a'), archived['libaw.a']);
writeFileSync(path.join(dist, 'include/aw.h'), readFileSync(path.join(runtime, 'include/aw.h')));
const settings = wasiProgramSettings(path.join(repo, 'cmake/awWasm.cmake'));
writeFileSync(path.join(dist, 'settings.js'),
  '// Written by scripts/build.mjs from cmake/awWasm.cmake.\n'
  + `export default ${JSON.stringify(settings, null, 2)};\n`);
console.log(`aw-wasm: built dist/ (${sources.length} sources) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
