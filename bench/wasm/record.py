#!/usr/bin/env python3
"""Writes bench/results/wasm.json from what bench/wasm/run measured (bench/render.py renders it).

    record.py OUTPUT_DIR ROUNDS WASI_BUILD EMSCRIPTEN_BUILD RESULTS.json

OUTPUT_DIR holds the programs' output (switch_wasi, switch_emscripten, switch_native,
core_wasi). Module sizes leave out the custom sections that only debuggers read (DWARF, the
name section, producers), which in wasi-libc's case are several times the code; every .wasm of
a build is paired with the twin its aw_wasm_sizes target made without Asyncify.
"""
import datetime
import json
import os
import platform
import re
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
DEBUG_SECTIONS = ("name", "producers", "sourceMappingURL", "external_debug_info")
TWIN = "_no_asyncify.wasm"


def leb128(data, offset):
    value = shift = 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, offset


def module_size(path):
    """Bytes of the module without its debugging custom sections."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\0asm":
        raise ValueError(f"{path}: not a WebAssembly module")
    size, offset = 8, 8
    while offset < len(data):
        start = offset
        section_id = data[offset]
        length, body = leb128(data, offset + 1)
        offset = body + length
        if section_id == 0:
            name_length, name_start = leb128(data, body)
            name = data[name_start:name_start + name_length].decode()
            if name.startswith(".debug") or name in DEBUG_SECTIONS:
                continue
        size += offset - start
    return size


def sizes(build):
    """{module path in the build: {"with_asyncify", "without_asyncify"}} for every module."""
    modules = {}
    for directory, subdirectories, files in os.walk(build):
        subdirectories[:] = [d for d in subdirectories if d != "CMakeFiles"]
        for file in sorted(files):
            if not file.endswith(".wasm") or file.endswith(TWIN) or file.endswith(".linked.wasm"):
                continue
            path = os.path.join(directory, file)
            twin = path[:-len(".wasm")] + TWIN
            modules[os.path.relpath(path, build)] = {
                "with_asyncify": module_size(path),
                "without_asyncify": module_size(twin) if os.path.exists(twin) else None,
            }
    return dict(sorted(modules.items()))


def switch_results(text):
    out = {}
    for line in text.splitlines():
        match = re.match(r"depth (\d+): ([0-9.]+) ns per suspend\+resume \((.*)\)", line)
        if match:
            out[match.group(1)] = {"ns": float(match.group(2)), "backend": match.group(3)}
    return out


def core_results(text):
    """bench_util.h's lines: "  <label>  <median> <unit>  runs: <run> ..."."""
    out = {}
    for line in text.splitlines():
        match = re.match(r"\s+(\S.*?)\s+([0-9.]+) (\S+)\s+runs:((?: [0-9.]+)+)$", line)
        if match:
            out[match.group(1)] = {"median": float(match.group(2)), "unit": match.group(3),
                                   "runs": [float(v) for v in match.group(4).split()]}
    return out


def native_core():
    """bench/run's figures for the same loops (bench_core, assembly switch), if it has run."""
    path = os.path.join(ROOT, "bench/results/latest.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        latest = json.load(f)
    core = latest.get("micro", {}).get("bench_core_asm", {})
    return {"source": "bench/results/latest.json (bench/run, bench_core_asm)",
            "started": latest.get("started"),
            "results": {label: {"median": entry["median"], "unit": entry["unit"]}
                        for label, entry in core.items() if entry.get("unit") == "ns"}}


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    out, rounds, wasi, emscripten, results_path = sys.argv[1:]
    read = lambda name: open(os.path.join(out, name)).read()
    switch = {"wasi_asyncify_node": switch_results(read("switch_wasi")),
              "emscripten_asyncify_node": switch_results(read("switch_emscripten")),
              "native": switch_results(read("switch_native"))}
    depth1 = switch["wasi_asyncify_node"]["1"]["ns"]
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    result = {
        "benchmark": "bench/wasm/run",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "node": node, "machine": platform.machine(), "loadavg": os.getloadavg()[0],
        "rounds": int(rounds), "runs": 7,
        "suspend_resume_ns": switch,
        "target": {"depth": 1, "max_ns": 150, "measured_ns": depth1,
                   "verdict": "met" if depth1 <= 150 else "missed"},
        "core": {"wasi_asyncify_node": core_results(read("core_wasi")), "native": native_core()},
        "sizes_bytes": {"wasi": sizes(wasi), "emscripten": sizes(emscripten)},
    }
    with open(results_path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
