/* The frame-loop example of docs/embedding.md (native/examples/frame_loop.c) on WASI and
 * Emscripten, where aw_loop_try_run_iteration must not wait either (on Emscripten: must not
 * hand the thread back to JavaScript). Prints what the example prints natively. */
#include "../../native/examples/frame_loop.c"
