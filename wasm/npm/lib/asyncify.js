// Binaryen's Asyncify pass on a linked program, as cmake/awWasm.cmake runs it:
//   wasm-opt prog.wasm --asyncify --pass-arg=asyncify-imports@<imports> -O2
// The pass comes before any Binaryen optimisation (docs/wasm.md: the inliner would merge the
// context switch functions into their callers); `optimize: false` leaves the result as the
// pass made it (the -O0 build).
import { loadBinaryen } from './toolchain.js';
import { CompileError } from './diagnostics.js';

export async function asyncify(wasm, { imports, optimize = true, toolchain } = {}) {
  const binaryen = await loadBinaryen(toolchain);
  let module;
  try {
    module = binaryen.readBinary(wasm);
  } catch (error) {
    throw new CompileError('asyncify', `binaryen cannot read the linked program: ${error.message}\n`);
  }
  try {
    binaryen.setOptimizeLevel(optimize ? 2 : 0);
    binaryen.setShrinkLevel(0);
    binaryen.clearPassArguments();
    binaryen.setPassArgument('asyncify-imports', imports);
    module.runPasses(['asyncify']);
    if (optimize)
      module.optimize();
    return module.emitBinary();
  } finally {
    binaryen.clearPassArguments();
    module.dispose();
  }
}
