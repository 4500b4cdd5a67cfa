"""What following a Bash command's changes costs in a sparse checkout (mend104).

redteam104 made each snapshot list the files the index marks skip-worktree or
assume-unchanged (:func:`coordinator.tools.changes._unwatched`), asking git only when the
index changed, but looked each marked file up on disk at every snapshot: a sparse checkout
marks every file outside its cone, absent by design.

``make FOLDER [SKIPPED]``: a git repository of 1,000 files in 50 folders (``src/``), and
SKIPPED (100,000) more in 1,000 folders (``far/``) outside a cone sparse checkout of
``src`` (their index entries skip-worktree, their files absent); made through the index
(one blob), so it takes seconds.

``time FOLDER [REPS]``: the median CPU time (user + system, this process and its children:
git) and wall time of one ``snapshot`` + ``compared`` (what a Bash command pays), after a
first one (the index read, git's listing cached), and of ``_unwatched`` alone, warm.
Results: RESULTS.md, "mend104".
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coordinator.tools import changes
from coordinator.tools.programs import program_path


def _git(ws: Path, *args: str, stdin: bytes | None = None) -> bytes:
    identity = ("-c", "user.name=b", "-c", "user.email=b@example.com")
    done = subprocess.run(
        ["git", *identity, *args], cwd=ws, check=True, capture_output=True, input=stdin
    )
    return done.stdout


def make(folder: Path, skipped: int) -> None:
    """The repository under ``folder``."""
    ws = folder / "sparse"
    for n in range(1000):
        sub = ws / "src" / f"pkg{n % 50}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"mod{n}.py").write_text(f"x = {n}\n", encoding="utf-8")
    _git(ws, "init", "-q")
    _git(ws, "add", "-A")
    blob = _git(ws, "hash-object", "-w", "--stdin", stdin=b"far away\n").decode().strip()
    lines = "".join(f"100644 {blob}\tfar/d{n // 100}/f{n % 100}.txt\n" for n in range(skipped))
    _git(ws, "update-index", "--index-info", stdin=lines.encode())
    _git(ws, "commit", "-qm", "start")
    _git(ws, "sparse-checkout", "set", "--cone", "src")
    marked = _git(ws, "ls-files", "-t", "far").count(b"S ")
    print(f"{ws}: 1,000 files, {marked:,} skip-worktree ({skipped:,} entries outside the cone)")


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _median(reps: int, work: object) -> tuple[float, float]:
    cpus, walls = [], []
    for _ in range(reps):
        cpu, wall = _cpu(), time.perf_counter()
        work()  # type: ignore[operator]
        cpus.append(_cpu() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(cpus) * 1000, statistics.median(walls) * 1000


def run(folder: Path, reps: int) -> None:
    """Print the medians for the repository under ``folder``."""
    ws = (folder / "sparse").resolve()
    git = program_path("git")
    assert git is not None
    changes.compared(changes.snapshot(ws))  # warm: the index read, the marked list cached

    def command() -> None:
        found = changes.compared(changes.snapshot(ws))
        assert found.unfollowed is None and not found.files, found

    cpu, wall = _median(reps, command)
    print(f"snapshot + compared: {cpu:.1f} ms CPU, {wall:.1f} ms wall (median of {reps})")
    cpu, wall = _median(reps, lambda: changes._unwatched(ws, git))
    print(f"_unwatched alone (index unchanged): {cpu:.1f} ms CPU, {wall:.1f} ms wall")


def main() -> None:
    what, folder = sys.argv[1], Path(sys.argv[2])
    if what == "make":
        make(folder, int(sys.argv[3]) if len(sys.argv) > 3 else 100_000)
    else:
        run(folder, int(sys.argv[3]) if len(sys.argv) > 3 else 15)


if __name__ == "__main__":
    main()
