"""mend108: daily107's list of rough edges, each checked where it is decided."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from coordinator.errors import EXIT_FAILED, EXIT_USER_ERROR, UserError
from coordinator.runtime.batch import BatchItem, BatchTask

# ---- a batch request no agent fits is a user error, not a failure -----------------------


def test_a_batch_item_no_agent_fits_is_a_user_error_not_failed() -> None:
    """The batch table said ``failed`` for a request no agent fits though the batch exits 4
    (a user error): its status is the exit code's word, in the table and ``--json``."""
    from rich.console import Console

    from coordinator.cli.views import batch_table

    fits_none = BatchItem(0, BatchTask("Paint the fence"), error="no agent fits the request")
    died = BatchItem(1, BatchTask("Endpoint", "backend"), error="died", error_code=EXIT_FAILED)
    assert fits_none.exit_code == EXIT_USER_ERROR
    assert fits_none.status == "user_error" and died.status == "failed"
    assert fits_none.to_json()["status"] == "user_error"
    assert died.to_json()["status"] == "failed"
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(batch_table([fits_none, died], 100))
    rows = console.export_text().splitlines()
    assert rows[1].split()[:3] == ["1", "user", "error"], rows
    assert rows[3].split()[:2] == ["2", "failed"], rows


# ---- an explicit --db in a folder that does not exist is refused, nothing made ----------


def test_a_db_in_a_missing_folder_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    """``coord run --db /no/such/dir/x.db`` made the folders and a ``.gitignore``: a typo
    left a tree behind. The folder is named, and nothing is made."""
    from coordinator.runtime.launch import RunFlags

    db = tmp_path / "no" / "such" / "x.db"
    with pytest.raises(UserError) as refused:
        RunFlags(request="Document the API", db=str(db)).check()
    said = str(refused.value)
    assert said.startswith(f"--db {db}: its folder {db.parent} does not exist"), said
    assert f"(no {tmp_path / 'no'})" in said and refused.value.exit_code == EXIT_USER_ERROR
    assert f"mkdir -p {db.parent}" in (refused.value.hint or "")
    assert list(tmp_path.iterdir()) == []


def test_a_db_in_coords_own_folder_or_an_existing_one_is_taken(tmp_path: Path) -> None:
    """Guard: coord's own ``.coordinator`` folder is still made, and an existing folder or a
    postgresql:// URL is not questioned."""
    from coordinator.runtime.launch import RunFlags

    for db in (
        tmp_path / ".coordinator" / "coordinator.db",
        tmp_path / "s.db",
        "postgresql://u@h/db",
    ):
        RunFlags(request="Document the API", db=str(db)).check()


# ---- an unknown option's --json hint does not repeat its error -------------------------


def test_an_unknown_options_json_hint_does_not_repeat_the_error() -> None:
    """``coord log --bogus --json``: error "... (`coord log --help` lists the options)",
    hint "Try 'coord log --help' for help.": the same pointer twice. The pointer is the
    hint alone now (stderr's line keeps it); a bad value's hint still points to the help."""
    import json

    from typer.testing import CliRunner

    from coordinator.cli.app import app

    bogus = CliRunner().invoke(app, ["log", "--bogus", "--json"], prog_name="coord")
    data = json.loads(bogus.stdout)
    assert bogus.exit_code == EXIT_USER_ERROR and data["error"] == "No such option: --bogus"
    assert data["hint"] == "`coord log --help` lists the options.", data
    assert "(`coord log --help` lists the options)" in bogus.stderr
    bad = CliRunner().invoke(app, ["sessions", "--limit", "x", "--json"], prog_name="coord")
    assert json.loads(bad.stdout)["hint"] == "Try 'coord sessions --help' for help."


# ---- coord sessions at 60 columns keeps the request's least width ----------------------


