// Where the WebAssembly builds are and how each program runs, plus the one list of programs
// that cannot apply on a target (with the reason). Used by the *.test.mjs files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const here = path.join(root, 'tests/node');

// The build directories: the presets' (build/wasi, build/emscripten), or AW_WASI_BUILD and
// AW_EMSCRIPTEN_BUILD (relative to the repository or absolute) for builds configured elsewhere,
// e.g. AW_WASI_BUILD=build/mine-wasi AW_EMSCRIPTEN_BUILD=build/mine-emscripten node --test tests/node/
const wasiBuild = process.env.AW_WASI_BUILD || 'build/wasi';
const emscriptenBuild = process.env.AW_EMSCRIPTEN_BUILD || 'build/emscripten';

// Every target runs the same programs: the optimised build (-O2, wasm-opt --asyncify -O2) and
// the unoptimised one (-O0, asyncified without optimising), as CMake builds them (cmake/wasm.cmake).
export const targets = [
  { name: 'wasi -O2', platform: 'wasi', build: wasiBuild, suffix: '_asyncify.wasm' },
  { name: 'wasi -O0', platform: 'wasi', build: wasiBuild, suffix: '_asyncify_O0.wasm' },
  { name: 'emscripten -O2', platform: 'emscripten', build: emscriptenBuild, suffix: '_asyncify.js' },
  { name: 'emscripten -O0', platform: 'emscripten', build: emscriptenBuild, suffix: '_asyncify_O0.js' },
];

// Programs that cannot apply on a platform or target: { group/name: { platform or target: reason } }.
// Anything not listed here must build and pass everywhere.
export const notApplicable = {
  'wasm/js_future': {
    wasi: 'futures completed by JavaScript (aw_js.h) exist only in Emscripten builds',
  },
  'wasm/js_busy_tasks': {
    wasi: 'about handing the thread back to the JavaScript event loop; a WASI program owns its thread and yields nothing to JavaScript',
  },
  'wasm/js_try_run_iteration': {
    wasi: 'about not handing the thread back to the JavaScript event loop; a WASI program owns its thread and yields nothing to JavaScript',
  },
  'wasm/wasi_stdin': {
    emscripten: 'fd readiness comes from WASI poll_oneoff; Emscripten waits in JavaScript, with no fds',
  },
  'wasm/wasi_fd_read': {
    emscripten: 'aw_fd_read waits through WASI poll_oneoff; on Emscripten it returns AW_ENOTSUP (wasm/js_fd_unsupported)',
  },
  'wasm/js_fd_unsupported': {
    wasi: 'checks the AW_ENOTSUP of Emscripten, which waits in JavaScript with no fds; WASI reads fds (wasm/wasi_fd_read)',
  },
};

// The native-only programs: tests/native and tests/net are built for native targets only
// (tests/CMakeLists.txt), so every program there is listed with the reason it cannot run on
// WebAssembly. It shows as skipped on each target; a program missing from this list fails,
// and so does an entry whose program is gone.
export const nativeOnly = {
  'native/blocking_sleep': 'aw_blocking_sleep blocks the thread in nanosleep, which a browser\'s main thread must never do (Emscripten\'s nanosleep spins); registered by tests/native only, so WASI does not run it either',
  'native/fp_control_per_task': 'per-task floating-point rounding modes (MXCSR and x87 control word, FPCR) kept by the register-swap switch: WebAssembly has a single fixed rounding mode and no fesetround',
  'native/json_string': 'a unit test of the runtime\'s internal JSON escaper (base/json.c), linked against the native library; the WebAssembly builds run the same file through the trace writers (tests/core trace tests) and the playground',
  'native/os_error': 'aw_last_os_error after failed system calls (pread of a directory, a taken port): no real files to fail on and no sockets in Node\'s WASI or Emscripten, where aw_last_os_error is 0',
  'native/many_tasks_no_guard': '100,000 tasks with 64 KiB stacks (6.4 GB) exceed the 4 GiB of wasm32, and no_guard_pages chooses between mmap stack layouts that wasm has not (its stacks are heap blocks)',
  'native/run_refusing_tasks': 'its stderr report is compared by tests/native/run_dump_test.cmake (with the await sites\' paths cut), which the Node runner does not do: it compares exit status and stdout',
  'native/sigquit_dump': 'the task dump on SIGQUIT: WebAssembly has no signals (aw_loop_dump itself runs in tests/core)',
  'native/sigquit_threads': 'the SIGQUIT dump with loops on two threads: WebAssembly has no signals and these builds no threads',
  'native/spawn_until_enomem': 'spawns until guard-paged stacks exhaust vm.max_map_count; wasm has no mmap and no guard pages',
  'native/stack_overflow': 'a guard page turns the overflow into SIGSEGV, reported by a signal handler; wasm has neither (tests/wasm/asyncify_overflow checks its report there)',
  'native/stack_overflow_thread': 'a guard page hit on a second thread, reported from that thread\'s alternate signal stack: no guard pages, signals or threads on wasm',
  'native/stack_clash': 'large frames overflowing a task stack into the guard region below it, caught by stack clash probing and the SIGSEGV handler, with the neighbouring stack mapped right below: wasm has no mmap, no guard region, no signals and no -fstack-clash-protection',
  'native/stack_clash_unprobed': 'stack_clash built without stack clash probing, to check that the guard region below a native stack catches frames ending inside it: wasm has no guard region and no signals',
  'native/stack_overflow_tiny': 'a 1-byte stack overflowing into its guard page, reported by the SIGSEGV handler: wasm has no guard pages and no signals',
  'native/stats_io': 'counts I/O waits on a pipe and on aw_offload work: Node\'s WASI and Emscripten have no pipes and no threads (tests/core/api_stats checks the other counts on every target)',
  'native/trace_api': 'writes Chrome trace files that tests/native/check_trace.py (Python) validates after the run; node:wasi gives the program no directory to write them to, and the Node runner checks stdout only',
  'native/trace_env': 'AW_TRACE=<file> writes a Chrome trace file that tests/native/check_trace.py (Python) validates after the run; node:wasi gives the program no directory to write it to, and the Node runner checks stdout only',
  'net/echo_test': 'starts the aw-echo server as a process and talks to it over loopback sockets: no processes and no sockets on wasm (tests/wasm/net_offload_unsupported checks the AW_ENOTSUP statuses)',
  'net/echo_faults': 'starts the aw-echo server as a process and signals it mid-transfer over loopback sockets: no processes, signals or sockets on wasm',
  'net/echo_harness': 'the shared helpers of the aw-echo process tests (started servers, loopback clients): no processes or sockets on wasm',
  'net/fd_io': 'aw_fd_read / aw_fd_write_all on pipes and an eventfd under epoll, poll and sleep, with SIGPIPE: Node\'s WASI gives no pipes but stdin and Emscripten no fds (tests/wasm/wasi_fd_read reads stdin on WASI, tests/wasm/js_fd_unsupported checks AW_ENOTSUP on Emscripten)',
  'net/net_api': 'real sockets, fd waits on pipes and threads for aw_offload: Node\'s WASI and Emscripten have no sockets and no threads (tests/wasm/net_offload_unsupported checks the AW_ENOTSUP statuses)',
  'net/signal_wait': 'signals raised, sent with kill from a thread, and caught by two loops on two threads: WebAssembly has no signals and these builds no threads (tests/wasm/signal_unsupported checks AW_ENOTSUP)',
  'net/threadsafe': 'a pthread calls aw_loop_call_threadsafe while the loop blocks in its I/O wait: no threads on wasm, where the call returns AW_ENOTSUP',
  'net/udp_api': 'UDP on real loopback sockets under each fd backend (and ICMP port unreachable from the kernel): Node\'s WASI and Emscripten have no sockets; tests/core/net_sim_udp runs the same calls over the simulated network on every target',
  'net/unix_api': 'Unix domain sockets: socket files in a temporary directory, abstract names, a kernel backlog: no sockets and no such files in Node\'s WASI or Emscripten, where aw_unix_listen / aw_unix_connect return AW_ENOTSUP',
};

