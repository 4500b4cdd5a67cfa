"""How many mutated reports the in-suite fuzz needs: seeded faults, and when the stream finds each.

Each fault is a small edit of ``protocols`` of the kind ``tests/test_protocols_fuzz.py`` exists
to catch (a guard removed before an index, a refusal without a message). For each, a copy of
the package with the edit is fuzzed with the test's own stream (its seed, or the one given)
in a fresh interpreter, and the output names how many of the first COUNT texts fail the
test's check and the first indices that do. The test's size is chosen so that every fault the
long stream catches is caught many times over (see the test's docstring).

Run from the repository root: ``python bench/fuzz_sizing.py [COUNT] [SEED]``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: name: (file in protocols/, text, replacement); each text occurs exactly once.
FAULTS: dict[str, tuple[str, str, str]] = {
    "a field without lines has no first value": (
        "drafts.py",
        'return self.inline or (self.lines[0].text if self.lines else "")',
        "return self.inline or self.lines[0].text",
    ),
    "a continuation line looks at a line that is not there": (
        "drafts.py",
        "previous = fld.lines[-1] if fld.lines else None",
        "previous = fld.lines[-1] if fld.lines or fld.inline else None",
    ),
    "a fence closes with none open": (
        "labels.py",
        "top = self.fences[-1] if self.fences else None",
        "top = self.fences[-1] if self.fences or lang else None",
    ),
    "symbols stripped from an empty text": (
        "labels.py",
        'if not text or (text[0] < "\\x80"',
        'if (text[0] < "\\x80"',
    ),
    "an empty text field is rendered": (
        "render.py",
        "    if len(lines) == 1:\n",
        "    if len(lines) <= 1:\n",
    ),
    "no report has a status": (
        "parse.py",
        "    if not reports:\n        raise _missing_status(drafts, lines)\n",
        "",
    ),
    "an empty JSON list read as text": (
        "jsonreport.py",
        "return items[0] if len(items) == 1 else",
        "return items[0] if len(items) <= 1 else",
    ),
    "an empty text refused without a message": (
        "parse.py",
        'raise ReportParseError("empty text: there is no report to read")',
        'raise ReportParseError("")',
    ),
}

PROBE = """
import sys
sys.path.insert(0, sys.argv[3])
from report_mutations import mutations
from test_protocols_fuzz import check
bad = [i for i, text in mutations(int(sys.argv[1]), int(sys.argv[2])) if check(text)]
print(len(bad), bad[:5])
"""


def probe(package_parent: Path, count: int, seed: int) -> str:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    argv = [sys.executable, "-c", PROBE, str(count), str(seed), str(ROOT / "tests")]
    # run in the package's folder: ``python -c`` puts the working folder first on sys.path
    done = subprocess.run(
        argv, env=env, cwd=package_parent, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_protocols_fuzz import COUNT, SEED

    count = int(sys.argv[1]) if len(sys.argv) > 1 else COUNT
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else SEED
    print(f"{count} mutated reports, seed {seed}: failing texts, first indices")
    print(f"- the package as it is: {probe(ROOT, count, seed)}")
    for name, (file, text, replacement) in FAULTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(ROOT / "protocols", Path(tmp) / "protocols")
            target = Path(tmp) / "protocols" / file
            source = target.read_text(encoding="utf-8")
            if source.count(text) != 1:
                raise SystemExit(f"fault {name!r}: the text is not in protocols/{file} once")
            target.write_text(source.replace(text, replacement), encoding="utf-8")
            print(f"- {name}: {probe(Path(tmp), count, seed)}")


if __name__ == "__main__":
    main()
