#!/usr/bin/env python3
"""Differential tests of aw against CPython's asyncio (docs/difftest.md).

Random task programs (model.py) are written out as asyncio programs and as C programs on aw
(emit.py); both run on a virtual clock and must print the same lines.

    difftest.py run [-n 10000] [--seed 1] [--batch 250]
        Runs N programs, seeds seed .. seed+N-1, in batches: one C binary and one Python
        process per batch. Prints how many differed; each difference is shrunk to a small
        program that still differs, written (both versions and both outputs) to
        build/difftest/differences/<seed>.txt.
    difftest.py source (--ci | --seed 1 -n 200) -o FILE
        Writes the C source of a batch; --ci: the fixed CI batch, the first 200 seeds that
        known.txt does not list (tests/difftest/CMakeLists.txt builds it).
    difftest.py expected [--write]
        Runs the CI batch's asyncio side and compares it with expected/ci_batch.out, or
        rewrites that file (under CPython 3.12 or later only).

The asyncio side runs under the newest CPython found (python3.13, ~/.pyenv/versions/3.13*,
python3.12, ..., python3). Under 3.11 a program may differ where asyncio changed in 3.12
(wait_for is a timeout scope since 3.12): such differences are listed, not counted."""
import argparse
import difflib
import glob
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from emit import c_file, python_file, python_program, c_program  # noqa: E402
from model import BLOCKS, generate  # noqa: E402

CI_COUNT = 200
CI_EXPECTED = HERE / 'expected' / 'ci_batch.out'
KNOWN = HERE / 'known.txt'


def known():
    """{seed: reason} of known.txt: programs that differ for a reason docs/difftest.md gives."""
    entries = {}
    for line in KNOWN.read_text().splitlines():
        if line.strip() and not line.startswith('#'):
            seed, reason = line.split(None, 1)
            entries[int(seed)] = reason
    return entries


def ci_seeds():
    """The CI batch: the first CI_COUNT seeds from 1 on that known.txt does not list."""
    skip, seeds, seed = known(), [], 1
    while len(seeds) < CI_COUNT:
        if seed not in skip:
            seeds.append(seed)
        seed += 1
    return seeds


def find_python():
    """The newest CPython 3.11+ here (tests/core/common/newest_python.py, which the asyncio
    twins use too), and its version as (major, minor)."""
    sys.path.insert(0, str(ROOT / 'tests' / 'core' / 'common'))
    import newest_python
    path = newest_python.newest()
    return path, newest_python.version_of(path)[:2]


def split(output):
    """{seed: text} from the output of a batch."""
    programs, seed = {}, None
    for line in output.splitlines(keepends=True):
        header = re.match(r'== program (\d+)$', line)
        if header:
            seed = int(header.group(1))
            programs[seed] = ''
        elif seed is not None:
            programs[seed] += line
    return programs


