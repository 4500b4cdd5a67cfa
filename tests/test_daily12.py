"""daily12: rough edges a demanding user trips on (third pass), each checked where it is
decided."""

from __future__ import annotations

import importlib.util
import json
import re
from contextlib import closing
from pathlib import Path
from typing import Any, cast

import pytest
from cli import coord
from kit import REPO, blocked, report, rows, workspace, write_agents, write_script

from coordinator.events import Event
from coordinator.store import session_log
from coordinator.store.db import Store

# ---- make bench: the Makefile names files that exist ------------------------------------


def _recipes() -> dict[str, list[str]]:
    """Each Makefile target's recipe lines (tab-indented lines after ``target:``)."""
    found: dict[str, list[str]] = {}
    target = ""
    for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines():
        if head := re.match(r"^([A-Za-z][\w-]*):", line):
            target = head.group(1)
            found[target] = []
        elif line.startswith("\t") and target:
            found[target].append(line.strip())
    return found


def test_every_path_a_makefile_recipe_names_exists() -> None:
    recipes = _recipes()
    assert recipes.get("bench"), recipes
    for target, lines in recipes.items():
        for line in lines:
            for word in line.split():
                if "/" in word or word.endswith(".py"):
                    assert (REPO / word).exists(), f"make {target}: {word} does not exist"


def _run_all() -> object:
    spec = importlib.util.spec_from_file_location("run_all", REPO / "bench" / "run_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_bench_runs_the_quick_benches_that_exist_and_refuses_unknown_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_all = _run_all()
    benches = run_all.BENCHES  # type: ignore[attr-defined]
    assert [name for name, _, _ in benches] == ["parser", "routing", "startup", "engine"]
    for _, script, title in benches:
        text = (REPO / script).read_text(encoding="utf-8")
        assert f'"{title}"' in text, f"{script} writes no section {title!r}"
    with pytest.raises(SystemExit) as stopped:
        run_all.main(["nosuch"])  # type: ignore[attr-defined]
    assert stopped.value.code == 2
    assert "unknown benchmark nosuch" in capsys.readouterr().err


# ---- sessions rm: the in-use check and the delete are one step ---------------------------


def _waiting_session(tmp_path: Path) -> tuple[Path, str]:
    """A workspace's database holding one session waiting for a person (resumable)."""
    ws = workspace(tmp_path)
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": blocked("Docs", "Where the docs live")}]}
    )
    ran = coord("run", "Document the API", "--workspace", ws, "--agents-dir",
                write_agents(tmp_path / "a"), "--only", "--script", script, "--agent", "backend",
                "--json")  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    return ws / ".coordinator" / "coordinator.db", json.loads(ran.stdout)["session"]


def test_a_resume_that_starts_after_the_check_keeps_its_session(tmp_path: Path) -> None:
    """check (free) → a resume takes the session's lock → delete: refused, nothing lost."""
    from coordinator.errors import UserError
    from coordinator.store.db import Store

    db, sid = _waiting_session(tmp_path)
    with closing(Store.open(db, create=False)) as rm, closing(Store.open(db)) as resume:
        assert rm.busy_reason(sid) is None  # what `sessions rm` checked
        resume.lock_session(sid)  # the resume's first step, on the real lock
        with pytest.raises(UserError, match=f"session {sid} is in use by another process"):
            rm.delete_sessions([sid])
        assert rm.session(sid).status == "waiting"  # nothing deleted under the resume
        resume.unlock_session(sid, ended=True)
        rm.delete_sessions([sid])  # once it let go, rm goes through
    assert rows(db, "SELECT id FROM sessions") == []


def test_a_resume_during_the_delete_is_refused_and_rm_leaves_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rm holds the session's lock through its delete: a resume then is 'in use'; after
    the commit the lock is free and the session gone."""
    from coordinator.errors import UserError
    from coordinator.store.db import Store

    db, sid = _waiting_session(tmp_path)
    refused: list[str] = []
    delete_rows = Store._delete_session_rows

    def resume_meanwhile(self: Store, session: str) -> None:
        with closing(Store.open(db)) as resume:
            try:
                resume.lock_session(session)
            except UserError as exc:
                refused.append(str(exc).splitlines()[0])
        delete_rows(self, session)

    monkeypatch.setattr(Store, "_delete_session_rows", resume_meanwhile)
    removed = coord("sessions", "rm", sid, "--workspace", db.parent.parent, "--json")
    assert removed.returncode == 0, removed.stderr
    assert json.loads(removed.stdout) == {"removed": [sid]}
    assert refused == [f"session {sid} is in use by another process"]
    with closing(Store.open(db)) as after:
        assert not after.session_in_use(sid)


# ---- --json: one name per thing across commands -----------------------------------------


def _keys(value: object) -> set[str]:
    """Every key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_agent_files_and_routed_agents_have_one_name_in_every_json(tmp_path: Path) -> None:
    """An agent file is ``path`` (list, show, problems, shadowed), the agent a request went
    to is ``agent`` (route, eval's misses, run)."""
    team = write_agents(tmp_path / "team", "backend", "dba")
    (team / "broken.md").write_text("no frontmatter\n", encoding="utf-8")
    dirs = ("--agents-dir", team, "--only", "--json")
    listed = json.loads(coord("agents", "list", *dirs, cwd=tmp_path).stdout)
    assert {a["name"]: a["path"] for a in listed["agents"]}["backend"] == str(team / "backend.md")
    assert str(team / "broken.md") in {p["path"] for p in listed["problems"]}
    shown = json.loads(coord("agents", "show", "backend", *dirs, cwd=tmp_path).stdout)
    assert shown["path"] == str(team / "backend.md") and "source" not in shown
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {request: Tune the slow SQL query index, expect: backend}\n", "utf-8")
    evaluated = json.loads(coord("agents", "eval", cases, *dirs, cwd=tmp_path).stdout)
    assert evaluated["misses"][0]["agent"] == "dba"
    validated = coord("agents", "validate", team, "--json", cwd=tmp_path)
    counts = json.loads(validated.stdout)
    assert (counts["agent_count"], counts["error_count"], counts["warning_count"]) == (2, 1, 2)
    for data in (listed, shown, evaluated, counts):
        assert not _keys(data) & {"source", "got"}, data


