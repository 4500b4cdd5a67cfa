"""What a Read turn's instruction files cost in a workspace with a few sub-folders and no
instruction file in them (nested47): instructions per ``Preload.read_given`` (callgrind).

``python bench/bench_nested47.py BASELINE_DIR [CALLS]``: a workspace with a root CLAUDE.md,
a ``paths:`` rule that matches nothing read and three folders, each a few levels deep; then,
for this tree and BASELINE_DIR (a ``git archive`` of an older commit), in fresh processes
under ``valgrind --tool=callgrind`` (``PYTHONHASHSEED=0``): one ``read_given`` for a Read of
``pkg/mod/src/f.py`` (three folders below the root) against CALLS+1 of them. Prints the
instructions per call (the difference over CALLS), twice per tree; then the CPU time
(user and system: callgrind counts no system call's kernel work) per call, the best of five
rounds of 20,000 calls in one process, three processes per tree.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CALL = """
import sys
from pathlib import Path
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.preload import Preload
ws, calls = Path(sys.argv[1]), int(sys.argv[2])
spec = AgentSpec(name="backend", description="b", body="B.", tools=["Read"])
preload = Preload(ws, home=ws / "home", managed=None)
for _ in range(calls):
    assert preload.read_given(spec, ["pkg/mod/src/f.py"], []) is None
"""
CPU = """
import sys, time
from pathlib import Path
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.preload import Preload
ws = Path(sys.argv[1])
spec = AgentSpec(name="backend", description="b", body="B.", tools=["Read"])
preload = Preload(ws, home=ws / "home", managed=None)
best = 1.0
for _ in range(5):
    start = time.process_time()
    for _ in range(20000):
        preload.read_given(spec, ["pkg/mod/src/f.py"], [])
    best = min(best, (time.process_time() - start) / 20000)
print(best * 1e6)
"""


def build(ws: Path) -> None:
    """A root CLAUDE.md, a ``paths:`` rule for ``docs/``, three folders three levels deep."""
    (ws / ".claude/rules").mkdir(parents=True)
    (ws / "CLAUDE.md").write_text("Root.\n")
    (ws / ".claude/rules/docs.md").write_text('---\npaths: ["docs/**"]\n---\nDocs.\n')
    for top in ("pkg", "lib", "web"):
        leaf = ws / top / "mod" / "src"
        leaf.mkdir(parents=True)
        for name in ("f.py", "g.py", "h.py"):
            (leaf / name).write_text("x = 1\n")
    (ws / "home").mkdir()


def instructions(tree: Path, ws: Path, calls: int) -> int:
    """Callgrind's total instructions of a process making ``calls`` calls."""
    with tempfile.TemporaryDirectory() as out:
        log = Path(out) / "cg.out"
        env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            [
                "setarch",
                "-R",
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={log}",
                sys.executable,
                "-c",
                CALL,
                str(ws),
                str(calls),
            ],
            env=env,
            cwd=ws.parent,  # not this tree: ``-c`` puts the working folder first on the path
            capture_output=True,
            text=True,
            check=True,
        )
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found is None:
            raise SystemExit(done.stderr)
        return int(found.group(1))


def main() -> None:
    baseline = Path(sys.argv[1]).resolve()
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    with tempfile.TemporaryDirectory() as folder:
        ws = Path(folder).resolve() / "ws"
        ws.mkdir()
        build(ws)
        for name, tree in (("baseline", baseline), ("this tree", ROOT)):
            for _ in range(2):
                one = instructions(tree, ws, 1)
                many = instructions(tree, ws, calls + 1)
                print(f"{name}: {(many - one) / calls:,.0f} instructions per Read")
        for name, tree in (("baseline", baseline), ("this tree", ROOT)):
            env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
            for _ in range(3):
                done = subprocess.run(
                    [sys.executable, "-c", CPU, str(ws)],
                    env=env,
                    cwd=ws.parent,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                print(f"{name}: {float(done.stdout):.1f} us CPU per Read")


if __name__ == "__main__":
    main()
