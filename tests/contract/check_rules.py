#!/usr/bin/env python3
"""Checks docs/contract.md against the tree (ctest contract/rules):

- every rule there has an anchor <a id="rule-N"></a>, the rules are numbered 1, 2, 3... and
  each has a row in the rule -> tests table listing at least one test, every one of which
  exists;
- every tests/core/ruleNN_*.c is listed in rule NN's row;
- every rule cited anywhere in the tree resolves: "rule 7", "Rule 10,", "rules 14-17",
  "rules 18, 19 and 21", a "#rule-N" link into the contract, a file named ruleNN_*;
- every other "#anchor" link into docs/contract.md names an anchor that exists.

    python3 tests/contract/check_rules.py    # prints what it checked; exits 1 on any problem
"""
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "docs" / "contract.md"
SKIP_DIRS = {".git", "node_modules", "__pycache__"}
NUMBER_LIST = r"\d+(?:\s*(?:-|–|,|,?\s*and|,?\s*or)\s*\d+)*"
CITATION = re.compile(r"\b[Rr]ules?\s+(" + NUMBER_LIST + r")\b")
RULE_FILE = re.compile(r"\brule(\d\d)_\w")
CONTRACT_LINK = re.compile(r"contract\.md#([\w-]+)")


def tree_files():
    """The files of the tree: git's list (tracked and new, without ignored ones) when the tree
    is a git checkout, else every file outside build directories."""
    try:
        listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                                 "--exclude-standard"], capture_output=True, check=True).stdout
        return [ROOT / name for name in listed.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        found = []
        for folder, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith("build")]
            found += [pathlib.Path(folder) / f for f in files]
        return found


def numbers(text):
    """[14, 15, 16, 17] for "14-17", [18, 19, 21] for "18, 19 and 21"."""
    result = []
    for part in re.split(r"\s*(?:,?\s*and|,?\s*or|,)\s*", text):
        bounds = re.split(r"\s*[-–]\s*", part)
        result += range(int(bounds[0]), int(bounds[-1]) + 1)
    return result


def read_contract(problems):
    text = CONTRACT.read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([\w-]+)"></a>', text))
    rules = sorted(int(a[len("rule-"):]) for a in anchors if re.fullmatch(r"rule-\d+", a))
    if rules != list(range(1, len(rules) + 1)):
        problems.append(f"docs/contract.md: the rules are not numbered 1..{len(rules)}: {rules}")
    tests = {}
    for row in re.findall(r"^\| \[(\d+)\]\(#rule-\1\) \|(.*)$", text, re.M):
        tests.setdefault(int(row[0]), []).extend(re.findall(r"`([\w./-]+\.\w+)`", row[1]))
    for rule in rules:
        listed = tests.get(rule, [])
        if not listed:
            problems.append(f"docs/contract.md: rule {rule} lists no test in the rule -> tests table")
        for path in listed:
            if not (ROOT / path).is_file():
                problems.append(f"docs/contract.md: rule {rule} lists {path}, which does not exist")
    for rule in tests:
        if rule not in rules:
            problems.append(f"docs/contract.md: the table has a row for rule {rule}, which has no anchor")
    return anchors, rules, tests


def main():
    problems = []
    anchors, rules, tests = read_contract(problems)
    known = set(rules)
    cited = 0
    for path in tree_files():
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        name = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(text.splitlines(), 1):
            refs = [n for match in CITATION.finditer(line) for n in numbers(match.group(1))]
            refs += [int(n) for n in RULE_FILE.findall(line)]
            for rule in refs:
                cited += 1
                if rule not in known:
                    problems.append(f"{name}:{number}: cites rule {rule}, which docs/contract.md does not have")
            for anchor in CONTRACT_LINK.findall(line):
                if anchor not in anchors:
                    problems.append(f"{name}:{number}: links to docs/contract.md#{anchor}, which does not exist")
        match = re.fullmatch(r"tests/core/rule(\d\d)_\w+\.c", name)
        if match and name not in tests.get(int(match.group(1)), []):
            problems.append(f"{name}: not listed under rule {int(match.group(1))} in docs/contract.md")
    for problem in problems:
        print(problem)
    print(f"docs/contract.md: {len(rules)} rules, {sum(len(t) for t in tests.values())} tests "
          f"listed; {cited} rule citations in the tree; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
