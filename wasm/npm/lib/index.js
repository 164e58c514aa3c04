// aw-wasm: compile C programs that use aw for wasm32-wasi, and run them (README.md).
export { compile, defaultFlags } from './compile.js';
export { run, trapStatus } from './run.js';
export { CompileError, parseDiagnostics } from './diagnostics.js';