def test_sessions_at_60_columns_show_the_least_of_the_request() -> None:
    """At 60 columns the fixed columns (a 16-column agent's name cut) summed past the width
    and rich squeezed the request to 3 characters ("ref"), not the intended 8 (and the age
    to 2). The agent's name gives way first, down to its heading's width."""
    import time

    from rich.cells import cell_len
    from rich.console import Console

    from coordinator.cli.views import _LEAST_REQUEST, sessions_table
    from coordinator.store.db import SessionRow
    from coordinator.store.listing import SessionLine

    def line(agent: str, status: str, request: str) -> SessionLine:
        now = time.time()
        row = SessionRow("b8eb30ba198f", request, "/srv/app", status, "", {}, now - 300, now)
        return SessionLine(row, status, agent, 22_900, 0.0564, "db")

    lines = [line("fastapi-backend-expert", "needs_review", "refactor the payments module")]
    console = Console(width=60, record=True, file=io.StringIO())
    console.print(sessions_table(lines, 60))
    (row,) = [r for r in console.export_text().splitlines() if "b8eb30ba198f" in r]
    assert cell_len(row.rstrip()) <= 60, row
    assert " 5m refacto…" in row, row
    assert len("refacto…") == _LEAST_REQUEST
    assert "fasta…" in row, row


# ---- coord sessions rm --dry-run lists what it would remove -----------------------------


def test_sessions_rm_dry_run_names_what_it_would_remove_and_removes_none(
    tmp_path: Path,
) -> None:
    """``coord sessions rm`` had no preview: ``--older-than`` deleted at once. A dry run
    finds and checks as a removal does (an unknown id is still an error) and removes none."""
    from coordinator.runtime.lookup import remove_sessions, removed_line
    from coordinator.store.db import Store
    from coordinator.store.index import SessionIndex

    ws = tmp_path / "project"
    ws.mkdir()
    db = ws / ".coordinator" / "coordinator.db"
    store = Store.open(db)
    store.index = SessionIndex()
    try:
        ids = [store.create_session(f"Task {n}", ws, {}) for n in range(2)]
    finally:
        store.close()
    would = remove_sessions([ids[0][:6]], None, ws, None, None, dry_run=True)
    assert would == [ids[0]]
    old = remove_sessions([], "0m", ws, None, None, here=True, dry_run=True)
    assert sorted(old) == sorted(ids)
    assert removed_line(old, dry_run=True).startswith("would remove 2 sessions: ")
    with pytest.raises(UserError):
        remove_sessions(["ffffffff"], None, ws, None, None, dry_run=True)
    store = Store.open(db)
    try:
        assert {store.session(sid).id for sid in ids} == set(ids)  # both still there
    finally:
        store.close()
    assert remove_sessions([ids[0]], None, ws, None, None) == [ids[0]]  # a real one removes


# ---- a script that does not fit the roster is named before anything runs ----------------

SCRIPT = "agents:\n  backend:\n    - text: done\n  databse-engineer:\n    - text: done\n"


def test_a_scripts_misspelt_agent_is_named_at_the_start_with_its_line(tmp_path: Path) -> None:
    """A ``--script`` key misspelling a roster agent (``payments-expret:``) was found only
    when payments-expert's first call failed mid-run. Now the run refuses to start: the
    file and line of the key, and the name meant."""
    from kit import write_agents

    from coordinator.roster.loader import load_registry
    from coordinator.runtime.launch import check_script_roster
    from coordinator.runtime.options import ModelChoice

    script = tmp_path / "s.yaml"
    script.write_text(SCRIPT, encoding="utf-8")
    team = write_agents(tmp_path / "team", "backend")
    (team / "database-engineer.md").write_text(
        "---\nname: database-engineer\ndescription: Database schema and SQL.\n---\nYou do SQL.\n",
        encoding="utf-8",
    )
    registry = load_registry([team], only=True, cwd=team, cache=False)
    with pytest.raises(UserError) as refused:
        check_script_roster(ModelChoice(script=script), registry)
    said = refused.value.message
    assert said.startswith(f"{script}:4: the script scripts agent 'databse-engineer'"), said
    assert said.endswith("did you mean database-engineer?"), said
    assert "`database-engineer:`" in (refused.value.hint or "")
    script.write_text(SCRIPT.replace("databse", "database"), encoding="utf-8")
    check_script_roster(ModelChoice(script=script), registry)  # spelt right: taken


