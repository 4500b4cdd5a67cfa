"""Faults in the middle of a run end in one clear line, and never leave a session stuck
or its log doubled: a 401 mid-run, a crash between the steps of a Blocked transition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from kit import Rig, blocked, report
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.errors import EXIT_USER_ERROR, UserError
from coordinator.store.db import Store

GLOB = {"tool_calls": [{"name": "Glob", "input": {"pattern": "*"}}]}
UNAUTHORIZED = {"error": {"status": 401, "message": "invalid x-api-key"}}


async def test_a_401_mid_run_records_why_and_leaves_the_session_resumable(
    tmp_path: Path,
) -> None:
    rig = Rig(tmp_path, {"backend": [GLOB, UNAUTHORIZED]})
    with pytest.raises(UserError) as info:
        await rig.engine.start("Add an endpoint", agent="backend")
    (row,) = rig.store.sessions()
    assert row.status == "interrupted"
    assert "401" in row.reason
    events = rig.store.events(row.id)
    assert events[-1].kind == "interrupted" and "401" in events[-1].data["reason"]
    assert f"session {row.id} is interrupted" in info.value.message
    assert f"coord resume {row.id}" in str(info.value)

    # turns are chosen by position in the conversation: the Glob turn is already stored
    later = Rig(tmp_path, {"backend": [GLOB, {"text": report("Complete")}]}, store=rig.store)
    done = await later.engine.resume(row.id)
    assert done.status == "complete"
    assert rig.store.session(row.id).status == "complete"


def test_a_401_mid_run_is_one_error_line_at_the_cli(tmp_path: Path) -> None:
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend APIs\ntools: Glob\n---\nYou build APIs.\n",
        encoding="utf-8",
    )
    script = tmp_path / "script.yaml"
    script.write_text(yaml.safe_dump({"agents": {"backend": [GLOB, UNAUTHORIZED]}}), "utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    args = ["run", "Add an endpoint", "--agent", "backend", "--workspace", str(ws)]
    args += ["--agents-dir", str(agents), "--only", "--provider", "scripted"]
    result = CliRunner().invoke(app, [*args, "--script", str(script)])
    assert result.exit_code == EXIT_USER_ERROR
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith("error: the API rejected the key (401")
    assert errors[0].endswith("is interrupted")
    assert "Once that is fixed, `coord resume " in result.stderr
    assert "Traceback" not in result.stderr
    store = Store.open(ws / ".coordinator" / "coordinator.db", create=False)
    (row,) = store.sessions()
    store.close()
    assert row.status == "interrupted"


class Crash(BaseException):
    """Stands for the process dying (kill -9) at a precise point."""


class CrashBeforeDelegation(Store):
    """A store that dies when the blocked run's question is about to be recorded: with its
    consult's run, which holds it (schema 12)."""

    def start_run(self, *args: Any, **kwargs: Any) -> int:
        if kwargs.get("question") is not None:
            raise Crash
        return super().start_run(*args, **kwargs)


def happy() -> dict[str, list[dict[str, Any]]]:
    return {
        "backend": [
            {"text": blocked("Database", "Owner email column")},
            {"expect": "[coordinator:resume]", "text": report("Complete")},
        ],
        "dba": [{"text": report("Complete", "email is users.email")}],
    }


async def test_a_crash_inside_a_blocked_step_logs_it_once_after_resume(tmp_path: Path) -> None:
    crashing = CrashBeforeDelegation.open(tmp_path / "sessions.db")
    rig = Rig(tmp_path, happy(), store=crashing)
    with pytest.raises(Crash):
        await rig.engine.start("Add an endpoint", agent="backend")
    crashing.close()

    store = Store.open(tmp_path / "sessions.db")
    (row,) = store.sessions()
    # nothing of the Blocked step is stored: it commits as one transaction or not at all
    assert "blocked" not in [e.kind for e in store.events(row.id)]
    assert store.delegations(row.id) == []

    rig = Rig(tmp_path, happy(), store=store)
    done = await rig.engine.resume(row.id)
    assert done.status == "complete"
    kinds = rig.kinds(row.id)
    assert kinds.count("blocked") == 1
    assert kinds.count("consult_started") == 1
    backend_reports = [
        e for e in store.events(row.id) if e.kind == "report" and e.data["agent"] == "backend"
    ]
    assert [e.data["status"] for e in backend_reports] == ["blocked", "complete"]
    assert len(store.delegations(row.id)) == 1
