"""asyncio with the loop aw's tests use: a virtual clock that jumps to the next timer instead of
sleeping, and a count of loop iterations (one per _run_once, numbered from 1 like
aw_loop_iteration). The asyncio twins in the comments of tests/core/*.c import it."""
import asyncio
import selectors


class _VirtualSelector(selectors.DefaultSelector):
    def __init__(self, clock):
        super().__init__()
        self._clock = clock

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError("deadlock: nothing is ready and no timer is armed")
        self._clock[0] += max(timeout, 0.0)
        return super().select(0)


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._clock = [0.0]
        self.iteration = 0
        super().__init__(_VirtualSelector(self._clock))

    def time(self):
        return self._clock[0]

    def _run_once(self):
        self.iteration += 1
        super()._run_once()


def run(main):
    """asyncio.run(main) on a VirtualLoop."""
    with asyncio.Runner(loop_factory=VirtualLoop) as runner:
        return runner.run(main)


def now():
    """Milliseconds of the virtual clock, as aw_now_ms()."""
    return round(asyncio.get_running_loop().time() * 1000)


def iteration():
    """The running iteration, as aw_loop_iteration()."""
    return asyncio.get_running_loop().iteration