// Programs whose expected outcome is a failure: the exit status is not 0 and stderr matches.
// The lines are worded as the native report of a guard page hit (tests/native/stack_overflow).
export const expectedFailures = {
  'wasm/asyncify_overflow': /^aw: stack overflow in task 2 "deep" \(asyncify buffer 8 KiB\)\n/,
  'wasm/shadow_stack_overflow': /^aw: stack overflow in task 2 "deep" \(stack 24 KiB\)\n/,
};

// The groups of C programs, each built as tests/<group>/<prefix><name><suffix> and expected to
// print tests/<group>/expected/<name>.out: tests/core, the WebAssembly-only tests/wasm, the
// differential tests' fixed batch (tests/difftest, docs/difftest.md) and the playground's examples (wasm/playground/examples, built by tests/playground).
export const groups = [
  { name: 'core', sources: 'tests/core', prefix: '' },
  { name: 'wasm', sources: 'tests/wasm', prefix: '' },
  { name: 'difftest', sources: 'tests/difftest', prefix: '' },
  { name: 'playground', sources: 'wasm/playground/examples', prefix: 'playground_' },
];

// The groups whose programs never run on WebAssembly (see nativeOnly).
export const nativeGroups = [
  { name: 'native', sources: 'tests/native', prefix: '' },
  { name: 'net', sources: 'tests/net', prefix: '' },
];

// The C programs of a group, found by listing the directory so that new tests are picked up
// without editing anything here.
export function programs(group) {
  return readdirSync(path.join(root, group.sources))
    .filter((file) => file.endsWith('.c'))
    .map((file) => file.slice(0, -2))
    .sort();
}

export function programPath(target, group, name) {
  return path.resolve(root, target.build, 'tests', group.name, group.prefix + name + target.suffix);
}

export function expectedPath(group, name) {
  return path.join(root, 'tests', group.name, 'expected', name + '.out');
}

export function buildExists(target) {
  return existsSync(path.resolve(root, target.build, 'CMakeCache.txt'));
}

// The standard input of a program: tests/<group>/<name>.stdin, or nothing (closed at once).
export function inputOf(group, name) {
  const file = path.join(root, 'tests', group.name, name + '.stdin');
  return existsSync(file) ? readFileSync(file) : '';
}

// Runs a program with `input` on a pipe as its stdin; resolves to { status, stdout, stderr }.
export function run(target, file, input = '') {
  const args = target.platform === 'wasi'
    // The flag is a no-op from Node 18.17 / 20 on (WASI needs none there) and keeps older 18s working.
    ? ['--no-warnings', '--experimental-wasi-unstable-preview1', path.join(here, 'run-wasi.mjs'), file]
    : ['--no-warnings', '--no-experimental-fetch', path.join(here, 'run-emscripten.cjs'), file];
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { cwd: root, timeout: 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : error.signal || -1) : 0;
        resolve({ status, stdout, stderr });
      });
    child.stdin.end(input);
  });
}
