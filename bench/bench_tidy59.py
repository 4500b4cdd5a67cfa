"""What the resume's extras digest costs over a workspace with many sub-folders (tidy59).

``python bench/bench_tidy59.py BASELINE_DIR [FOLDERS ...]``: for each size, a workspace of
FOLDERS folders (five files each, one in fifty with a CLAUDE.md, a ``node_modules``-like
depth), then, for this tree and BASELINE_DIR (a ``git archive`` of an older commit) in
turn, in fresh processes: the CPU time of ``extras_digest`` (median of 9 calls after one)
and of a whole ``coord resume`` of an interrupted scripted session (median of RUNS).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
AGENT = "---\nname: backend\ndescription: Backend work\ntools: Read\n---\n\nYou build APIs.\n"
REPORT = "Done\n\n**Changes:**\n- it\n\n**Files:** none\n\n**Status:** Complete\n"
DIGEST = """
import statistics, sys, time
from pathlib import Path
from coordinator.runtime.options import extras_digest
ws = Path(sys.argv[1])
extras_digest(ws, [], hooks=True)
times = []
for _ in range(9):
    t = time.process_time()
    extras_digest(ws, [], hooks=True)
    times.append(time.process_time() - t)
print(statistics.median(times) * 1000)
"""


def build(ws: Path, folders: int) -> None:
    """``folders`` folders below ``ws`` (three levels), five files each."""
    made = 0
    for a in range(100):
        for b in range(100):
            if made >= folders:
                return
            leaf = ws / f"pkg{a}" / f"mod{b}" / "src"
            leaf.mkdir(parents=True)
            for f in range(5):
                (leaf / f"f{f}.py").write_text("x = 1\n")
            if made % 50 == 0:
                (leaf / "CLAUDE.md").write_text(f"Module {a}/{b}.\n")
            made += 3 if b == 0 else 2


def run(tree: Path, env: dict[str, str], cwd: Path, *argv: str) -> tuple[float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, *argv], cwd=cwd, env={**env, "PYTHONPATH": str(tree)},
        capture_output=True, text=True,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return used * 1000, done.stdout


def resume_ms(tree: Path, env: dict[str, str], ws: Path, scripts: Path) -> float:
    """CPU ms of one ``coord resume`` of a session interrupted in its first call."""
    _, out = run(tree, env, ws, "-m", "coordinator", "run", "Add an endpoint", "--agent",
                 "backend", "--agents-dir", str(scripts / "agents"), "--only", "--provider",
                 "scripted", "--script", str(scripts / "a.json"), "--json")  # fmt: skip
    sid = json.loads(out)["session"]
    used, _ = run(tree, env, ws, "-m", "coordinator", "resume", sid, "--script",
                  str(scripts / "b.json"))  # fmt: skip
    return used


def main() -> None:
    baseline = Path(sys.argv[1]).resolve()
    sizes = [int(n) for n in sys.argv[2:]] or [1000, 10000]
    scratch = Path(tempfile.mkdtemp(prefix="tidy59-"))
    env = {**os.environ, "HOME": str(scratch / "home")}
    (scratch / "agents").mkdir()
    (scratch / "agents" / "backend.md").write_text(AGENT)
    outage = {"status": 529, "type": "overloaded_error", "message": "Overloaded"}
    (scratch / "a.json").write_text(json.dumps({"agents": {"backend": [{"error": outage}]}}))
    (scratch / "b.json").write_text(json.dumps({"agents": {"backend": [{"text": REPORT}]}}))
    print("| folders | tree | extras_digest CPU ms (median of 9) | coord resume CPU ms, median |")
    print("|---:|---|---:|---:|")
    try:
        for size in sizes:
            ws = scratch / f"ws{size}"
            build(ws, size)
            for name, tree in (("baseline", baseline), ("this tree", ROOT)):
                _, digest = run(tree, env, ws, "-c", DIGEST, str(ws))
                resumes = [resume_ms(tree, env, ws, scratch) for _ in range(RUNS)]
                print(
                    f"| {size} | {name} | {float(digest):.1f} "
                    f"| {statistics.median(resumes):.0f} ({min(resumes):.0f}) |"
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