def test_a_waiting_question_is_named_as_coord_log_names_it(tmp_path: Path) -> None:
    """``coord run --json``'s question: ``run`` (as log's runs and events), ``waiting_reason``
    (as log's questions), ``reason`` in words (as every other ``reason``)."""
    db, sid = _waiting_session(tmp_path)
    ws = db.parent.parent
    resumed = coord("resume", sid, "--workspace", ws, "--json")  # no answer: still waiting
    question = json.loads(resumed.stdout)["question"]
    log = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    assert question["run"] == log["chain"]["run"]
    assert question["waiting_reason"] == log["chain"]["questions"][0]["waiting_reason"]
    assert question["reason"] == "no specialist answers for docs" == log["reason"]
    assert not _keys(question) & {"run_id", "detail"}


# ---- coord demo, read by a newcomer --------------------------------------------------------


def test_demo_says_its_tokens_and_cost_were_not_charged(tmp_path: Path) -> None:
    """The tree shows tokens and a dollar cost: the demo says no model was called."""
    proc = coord("demo", "--workspace", tmp_path / "d")
    assert proc.returncode == 0, proc.stderr
    said = " ".join(proc.stdout.split())
    assert "$0.0564" in said  # the priced tree, as any run shows it
    assert "Offline: a scripted model played both specialists" in said
    assert "no API call was made and nothing was charged" in said
    quiet = coord("demo", "--workspace", tmp_path / "j", "--json")
    assert "Offline" not in quiet.stdout and json.loads(quiet.stdout)["status"] == "complete"


# ---- the docs name only commands that exist ----------------------------------------------


def test_every_coord_command_the_docs_name_exists() -> None:
    """``coord WORD`` in README.md and docs/*.md (code spans and blocks): WORD is a command
    (docs/claude-code-compat.md said `coord show`, which never existed)."""
    import typer.core
    import typer.main

    from coordinator.cli.app import app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    known = set(group.list_commands(group.context_class(group)))
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for word in re.findall(r"(?:`|\n)coord ([a-z][a-z-]*)\b", text):
            assert word in known, f"{doc.name}: coord {word} is not a command"


# ---- a batch item that could not start: its request and why, in its row -----------------


def test_a_batch_row_that_failed_shows_its_request_and_its_error(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(  # the second: no agent fits it (an unknown agent stops the batch first)
        "- Add a login endpoint\n- What should I cook for dinner tonight?\n", "utf-8"
    )
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord("run", "--batch", tasks, "--workspace", ws, "--agents-dir",
                write_agents(tmp_path / "a"), "--only", "--script", script,
                env={"COLUMNS": "200"})  # fmt: skip
    assert ran.returncode == 4, ran.stderr
    row = next(line for line in ran.stdout.splitlines() if line.startswith("2 "))
    assert "user error" in row  # (no agent fits: a user error, as the batch exits 4: mend108)
    assert "What should I cook for dinner tonight?" in row, ran.stdout  # which request failed
    assert "no agent fits this request" in ran.stdout


# ---- coord resume --context: the newest session waiting for an answer --------------------


def test_resume_with_an_answer_picks_the_newest_waiting_session_not_an_interrupted_one(
    tmp_path: Path,
) -> None:
    """README: `coord resume --context "…"` answers the newest waiting question; a newer
    interrupted session (which takes no answer) is not the one it picks."""
    import sqlite3

    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "a")
    turns = [{"text": blocked("Docs", "Where the docs live")}, {"text": report("Complete")}]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    ids = []
    for request in ("Document the API", "Document the CLI"):
        ran = coord("run", request, "--workspace", ws, "--agents-dir", agents, "--only",
                    "--script", script, "--agent", "backend", "--json")  # fmt: skip
        assert ran.returncode == 3, ran.stderr
        ids.append(json.loads(ran.stdout)["session"])
    waiting, newer = ids
    db = ws / ".coordinator" / "coordinator.db"
    with closing(sqlite3.connect(db)) as con, con:  # as a run stopped mid-way leaves it
        con.execute("UPDATE sessions SET status = 'interrupted' WHERE id = ?", (newer,))
    answered = coord("resume", "--context", "In docs/", "--workspace", ws, "--json")
    assert answered.returncode == 0, answered.stderr
    assert json.loads(answered.stdout)["session"] == waiting
    none_left = coord("resume", "--context", "In docs/", "--workspace", ws)
    assert none_left.returncode == 4
    assert "no waiting session to answer" in none_left.stderr