def test_a_script_for_another_team_is_named_and_a_shared_one_is_taken(tmp_path: Path) -> None:
    """A script none of whose agents the roster has is refused (its first key's line); one
    that scripts more agents than the roster has (shared by teams) and coord's own callers
    (``coordinator-router``) are taken (guard)."""
    from coordinator.providers.script import check_roster, script_agents

    def check(text: str) -> None:
        check_roster(script_agents(text), {"backend"}, "s.yaml")

    with pytest.raises(UserError, match=r"^s.yaml:2: the script scripts 'dba', 'qa', none"):
        check("agents:\n  dba:\n    - text: x\n  qa:\n    - text: x\n")
    shared = "agents:\n  coordinator-router:\n    - text: x\n  backend:\n    - text: x\n"
    check(shared + "  dba:\n    - text: x\n")
    check("agents:\n  coordinator-router:\n    - text: x\n")
    check("agents: [not, a, mapping]\n")  # malformed: named when the script is loaded


# ---- coord resume takes coord run's sandbox flags, each noted, none widening silently ----


def _waiting(tmp_path: Path, *, allow_bash: bool) -> Path:
    """A workspace whose one session waits for a person, started with ``allow_bash``."""
    from kit import blocked, write_agents, write_script

    from coordinator.runtime import launch
    from coordinator.runtime.drive import driving
    from coordinator.runtime.launch import RunFlags, StartHere

    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": blocked("payments", "A key")}]}
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    flags = RunFlags(request="Add a FastAPI endpoint", workspace=ws, agents_dir=[agents],
                     only=True, script=script, allow_bash=allow_bash)  # fmt: skip
    plan = launch.plan_run(flags, io.BytesIO(), lambda notice: None)
    assert isinstance(plan.step, StartHere)
    with driving(plan.setup, lambda: None) as d:
        d.run(plan.start(plan.step), None)
    return ws


def test_a_resume_takes_the_sandbox_flags_of_run_and_notes_each(tmp_path: Path) -> None:
    """``coord resume`` took ``--allow-bash`` but not ``--bash-network``, ``--bash-env``,
    ``--unsandboxed-bash``: a session started without them could not get them back. Given,
    each applies to this resume and is noted in its log; not given, nothing is widened."""
    from coordinator.runtime import launch
    from coordinator.runtime.launch import ResumeFlags
    from coordinator.runtime.options import NETWORK_FROM_RESUME

    ws = _waiting(tmp_path, allow_bash=True)
    plain = launch.plan_resume(ResumeFlags(workspace=ws, context="sk-none"), lambda n: None)
    assert not plain.setup.settings.bash_network and plain.setup.settings.bash_env == []
    assert plain.notes == ()
    flags = ResumeFlags(workspace=ws, context="sk-none", bash_network=True, bash_env=["PGHOST"])
    wider = launch.plan_resume(flags, lambda n: None)
    assert wider.setup.settings.bash_network and wider.setup.settings.bash_env == ["PGHOST"]
    assert not wider.setup.settings.unsandboxed_bash
    assert wider.notes == (
        NETWORK_FROM_RESUME,
        "--bash-env: shell commands are given PGHOST from this resume on",
    )
    with pytest.raises(UserError, match="cannot be handed to the workers"):
        flags.for_the_worker(wider.setup.choice)
    unanswered = dataclasses.replace(flags, context=None)  # nothing would run: refused
    with pytest.raises(UserError, match=r"^--bash-network and --bash-env widen Bash for"):
        launch.plan_resume(unanswered, lambda n: None)


def test_a_resumes_sandbox_flag_without_bash_is_refused(tmp_path: Path) -> None:
    """As ``coord run`` refuses ``--bash-network`` without ``--allow-bash``: a session
    started without Bash, resumed with a sandbox flag alone, would change nothing."""
    from coordinator.runtime import launch
    from coordinator.runtime.launch import ResumeFlags

    ws = _waiting(tmp_path, allow_bash=False)
    flags = ResumeFlags(workspace=ws, context="sk-none", unsandboxed_bash=True)
    with pytest.raises(UserError, match=r"^--unsandboxed-bash applies to Bash, which is off"):
        launch.plan_resume(flags, lambda n: None)
    both = launch.plan_resume(dataclasses.replace(flags, allow_bash=True), lambda n: None)
    assert both.setup.settings.allow_bash and both.setup.settings.unsandboxed_bash
