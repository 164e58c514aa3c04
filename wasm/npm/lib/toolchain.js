// The toolchain, loaded once per process or Worker: @yowasp/clang (clang and lld for wasm32-wasi
// with wasi-libc, itself WebAssembly) and binaryen.js. In Node (or under a bundler) they are
// imported by name; a browser page that serves node_modules/ as is gets them from beside this
// package, or from the URLs given in options.toolchain.
import { CompileError } from './diagnostics.js';

let clang = null;
let binaryen = null;

async function importDependency(load, url, sibling) {
  if (url)
    return import(/* @vite-ignore */ String(url));
  try {
    return await load();
  } catch (error) {
    if (typeof window === 'undefined' && typeof WorkerGlobalScope === 'undefined')
      throw error;
    return import(/* @vite-ignore */ new URL(sibling, import.meta.url).href);
  }
}

// The first load also fetches and compiles clang's WebAssembly and its resources (about
// 100 MB); onProgress({ doneLength, totalLength }) follows it. `runLLVM(null)` only fetches.
export function loadClang(toolchain = {}, onProgress = () => {}) {
  clang ??= importDependency(() => import('@yowasp/clang'), toolchain.clang,
    '../../@yowasp/clang/gen/bundle.js').then(async (module) => {
    await module.runLLVM(null, {}, { fetchProgress: onProgress });
    return module;
  });
  clang.catch(() => { clang = null; });
  return clang;
}

export function loadBinaryen(toolchain = {}) {
  binaryen ??= importDependency(() => import('binaryen'), toolchain.binaryen,
    '../../binaryen/index.js').then((module) => module.default);
  binaryen.catch(() => { binaryen = null; });
  return binaryen;
}

const decoder = new TextDecoder();

// Runs clang or an LLVM tool (`commands[tool]`) on a virtual file tree; resolves to the tree
// after the run, with what the tool wrote. Its stderr (diagnostics) goes to `log` as text; a
// failure throws a CompileError carrying them.
export async function runTool(tool, args, files, { stage, log, toolchain, onProgress } = {}) {
  const { commands, Exit } = await loadClang(toolchain, onProgress);
  let text = '';
  const stderr = (bytes) => { if (bytes) text += decoder.decode(bytes, { stream: true }); };
  try {
    return await commands[tool](args, files, { stdout: stderr, stderr });
  } catch (error) {
    if (!(error instanceof Exit))
      throw error;
    throw new CompileError(stage, text || `${tool} exited with status ${error.code}\n`);
  } finally {
    if (text && log)
      log(text);
  }
}