def library():
    """libaw.a of the native preset, built if needed."""
    lib = ROOT / 'build' / 'native' / 'runtime' / 'libaw.a'
    subprocess.run(['cmake', '--preset', 'native'], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(['cmake', '--build', '--preset', 'native', '--target', 'aw'], cwd=ROOT,
                   check=True, capture_output=True)
    return lib


class Batch:
    """Builds and runs programs on both sides, in a scratch directory."""

    def __init__(self, python, lib, work, env=None):
        self.python, self.lib, self.work = python, lib, pathlib.Path(work)
        self.env = env or {}

    def run_c(self, programs):
        source, binary = self.work / 'batch.c', self.work / 'batch'
        source.write_text(c_file(programs))
        cc = os.environ.get('CC', 'cc')
        subprocess.run([cc, '-O0', '-w', f'-I{ROOT / "runtime" / "include"}', f'-I{HERE}',
                        str(source), str(self.lib), '-lpthread', '-o', str(binary)],
                       check=True)
        return self.run_all([str(binary)], programs)

    def run_python(self, programs):
        script = self.work / 'batch.py'
        script.write_text(python_file(programs))
        env = dict(os.environ, PYTHONPATH=str(HERE), **self.env)
        return self.run_all([self.python, str(script)], programs, env)

    def run_all(self, command, programs, env=None):
        """Runs command over the programs; a program that gets stuck (harness.h's watchdog
        ends the process) ends its run, which goes on with the programs after it."""
        outputs, left = {}, [p.seed for p in programs]
        while left:
            args = command + [str(s) for s in left] if len(left) < len(programs) else command
            with tempfile.TemporaryFile('w+') as out:
                subprocess.run(args, stdout=out, stderr=subprocess.DEVNULL, env=env,
                               timeout=900)
                out.seek(0)
                outputs.update(split(out.read()))
            done = [s for s in left if s in outputs]
            if not done:
                break
            left = left[left.index(done[-1]) + 1:]
        return outputs

    def differing(self, programs):
        """The programs whose outputs differ, with (asyncio output, aw output)."""
        ours, theirs = self.run_c(programs), self.run_python(programs)
        return {p.seed: (theirs.get(p.seed, '<missing>\n'), ours.get(p.seed, '<missing>\n'))
                for p in programs if ours.get(p.seed) != theirs.get(p.seed)}


def smaller(program):
    """Programs with one thing taken away: a statement, a block's wrapper, a clean-up step,
    a task's failure."""
    def variants(stmts):
        for k, stmt in enumerate(stmts):
            yield stmts[:k] + stmts[k + 1:]
            if stmt[0] in BLOCKS:
                inner = stmt[-1]
                if stmt[0] != 'cond':
                    yield stmts[:k] + inner + stmts[k + 1:]
                for shorter in variants(inner):
                    yield stmts[:k] + [stmt[:-1] + (shorter,)] + stmts[k + 1:]
    for i, body in enumerate(program.bodies):
        for shorter in variants(body):
            bodies = list(program.bodies)
            bodies[i] = shorter
            yield program.copy(bodies=bodies)
    for i, cleanup in enumerate(program.cleanups):
        for k in range(len(cleanup)):
            cleanups = list(program.cleanups)
            cleanups[i] = cleanup[:k] + cleanup[k + 1:]
            yield program.copy(cleanups=cleanups)
    for i, end in enumerate(program.ends):
        if end is not None:
            ends = list(program.ends)
            ends[i] = None
            yield program.copy(ends=ends)


def size(program):
    def count(stmts):
        return sum(1 + (count(s[-1]) if s[0] in BLOCKS else 0) for s in stmts)
    return sum(count(b) for b in program.bodies) + sum(map(len, program.cleanups)) + \
        sum(e is not None for e in program.ends)


def shrink(batch, program):
    """A smaller program that still differs: drops one thing at a time while some variant
    still differs (all the variants of a round run as one batch)."""
    while True:
        variants = list(smaller(program))
        for n, variant in enumerate(variants):
            variant.seed = n + 1
        found = batch.differing(variants) if variants else {}
        if not found:
            return program
        best = min((v for v in variants if v.seed in found), key=size)
        best.seed = program.seed
        program = best


def report(batch, program, out_dir, version, shrinking=True):
    small = shrink(batch, program) if shrinking else program
    theirs, ours = batch.differing([small]).get(small.seed, ('', ''))
    diff = ''.join(difflib.unified_diff(theirs.splitlines(True), ours.splitlines(True),
                                        f'asyncio {version[0]}.{version[1]}', 'aw'))
    text = (f"# program {program.seed}, shrunk from {size(program)} to {size(small)} items;"
            f" uses: {', '.join(sorted(small.uses()))}\n\n## diff\n{diff}\n"
            f"## asyncio program\n{python_program(small)}\n## aw program\n{c_program(small)}\n"
            f"## asyncio output\n{theirs}\n## aw output\n{ours}")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{program.seed}.txt"
    path.write_text(text)
    return path, small


def classify(program, version):
    """Why a difference may be the old interpreter's, or None."""
    if version < (3, 12) and program.uses() & {'wait_for', 'fut_wait_for', 'timeout'}:
        return 'wait_for / timeout before 3.12'
    if version < (3, 12) and 'gather' in program.uses():
        return 'gather over children already done before 3.12'
    if version < (3, 13) and program.uses() & {'cond_wait', 'group'}:
        return 'condition wake-up hand-over / task group abort before 3.13'
    return None


def command_run(args):
    python, version = find_python()
    print(f"asyncio: CPython {version[0]}.{version[1]} ({python})")
    lib = library()
    out_dir = pathlib.Path(args.out)
    differed = classified = as_311 = 0
    python311 = shutil.which('python3.11') or next(
        iter(glob.glob(os.path.expanduser('~/.pyenv/versions/3.11*/bin/python3'))), None)
    if version < (3, 12):
        python311 = None
    with tempfile.TemporaryDirectory() as work:
        batch = Batch(python, lib, work)
        for start in range(args.seed, args.seed + args.n, args.batch):
            programs = [generate(s) for s in range(start, min(start + args.batch,
                                                              args.seed + args.n))]
            found = batch.differing(programs)
            # aw keeping an older asyncio's order shows as a program that 3.11 runs as aw does.
            old = Batch(python311, lib, work).differing(
                [programs[s - programs[0].seed] for s in found]) if python311 and found else {}
            for seed in sorted(found):
                program = programs[seed - programs[0].seed]
                reason = classify(program, version)
                if not reason and python311 and seed not in old:
                    reason = 'aw prints what CPython 3.11 prints'
                    as_311 += 1
                path, small = report(batch, program, out_dir, version, args.shrink)
                if reason == 'aw prints what CPython 3.11 prints':
                    differed += 1
                    print(f"program {seed}: DIFFERS ({size(small)} items; {reason}): {path}")
                elif reason:
                    classified += 1
                    print(f"program {seed}: differs under {version[0]}.{version[1]} only "
                          f"({reason}), not counted: {path}")
                else:
                    differed += 1
                    print(f"program {seed}: DIFFERS ({size(small)} items): {path}")
            sys.stdout.flush()
    print(f"{args.n} programs (seeds {args.seed}..{args.seed + args.n - 1}): {differed} differed"
          + (f" ({as_311} of them as CPython 3.11 runs them)" if python311 else "")
          + (f", {classified} classified as {version[0]}.{version[1]}-only" if classified else ""))
    return 1 if differed else 0


def command_classify(args):
    """Reruns the given programs with asyncio.gather as before 3.12 (aio.py, DT_GATHER_HOPS):
    the ones that then agree differ only by finding 2 of docs/difftest.md."""
    python, version = find_python()
    seeds = list(args.seeds)
    for directory in args.dirs:
        seeds += [int(p.stem) for p in pathlib.Path(directory).glob('*.txt')]
    programs = [generate(s) for s in sorted(set(seeds))]
    with tempfile.TemporaryDirectory() as work:
        still = Batch(python, library(), work, {'DT_GATHER_HOPS': '1'}).differing(programs)
    for p in programs:
        print(f"program {p.seed}: {'still differs' if p.seed in still else 'gather hops only'}")
    print(f"{len(programs)} programs: {len(programs) - len(still)} differ only by gather's hops "
          f"over done children, {len(still)} otherwise")
    return 1 if still else 0


def command_source(args):
    seeds = ci_seeds() if args.ci else range(args.seed, args.seed + args.n)
    programs = [generate(s) for s in seeds]
    text = c_file(programs)
    out = pathlib.Path(args.o)
    if not out.exists() or out.read_text() != text:
        out.write_text(text)
    return 0


def command_expected(args):
    python, version = find_python()
    programs = [generate(s) for s in ci_seeds()]
    with tempfile.TemporaryDirectory() as work:
        theirs = Batch(python, None, work).run_python(programs)
    missing = '<missing>\n'
    text = ''.join(f"== program {p.seed}\n{theirs.get(p.seed, missing)}" for p in programs)
    if args.write:
        if version < (3, 12):
            sys.exit("difftest: write the expected output with CPython 3.12 or later")
        CI_EXPECTED.write_text(text)
        print(f"wrote {CI_EXPECTED} with CPython {version[0]}.{version[1]}")
        return 0
    expected = split(CI_EXPECTED.read_text())
    failures = classified = 0
    for p in programs:
        if theirs.get(p.seed) == expected.get(p.seed):
            continue
        reason = classify(p, version)
        if reason:
            classified += 1
            print(f"program {p.seed}: differs under {version[0]}.{version[1]} ({reason}), not counted")
        else:
            failures += 1
            print(f"program {p.seed}: asyncio {version[0]}.{version[1]} differs from {CI_EXPECTED.name}")
    print(f"asyncio (CPython {version[0]}.{version[1]}): {CI_COUNT - failures - classified} of "
          f"{CI_COUNT} programs print {CI_EXPECTED.name}, {classified} differ as listed (not "
          f"counted), {failures} differ")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = parser.add_subparsers(dest='command', required=True)
    run = sub.add_parser('run', help='run N random programs and count differences')
    run.add_argument('-n', type=int, default=10000)
    run.add_argument('--seed', type=int, default=1)
    run.add_argument('--batch', type=int, default=250)
    run.add_argument('--no-shrink', dest='shrink', action='store_false',
                     help='write differing programs as they are')
    run.add_argument('--out', default=str(ROOT / 'build' / 'difftest' / 'differences'))
    source = sub.add_parser('source', help='write the C source of a batch')
    source.add_argument('--ci', action='store_true', help="the CI batch's seeds")
    source.add_argument('--seed', type=int, default=1)
    source.add_argument('-n', type=int, default=CI_COUNT)
    source.add_argument('-o', required=True)
    expected = sub.add_parser('expected', help="check (or --write) the CI batch's asyncio output")
    expected.add_argument('--write', action='store_true')
    classify = sub.add_parser('classify', help="rerun differing programs with 3.11's gather")
    classify.add_argument('seeds', type=int, nargs='*')
    classify.add_argument('--dir', dest='dirs', action='append', default=[],
                          help='the seeds of the reports in this directory')
    args = parser.parse_args()
    return {'run': command_run, 'source': command_source, 'expected': command_expected,
            'classify': command_classify}[
        args.command](args)


if __name__ == '__main__':
    sys.exit(main())
