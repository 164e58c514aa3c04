// run(module, options): runs a WASI program made by compile(). In Node it runs under node:wasi
// with real file descriptors; in browsers, or when stdout or stderr is a function, under
// @bjorn3/browser_wasi_shim with in-memory stdio. The program gets nothing of the host: no
// environment variable and no directory beyond options.env and the trace's own folder.
//
// options: args (argv[1..]), env ({ NAME: value }), programName (argv[0], 'program.wasm'),
//          stdin (Node: a file descriptor, default 0; otherwise bytes or a string, default
//          empty), stdout and stderr (a file descriptor in Node, default 1 and 2; or a function
//          called with each chunk written, as a Uint8Array), trace (true: also write the
//          runtime's Chrome trace, AW_TRACE, and return it), toolchain ({ shim: module URL }).
// Resolves to { status, trace, trap }: the exit status; the trace's JSON text (or null); and
// for a program that trapped (abort(), an Asyncify or bounds failure) the engine's message,
// the status then being 134 as for abort() natively.
const isNode = typeof process === 'object' && Boolean(process.versions?.node);
const traceDir = '/aw-trace';
const traceFile = 'trace.json';
export const trapStatus = 134;

export async function run(module, options = {}) {
  const compiled = module instanceof WebAssembly.Module ? module : await WebAssembly.compile(module);
  const env = { ...options.env };
  if (options.trace)
    env.AW_TRACE = `${traceDir}/${traceFile}`;
  const argv = [options.programName ?? 'program.wasm', ...(options.args ?? []).map(String)];
  const callbacks = typeof options.stdout === 'function' || typeof options.stderr === 'function';
  const runner = isNode && !callbacks ? runNode : runShim;
  return runner(compiled, argv, env, options);
}

function finish(start) {
  try {
    return { status: start(), trap: null };
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError))
      throw error;
    return { status: trapStatus, trap: error.message };
  }
}

// node:wasi prints an ExperimentalWarning when it is loaded: the program's output must not
// carry it, so that one warning is dropped while the module loads.
async function importNodeWasi() {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (warning, ...rest) {
    const type = typeof rest[0] === 'object' ? rest[0]?.type : rest[0];
    if (type === 'ExperimentalWarning' && String(warning?.message ?? warning).startsWith('WASI'))
      return;
    return emitWarning.call(process, warning, ...rest);
  };
  try {
    return await import('node:wasi');
  } finally {
    process.emitWarning = emitWarning;
  }
}

async function runNode(compiled, argv, env, options) {
  const { WASI } = await importNodeWasi();
  const fs = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = options.trace ? await fs.mkdtemp(path.join(os.tmpdir(), 'aw-trace-')) : null;
  try {
    const wasi = new WASI({
      version: 'preview1', args: argv, env, returnOnExit: true,
      stdin: options.stdin ?? 0, stdout: options.stdout ?? 1, stderr: options.stderr ?? 2,
      preopens: dir ? { [traceDir]: dir } : {},
    });
    const instance = await WebAssembly.instantiate(compiled, wasi.getImportObject());
    const result = finish(() => wasi.start(instance));
    const trace = dir ? await fs.readFile(path.join(dir, traceFile), 'utf8').catch(() => null) : null;
    return { ...result, trace };
  } finally {
    if (dir)
      await fs.rm(dir, { recursive: true, force: true });
  }
}

let shim = null;
function loadShim(toolchain = {}) {
  shim ??= (async () => {
    if (toolchain.shim)
      return import(/* @vite-ignore */ String(toolchain.shim));
    try {
      return await import('@bjorn3/browser_wasi_shim');
    } catch (error) {
      if (isNode)
        throw error;
      return import(/* @vite-ignore */
        new URL('../../@bjorn3/browser_wasi_shim/dist/index.js', import.meta.url).href);
    }
  })();
  return shim;
}

function output(shimModule, write, fallback) {
  if (typeof write === 'function')
    return new shimModule.ConsoleStdout((bytes) => write(new Uint8Array(bytes)));
  if (isNode)
    throw new Error('run: with one stream as a function, give the other as a function too');
  return shimModule.ConsoleStdout.lineBuffered(fallback);
}

async function runShim(compiled, argv, env, options) {
  const shimModule = await loadShim(options.toolchain);
  const input = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin)
    : options.stdin instanceof Uint8Array ? options.stdin : new Uint8Array();
  const fds = [
    new shimModule.OpenFile(new shimModule.File(input)),
    output(shimModule, options.stdout, (line) => console.log(line)),
    output(shimModule, options.stderr, (line) => console.error(line)),
  ];
  const dir = options.trace ? new shimModule.PreopenDirectory(traceDir, new Map()) : null;
  if (dir)
    fds.push(dir);
  const wasi = new shimModule.WASI(argv, Object.entries(env).map(([name, value]) => `${name}=${value}`), fds,
    { debug: false });
  const instance = await WebAssembly.instantiate(compiled, { wasi_snapshot_preview1: wasi.wasiImport });
  const result = finish(() => wasi.start(instance));
  const file = dir?.dir.contents.get(traceFile);
  return { ...result, trace: file ? new TextDecoder().decode(file.data) : null };
}
