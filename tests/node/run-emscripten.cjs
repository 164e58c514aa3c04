// Runs one Emscripten program (MODULARIZE CommonJS build) in Node with real stdio:
//   node run-emscripten.cjs prog.js
// main runs through ccall(..., {async: true}), so its status is known even when it returned
// after the loop waited in JavaScript (Asyncify); exit() then flushes stdio and ends the process
// with that status.
'use strict';
const path = require('node:path');
const factory = require(path.resolve(process.argv[2]));
let quitting = false;
factory({
  noInitialRun: true,
  print: (text) => process.stdout.write(text + '\n'),
  printErr: (text) => process.stderr.write(text + '\n'),
  quit: (status) => { quitting = true; process.exitCode = status; },
}).then(async (module) => {
  let status;
  try {
    status = await module.ccall('main', 'number', ['number', 'number'], [0, 0], { async: true });
  } catch (error) {
    if (quitting) return; // exit() called by the program
    throw error;
  }
  try { module._exit(status); } catch (error) { if (!quitting) throw error; }
}).catch((error) => {
  process.stderr.write(`${error && error.stack || error}\n`);
  process.exitCode = 134;
});