def test_log_events_name_runs_cache_writes_and_waiting_reasons_as_the_rest_of_the_json(
    tmp_path: Path,
) -> None:
    """A stored event's payload: ``parent_run``/``child_run`` (a run's id is ``run``),
    ``cache_write_tokens`` (as ``coord stats``), a waiting event's ``waiting_reason``."""
    ws = workspace(tmp_path)
    script = write_script(tmp_path / "s.yaml", {
        "backend": [{"text": blocked("Database", "The schema")}, {"text": report("Complete")}],
        "dba": [{"text": report("Complete", "The schema is users(id, email)")}],
    })  # fmt: skip
    ran = coord("run", "Add a users endpoint", "--workspace", ws, "--agents-dir",
                write_agents(tmp_path / "a"), "--only", "--script", script, "--agent", "backend",
                "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    log = json.loads(coord("log", "--workspace", ws, "--json").stdout)
    events = {e["kind"]: e for e in log["events"]}
    assert {"run_started", "model_call", "consult_started", "consult_done"} <= set(events)
    started = [e for e in log["events"] if e["kind"] == "run_started"]
    assert [e["parent_run"] for e in started] == [None, started[0]["run"]]
    assert events["consult_started"]["child_run"] == started[1]["run"]
    assert events["consult_done"]["child_run"] == started[1]["run"]
    assert events["model_call"]["cache_write_tokens"] == 0
    db, sid = _waiting_session(tmp_path / "w")
    waiting = json.loads(coord("log", sid, "--db", db, "--json").stdout)
    (event,) = [e for e in waiting["events"] if e["kind"] == "waiting"]
    assert event["waiting_reason"] == "no_specialist"
    for data in (log, waiting):
        names = _keys(data["events"])
        assert not names & {"parent_run_id", "child_run_id", "cache_creation_tokens"}, names


def test_older_than_leaves_a_session_a_resume_took_after_the_check_and_removes_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sessions rm --older-than``: a session taken between the check and the delete is
    left (as one busy at the check is), the others are removed, and the command succeeds."""
    import sqlite3

    from coordinator.store.db import Store

    db, taken = _waiting_session(tmp_path)
    ws = db.parent.parent
    script = write_script(tmp_path / "done.yaml", {"backend": [{"text": report("Complete")}]})
    agents = ("--agents-dir", tmp_path / "a", "--only", "--agent", "backend")
    ran = coord("run", "Add a login endpoint", "--workspace", ws, *agents, "--script", script,
                "--json")  # fmt: skip
    done = json.loads(ran.stdout)["session"]
    with closing(sqlite3.connect(db)) as con, con:  # both started ten days ago
        con.execute("UPDATE sessions SET created_at = created_at - 864000")
    with closing(Store.open(db)) as resume:
        resume.lock_session(taken)  # a resume took it after the check saw every one free
        monkeypatch.setattr(Store, "busy_sessions", lambda self, ids: {})
        pruned = coord("sessions", "rm", "--older-than", "1d", "--db", db, "--json")
        assert pruned.returncode == 0, pruned.stderr
        assert json.loads(pruned.stdout) == {"removed": [done]}
        assert [r[0] for r in rows(db, "SELECT id FROM sessions")] == [taken]
        resume.unlock_session(taken, ended=True)


class _Stored:
    """An event as older code stored it (a payload under its earlier field names): what
    :meth:`Store.add_event` reads of an event (its ids and kind, and its ``__dict__``: the
    payload, as an :class:`Event`'s since hop34), without being one of today's classes."""

    __slots__ = ("__dict__", "kind", "run_id", "session_id")

    def __init__(self, session_id: str, kind: str, **data: Any) -> None:
        self.session_id, self.run_id, self.kind = session_id, None, kind
        self.__dict__.update(data)

    def data(self) -> dict[str, Any]:
        return dict(self.__dict__)


def test_events_stored_under_their_earlier_names_read_under_todays(store: Store) -> None:
    """A database written before the renames shows its events as a new one does:
    ``coord log --json`` has one name per field whatever the file's age."""
    sid = store.create_session("old", Path("."), {})
    store.add_event(cast(Event, _Stored(sid, "run_started", agent="b", parent_run_id=None)))
    store.add_event(cast(Event, _Stored(sid, "waiting", reason="no_specialist", agent="b")))
    events = session_log.log_json(store, store.session(sid))["events"]
    started, waiting = (e for e in events if e["kind"] in ("run_started", "waiting"))
    assert "parent_run" in started and "parent_run_id" not in started
    assert waiting["waiting_reason"] == "no_specialist" and "reason" not in waiting
