#!/usr/bin/env python3
"""Runs the asyncio twin written in the leading comment of each tests/core/*.c given (all by
default) and compares what it prints with tests/core/expected/<name>.out.

The twin is the block indented by four spaces after a comment line ending in "asyncio twin:". It
runs with `asyncio` and twin.py's run/now/iteration imported. A twin may end with a line
"# differs: ..." explaining a deliberate difference; its mismatch is then reported but not
counted as a failure."""
import pathlib
import re
import subprocess
import sys
import textwrap

HERE = pathlib.Path(__file__).resolve().parent
CORE = HERE.parent
PRELUDE = "import asyncio\nfrom twin import run, now, iteration\n"


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


def main(names):
    sources = [CORE / f"{n}.c" for n in names] if names else sorted(CORE.glob("*.c"))
    failures = 0
    for source in sources:
        twin = twin_of(source)
        if twin is None:
            continue
        run = subprocess.run([sys.executable, "-c", PRELUDE + twin], cwd=HERE,
                             capture_output=True, text=True)
        expected = (CORE / "expected" / f"{source.stem}.out").read_text()
        if run.returncode == 0 and run.stdout == expected:
            print(f"same    {source.stem}")
            continue
        differs = "# differs:" in twin
        print(f"{'differs' if differs else 'FAILED '} {source.stem}")
        print(textwrap.indent(run.stdout + run.stderr, "    | "))
        failures += not differs
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
