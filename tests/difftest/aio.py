"""What the asyncio side of the differential tests runs on: the virtual-clock loop of the core
tests' twins (tests/core/common/twin.py) with aw's two documented choices where asyncio leaves
the order unspecified, aw's deliberate difference in timeout scopes, and the helpers the
generated programs call.

  * Timers with equal deadlines fire in the order they were armed (rule 3: asyncio's heap
    compares deadlines only, aw breaks ties by creation order).
  * A task group cancels its children in spawn order (rule 13: asyncio walks a set).
  * wait-first adds its done callbacks in argument order and reports the first completion it
    sees (asyncio.wait walks a set; aw_wait_first reports one index).
  * A timeout scope (asyncio.timeout, and wait_for since 3.12) entered with a cancellation
    still pending reports that cancellation when it lands inside the scope, where asyncio
    reports a timeout and loses it (docs/contract.md, "Where aw differs from asyncio").

The model's milliseconds are 1/1024 s here, so that every deadline is exact in floating point
(0.001 + 0.002 != 0.003) and equal deadlines stay equal."""
import asyncio
import asyncio.events
import contextlib
import io
import itertools
import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / 'core' / 'common'))
from twin import VirtualLoop  # noqa: E402

DEADLOCK = "deadlock:"  # how the virtual loop's error starts when nothing can wake the tasks

MS = 1 / 1024
WATCHDOG_MS = 1000
WATCHDOG_ROUNDS = 10  # as harness.h: then the program is stuck and the process ends


class _Timer(asyncio.TimerHandle):
    __slots__ = ('_sequence',)

    def __init__(self, when, callback, args, loop, context, sequence):
        super().__init__(when, callback, args, loop, context=context)
        self._sequence = sequence

    def __lt__(self, other):
        return (self._when, self._sequence) < (other._when, other._sequence)

    def __le__(self, other):
        return (self._when, self._sequence) <= (other._when, other._sequence)

    def __gt__(self, other):
        return other < self

    def __ge__(self, other):
        return other <= self


class Loop(VirtualLoop):
    """VirtualLoop whose timers with equal deadlines fire in creation order."""

    def __init__(self):
        super().__init__()
        self._sequence = itertools.count()

    def call_at(self, when, callback, *args, context=None):
        self._check_closed()
        timer = _Timer(when, callback, args, self, context, next(self._sequence))
        import heapq
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer


class _OrderedSet(dict):
    def add(self, item):
        self[item] = None

    def discard(self, item):
        self.pop(item, None)


class TaskGroup(asyncio.TaskGroup):
    """asyncio.TaskGroup that cancels its children in spawn order."""

    def __init__(self):
        super().__init__()
        self._tasks = _OrderedSet()


def _gather_with_hops():
    """asyncio.gather as before 3.12: children already done also go through their done
    callback's hop (DT_GATHER_HOPS=1; difftest.py classify uses it to tell that difference)."""
    import inspect
    import textwrap
    source = textwrap.dedent(inspect.getsource(asyncio.tasks.gather))
    eager = ("if fut.done():\n"
             "                done_futs.append(fut)\n"
             "            else:\n"
             "                fut.add_done_callback(_done_callback)")
    if eager not in source:
        return
    namespace = dict(vars(asyncio.tasks))
    exec(source.replace(eager, "fut.add_done_callback(_done_callback)"), namespace)
    asyncio.gather = namespace['gather']


if os.environ.get('DT_GATHER_HOPS') == '1':
    _gather_with_hops()


class _Timeout(asyncio.Timeout):
    """asyncio.Timeout that counts a cancellation still pending when the scope is entered as
    one arriving inside it, as aw's timeout scope does (docs/contract.md, "Where aw differs"):
    leaving the scope reports the cancellation instead of losing it under the timeout."""

    async def __aenter__(self):
        await super().__aenter__()
        if self._task._must_cancel:
            self._cancelling -= 1
        return self


asyncio.timeouts.Timeout = _Timeout


class Failure(Exception):
    """A task's error: status AW_ERROR_USER - code in C."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def now():
    return round(asyncio.get_running_loop().time() / MS)


def say(text):
    print(f"{text} @{now()}")


def outcome(task):
    if task.cancelled():
        return "cancelled"
    error = task.exception()
    if error is not None:
        return f"error {error.code}" if isinstance(error, Failure) else f"exception {error!r}"
    return f"ok {task.result()}"


def shown(value):
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


async def step(what, awaitable, show=True):
    """Awaits and prints what came of it; a cancellation goes on up after its line."""
    try:
        value = await awaitable
    except asyncio.CancelledError:
        say(f"{what}: cancelled")
        raise
    except Failure as error:
        say(f"{what}: error {error.code}")
        return
    except TimeoutError:
        say(f"{what}: timeout")
        return
    say(f"{what}: ok {shown(value)}" if show else f"{what}: ok")


async def wait_first(tasks):
    """asyncio.wait(tasks, return_when=FIRST_COMPLETED) as tasks._wait does it, with the
    callbacks added in argument order; returns the position of the first completion seen."""
    waiter = asyncio.get_running_loop().create_future()
    seen = []

    def on_completion(task):
        seen.append(task)
        if not waiter.done():
            waiter.set_result(None)
    for task in tasks:
        task.add_done_callback(on_completion)
    try:
        await waiter
    finally:
        for task in tasks:
            task.remove_done_callback(on_completion)
    return tasks.index(seen[0])


def group_errors(group_error):
    return ",".join(str(e.code) if isinstance(e, Failure) else repr(e)
                    for e in group_error.exceptions)


async def watchdog(main):
    for round in itertools.count():
        await asyncio.sleep(WATCHDOG_MS * MS)
        if round == WATCHDOG_ROUNDS:
            print("watchdog: stuck", flush=True)
            os._exit(3)
        say("watchdog cancels t0")
        main.cancel()


async def epilogue(dog, tasks):
    """Cancels the watchdog and every task still alive, and waits until each is done."""
    say("t0 epilogue")
    for task in [dog] + tasks[1:]:
        if task is not None and not task.done():
            task.cancel()
    await finish(dog)
    for i, task in enumerate(tasks[1:], 1):
        if task is not None:
            await finish(task)
            say(f"t0 final t{i}: {outcome(task)}")


async def finish(task):
    while not task.done():
        try:
            await task
        except BaseException:
            pass


def run_programs(programs):
    """Runs the programs, or those whose seeds are given as arguments."""
    chosen = set(map(int, sys.argv[1:]))
    for seed, program in programs:
        if chosen and seed not in chosen:
            continue
        print(f"== program {seed}")
        try:
            with asyncio.Runner(loop_factory=Loop) as runner:
                try:
                    runner.run(program())
                except RuntimeError as error:
                    if not str(error).startswith(DEADLOCK):
                        raise
                    # aw_run returns AW_EDEADLOCK where the virtual loop finds nothing left to
                    # wake the tasks (a real loop would wait for ever); the clean-up that
                    # Runner.close runs after that is the virtual loop's own: not compared.
                    print("run: deadlock")
                    with contextlib.redirect_stdout(io.StringIO()), \
                            contextlib.suppress(RuntimeError):
                        runner.close()
        except BaseException as error:  # a generator bug: shows as a difference
            print(f"run: {error!r}")
        sys.stdout.flush()
