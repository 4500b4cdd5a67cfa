"""trust41: a red-team round at the trust boundary, on what trust40 left.

1. Another session's database in this workspace: a session of workspace ``other`` may keep
   its database anywhere outside ``other`` (``--db ws/data/theirs.db``), so inside ``ws``.
   The user's session index knows it, and the sandbox hid the index's databases, but only
   those outside the running workspace (its masks skipped every path under it), and no
   file tool looked at the index at all: a session of ``ws`` rewrote ``theirs.db`` with
   Write, Edit or a Bash command (its history lost, the options a resume trusts forged),
   wrote a ``theirs.db-wal`` SQLite replays (one copied from a database of the command's
   own: the whole history forged), and read it whole. Every database file the index knows
   in the workspace (with its ``-wal``, ``-shm``, ``-journal``, lock file and folder) is
   now refused by Read, Write and Edit, left out by Glob and Grep, and an empty read-only
   file to a command, missing companions of a database there too, and the folders on its
   way cannot be renamed (``mv data moved`` took it out of its mask); the index is read
   once a command.
2. An unknown model under a cost budget: a model id with no price in the table (``--model``,
   an agent file's ``model:``, a shared queue's resume flag) counted $0 a call, so
   ``max_session_cost`` never stopped the session. Such a call now counts at the highest
   known price of each kind (input, output, cache) when a cost budget is set: the budget
   stays an upper bound of what is spent; without a budget nothing changes.
3. Glob (and Grep's walk) listed the names in a folder outside the workspace when a folder
   of the walk was swapped for a link between ``os.walk``'s look at it and its listing (a
   command left running in the background swapping it without end). The walk now lists
   each folder through a descriptor checked to be the folder its parent listed
   (``os.fwalk``), the first checked to be where it is spelled.

Real bubblewrap, real SQLite, the CLI in process, a real process racing the walk.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from hostile import forged_wal
from kit import needs_bwrap, report, write_agents, write_script

from coordinator.tools.globbing import walk_files

AGENT = "fastapi-backend-expert"
DB = "data/theirs.db"


def _call(name: str, **args: Any) -> dict[str, Any]:
    return {"tool_calls": [{"name": name, "input": args}]}


def _session(ws: Path, db: Path | None, turns: list[dict[str, Any]], tmp: Path) -> str:
    """One scripted session of ``AGENT`` in ``ws`` (its database ``db``), Bash allowed;
    the session's id."""
    script = write_script(tmp / f"{ws.name}.yaml", {AGENT: turns})
    more = ["--db", db] if db is not None else []
    ran = coord("run", "Look around", "--agent", AGENT, "-w", ws, *more, "--allow-bash",
                "--provider", "scripted", "--script", script, "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return str(json.loads(ran.stdout)["session"])


def _results(ws: Path, sid: str) -> list[str]:
    shown = coord("log", sid, "--transcript", "--json", "-w", ws)
    entries = json.loads(shown.stdout)["transcript"]
    return [str(e["text"]) for e in entries if e["kind"] == "tool_result"]


@needs_bwrap
def test_another_sessions_database_in_the_workspace_is_out_of_every_tools_reach(
    tmp_path: Path,
) -> None:
    other, ws = tmp_path / "other", tmp_path / "ws"
    other.mkdir()
    (ws / "data").mkdir(parents=True)
    theirs = ws / "data" / "theirs.db"
    done = {"text": report("Complete", "Looked")}
    first = _session(other, theirs, [done], tmp_path)
    before = theirs.read_bytes()
    assert before.startswith(b"SQLite format 3")
    turns = [
        _call("Write", file_path="data/theirs.db", content="gone"),
        _call("Edit", file_path="data/theirs.db", old_string="SQLite", new_string="Forged"),
        _call("Write", file_path="data/theirs.db-wal", content="forged frames"),
        _call("Read", file_path="data/theirs.db"),
        _call("Glob", pattern="**/theirs*"),
        _call("Grep", pattern="SQLite|Look around", path="data"),
        _call("Bash", command=f"head -c 15 {DB}; echo; echo x > {DB}; wc -c {DB}"),
        _call("Bash", command=f"cp forged.db-wal {DB}-wal; cp forged.db-wal {DB}-journal"),
        _call("Bash", command="mv data moved || rm -rf data; ls"),
        done,
    ]  # fmt: skip
    forged_wal(ws / "forged.db")
    seen = _results(ws, _session(ws, None, turns, tmp_path))
    wrote, edited, wal, read, globbed, grepped, ran, forged, moved = seen
    assert (ws / "data").is_dir() and not (ws / "moved").exists(), moved
    for refused in (wrote, edited, wal, read):
        assert "session database" in refused, refused
    assert "theirs" not in globbed and "theirs" not in grepped, (globbed, grepped)
    assert "SQLite" not in ran and "1 data/theirs.db" not in ran, ran
    assert theirs.read_bytes() == before
    for end in ("-wal", "-journal"):  # none, or the empty file the mask left
        companion = theirs.with_name(f"theirs.db{end}")
        assert not companion.exists() or companion.stat().st_size == 0, (end, forged)
    shown = coord("log", first, "--json", "-w", other, "--db", theirs)
    assert shown.returncode == 0 and first in shown.stdout, shown.stderr
    assert "FORGED" not in shown.stdout


def test_a_model_with_no_known_price_still_spends_the_cost_budget(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    config = tmp_path / "budget.yaml"
    config.write_text("max_session_cost: 0.5\n", encoding="utf-8")
    big = {"input_tokens": 1_000_000, "output_tokens": 1_000}
    glob = {**_call("Glob", pattern="*"), "usage": big}
    turns = [glob, glob, glob, {"text": report("Complete")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    ran = coord("run", "Add an endpoint", "--workspace", ws, "--agent", "backend", "--script",
                script, "--agents-dir", write_agents(tmp_path / "a"), "--only", "--config", config,
                "--model", "claude-mystery-9", "--json")  # fmt: skip
    assert ran.returncode == 3, ran.stdout + ran.stderr  # waiting: the budget is spent
    out = json.loads(ran.stdout)
    assert "max_session_cost" in out["reason"] and out["cost_usd"] >= 0.5, out
    assert "no known price" in ran.stderr, ran.stderr


def test_without_a_budget_an_unknown_model_still_costs_nothing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    config = tmp_path / "none.yaml"
    config.write_text("max_session_cost: null\n", encoding="utf-8")
    glob = {**_call("Glob", pattern="*"), "usage": {"input_tokens": 1_000_000}}
    script = write_script(tmp_path / "s.yaml", {"backend": [glob, {"text": report("Complete")}]})
    ran = coord("run", "Add an endpoint", "--workspace", ws, "--agent", "backend", "--script",
                script, "--agents-dir", write_agents(tmp_path / "a"), "--only", "--config", config,
                "--model", "claude-mystery-9", "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert json.loads(ran.stdout)["cost_usd"] == 0, ran.stdout


_SWAPPER = """
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
a, b = (os.fsencode(p) for p in sys.argv[1:3])
print("ready", flush=True)
while True:
    libc.renameat2(-100, a, -100, b, 2)  # RENAME_EXCHANGE: a folder and a link trade places
"""


#: Walks against the swapper: ``os.walk`` (219e9b7b) showed the outside names within 2 to 6,752
#: walks (mean about 1,200; 80 tries, a loaded 2-core machine), so 20,000 walks miss it with
#: a chance under 1e-7; the fixed walk makes them in about 3 s (an 8 s budget before).
WALKS = 20_000


def test_a_folder_swapped_for_a_link_mid_walk_shows_nothing_outside(tmp_path: Path) -> None:
    if not hasattr(ctypes.CDLL(None), "renameat2"):
        pytest.skip("no renameat2 in this C library")
    ws, outside = tmp_path / "ws", tmp_path / "outside"
    (ws / "sub").mkdir(parents=True)
    (ws / "sub" / "mine.txt").write_text("x", encoding="utf-8")
    outside.mkdir()
    for i in range(20):
        (outside / f"SECRET-{i}.txt").write_text("s", encoding="utf-8")
    (ws / "alt").symlink_to(outside)
    swapper = subprocess.Popen(
        [sys.executable, "-c", _SWAPPER, str(ws / "sub"), str(ws / "alt")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert swapper.stdout is not None and swapper.stdout.readline().strip() == "ready"
        leaked: list[str] = []
        for _ in range(WALKS):
            leaked = [str(f) for f in walk_files(ws.resolve()) if "SECRET" in f.name]
            if leaked:
                break
    finally:
        os.kill(swapper.pid, signal.SIGKILL)
        swapper.wait()
    assert not leaked, leaked[:3]
