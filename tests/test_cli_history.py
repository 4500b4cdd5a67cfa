"""History that follows the user: the user-level session index, ``coord sessions`` flags
and pruning, ``log --transcript``, ``coord stats``, honest states, ``demo`` cleanup."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

from coordinator.store.paths import index_path

USAGE = {"input_tokens": 1000, "output_tokens": 100, "cache_read_input_tokens": 3000}


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    ws = workspace(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    agents = write_agents(tmp_path / "agents")
    return {
        "tmp": tmp_path,
        "ws": ws,
        "elsewhere": elsewhere,
        "agents": agents,
        "db": ws / ".coordinator" / "coordinator.db",
    }


def run(setup: dict[str, Any], script: dict[str, Any], request: str, *args: str) -> Any:
    path = write_script(setup["tmp"] / f"s{abs(hash(request))}.yaml", script)
    return coord(
        "run", request, "--workspace", setup["ws"], "--agents-dir", setup["agents"], "--only",
        "--provider", "scripted", "--script", path, *args,
        cwd=setup["elsewhere"],
    )  # fmt: skip


def done(setup: dict[str, Any], request: str, agent: str = "backend") -> str:
    proc = run(
        setup, {agent: [{"usage": USAGE, "text": report("Complete")}]}, request,
        "--agent", agent, "--json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return str(json.loads(proc.stdout)["session"])


def listed(*args: str | Path, cwd: Path) -> list[dict[str, Any]]:
    proc = coord("sessions", *args, "--json", cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout))


# ---- the index: any session from anywhere ------------------------------------------------


def test_after_run_with_workspace_sessions_log_and_resume_work_from_elsewhere(
    setup: dict[str, Any],
) -> None:
    script = {
        "backend": [
            {"text": blocked("Docs", "Where the docs live")},
            {"expect": "docs/ folder", "text": report("Complete", "Documented")},
        ]
    }
    first = run(setup, script, "Document the API", "--agent", "backend")
    assert first.returncode == 3, first.stderr
    sid = next(w for w in first.stdout.split() if len(w) == 12 and w.isalnum())
    assert f"coord log {sid} --workspace {setup['ws']}" in first.stdout
    here = setup["elsewhere"]  # no .coordinator/ here at all
    assert [s["session"] for s in listed(cwd=here)] == [sid]
    log = coord("log", sid[:5], cwd=here)
    assert log.returncode == 0, log.stderr
    assert "Blocked on Docs" in log.stdout
    resumed = coord("resume", sid[:5], "--context", "the docs/ folder", cwd=here)
    assert resumed.returncode == 0, resumed.stderr
    assert listed(cwd=here)[0]["status"] == "complete"


def test_here_limits_the_list_to_this_workspace(setup: dict[str, Any], tmp_path: Path) -> None:
    mine = done(setup, "Add an endpoint")
    other_ws = workspace(tmp_path / "other")
    other = coord(
        "run", "Add a model", "--agent", "backend", "--workspace", other_ws,
        "--agents-dir", setup["agents"], "--only", "--provider", "scripted", "--script",
        write_script(tmp_path / "o.yaml", {"backend": [{"text": report("Complete")}]}), "--json",
    )  # fmt: skip
    theirs = json.loads(other.stdout)["session"]
    everywhere = listed(cwd=setup["ws"])
    assert {s["session"] for s in everywhere} == {mine, theirs}
    assert [s["session"] for s in listed("--here", cwd=setup["ws"])] == [mine]
    table = coord("sessions", cwd=setup["ws"]).stdout
    assert "other/ws: Add a model" in table  # across workspaces, each row says where


def test_a_damaged_index_costs_one_warning_line_and_nothing_else(setup: dict[str, Any]) -> None:
    index = index_path()
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_bytes(b"this is not a database" * 100)
    proc = run(
        setup, {"backend": [{"text": report("Complete")}]}, "Add an endpoint",
        "--agent", "backend", "--json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "session index" in line]
    assert len(warnings) == 1 and str(index) in warnings[0]
    assert warnings[0].endswith("; skipped; move it away: coord starts a new one")  # daily27
    sid = json.loads(proc.stdout)["session"]
    assert [s["session"] for s in listed(cwd=setup["ws"])] == [sid]
    assert coord("log", sid, cwd=setup["ws"]).returncode == 0


def test_the_index_lives_outside_the_workspace(setup: dict[str, Any]) -> None:
    done(setup, "Add an endpoint")
    assert index_path().is_file()
    assert setup["ws"] not in index_path().parents


# ---- coord sessions: flags, 80 columns, clipped JSON --------------------------------------


def test_sessions_filters_by_agent_search_since_and_limit(setup: dict[str, Any]) -> None:
    a = done(setup, "Add an endpoint for tasks")
    b = done(setup, "Design the users table", agent="dba")
    c = done(setup, "Add an endpoint for users")
    ws = setup["ws"]
    assert [s["session"] for s in listed("--agent", "dba", cwd=ws)] == [b]
    assert [s["session"] for s in listed("--search", "ENDPOINT", cwd=ws)] == [c, a]
    assert [s["session"] for s in listed("--limit", "2", cwd=ws)] == [c, b]
    assert len(listed("--since", "1h", cwd=ws)) == 3
    assert listed("--since", datetime.now().isoformat(), cwd=ws) == []  # after all three
    bad = coord("sessions", "--since", "last tuesday", cwd=ws)
    assert bad.returncode == 4
    assert "cannot read the time 'last tuesday'" in bad.stderr


def test_sessions_table_is_readable_at_80_columns(setup: dict[str, Any]) -> None:
    long = "Add a paginated endpoint listing every task of the current user " * 20
    sid = done(setup, long)
    table = coord("sessions", "--here", cwd=setup["ws"], env={"COLUMNS": "80"}).stdout
    (line,) = [row for row in table.splitlines() if sid in row]
    assert len(line) <= 80
    assert "1.1k" in line or "4.1k" in line  # tokens survive a long request
    assert "Add a paginated endpoint" in line  # the request is more than three letters


def test_sessions_json_clips_the_request_log_json_keeps_it(setup: dict[str, Any]) -> None:
    big = "x" * 100_000
    sid = done(setup, big)
    proc = coord("sessions", "--json", cwd=setup["ws"])
    assert len(proc.stdout) < 5_000
    assert len(json.loads(proc.stdout)[0]["request"]) <= 200
    full = json.loads(coord("log", sid, "--json", cwd=setup["ws"]).stdout)
    assert full["request"] == big


# ---- pruning ---------------------------------------------------------------------------------


def test_sessions_rm_removes_every_row_and_the_index_entry(setup: dict[str, Any]) -> None:
    keep = done(setup, "Add an endpoint")
    gone = done(setup, "Add a model")
    proc = coord("sessions", "rm", gone[:6], cwd=setup["elsewhere"])
    assert proc.returncode == 0, proc.stderr
    assert "removed 1 session" in proc.stdout
    assert [s["session"] for s in listed(cwd=setup["elsewhere"])] == [keep]
    assert coord("log", gone, cwd=setup["elsewhere"]).returncode == 4
    with closing(sqlite3.connect(setup["db"])) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in ("runs", "events"):
            rows = db.execute(f"SELECT COUNT(*) FROM {table} WHERE session_id = ?", (gone,))
            assert rows.fetchone()[0] == 0


def test_sessions_rm_older_than(setup: dict[str, Any]) -> None:
    old = done(setup, "Add an endpoint")
    with closing(sqlite3.connect(setup["db"])) as db, db:
        db.execute("UPDATE sessions SET created_at = created_at - 40 * 86400 WHERE id = ?", (old,))
    new = done(setup, "Add a model")
    proc = coord("sessions", "rm", "--older-than", "30d", cwd=setup["elsewhere"])
    assert proc.returncode == 0, proc.stderr
    assert [s["session"] for s in listed(cwd=setup["elsewhere"])] == [new]
    neither = coord("sessions", "rm", cwd=setup["ws"])
    assert neither.returncode == 4


# ---- transcript and stats ----------------------------------------------------------------


def test_transcript_shows_messages_tool_calls_and_the_persons_answer(
    setup: dict[str, Any],
) -> None:
    script = {
        "backend": [
            {"tool_calls": [{"name": "Glob", "input": {"pattern": "app/models/*.py"}}]},
            {"text": blocked("Docs", "Where the docs live")},
            {"text": report("Complete", "Documented")},
        ]
    }
    first = run(setup, script, "Document the API", "--agent", "backend", "--json")
    sid = json.loads(first.stdout)["session"]
    coord("resume", sid, "--context", "Put them under docs/api", cwd=setup["ws"])
    proc = coord("log", sid, "--transcript", cwd=setup["ws"])
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Document the API" in out
    assert '→ Glob {"pattern": "app/models/*.py"}' in out
    assert "app/models/user.py" in out  # the tool's result
    assert "[person]" in out and "Put them under docs/api" in out
    data = json.loads(coord("log", sid, "--transcript", "--json", cwd=setup["ws"]).stdout)
    kinds = [e["kind"] for e in data["transcript"]]
    assert {"run", "to_agent", "assistant", "tool_call", "tool_result", "person"} <= set(kinds)


def test_stats_by_day_agent_and_model(setup: dict[str, Any]) -> None:
    done(setup, "Add an endpoint")
    done(setup, "Add another endpoint")
    done(setup, "Design a table", agent="dba")
    proc = coord("stats", "--json", cwd=setup["elsewhere"])
    assert proc.returncode == 0, proc.stderr
    rows = {r["agent"]: r for r in json.loads(proc.stdout)}
    assert rows["backend"]["runs"] == 2
    assert rows["backend"]["input_tokens"] == 2000
    assert rows["backend"]["cache_read_tokens"] == 6000
    assert rows["backend"]["cache_read_share"] == 0.75
    assert rows["dba"]["runs"] == 1
    after = datetime.now().isoformat()  # every session started before it
    assert json.loads(coord("stats", "--since", after, "--json").stdout) == []
    table = coord("stats", cwd=setup["elsewhere"], env={"COLUMNS": "80"}).stdout
    assert "backend" in table and "75%" in table
    assert all(len(line) <= 80 for line in table.splitlines())


# ---- honest states --------------------------------------------------------------------------

OUTAGE = {"error": {"status": 529, "type": "overloaded_error", "message": "Overloaded"}}


def test_after_an_outage_log_and_sessions_agree_and_idle_time_does_not_count(
    setup: dict[str, Any],
) -> None:
    script = {"backend": [{"tool_calls": [{"name": "Glob", "input": {"pattern": "*"}}]}, OUTAGE]}
    first = run(setup, script, "Add an endpoint", "--agent", "backend", "--json")
    assert first.returncode == 75, first.stderr
    sid = json.loads(first.stdout)["session"]
    with closing(sqlite3.connect(setup["db"])) as db, db:  # an hour passes before a resume
        db.execute("UPDATE runs SET started_at = started_at - 3600 WHERE session_id = ?", (sid,))
    listed_status = listed(cwd=setup["ws"])[0]["status"]
    log = json.loads(coord("log", sid, "--json", cwd=setup["ws"]).stdout)
    assert listed_status == log["status"] == log["chain"]["status"] == "interrupted"
    assert log["chain"]["seconds"] < 60
    tree = coord("log", sid, cwd=setup["ws"]).stdout
    assert "working" not in tree and "running" not in tree
    assert tree.count("interrupted") >= 2


# ---- demo ------------------------------------------------------------------------------------


def test_demo_removes_its_temporary_folder_unless_keep_and_hints_only_at_a_kept_chain(
    tmp_path: Path,
) -> None:
    gone = coord("demo", "--json")
    assert gone.returncode == 0, gone.stderr
    data = json.loads(gone.stdout)
    assert not Path(data["workspace"]).exists() and data["kept"] is False
    assert coord("log", data["session"]).returncode == 4  # forgotten by the index too
    text = coord("demo")
    assert text.returncode == 0, text.stderr
    assert "temporary sample project was removed" in text.stdout
    assert "this session's record with it" in text.stdout  # its id above names nothing now
    assert "coord log" not in text.stdout  # no hint at a chain that is gone
    kept = coord("demo", "--keep")
    assert kept.returncode == 0, kept.stderr
    line = next(x for x in kept.stdout.splitlines() if x.startswith("The sample project is in"))
    folder = Path(line.removeprefix("The sample project is in ").strip())
    try:
        assert (folder / ".coordinator" / "coordinator.db").is_file()
        [hint] = [x for x in kept.stdout.splitlines() if x.startswith("See the chain again: ")]
        again = coord(*hint.removeprefix("See the chain again: coord ").split())
        assert again.returncode == 0 and "Complete" in again.stdout, again.stdout
    finally:
        import shutil

        shutil.rmtree(folder.parent)


def test_the_index_never_holds_a_key_a_request_contained(setup: dict[str, Any]) -> None:
    done(setup, "Use the key sk-ant-api03-CANARYINDEX-123 to call the API")
    raw = index_path().read_bytes()
    assert b"CANARYINDEX" not in raw
    assert b"to call the API" in raw  # the rest of the request is there
