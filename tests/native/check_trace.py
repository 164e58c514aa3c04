#!/usr/bin/env python3
"""Validates a Chrome trace written by aw (AW_TRACE or aw_trace_chrome_start).

usage: check_trace.py TRACE.json EXPECTED.json

EXPECTED describes the run:
  "tasks":   {"<tid>": "<name>"}          a thread_name per task, "task <tid> <name>"
  "waits":   {"<tid>": ["timer", ...]}    the "b" wait spans of each task, in order
  "wakes":   [[from_tid, to_tid], ...]    flow arrows that must exist (0: the loop's track)
  "outputs": [[tid, "text"], ...]         every output instant, in order
  "status":  {"<tid>": "AW_OK"}           each task's "done" instant
"""
import json
import sys
from collections import defaultdict


def fail(message):
    print(message)
    sys.exit(1)


def main():
    trace_path, expected_path = sys.argv[1], sys.argv[2]
    try:
        with open(trace_path, encoding="utf-8") as f:
            trace = json.load(f)
    except (OSError, ValueError) as error:
        fail(f"{trace_path}: not valid JSON: {error}")
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)

    # A file trace is in the JSON Array Format; a memory trace in the object format.
    events = trace if isinstance(trace, list) else trace.get("traceEvents")
    if not isinstance(events, list) or not events:
        fail("no events")
    for event in events:
        if "ph" not in event or "pid" not in event or "name" not in event:
            fail(f"event without ph/pid/name: {event}")

    # Metadata: the process, the loop's track and one named track per task.
    names = {e["tid"]: e["args"]["name"] for e in events
             if e["ph"] == "M" and e["name"] == "thread_name"}
    if not any(e["ph"] == "M" and e["name"] == "process_name" for e in events):
        fail("no process_name metadata")
    if 0 not in names:
        fail("no thread_name for the loop's track 0")
    tasks = {int(tid): name for tid, name in expected["tasks"].items()}
    for tid, name in tasks.items():
        want = f"task {tid} {name}"
        if names.get(tid) != want:
            fail(f"thread_name of tid {tid}: {names.get(tid)!r}, want {want!r}")
    extra = set(names) - set(tasks) - {0}
    if extra:
        fail(f"thread_name for unexpected tids {sorted(extra)}")

    # Steps: complete events with a duration on each task's track.
    steps = defaultdict(int)
    for e in events:
        if e["ph"] == "X" and e["name"] == "step":
            if not isinstance(e.get("ts"), (int, float)) or e.get("dur", -1) < 0:
                fail(f"bad step event {e}")
            steps[e["tid"]] += 1
    for tid in tasks:
        if steps[tid] == 0:
            fail(f"no step event for task {tid}")

    # Wait spans: per task, "b" then "e" with the same id, never nested, all closed.
    open_span = {}
    waits = defaultdict(list)
    for e in events:
        if e["ph"] not in ("b", "e"):
            continue
        key = (e["tid"], e["id"])
        if e["ph"] == "b":
            if key in open_span:
                fail(f"wait span {key} begins twice: {e}")
            open_span[key] = e
            waits[e["tid"]].append(e["args"]["on"])
        else:
            if key not in open_span:
                fail(f"wait span {key} ends without a begin: {e}")
            if e["ts"] < open_span.pop(key)["ts"]:
                fail(f"wait span {key} ends before it begins")
    if open_span:
        fail(f"wait spans never ended: {sorted(open_span)}")
    for tid, kinds in expected["waits"].items():
        if waits[int(tid)] != kinds:
            fail(f"waits of task {tid}: {waits[int(tid)]}, want {kinds}")

    # Flows: every id has exactly one "s" and one "f", ending on a task track.
    starts, finishes = {}, {}
    for e in events:
        if e["ph"] in ("s", "f"):
            table = starts if e["ph"] == "s" else finishes
            if e["id"] in table:
                fail(f"flow id {e['id']} has two '{e['ph']}' events")
            table[e["id"]] = e
    if set(starts) != set(finishes):
        fail(f"unpaired flow ids: {sorted(set(starts) ^ set(finishes))}")
    arrows = set()
    for flow_id, start in starts.items():
        finish = finishes[flow_id]
        if finish["tid"] not in tasks:
            fail(f"flow {flow_id} ends on tid {finish['tid']}, not a task")
        if finish["ts"] < start["ts"]:
            fail(f"flow {flow_id} ends before it starts")
        arrows.add((start["tid"], finish["tid"]))
    for source, target in expected["wakes"]:
        if (source, target) not in arrows:
            fail(f"no flow arrow from tid {source} to tid {target}; have {sorted(arrows)}")

    # Output instants, in order, with the text printed.
    outputs = [[e["tid"], e["args"]["text"]] for e in events
               if e["ph"] == "i" and e["name"] == "output"]
    if outputs != expected["outputs"]:
        fail(f"outputs: {outputs}\nwant: {expected['outputs']}")

    # A done instant per task with its status.
    done = {e["tid"]: e["args"]["status"] for e in events if e["ph"] == "i" and e["name"] == "done"}
    for tid, status in expected["status"].items():
        if done.get(int(tid)) != status:
            fail(f"done of task {tid}: {done.get(int(tid))}, want {status}")

    print(f"ok: {len(events)} events, {sum(steps.values())} steps, "
          f"{sum(len(w) for w in waits.values())} waits, {len(starts)} flows, "
          f"{len(outputs)} outputs")


if __name__ == "__main__":
    main()
