#!/usr/bin/env python3
"""Runs the asyncio twin written in the leading comment of each tests/core/*.c given (all by
default) and compares what it prints with tests/core/expected/<name>.out.

The twin is the block indented by four spaces after a comment line ending in "asyncio twin:". It
runs, under the interpreter running this script (ctest uses the newest CPython on the machine,
common/newest_python.py), with `asyncio` and twin.py's run/now/iteration imported. aw follows
current asyncio (docs/contract.md), so a twin must print exactly the expected file unless one of
its last lines says why not:

    # differs: <reason>                    aw differs from every CPython on purpose
    # differs on CPython 3.11, 3.12: <why> only those versions print otherwise ("3.12+" means
                                           3.12 and later); elsewhere the twin must match, and
                                           a listed version that matches fails (a stale note)
    # prints lines 1-5: <reason>           the twin prints only those lines of the expected file

A reason may go on over further comment lines."""
import pathlib
import re
import subprocess
import sys
import textwrap

HERE = pathlib.Path(__file__).resolve().parent
CORE = HERE.parent
PRELUDE = "import asyncio\nfrom twin import run, now, iteration\n"
RUNNING = sys.version_info[:2]
VERSION = ".".join(map(str, sys.version_info[:3]))


def twin_of(source):
    """The indented code block after a line ending in "asyncio twin:", or None."""
    lines = source.read_text().splitlines()
    starts = [i for i, line in enumerate(lines) if re.search(r"asyncio twin[^:]*:\s*$", line)]
    if not starts:
        return None
    body = []
    for line in lines[starts[0] + 1:]:
        text = line[2:] if line.startswith(" *") else None
        if text is None or (text.strip() and not text.startswith("    ")):
            break
        body.append(text)
    return textwrap.dedent("\n".join(body)) if any(b.strip() for b in body) else None


def version_matches(spec):
    """Whether the running CPython is one of "3.11, 3.12+"."""
    for item in re.split(r"\s*,\s*", spec.strip()):
        match = re.fullmatch(r"3\.(\d+)(\+?)", item)
        if not match:
            sys.exit(f"check_twins.py: bad CPython version {item!r} in a differs note")
        minor, later = int(match.group(1)), match.group(2) == "+"
        if RUNNING == (3, minor) or (later and RUNNING > (3, minor)):
            return True
    return False


def notes_of(twin):
    """(differs, (first, last) or None): differs is ("always" or "here", reason) or None."""
    notes = []
    for line in twin.splitlines():
        match = re.match(r"# (differs|differs on CPython ([^:]+)|prints lines (\d+)-(\d+)):\s*(.*)$",
                         line)
        if match:
            notes.append([match, match.group(5)])
        elif notes and line.startswith("# "):
            notes[-1][1] += " " + line[2:].strip()
    differs, lines = None, None
    for match, reason in notes:
        if match.group(3):
            lines = (int(match.group(3)), int(match.group(4)))
        elif match.group(2) is None:
            differs = ("always", reason)
        elif version_matches(match.group(2)):
            differs = ("here", reason)
    return differs, lines


def main(names):
    sources = [CORE / f"{n}.c" for n in names] if names else sorted(CORE.glob("*.c"))
    print(f"asyncio twins under CPython {VERSION} ({sys.executable})")
    failures = 0
    for source in sources:
        twin = twin_of(source)
        if twin is None:
            continue
        differs, lines = notes_of(twin)
        run = subprocess.run([sys.executable, "-c", PRELUDE + twin], cwd=HERE,
                             capture_output=True, text=True)
        expected = (CORE / "expected" / f"{source.stem}.out").read_text()
        if lines:
            kept = expected.splitlines(keepends=True)[lines[0] - 1:lines[1]]
            expected = "".join(kept)
        same = run.returncode == 0 and run.stdout == expected
        if same and differs and differs[0] == "here":
            print(f"FAILED  {source.stem}: prints the expected output, but its note says "
                  f"CPython {VERSION} differs: {differs[1]}")
            failures += 1
            continue
        if same:
            print(f"same    {source.stem}")
            continue
        if differs:
            where = "" if differs[0] == "always" else f"on CPython {VERSION}: "
            print(f"differs {source.stem} ({where}{differs[1]})")
        else:
            print(f"FAILED  {source.stem}")
            failures += 1
        print(textwrap.indent(run.stdout + run.stderr, "    | "))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
