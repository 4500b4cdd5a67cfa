"""daily9: rough edges a demanding user hit in daily use, each checked where it is decided
(the core) and, where the command's output is the point, through ``coord`` in process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import (
    OnRunStart,
    away_from_workspace,
    blocked,
    report,
    workspace,
    write_agents,
    write_script,
)
from kit import run_from_elsewhere as run

from coordinator.errors import UserError
from coordinator.store.index import SessionIndex


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    return away_from_workspace(tmp_path)


def session_of(proc: Any) -> str:
    return next(w for w in proc.stdout.split() if len(w) == 12 and w.isalnum())


# ---- sessions rm in a copied workspace leaves the original's sessions findable -----------


def test_index_remove_forgets_only_the_sessions_of_that_database(tmp_path: Path) -> None:
    index = SessionIndex(tmp_path / "index.db")
    original, copy = tmp_path / "a.db", tmp_path / "b.db"
    index.record("abc123abc123", tmp_path, original, "request")
    index.remove(["abc123abc123"], copy)  # the same id, pruned from a copy of the database
    assert [e.db_path for e in index.find("abc123")] == [str(original.resolve())]
    index.remove(["abc123abc123"], original)
    assert index.find("abc123") == []


def test_sessions_rm_in_a_copied_workspace_keeps_the_original_in_the_index(
    setup: dict[str, Any],
) -> None:
    done = run(setup, {"backend": [{"text": report("Complete")}]}, "Document the API")
    assert done.returncode == 0, done.stderr
    sid = session_of(done)
    copy = setup["tmp"] / "copy"
    shutil.copytree(setup["ws"], copy)  # `cp -r project project-copy`: its database too
    pruned = coord("sessions", "rm", "--older-than", "0m", "--here", cwd=copy)
    assert pruned.returncode == 0, pruned.stderr
    assert "removed 1 session" in pruned.stdout
    found = coord("log", sid, cwd=setup["elsewhere"])
    assert found.returncode == 0, found.stderr
    assert "Document the API" in found.stdout


# ---- an empty answer is refused, before the session is touched ---------------------------


@pytest.mark.parametrize("answer", ["", "   \n "])
def test_an_empty_context_is_refused(answer: str, tmp_path: Path) -> None:
    from coordinator.runtime.launch import read_context

    with pytest.raises(UserError, match="the answer is empty"):
        read_context(answer, None)
    path = tmp_path / "answer.txt"
    path.write_text(answer, encoding="utf-8")
    with pytest.raises(UserError, match=f"the answer in {path} is empty"):
        read_context(None, path)


def test_resume_with_an_empty_context_leaves_the_session_waiting(setup: dict[str, Any]) -> None:
    script = {
        "backend": [
            {"text": blocked("Docs", "Where the docs live")},
            {"expect": "docs/ folder", "text": report("Complete", "Documented")},
        ]
    }
    first = run(setup, script, "Document the API")
    assert first.returncode == 3, first.stderr
    sid = session_of(first)
    empty = coord("resume", sid, "--context", "", cwd=setup["elsewhere"])
    assert empty.returncode == 4
    assert empty.stderr.startswith("error: the answer is empty\n"), empty.stderr
    # checked before any session is looked up, the hint claims nothing of the session
    assert empty.stderr.splitlines()[1] == "Say what the agent needs; nothing was resumed."
    listed = coord("sessions", "--json", cwd=setup["elsewhere"])
    assert json.loads(listed.stdout)[0]["status"] == "waiting"
    answered = coord("resume", sid, "--context", "the docs/ folder", cwd=setup["elsewhere"])
    assert answered.returncode == 0, answered.stderr


# ---- an agent whose file was skipped: the error names the file and why --------------------

BROKEN = "---\nname: haskell-pro\ndescription: [unclosed\n---\nBody.\n"


def broken_roster(tmp_path: Path) -> Path:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "haskell-pro.md").write_text(BROKEN, encoding="utf-8")
    (folder / "types.md").write_text("---\nname: 1\ndescription: 2\n---\n", encoding="utf-8")
    write_agents(folder, "backend")
    return folder


def test_get_of_an_agent_whose_file_was_skipped_names_the_file(tmp_path: Path) -> None:
    from coordinator.roster.loader import load_registry
    from coordinator.roster.registry import UnknownAgentError

    registry = load_registry([broken_roster(tmp_path)], only=True, cache=False)
    with pytest.raises(UnknownAgentError) as caught:
        registry.get("haskell-pro")
    message = str(caught.value)
    assert message.startswith("unknown agent: haskell-pro: its file ")
    assert "haskell-pro.md was skipped" in message
    assert "haskell-pro.md:3: 'description': a [list] is not closed" in message
    with pytest.raises(UnknownAgentError, match="See `coord agents list`"):
        registry.get("elixir-pro")  # no file of that name: the usual hint


def test_agents_show_and_run_agent_name_the_skipped_file(tmp_path: Path) -> None:
    folder = broken_roster(tmp_path)
    ws = workspace(tmp_path)
    shown = coord("agents", "show", "haskell-pro", "--agents-dir", folder, cwd=tmp_path)
    assert shown.returncode == 4
    assert "haskell-pro.md was skipped" in shown.stderr, shown.stderr
    ran = coord(
        "run", "monads", "--agent", "haskell-pro", "--agents-dir", folder, "--workspace", ws,
        "--script", write_script(tmp_path / "s.yaml", {}), cwd=tmp_path,
    )  # fmt: skip
    assert ran.returncode == 4
    assert "haskell-pro.md was skipped" in ran.stderr, ran.stderr


def test_agents_list_counts_skipped_files_not_problems(tmp_path: Path) -> None:
    listed = coord(
        "agents", "list", "--agents-dir", broken_roster(tmp_path), "--only", cwd=tmp_path
    )
    assert listed.returncode == 0, listed.stderr
    assert "2 agent files skipped" in " ".join(listed.stdout.split())  # not 3 (tidy51's words)


# ---- a bad provider flag is named before routing can fail --------------------------------


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"provider": "bogus"}, "unknown provider 'bogus'"),
        ({"provider": "scripted"}, "the scripted provider needs a script"),
        ({"script": Path("missing.yaml")}, "cannot read --script"),
    ],
)
def test_provider_flags_are_checked_before_routing(
    given: dict[str, Any], said: str, tmp_path: Path
) -> None:
    import io

    from coordinator.runtime.launch import RunFlags, plan_run

    folder = write_agents(tmp_path / "agents", "backend")
    flags = RunFlags(
        request="buy milk", workspace=tmp_path, agents_dir=[folder], only=True, **given
    )
    with pytest.raises(UserError, match=said):  # not "no agent fits this request"
        plan_run(flags, io.BytesIO(b""), lambda notice: None)


# ---- --json: the output is JSON on every path, errors included ----------------------------


def test_a_user_error_as_json() -> None:
    error = UserError("unknown session: abc", hint="List session ids with `coord sessions`.")
    assert error.to_json() == {
        "error": "unknown session: abc",
        "hint": "List session ids with `coord sessions`.",
        "exit_code": 4,
    }
    assert UserError("x", exit_code=1).to_json() == {"error": "x", "hint": None, "exit_code": 1}


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["log", "zzzz", "--json"], 4, "unknown session: zzzz"),
        (["resume", "--json"], 4, "no waiting or interrupted session to resume"),
        (["sessions", "--status", "bogus", "--json"], 4, "unknown status 'bogus'"),
        (["sessions", "--json", "--limit", "many"], 4, "--limit: 'many' is not a whole number"),
        (["agents", "show", "nobody", "--json"], 4, "unknown agent: nobody"),
        (["route", "", "--json"], 4, "the request is empty"),
        (["log", "--json", "--bogus"], 4, "No such option: --bogus"),
    ],
)
def test_json_errors_are_json_on_stdout(
    args: list[str], code: int, said: str, tmp_path: Path
) -> None:
    ran = coord(*args, cwd=tmp_path)
    assert ran.returncode == code
    shown = json.loads(ran.stdout)
    assert said in shown["error"] and shown["exit_code"] == code
    assert said in ran.stderr  # people still read the message where they always did


def test_parse_json_of_an_invalid_report_is_json(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("Done.\n**Status:** Maybe\n", encoding="utf-8")
    ran = coord("parse", path, "--json", cwd=tmp_path)
    assert ran.returncode == 1
    assert "unknown status 'Maybe'" in json.loads(ran.stdout)["error"]
    plain = coord("parse", path, cwd=tmp_path)
    assert (plain.returncode, plain.stdout) == (1, "")
    assert plain.stderr.startswith(f"error: {path}: line 2: unknown status 'Maybe'")


def test_a_request_argument_that_says_json_is_not_a_flag(tmp_path: Path) -> None:
    ran = coord("route", "--", "--json", cwd=tmp_path)  # the request is the text "--json"
    assert ran.stdout == "" or not ran.stdout.lstrip().startswith("{")


def test_interrupted_as_json() -> None:
    from coordinator.runtime.drive import Interrupted

    assert Interrupted("abc").to_json() == {
        "session": "abc",
        "status": "interrupted",
        "agent": None,
        "exit_code": 130,
        "reason": "",
        "question": None,
        "waiting_for": None,
        "resume": ["coord", "resume", "abc"],
        "hint": "interrupted — resume with `coord resume abc`",
    }
    assert Interrupted(None).to_json()["hint"] == "interrupted before a session started"


def test_ctrl_c_of_run_json_prints_the_interrupted_session_as_json(tmp_path: Path) -> None:
    import signal
    import threading

    from cli import finish, spawn
    from fake_messages_server import FakeMessagesServer, Recorded, Reply, message

    arrived, release = threading.Event(), threading.Event()

    def held(rec: Recorded) -> Reply:
        arrived.set()
        release.wait(timeout=120)  # a safety net only: the test releases it
        return message(report("Complete"))

    ws = workspace(tmp_path)
    with FakeMessagesServer(handler=held) as server:
        proc = spawn(
            "run", "Add an endpoint", "--agent", "backend", "--workspace", ws, "--json",
            "--agents-dir", write_agents(tmp_path / "agents"), "--only",
            "--base-url", server.base_url,
        )  # fmt: skip
        try:
            while not arrived.wait(timeout=0.05):
                assert proc.poll() is None, proc.communicate()[1]
            proc.send_signal(signal.SIGINT)
            out, err = finish(proc)
        finally:
            release.set()
    assert proc.returncode == 130, err
    shown = json.loads(out)
    assert (shown["status"], shown["exit_code"]) == ("interrupted", 130)
    assert f"coord resume {shown['session']}" in err


# ---- coord stats: one damaged workspace database is skipped, not fatal --------------------


def damage_runs(db: Path) -> None:
    """The runs table's root page becomes garbage (the file still opens)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db)) as con:
        (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'runs'").fetchone()
        (page_size,) = con.execute("PRAGMA page_size").fetchone()
    with db.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xa5" * 64)


def two_workspaces(setup: dict[str, Any]) -> Path:
    """A session in the setup's workspace and one in a second; the second's database."""
    assert run(setup, {"backend": [{"text": report("Complete")}]}, "First").returncode == 0
    other = dict(setup, ws=workspace(setup["tmp"] / "other"))
    assert run(other, {"backend": [{"text": report("Complete")}]}, "Second").returncode == 0
    return Path(other["ws"]) / ".coordinator" / "coordinator.db"


def test_stats_everywhere_skips_a_damaged_database_with_a_warning(
    setup: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    from coordinator.store import spend

    damaged = two_workspaces(setup)
    damage_runs(damaged)
    rows = spend.stats_everywhere(setup["elsewhere"] / "none.db", 5.0, None, one=False)
    assert [(r.agent, r.runs) for r in rows] == [("backend", 1)]  # the readable workspace's
    assert f"session database {damaged} is damaged" in caplog.text  # tidy55: named once
    assert caplog.text.count(str(damaged)) == 1 and "; skipped" in caplog.text


def test_coord_stats_reports_the_readable_workspaces(setup: dict[str, Any]) -> None:
    damaged = two_workspaces(setup)
    damage_runs(damaged)
    shown = coord("stats", "--json", cwd=setup["elsewhere"])
    assert shown.returncode == 0, shown.stderr
    assert [r["runs"] for r in json.loads(shown.stdout)] == [1]
    assert f"warning: session database {damaged} is damaged" in shown.stderr  # tidy55
    assert shown.stderr.count(str(damaged)) == 1 and "; skipped" in shown.stderr
    alone = coord("stats", "--db", damaged, cwd=setup["elsewhere"])  # named: still an error
    assert alone.returncode == 4 and "is damaged" in alone.stderr


def test_demo_workspace_that_is_a_file_is_named_a_file(tmp_path: Path) -> None:
    from coordinator.demo.demo import prepare_workspace

    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"notes\.txt is a file, not a folder"):
        prepare_workspace(target)
    assert target.read_text(encoding="utf-8") == "mine\n"


# ---- a session whose workspace was deleted: said so, and rm forgets it -------------------


def test_a_session_whose_workspace_is_gone_is_named_and_rm_forgets_it(
    setup: dict[str, Any],
) -> None:
    done = run(setup, {"backend": [{"text": report("Complete")}]}, "Document the API")
    sid = session_of(done)
    shutil.rmtree(setup["ws"])
    for command in (["log", sid], ["resume", sid]):
        gone = coord(*command, cwd=setup["elsewhere"])
        assert gone.returncode == 4
        first = gone.stderr.splitlines()[0]
        assert first.startswith(f"error: session {sid} was stored in "), gone.stderr
        assert f"its workspace {setup['ws']} was moved or deleted" in first
        assert f"`coord sessions rm {sid}` forgets this one" in gone.stderr
    removed = coord("sessions", "rm", sid[:6], cwd=setup["elsewhere"])
    assert removed.returncode == 0, removed.stderr
    assert SessionIndex().find(sid) == []
    again = coord("log", sid, cwd=setup["elsewhere"])
    assert again.returncode == 4 and f"unknown session: {sid}" in again.stderr


# ---- an interrupted demo resumes offline, as it started ----------------------------------


def test_the_demo_remembers_its_script_roster_and_hooks(tmp_path: Path) -> None:
    from coordinator.demo import demo as scenario
    from coordinator.demo.launch import plan_demo
    from coordinator.roster.loader import bundled_agents_dir

    options = plan_demo(tmp_path / "demo", keep=False).options()
    assert (options.provider, options.script) == ("scripted", str(scenario.SCENARIO.resolve()))
    assert options.agents_dirs == (str(bundled_agents_dir().resolve()),)
    assert (options.only, options.hooks, options.demo) == (True, False, True)


def test_an_interrupted_demo_resumes_without_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.demo.launch import plan_demo
    from coordinator.runtime.drive import Interrupted, driving

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    plan = plan_demo(tmp_path / "demo", keep=False)
    with driving(plan.setup, lambda: None) as d:
        stopped = d.run(plan.action(), OnRunStart(_stop_at_the_consult))
    assert isinstance(stopped, Interrupted) and stopped.session_id
    resumed = coord("resume", stopped.session_id, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "✔ Complete" in resumed.stdout


# ---- a session the index missed is still found in a database it knows ---------------------


def test_a_session_missing_from_the_index_is_found_in_its_known_database(
    setup: dict[str, Any],
) -> None:
    import sqlite3
    from contextlib import closing

    from coordinator.store.paths import index_path

    script = {"backend": [{"text": blocked("Docs", "Where the docs live")}]}
    first = run(setup, {"backend": [{"text": report("Complete")}]}, "Known to the index")
    assert first.returncode == 0, first.stderr
    waiting = run(setup, script, "Missed by the index")
    assert waiting.returncode == 3, waiting.stderr
    sid = session_of(waiting)
    with closing(sqlite3.connect(index_path())) as con, con:  # a write the index missed
        con.execute("DELETE FROM sessions WHERE id = ?", (sid,))
    here = setup["elsewhere"]
    listed = coord("sessions", "--json", cwd=here)
    assert sid in [s["session"] for s in json.loads(listed.stdout)]  # listed from its database
    shown = coord("log", sid[:6], cwd=here)
    assert shown.returncode == 0, shown.stderr
    assert "Missed by the index" in shown.stdout
    newest = coord("log", "--json", cwd=here)
    assert json.loads(newest.stdout)["session"] == sid
    resumed = coord("resume", "--context", "the docs/ folder", cwd=here)  # the newest waiting
    assert "unknown session" not in resumed.stderr, resumed.stderr


# ---- sessions rm with a typo among the ids deletes none ----------------------------------


def test_sessions_rm_finds_every_id_before_deleting_any(setup: dict[str, Any]) -> None:
    from coordinator.store import removal

    done = run(setup, {"backend": [{"text": report("Complete")}]}, "Keep me")
    sid = session_of(done)
    local = setup["elsewhere"] / "none.db"
    typo = coord("sessions", "rm", sid, "zzzz", cwd=setup["elsewhere"])
    assert typo.returncode == 4 and "unknown session: zzzz" in typo.stderr
    with pytest.raises(UserError, match="unknown session: zzzz"):
        removal.remove_sessions([sid, "zzzz"], local, 5.0)
    kept = coord("log", sid, cwd=setup["elsewhere"])
    assert kept.returncode == 0, kept.stderr
    assert removal.remove_sessions([sid[:6], sid], local, 5.0) == [sid]  # once, however named
    cli = coord("sessions", "rm", sid, cwd=setup["elsewhere"])
    assert cli.returncode == 4 and "unknown session" in cli.stderr


# ---- a models: or prices: table in a config adds to the built-in one ---------------------


def test_a_models_table_adds_an_alias_and_keeps_the_built_in_ones() -> None:
    from coordinator.config import DEFAULT_MODELS, DEFAULT_PRICES, validated

    settings = validated({"models": {"fast": "claude-haiku-4-5"}})
    assert settings.resolve_model("fast") == "claude-haiku-4-5"
    assert settings.resolve_model(None) == DEFAULT_MODELS["sonnet"]  # not the literal "sonnet"
    moved = validated({"models": {"sonnet": "claude-sonnet-9"}})
    assert moved.resolve_model("sonnet") == "claude-sonnet-9"  # an alias named is replaced
    assert moved.resolve_model("opus") == DEFAULT_MODELS["opus"]
    price = {"input": 1.0, "output": 2.0, "cache_write": 1.0, "cache_read": 0.1}
    priced = validated({"prices": {"claude-local": price}})
    assert set(DEFAULT_PRICES) < set(priced.prices) and "claude-local" in priced.prices


def test_a_run_with_a_user_models_alias_is_priced_on_the_default_model(
    setup: dict[str, Any], tmp_path: Path
) -> None:
    config = tmp_path / "user.yaml"
    config.write_text("models: {fast: claude-haiku-4-5}\n", encoding="utf-8")
    done = run(setup, {"backend": [{"text": report("Complete")}]}, "Priced", "--json",
               "--config", config)  # fmt: skip
    assert done.returncode == 0, done.stderr
    shown = coord("log", json.loads(done.stdout)["session"], "--json", cwd=setup["elsewhere"])
    chain = json.loads(shown.stdout)["chain"]
    assert chain["model"].startswith("claude-") and chain["cost_usd"] > 0


def test_a_bad_domains_entry_says_where_to_find_its_file(tmp_path: Path) -> None:
    from coordinator.config import validated
    from coordinator.runtime.engine import check_domain_overrides

    registry = load_registry_of(write_agents(tmp_path / "agents", "backend"))
    with pytest.raises(UserError) as caught:
        check_domain_overrides(registry, validated({"domains": {"Database": "nobody"}}))
    assert "`coord config` shows which file sets it" in str(caught.value)


def load_registry_of(folder: Path) -> Any:
    from coordinator.roster.loader import load_registry

    return load_registry([folder], only=True, cache=False)


# ---- Ctrl-C of a batch run says which sessions it left interrupted -----------------------


def test_ctrl_c_of_a_batch_returns_its_interrupted_sessions(tmp_path: Path) -> None:
    import io
    import signal

    import yaml

    from coordinator.events import Event
    from coordinator.runtime.batch import BatchStopped
    from coordinator.runtime.launch import RunBatch, RunFlags, plan_run

    started: list[str] = []

    def stop_at_the_second(event: Event) -> None:
        """A Ctrl-C (a real SIGINT to this process) when the second session's run starts."""
        started.append(event.session_id)
        if len(started) == 2:
            signal.raise_signal(signal.SIGINT)

    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(yaml.safe_dump(["Add a FastAPI endpoint", "Add an API route"]), "utf-8")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}] * 2})
    flags = RunFlags(batch=tasks, workspace=tmp_path, agents_dir=[write_agents(tmp_path / "a")],
                     only=True, script=script)  # fmt: skip
    plan = plan_run(flags, io.BytesIO(), lambda notice: None)
    assert isinstance(plan.step, RunBatch)
    stopped = plan.batch(lambda: None, OnRunStart(stop_at_the_second)).run(plan.step.tasks, 1)
    assert isinstance(stopped, BatchStopped)
    assert len(stopped.sessions) >= 1 and stopped.exit_code == 130
    shown = stopped.to_json()
    assert (shown["status"], shown["exit_code"], shown["sessions"]) == (
        "interrupted", 130, stopped.sessions,
    )  # fmt: skip
    assert all(f"coord resume {sid}" in "\n".join(stopped.lines()) for sid in stopped.sessions)


