"""Rough edges of resume (daily7), in process with real hook scripts and real SQLite:

* an agents folder the config's ``agents_dirs`` names and this machine lacks is set aside on
  resume as a remembered ``--agents-dir`` folder is (one stderr line, the note in the event,
  ``coord log`` and ``resume --json``), not an error;
* a person's answer refused by a UserPromptSubmit hook stores its hook runs and the
  ``answer_refused`` event together or not at all;
* a resume with ``--context`` reads the session's delegations once.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from contextlib import closing
from pathlib import Path

import pytest
from cli import coord
from kit import InstantTurns, blocked, report, workspace, write_agents, write_script
from test_daily6_resume_dirs import OUTAGE, assert_set_aside, done_script
from test_hooks7_resume import events, prompts, user_hooks, waiting_session

from coordinator.config import Settings, load_settings
from coordinator.events import AnswerRefused, Event
from coordinator.roster.loader import load_registry
from coordinator.runtime.extras import session_extras
from coordinator.runtime.options import ModelChoice, SessionOptions
from coordinator.store.db import Store
from coordinator.store.paths import db_path

# ---- a missing agents folder named by the config --------------------------------------------


def configured_session(tmp_path: Path) -> tuple[Path, Path, str]:
    """A backend session whose agents come only from the workspace config's ``agents_dirs``
    (``--only``, no ``--agents-dir``), interrupted by an outage: workspace, folder, id."""
    ws = workspace(tmp_path)
    team = write_agents(ws / "team", "backend")
    (ws / ".coordinator").mkdir(exist_ok=True)
    (ws / ".coordinator" / "config.yaml").write_text("agents_dirs: [team]\n", encoding="utf-8")
    outage = write_script(tmp_path / "a.yaml", {"backend": [{"error": OUTAGE}]})
    ran = coord("run", "Add an endpoint", "--agent", "backend", "--only", "--provider",
                "scripted", "--script", outage, "--json", cwd=ws)  # fmt: skip
    assert ran.returncode != 0 and "interrupted" in ran.stdout, ran.stderr
    return ws, team, json.loads(ran.stdout)["session"]


def test_a_missing_configured_agents_folder_is_set_aside_on_resume(tmp_path: Path) -> None:
    ws, team, sid = configured_session(tmp_path)
    shutil.rmtree(team)  # the config still names it
    resumed = coord("resume", sid, "--script", done_script(tmp_path), "--json", cwd=ws)
    assert_set_aside(resumed, sid, team, ws)


def test_configured_folders_join_the_roster_and_only_the_missing_are_set_aside(
    tmp_path: Path,
) -> None:
    here, gone, given = tmp_path / "here", tmp_path / "gone", tmp_path / "given"
    write_agents(here, "backend")
    write_agents(given, "dba")
    settings = Settings(agents_dirs=[here, gone])
    saved = SessionOptions.remember(ModelChoice("scripted"), only=True)
    setup = saved.resume_setup(settings)
    assert (setup.dirs, setup.missing) == ((here,), (gone,))
    assert [a.name for a in setup.registry(tmp_path)] == ["backend"]
    again = saved.resume_setup(settings, agents_dirs=[given])  # folders given again
    assert (again.dirs, again.missing) == ((given, here), (gone,))
    assert sorted(a.name for a in again.registry(tmp_path)) == ["backend", "dba"]


# ---- a refused answer: its hook runs and answer_refused together ----------------------------


class Crash(BaseException):
    """The process stops (a signal, a crash) at the moment an event is recorded."""


def test_a_refused_answer_stores_its_hook_runs_and_refusal_together_or_not_at_all(
    tmp_path: Path,
) -> None:
    log = tmp_path / "hook.log"
    user_hooks(log)  # refuses answers mentioning "secret"
    turns = [{"text": blocked("Tests", "test plan")}, {"text": report("Complete", "Done")}]
    ws, sid, _ = waiting_session(tmp_path, turns)
    before = [e["kind"] for e in events(ws, sid)]

    def crash_at_refusal(event: Event) -> None:
        if isinstance(event, AnswerRefused):
            raise Crash

    registry = load_registry([tmp_path / "agents"], only=True, cwd=ws)
    settings = load_settings(ws)
    with closing(Store.open(db_path(ws))) as store:
        extras = session_extras(ws, settings, registry, hooks=True)
        never_called = InstantTurns({})  # the refusal comes before any model call
        engine = extras.engine(registry, never_called, store, settings, ws, model=None,
                               observer=crash_at_refusal)  # fmt: skip
        with pytest.raises(Crash):
            asyncio.run(engine.resume(sid, context="the secret is 42"))
    assert prompts(log)[-1] == "the secret is 42"  # the hook ran, and refused
    assert [e["kind"] for e in events(ws, sid)] == before  # neither is stored
    listed = json.loads(coord("sessions", "--workspace", ws, "--json").stdout)
    assert listed[0]["status"] == "waiting"

    args: list[str | Path] = ["--provider", "scripted", "--script", tmp_path / "s.yaml"]
    refused = coord("resume", sid, "--workspace", ws, *args, "--context", "the secret is 42")
    assert refused.returncode == 4, refused.stderr
    assert [e["kind"] for e in events(ws, sid)] == [*before, "hook", "answer_refused"]


# ---- delegations read once ------------------------------------------------------------------


def test_a_resume_with_an_answer_reads_the_delegations_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_hooks(tmp_path / "hook.log")  # the answer goes through UserPromptSubmit
    turns = [{"text": blocked("Tests", "test plan")}, {"text": report("Complete", "Done")}]
    ws, sid, args = waiting_session(tmp_path, turns)
    reads: list[str] = []
    real = Store.delegations

    def counted(self: Store, session_id: str) -> list[object]:
        reads.append(session_id)
        return real(self, session_id)  # type: ignore[return-value]

    monkeypatch.setattr(Store, "delegations", counted)
    answered = coord("resume", sid, "--workspace", ws, *args, "--context", "plan: none")
    assert answered.returncode == 0, answered.stderr
    assert json.loads(answered.stdout)["status"] == "complete"
    assert reads == [sid]


# ---- the MCP service's --no-hooks -----------------------------------------------------------


def test_a_server_started_with_no_hooks_resumes_without_them(tmp_path: Path) -> None:
    """As ``coord resume --no-hooks``: hooks off, and the session told they differ."""
    from coordinator.runtime.options import EXTRAS_CHANGED
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    log = tmp_path / "hook.log"
    user_hooks(log)
    turns = [{"text": blocked("Tests", "test plan")}, {"text": report("Complete", "Done")}]
    ws, sid, _ = waiting_session(tmp_path, turns)  # started with hooks on
    choice = ModelChoice("scripted", tmp_path / "s.yaml")
    options = ServiceOptions(ws, agents_dirs=[tmp_path / "agents"], choice=choice, hooks=False)
    answered = asyncio.run(CoordinatorService(options).resume(sid, "the secret is 42"))
    assert answered["status"] == "complete"
    assert answered["notes"] == [EXTRAS_CHANGED]
    assert prompts(log) == ["Add tasks"]  # the start's run only
