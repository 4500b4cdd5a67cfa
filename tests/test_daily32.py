"""daily32: rough edges a demanding daily user of ``coord`` met (second round), each checked
where the user meets it (the command's output and exit code, what is left on disk)."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from pathlib import Path

import pytest
from cli import coord
from kit import writer_script

from coordinator.tools.base import ToolContext, ToolError
from coordinator.tools.files import WriteTool

TESTS = Path(__file__).resolve().parent

# ---- a write of what the file held is no change, outside a worktree too ----------------------


def test_a_write_of_what_the_file_held_is_not_a_changed_file(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "same.py").write_text("a = 1\n")
    (ws / "other.py").write_text("b = 1\n")
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "writer.md").write_text(
        "---\nname: writer\ndescription: Writes python files.\ntools: Write, Edit\n---\nB.\n"
    )
    script = writer_script(tmp_path / "s.yaml", [
        {"name": "Write", "input": {"file_path": "same.py", "content": "a = 1\n"}},
        {"name": "Write", "input": {"file_path": "other.py", "content": "b = 2\n"}},
        {"name": "Write", "input": {"file_path": "new.py", "content": "c = 3\n"}},
    ])  # fmt: skip
    flags = ("--agents-dir", agents, "--only", "--script", script, "--workspace", ws)
    ran = coord("run", "write python files", *flags)
    assert ran.returncode == 0, ran.stderr
    assert "Files changed: other.py, new.py" in ran.stdout.splitlines()
    assert (ws / "other.py").read_text() == "b = 2\n"
    assert (ws / "new.py").read_text() == "c = 3\n"
    again = coord("run", "write python files", *flags, "--json")  # all three as they are now
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["files"] == []


def test_the_write_tool_leaves_a_file_holding_the_content_untouched_and_still_refuses_links(
    tmp_path: Path,
) -> None:
    ctx = ToolContext(root=tmp_path)
    held = tmp_path / "held.txt"
    held.write_bytes(b"same\n")
    os.utime(held, (1, 1))
    result = asyncio.run(WriteTool().run({"file_path": "held.txt", "content": "same\n"}, ctx))
    assert result.content.startswith("Unchanged 'held.txt'")
    assert held.stat().st_mtime == 1  # not rewritten
    longer = asyncio.run(WriteTool().run({"file_path": "held.txt", "content": "same\nx"}, ctx))
    assert longer.content.startswith("Updated 'held.txt'")
    assert held.read_bytes() == b"same\nx"
    os.link(held, tmp_path / "link.txt")  # a hard link: refused even when nothing would change
    with pytest.raises(ToolError, match="hard links"):
        asyncio.run(WriteTool().run({"file_path": "held.txt", "content": "same\nx"}, ctx))


# ---- coord demo --keep: where the project is, with --json and after Ctrl-C ------------------


def test_a_kept_demos_json_names_the_folder_to_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    kept = coord("demo", "--keep", "--json")
    assert kept.returncode == 0, kept.stderr
    [folder] = tmp_path.iterdir()
    data = json.loads(kept.stdout)
    assert data["remove_when_done"] == str(folder)
    assert data["workspace"] == str(folder / "taskboard") and data["kept"] is True
    own = coord("demo", "--json", "--workspace", tmp_path / "mine")  # the user's own: no such
    assert own.returncode == 0, own.stderr
    assert "remove_when_done" not in json.loads(own.stdout)


def test_a_kept_demo_cut_short_says_where_its_project_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.demo.launch import plan_demo

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    plan = plan_demo(None, keep=True)
    [folder] = tmp_path.iterdir()
    note = plan.stop()  # what `coord demo` prints on stderr when the drive is cut short
    assert note == f"The sample project is kept in {plan.ws}; remove {folder} when done."
    assert plan.ws.is_dir()
    assert plan_demo(tmp_path / "mine", keep=True).stop() is None  # the user's own folder


# ---- coord stats: a total line -------------------------------------------------------------


def test_stats_ends_with_a_total_line_of_its_rows(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert coord("demo", "--workspace", ws).returncode == 0  # two specialists: two rows
    rows = json.loads(coord("stats", "--workspace", ws, "--json").stdout)
    assert len(rows) == 2  # the JSON stays the rows alone: a script sums them as it likes
    shown = coord("stats", "--workspace", ws).stdout.splitlines()
    assert len(shown) == 4
    total = shown[-1].split()
    runs = sum(r["runs"] for r in rows)
    cost = sum(r["cost_usd"] for r in rows)
    assert total[0] == "total" and total[1] == str(runs) and total[-1] == f"${cost:.4f}"


def test_the_total_cache_share_is_of_all_input_not_an_average() -> None:
    from coordinator.store.spend import StatsRow, stats_total

    rows = [
        StatsRow("d", "a", "m", runs=1, input_tokens=100, cache_read_tokens=900),
        StatsRow("d", "b", "m", runs=2, input_tokens=9000, cost_usd=0.5),
    ]
    total = stats_total(rows)
    assert (total.day, total.runs, total.input_tokens, total.cost_usd) == ("total", 3, 9100, 0.5)
    assert total.cache_read_share == 0.09


# ---- coord worker --db: what was given, without its password, and what to give --------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("mysql://bob:s3cret@host/db", "--db 'mysql://bob:***@host/db'"),
        ("sqlite:///tmp/x.db", "--db 'sqlite:///tmp/x.db'"),
        ("sessions.db", "--db 'sessions.db'"),
        ("postgres//bob:s3cret@host/db", "--db 'postgres//bob:***@host/db'"),  # a typo
    ],
)
def test_worker_names_the_db_given_masked_and_what_to_give(
    tmp_path: Path, given: str, shown: str
) -> None:
    ran = coord("worker", "--db", given, cwd=tmp_path)
    assert ran.returncode == 4
    first, hint = ran.stderr.splitlines()[:2]
    assert first == (
        f"error: coord worker needs a shared PostgreSQL store; {shown} is not a postgresql:// URL"
    )
    assert "s3cret" not in ran.stderr and "Traceback" not in ran.stderr
    assert hint.startswith("Pass --db postgresql://USER@HOST/DBNAME")
    assert "SQLite file's path" not in ran.stderr  # no use to a worker


def test_worker_names_a_sqlite_db_set_in_the_environment(tmp_path: Path) -> None:
    ran = coord("worker", cwd=tmp_path, env={"COORD_DB": str(tmp_path / "x.db")})
    assert ran.returncode == 4
    assert ran.stderr.splitlines()[0] == (
        "error: coord worker needs a shared PostgreSQL store; the db set is the SQLite file "
        f"{tmp_path / 'x.db'}"
    )


# ---- the README tour: a run waiting for a person says why in words ------------------------


def test_a_waiting_runs_progress_line_says_why_in_words(tmp_path: Path) -> None:
    ws = tmp_path / "taskboard"
    assert coord("demo", "--workspace", ws).returncode == 0
    script = TESTS.parent / "examples" / "tour-script.yaml"
    ran = coord(
        "run", "Add GET /tasks/{id} returning the owner's email", "--workspace", ws,
        "--provider", "scripted", "--script", script,
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    [line] = [x for x in ran.stderr.splitlines() if "waiting for" in x]
    # a question only the team answers: for a person at once (consult49), Product or not
    assert line.endswith("] waiting for a person (it asks for what no agent has)")


def test_detach_names_the_db_given_masked_as_the_worker_does(tmp_path: Path) -> None:
    ran = coord("run", "hello", "--detach", "--db", "mysql://bob:s3cret@h/db", cwd=tmp_path)
    assert ran.returncode == 4
    assert ran.stderr.splitlines()[0] == (
        "error: --detach needs a shared PostgreSQL store; --db 'mysql://bob:***@h/db' is not "
        "a postgresql:// URL"
    )
    assert "s3cret" not in ran.stderr and "SQLite file's path" not in ran.stderr
    default = coord("run", "hello", "--detach", cwd=tmp_path, env={"COORD_DB": ""})
    assert default.returncode == 4
    assert default.stderr.splitlines()[0] == (
        "error: --detach needs a shared PostgreSQL store; none is set (the store is the "
        "workspace's SQLite file)"
    )
