// The start of an Emscripten program linked by aw_wasm_executable (cmake/awWasm.cmake), added to
// the generated JavaScript with --post-js, in its scope. Emscripten's own start takes main's
// first return as the program's end, but main returns to JavaScript at the loop's first wait
// (docs/wasm.md) and its status comes later. So the program is linked with -sINVOKE_RUN=0 and
// main runs here as an async call; when it has really returned, exit() ends the runtime with its
// status (stdio flushed, atexit handlers run, Module.onExit called; in Node, the process's exit
// status).

// Outside Node, exit() ends by throwing ExitStatus, which is no error here.
function awExit(status) {
  try {
    exit(status);
  } catch (error) {
    if (!(error instanceof ExitStatus))
      throw error;
  }
}

addOnPostRun(function () {
  var args = [thisProgram].concat(arguments_);
  var argv = stackAlloc(4 * (args.length + 1));
  args.forEach(function (arg, i) { HEAP32[(argv >> 2) + i] = allocateUTF8OnStack(arg); });
  HEAP32[(argv >> 2) + args.length] = 0;
  ccall('main', 'number', ['number', 'number'], [args.length, argv], { async: true })
    .then(awExit, function (error) {
      if (!(error instanceof ExitStatus))
        throw error;
      // exit() called after a wait found the runtime kept alive by this call, which never
      // returned: end the call and exit again, which now also ends the runtime.
      runtimeKeepalivePop();
      awExit(error.status);
    });
});
