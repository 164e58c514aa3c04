"""Runs the asyncio twin written in a playground example's top comment, on a virtual clock.

The twin is the Python block between the lines "asyncio twin:" and "expected output:" of the
example's first comment. asyncio's loop gets a clock that starts at 0 and jumps to the next
timer instead of waiting, as aw's AW_CLOCK_VIRTUAL does, so the twin's output (times included)
can be compared byte for byte with the C program's. On that clock time.sleep() blocks the loop
for virtual time and asyncio.to_thread runs on a simulated worker (PlaygroundLoop).

    python3 run_twin.py example.c            # prints the twin's output
    python3 run_twin.py example.c expected   # exits 1 unless it equals the file
    python3 run_twin.py --source example.c   # prints the twin program (the playground shows it)
    python3 run_twin.py --waits example.c    # prints, per task in creation order, the twin's
                                             # lines where it waited, in order (JSON)
"""
import asyncio
import contextlib
import inspect
import io
import json
import pathlib
import re
import sys
import time
from unittest import mock

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "core" / "common"))
from twin import VirtualLoop  # noqa: E402  (the core tests' virtual-clock loop)


class PlaygroundLoop(VirtualLoop):
    """The virtual-clock loop, plus blocking work on that clock (blocking.c):

    - time.sleep() on the loop's thread holds the loop and moves the clock, as aw_blocking_sleep
      does: nothing else runs meanwhile and the timers it passes fire late;
    - run_in_executor (under asyncio.to_thread) hands the function to a simulated worker thread:
      the function runs at once, its time.sleep() calls cost the worker's time instead of the
      loop's, and its result arrives when that much virtual time has passed, as blocking.c's
      worker task delivers it.
    """

    def __init__(self):
        super().__init__()
        self._worker_seconds = None  # time spent by the simulated worker while it runs

    def blocking_sleep(self, seconds):
        if self._worker_seconds is not None:
            self._worker_seconds += seconds
        else:
            self._clock[0] += seconds

    def run_in_executor(self, executor, func, *args):
        self._worker_seconds = 0.0
        try:
            result = func(*args)
        finally:
            seconds, self._worker_seconds = self._worker_seconds, None
        future = self.create_future()
        self.call_later(seconds, future.set_result, result)
        return future


def twin_program(path):
    text = open(path, encoding="utf-8").read()
    match = re.search(r"asyncio twin:\n(.*?)\n \* expected output:", text, re.S)
    if not match:
        sys.exit(f"{path}: no 'asyncio twin:' block")
    return [re.sub(r"^ \* ?", "", line) for line in match.group(1).splitlines()]


def twin_source(path):
    # The twin ends with asyncio.run(main()); run() below runs main on the virtual loop instead.
    return "\n".join(line for line in twin_program(path) if not line.startswith("asyncio.run("))


class WaitRecordingLoop(PlaygroundLoop):
    """Records, after each loop iteration, the twin's line each task waits on (its newest frame
    in the twin's file), as one list per task in creation order, repeats collapsed. A task runs
    at most once per iteration, so every wait is seen."""

    def __init__(self, filename):
        super().__init__()
        self._filename = filename
        self.tasks = []
        self.waits = []

    def create_task(self, coro, **kwargs):
        task = super().create_task(coro, **kwargs)
        self.tasks.append(task)
        self.waits.append([])
        return task

    def _run_once(self):
        super()._run_once()
        for task, waits in zip(self.tasks, self.waits):
            line = self._waiting_line(task)
            if line is not None and (not waits or waits[-1] != line):
                waits.append(line)

    def _waiting_line(self, task):
        """The line of the newest frame in the twin's file along the task's await chain, or
        None (done, not started yet, or not the twin's own coroutine)."""
        coro = task.get_coro()
        if task.done() or inspect.getcoroutinestate(coro) != inspect.CORO_SUSPENDED:
            return None
        line = None
        while coro is not None:
            frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
            if frame is not None and frame.f_code.co_filename == self._filename:
                line = frame.f_lineno
            coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        return line


def run(path, loop_factory=PlaygroundLoop):
    source = twin_source(path)
    namespace = {"__name__": "twin"}
    exec(compile(source, path + " (asyncio twin)", "exec"), namespace)
    out = io.StringIO()
    sleep = lambda seconds: asyncio.get_running_loop().blocking_sleep(seconds)  # noqa: E731
    with contextlib.redirect_stdout(out), mock.patch.object(time, "sleep", sleep):
        runner = asyncio.Runner(loop_factory=loop_factory)
        with runner:
            runner.run(namespace["main"]())
    return out.getvalue()


def waits(path):
    loops = []

    def factory():
        loops.append(WaitRecordingLoop(path + " (asyncio twin)"))
        return loops[-1]

    run(path, factory)
    loop = loops[0]
    return [waits for task, waits in zip(loop.tasks, loop.waits)
            if task.get_coro().cr_code.co_filename == loop._filename]


if __name__ == "__main__":
    if sys.argv[1] == "--source":
        print("\n".join(twin_program(sys.argv[2])))
        sys.exit(0)
    if sys.argv[1] == "--waits":
        print(json.dumps(waits(sys.argv[2])))
        sys.exit(0)
    output = run(sys.argv[1])
    if len(sys.argv) > 2:
        expected = open(sys.argv[2], encoding="utf-8").read()
        if output != expected:
            sys.stdout.write(output)
            sys.exit(f"{sys.argv[1]}: the asyncio twin's output differs from {sys.argv[2]}")
        print(f"{sys.argv[1]}: the asyncio twin prints the expected output")
    else:
        sys.stdout.write(output)
