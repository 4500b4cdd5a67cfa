"""mend104: following a Bash command's changes in a sparse checkout looks up its folders,
not each skipped file.

redteam104 made each snapshot (one before and one after every Bash command) list the files
the index marks skip-worktree or assume-unchanged and on disk (``changes._unwatched``),
which looked up every marked file at every snapshot: a sparse checkout marks each file
outside its cone (~100,000 in a large monorepo: ~100,000 lookups per snapshot, 0.44 s of
CPU in bench/bench_mend104_sparse.py). They are absent by design, with their folders: now
each folder is looked up once (or the nearest absent one above it) and only a folder's
files that is there. What a command does there is still listed. Real git repositories (a
real ``git sparse-checkout``), real files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from coordinator.tools import changes
from coordinator.tools.changes import compared, snapshot

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
SKIPPED, FOLDERS = 2000, 20


def git(ws: Path, *args: str, stdin: bytes | None = None) -> bytes:
    identity = ("-c", "user.name=a", "-c", "user.email=a@a", "-c", "gc.auto=0")
    done = subprocess.run(
        ["git", *identity, *args], cwd=ws, check=True, capture_output=True, input=stdin
    )
    return done.stdout


def sparse(tmp_path: Path) -> Path:
    """A repository of ``src/`` (checked out) and :data:`SKIPPED` files in ``far/dN/``
    (outside a cone sparse checkout of ``src``: skip-worktree, absent with their folders),
    plus ``top.txt`` checked out and marked assume-unchanged."""
    ws = (tmp_path / "ws").resolve()
    (ws / "src").mkdir(parents=True)
    (ws / "src" / "app.py").write_text("ok\n")
    (ws / "top.txt").write_text("top\n")
    git(ws, "init", "-q")
    git(ws, "add", "-A")
    blob = git(ws, "hash-object", "-w", "--stdin", stdin=b"far\n").decode().strip()
    per = SKIPPED // FOLDERS
    lines = "".join(f"100644 {blob}\tfar/d{n // per}/f{n % per}.txt\n" for n in range(SKIPPED))
    git(ws, "update-index", "--index-info", stdin=lines.encode())
    git(ws, "commit", "-qm", "start")
    git(ws, "sparse-checkout", "set", "--cone", "src")
    git(ws, "update-index", "--assume-unchanged", "top.txt")
    assert git(ws, "ls-files", "-t", "far").count(b"S ") == SKIPPED
    assert not (ws / "far").exists()
    return ws


@needs_git
def test_a_snapshot_looks_up_a_sparse_checkouts_folders_not_each_skipped_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = sparse(tmp_path)
    compared(snapshot(ws))  # (git's listing of marked files read once, the index unchanged)
    looked: list[str] = []
    for name in ("lexists", "exists", "isdir", "isfile"):
        real = getattr(os.path, name)
        monkeypatch.setattr(os.path, name, lambda p, real=real: looked.append(str(p)) or real(p))
    for name in ("lstat", "stat"):
        real = getattr(os, name)
        monkeypatch.setattr(
            os, name, lambda p, *a, real=real, **k: looked.append(str(p)) or real(p, *a, **k)
        )
    git_path = changes.program_path("git")
    assert git_path is not None
    unwatched = changes._unwatched(ws, git_path)

    assert unwatched == [b"h  top.txt"]  # the marked file on disk, as git status lists one
    far = [p for p in looked if p.startswith(str(ws / "far"))]
    assert set(far) == {str(ws / "far")}  # (was: each of the 2,000 skipped files)


@needs_git
def test_what_a_command_does_among_the_skipped_files_is_still_listed(tmp_path: Path) -> None:
    ws = sparse(tmp_path)
    compared(snapshot(ws))
    before = snapshot(ws)
    (ws / "far" / "d3").mkdir(parents=True)  # a skipped file made (git status lists none)
    (ws / "far" / "d3" / "f1.txt").write_text("made\n")
    with (ws / "top.txt").open("a") as f:  # a marked file changed
        f.write("more\n")
    listed = compared(before).files  # (a tracked file that appears: "updated", as before)
    assert [path for path, _ in listed] == ["far/d3/f1.txt", "top.txt"]
    before = snapshot(ws)
    (ws / "far" / "d3" / "f2.txt").write_text("made\n")  # beside one, in a folder there
    (ws / "far" / "d3" / "f1.txt").unlink()
    listed = compared(before).files
    assert [path for path, _ in listed] == ["far/d3/f1.txt", "far/d3/f2.txt"]
    assert listed[0][1] is changes.Change.DELETED
    before = snapshot(ws)
    shutil.rmtree(ws / "far")  # the folder gone with its files
    assert compared(before).files == (("far/d3/f2.txt", changes.Change.DELETED),)
