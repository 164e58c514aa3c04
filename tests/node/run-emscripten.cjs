// Runs one Emscripten program (MODULARIZE CommonJS build) in Node with real stdio:
//   node run-emscripten.cjs prog.js [args]
// main runs through ccall(..., {async: true}), so its status is known even when it returned
// after the loop waited in JavaScript (Asyncify); exit() then flushes stdio and ends the process
// with that status.
// The program is loaded as CommonJS whatever the nearest package.json says ("type": "module" at
// the repository root would make require() treat it as an ES module and return {}).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

function loadCommonJS(file) {
  const wrapper = vm.runInThisContext(
    `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`,
    { filename: file });
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

const factory = loadCommonJS(path.resolve(process.argv[2]));
if (typeof factory !== 'function') {
  process.stderr.write(`${process.argv[2]}: not an Emscripten MODULARIZE program\n`);
  process.exit(134);
}
// argv for main: the program's path and its arguments, as C strings on the program's stack
// (below the frames main will use), then the terminating null pointer.
function mainArguments(module, strings) {
  const pointers = strings.map((string) => module.allocateUTF8OnStack(string));
  const argv = module.stackAlloc(4 * (pointers.length + 1));
  pointers.concat(0).forEach((pointer, i) => module.setValue(argv + 4 * i, pointer, 'i32'));
  return argv;
}

let quitting = false;
factory({
  noInitialRun: true,
  print: (text) => process.stdout.write(text + '\n'),
  printErr: (text) => process.stderr.write(text + '\n'),
  quit: (status) => { quitting = true; process.exitCode = status; },
}).then(async (module) => {
  let status;
  try {
    const strings = process.argv.slice(2);
    status = await module.ccall('main', 'number', ['number', 'number'],
      [strings.length, mainArguments(module, strings)], { async: true });
  } catch (error) {
    if (quitting) return; // exit() called by the program
    throw error;
  }
  try { module._exit(status); } catch (error) { if (!quitting) throw error; }
}).catch((error) => {
  process.stderr.write(`${error && error.stack || error}\n`);
  process.exitCode = 134;
});
