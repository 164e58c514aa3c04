"""Asserts that `bench/run --quick` ran every benchmark and recorded numbers (never timings
against limits): every micro program and its measurements, both Python loops, the
instruction counts when valgrind is installed, every echo server in every configuration,
the echo anatomy (per-message system calls and instructions, as far as perf and valgrind are
here), and a rendered page with the tables.

    python3 check_quick.py RESULTS.json PAGE.md
"""
import json
import shutil
import subprocess
import sys

results = json.load(open(sys.argv[1]))
page = open(sys.argv[2]).read()
problems = []

expected = {
    "bench_switch_asm": ["bare register swap", "ratio aw / bare"],
    "bench_core_asm": ["yield round trip", "sleep(0) loop, one task",
                       "spawn+run+join (pooled stacks)", "future ping-pong round trip",
                       "channel send+recv, unbuffered", "channel send+recv, capacity 64"],
    "bench_timers": ["timer insert", "timer fire", "timer insert+fire"],
    "python_asyncio": ["sleep0", "create_task", "future_ping_pong"],
    "python_uvloop": ["sleep0", "create_task", "future_ping_pong"],
}
for program, labels in expected.items():
    found = results["micro"].get(program, {})
    for label in labels:
        value = found.get(label, {}).get("median")
        if not isinstance(value, (int, float)) or value <= 0:
            problems.append(f"{program}: no number for {label!r}")
if not any("RSS growth" in label for label in results["micro"].get("bench_core_asm", {})):
    problems.append("bench_core_asm: no idle-task memory figures")
if shutil.which("valgrind"):
    for what in ("yield", "spawn", "sleep0"):
        if not results.get("instructions", {}).get(what, 0) > 0:
            problems.append(f"no instruction count for {what}")

servers = set()
for key, cell in results["echo"].items():
    servers.update(cell["servers"])
for key, cell in results["echo"].items():
    for name in sorted(servers):
        runs = cell["servers"].get(name, [])
        if not runs or any("error" in run or not run.get("msgs_per_s", 0) > 0 or
                           "server_cpu_us_per_msg" not in run for run in runs):
            problems.append(f"echo {key}: {name} produced no numbers: {runs}")
for required in ("aw-echo (epoll)", "aw-echo (poll)", "C epoll", "C poll",
                 "C thread per connection", "asyncio streams", "asyncio protocol"):
    if required not in servers:
        problems.append(f"echo server {required!r} did not run")

# The echo anatomy: instructions when valgrind is here, system calls when perf can count the
# syscall tracepoints (as root, or with perf_event_paranoid allowing it).
perf = shutil.which("perf")
perf_counts = perf is not None and subprocess.run(
    [perf, "stat", "-e", "syscalls:sys_enter_read", "true"], capture_output=True).returncode == 0
anatomy = results.get("echo_anatomy", {})
for name in ("aw-echo (epoll)", "C epoll"):
    entry = anatomy.get(name)
    if entry is None:
        problems.append(f"echo anatomy: {name} missing")
        continue
    if shutil.which("valgrind") and not entry.get("instructions", 0) > 0:
        problems.append(f"echo anatomy: no instruction count for {name}: {entry}")
    if perf_counts and not entry.get("calls", {}).get("recvfrom", 0) > 0:
        problems.append(f"echo anatomy: no system call counts for {name}: {entry}")

for heading in ("## Targets", "## Core", "## Echo", "## WebAssembly"):
    if heading not in page:
        problems.append(f"rendered page lacks {heading!r}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"bench --quick: {len(servers)} echo servers, every benchmark produced numbers")
