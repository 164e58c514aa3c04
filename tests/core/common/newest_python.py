#!/usr/bin/env python3
"""Prints the path of the newest CPython 3 on this machine, which runs the asyncio twins: aw
follows current asyncio (docs/contract.md), so the newest interpreter is the one to compare
with. Looks at python3.N on PATH, pyenv's versions and the interpreter running this script;
each candidate is asked for its version, so a pyenv shim of a version that is not installed
does not count."""
import glob
import os
import shutil
import subprocess
import sys


def candidates():
    yield sys.executable
    for minor in range(20, 10, -1):
        found = shutil.which(f"python3.{minor}")
        if found:
            yield found
    pyenv = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    yield from glob.glob(os.path.join(pyenv, "versions", "3.*", "bin", "python3"))
    found = shutil.which("python3")
    if found:
        yield found


def version_of(python):
    """(major, minor, micro) of a working CPython, else None."""
    try:
        run = subprocess.run([python, "-c", "import sys, platform; "
                              "print(platform.python_implementation(), *sys.version_info[:3])"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    words = run.stdout.split()
    if run.returncode != 0 or len(words) != 4 or words[0] != "CPython":
        return None
    return tuple(int(w) for w in words[1:])


def newest():
    found = {}
    for python in candidates():
        version = version_of(python)
        if version and version >= (3, 11):
            found.setdefault(version, python)
    if not found:
        sys.exit("newest_python.py: no CPython 3.11 or later found")
    return found[max(found)]


if __name__ == "__main__":
    print(newest())
