"""The core micro benchmarks written for Python asyncio, run on the default loop and on uvloop
so they sit next to aw's own (bench/bench_core.c prints the same three):
  sleep(0) loop     one task awaiting asyncio.sleep(0) n times: ns per sleep
  create_task loop  create_task(noop()) then await it, n times: ns per task
  future ping-pong  two tasks hand a new future back and forth: ns per round trip
Prints one line per measurement, "name median_ns runs: r1 r2 ...", medians of RUNS runs.

    python3 micro_asyncio.py [uvloop] [quick]
"""
import asyncio
import sys
import time

QUICK = "quick" in sys.argv
RUNS = 1 if QUICK else 5
N = 2000 if QUICK else 200000


async def sleep_loop(n):
    start = time.perf_counter_ns()
    for _ in range(n):
        await asyncio.sleep(0)
    return (time.perf_counter_ns() - start) / n


async def noop():
    pass


async def create_task_loop(n):
    loop = asyncio.get_running_loop()
    start = time.perf_counter_ns()
    for _ in range(n):
        await loop.create_task(noop())
    return (time.perf_counter_ns() - start) / n


async def ping_pong(n):
    loop = asyncio.get_running_loop()
    state = {}

    async def ponger():
        for _ in range(n):
            state["ping"] = loop.create_future()
            pong = await state["ping"]
            pong.set_result(None)

    task = loop.create_task(ponger())
    await asyncio.sleep(0)  # the ponger made its first future
    start = time.perf_counter_ns()
    for _ in range(n):
        pong = loop.create_future()
        state["ping"].set_result(pong)
        await pong
    elapsed = time.perf_counter_ns() - start
    await task
    return elapsed / n


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main():
    if "uvloop" in sys.argv:
        import uvloop
        uvloop.install()
    for name, bench in (("sleep0", sleep_loop), ("create_task", create_task_loop),
                        ("future_ping_pong", ping_pong)):
        runs = [asyncio.run(bench(N)) for _ in range(RUNS)]
        print(f"  {name}  {median(runs):.1f} ns  runs: " + " ".join(f"{r:.1f}" for r in runs),
              flush=True)


if __name__ == "__main__":
    main()