def test_agents_new_says_a_long_name_is_too_long(tmp_path: Path) -> None:
    name = "x" * 64
    ran = coord("agents", "new", name, "--domain", "Payments", "--trigger", "stripe", cwd=tmp_path)
    assert ran.returncode == 4
    assert "is 64 characters long; at most 63" in ran.stderr, ran.stderr
    ok = coord("agents", "new", "x" * 63, "--domain", "Payments", "--trigger", "s", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr


# ---- an empty roster is named as such, not as "no agent fits" -----------------------------


def test_an_empty_roster_is_named(tmp_path: Path) -> None:
    from coordinator.roster.loader import load_registry

    empty = tmp_path / "empty"
    empty.mkdir()
    registry = load_registry([empty], only=True, cache=False)
    with pytest.raises(UserError, match="no agents: the roster is empty"):
        registry.require_agents()
    (empty / "broken.md").write_text("no frontmatter\n", encoding="utf-8")
    with pytest.raises(UserError, match="Every agent file was skipped"):
        load_registry([empty], only=True, cache=False).require_agents()
    load_registry([write_agents(tmp_path / "a")], only=True, cache=False).require_agents()


@pytest.mark.parametrize("command", ["route", "run"])
def test_route_and_run_with_an_empty_roster_say_so(command: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    script = write_script(tmp_path / "s.yaml", {})
    extra = ["--workspace", workspace(tmp_path), "--script", script] if command == "run" else []
    ran = coord(command, "Write a Dockerfile", "--agents-dir", empty, "--only", *extra,
                cwd=tmp_path)  # fmt: skip
    assert ran.returncode == 4
    assert "error: no agents: the roster is empty" in ran.stderr, ran.stderr


# ---- text that is not UTF-8 in an argument: one message or a result, never a traceback -----

BAD = "\udcff"  # what Python makes of the byte 0xff in an argument


@pytest.mark.parametrize(
    "args",
    [
        ["log", f"ab{BAD}"],
        ["resume", BAD],
        ["sessions", "rm", BAD],
        ["sessions", "--search", BAD],
        ["sessions", "--agent", BAD, "--json"],
    ],
)
def test_a_session_argument_that_is_not_utf8_is_no_traceback(
    args: list[str], setup: dict[str, Any]
) -> None:
    assert run(setup, {"backend": [{"text": report("Complete")}]}, "Stored").returncode == 0
    for here in (setup["ws"], setup["elsewhere"]):  # the local database, then the index
        ran = coord(*args, cwd=here)  # an exception would escape and fail the test
        assert ran.returncode in (0, 4), ran.stderr


def test_store_and_index_reads_take_text_that_is_not_utf8(setup: dict[str, Any]) -> None:
    from contextlib import closing

    from coordinator.store.db import Store
    from coordinator.store.rows import SessionQuery

    assert run(setup, {"backend": [{"text": report("Complete")}]}, "Stored").returncode == 0
    assert SessionIndex().find(BAD) == []
    db = Path(setup["ws"]) / ".coordinator" / "coordinator.db"
    with closing(Store.open(db, create=False, timeout=5)) as store:
        assert store.find_sessions(SessionQuery(search=BAD)) == []
        with pytest.raises(UserError, match="unknown session: \ufffd"):
            store.session(BAD)


def test_agents_new_with_text_that_is_not_utf8_writes_a_readable_file(tmp_path: Path) -> None:
    made = coord("agents", "new", "pay", "--domain", f"Pay{BAD}", "--trigger", f"s{BAD}",
                 cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    text = (tmp_path / ".claude" / "agents" / "pay.md").read_text(encoding="utf-8")
    assert "Pay\ufffd" in text
    shown = coord("agents", "show", "pay", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr


def test_agents_new_that_fails_while_writing_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.roster import scaffold

    monkeypatch.setattr(scaffold, "render", lambda draft: "---\nname: pay\n" + BAD)
    draft = scaffold.AgentDraft(name="pay", domain="Payments", triggers=["stripe"])
    with pytest.raises(UserError, match="cannot write"):  # the file was opened, not written
        scaffold.write_agent(tmp_path, draft)
    assert not (tmp_path / "pay.md").exists()  # no empty file left to say "exists already"


def test_a_bad_flag_value_names_the_flag(tmp_path: Path) -> None:
    from coordinator.config import load_settings

    with pytest.raises(UserError, match=r"^--concurrency: must be at least 1 \(got 0\)$"):
        load_settings(tmp_path, None, {"concurrency": 0})
    ran = coord("run", "x", "--router", "fast", "--workspace", tmp_path, cwd=tmp_path)
    assert ran.returncode == 4
    assert ran.stderr.startswith("error: --router: must be 'lexical' or 'llm' (got 'fast')")


# ---- a disk full mid-run: the hint names the session to resume ----------------------------


async def test_a_full_disk_mid_run_names_the_session_to_resume(tmp_path: Path) -> None:
    from kit import Harness

    from coordinator.store.faults import StoreError, StoreFault

    h = Harness(tmp_path, {"backend": [{"text": "a long thought " * 20_000}]})
    pages = h.store._db.execute("PRAGMA page_count").fetchone()[0]
    h.store._db.execute(f"PRAGMA max_page_count = {pages + 8}")  # a real SQLITE_FULL
    with pytest.raises(StoreError) as err:
        await h.engine.start("Add the steps", agent="backend")
    assert err.value.fault is StoreFault.FULL
    (row,) = h.store.sessions()
    assert f"continue with `coord resume {row.id}`" in str(err.value)  # not "SESSION"
    h.close()


async def test_a_disk_full_before_any_session_names_no_session(tmp_path: Path) -> None:
    from kit import Harness

    from coordinator.store.faults import StoreError, StoreFault

    h = Harness(tmp_path, {"backend": [{"text": "done"}]})
    h.store._db.execute("PRAGMA max_page_count = 1")  # no page to spare: the first write fails
    with pytest.raises(StoreError) as err:
        await h.engine.start("Add the steps " * 2_000, agent="backend")
    assert err.value.fault is StoreFault.FULL
    assert h.store.sessions() == []  # nothing to resume: the hint names none
    assert "coord resume" not in str(err.value) and "run it again" in str(err.value)
    h.close()


def test_a_stopped_temporary_demo_keeps_its_project_so_resume_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.demo.launch import plan_demo
    from coordinator.runtime.drive import Interrupted, driving

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    plan = plan_demo(None, keep=False)  # a temporary project, removed when the demo ends
    with driving(plan.setup, lambda: None) as d:
        stopped = d.run(plan.action(), OnRunStart(_stop_at_the_consult))
    assert isinstance(stopped, Interrupted) and stopped.session_id
    note = plan.stop()  # what `coord demo` does when the drive is cut short
    assert note is not None and str(plan.ws) in note and "coord resume" in note
    assert plan.ws.is_dir()
    try:
        resumed = coord("resume", stopped.session_id, cwd=tmp_path)
        assert resumed.returncode == 0, resumed.stderr
    finally:
        plan.cleanup()
    assert not plan.ws.exists()


def test_a_temporary_demo_stopped_before_its_session_is_removed() -> None:
    from coordinator.demo.launch import plan_demo

    plan = plan_demo(None, keep=False)
    assert plan.stop() is None  # nothing to resume: nothing kept
    assert not plan.ws.exists()


def _stop_at_the_consult(event: Any) -> None:
    """A Ctrl-C reaching the view when the database specialist starts."""
    if event.agent == "database-engineer":
        raise KeyboardInterrupt


def test_an_ambiguous_prefix_here_is_said_at_once(setup: dict[str, Any], tmp_path: Path) -> None:
    from coordinator.store import databases
    from coordinator.store.db import AmbiguousSession

    seen: dict[str, str] = {}
    for n in range(17):  # two ids share their first character by the 17th at the latest
        done = run(setup, {"backend": [{"text": report("Complete")}]}, f"Task {n}")
        sid = session_of(done)
        if sid[0] in seen:
            break
        seen[sid[0]] = sid
    ghost = f"{sid[0]}00000000000"  # the same prefix, in a database that is gone
    SessionIndex().record(ghost, tmp_path / "gone", tmp_path / "gone" / "x.db", "Gone")
    local = Path(setup["ws"]) / ".coordinator" / "coordinator.db"
    with pytest.raises(AmbiguousSession, match=f"session prefix '{sid[0]}' is ambiguous"):
        databases.open_session(sid[0], local, 5.0)
    shown = coord("log", sid[0], cwd=setup["ws"])
    assert shown.returncode == 4 and "is ambiguous" in shown.stderr, shown.stderr


def test_an_agents_dir_that_is_another_file_is_not_called_missing(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hi\n", encoding="utf-8")
    ran = coord("agents", "validate", notes, cwd=tmp_path)
    assert ran.returncode == 4
    assert "notes.txt is not a folder of agent files nor an agent file (.md)" in ran.stderr
    missing = coord("route", "x", "--agents-dir", tmp_path / "nope", cwd=tmp_path)
    assert "cannot read --agents-dir" in missing.stderr


def test_an_ambiguous_prefix_of_many_sessions_says_there_are_more(tmp_path: Path) -> None:
    """Five matching ids are named and "…" says there are more: the list of five read as if
    it were every match."""
    from coordinator.store.db import AmbiguousSession, Store

    store = Store.open(tmp_path / "s.db")
    ids = [store.create_session(f"Task {n}", tmp_path, {}) for n in range(97)]
    first = max(set(i[0] for i in ids), key=[i[0] for i in ids].count)  # >= 7 by pigeonhole
    with pytest.raises(AmbiguousSession) as raised:
        store.session(first)
    named = str(raised.value).splitlines()[0].split(": ", 1)[1].split(", ")
    assert len(named) == 6 and named[-1] == "…" and all(i.startswith(first) for i in named[:5])
    store.close()
