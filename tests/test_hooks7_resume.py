"""UserPromptSubmit on a person's answer (``coord resume --context``), in process with real
hook scripts: a block leaves the session waiting as it was (only an ``answer_refused``
event and the hook's run are stored) and the person can answer again; added context is
appended to the answer; ``--no-hooks`` skips it; a specialist's answer (consult) is not
the person's prompt and fires no UserPromptSubmit."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

#: Blocks any prompt mentioning "secret"; adds "ctx: ticket-42" to the others. Each run
#: appends the prompt it saw to ``log``.
GUARD = (
    "input=$(cat); printf '%s\\n' \"$input\" >> {log}; "
    'case "$input" in *secret*) echo "no secrets in answers" >&2; exit 2;; esac; '
    "echo 'ctx: ticket-42'"
)


def user_hooks(log: Path) -> None:
    path = Path(os.environ["HOME"]) / ".claude" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    hook = {"type": "command", "command": GUARD.format(log=log)}
    path.write_text(json.dumps({"hooks": {"UserPromptSubmit": [{"hooks": [hook]}]}}))


def prompts(log: Path) -> list[str]:
    return [json.loads(line)["prompt"] for line in log.read_text().splitlines()]


def events(ws: Path, sid: str) -> list[dict[str, Any]]:
    data = json.loads(coord("log", sid, "--workspace", ws, "--json").stdout)
    events: list[dict[str, Any]] = data["events"]
    return events


def waiting_session(
    tmp_path: Path, turns: list[dict[str, Any]], *flags: str
) -> tuple[Path, str, list[Any]]:
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--agent", "backend"]
    args = ["--provider", "scripted", "--script", script, "--json"]
    first = coord("run", "Add tasks", *base, *args, *flags)
    assert first.returncode == 3, first.stderr  # waiting: no tests specialist
    return ws, json.loads(first.stdout)["session"], args


def test_a_blocked_answer_leaves_the_session_waiting_and_may_be_given_again(
    tmp_path: Path,
) -> None:
    log = tmp_path / "hook.log"
    user_hooks(log)
    turns = [
        {"expect": "ctx: ticket-42", "text": blocked("Tests", "test plan")},
        {"expect": "ctx: ticket-42", "text": report("Complete", "Done")},
    ]
    ws, sid, args = waiting_session(tmp_path, turns)
    before = events(ws, sid)

    refused = coord("resume", sid, "--workspace", ws, *args, "--context", "the secret is 42")
    assert refused.returncode == 4
    assert "the answer was blocked by a UserPromptSubmit hook: no secrets in answers" in (
        refused.stderr
    )
    assert f"Session {sid} is still waiting" in refused.stderr
    listed = json.loads(coord("sessions", "--workspace", ws, "--json").stdout)
    assert listed[0]["status"] == "waiting"
    added = events(ws, sid)[len(before) :]
    assert [e["kind"] for e in added] == ["hook", "answer_refused"]
    assert added[1]["reason"] == "no secrets in answers"

    again = coord("resume", sid, "--workspace", ws, *args, "--context", "plan: none")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] == "complete"
    assert prompts(log) == ["Add tasks", "the secret is 42", "plan: none"]
    kinds = [e["kind"] for e in events(ws, sid)]
    assert kinds.count("resumed") == 1 and kinds.count("answer_refused") == 1


def test_no_hooks_on_resume_skips_user_prompt_submit(tmp_path: Path) -> None:
    log = tmp_path / "hook.log"
    user_hooks(log)
    turns = [{"text": blocked("Tests", "test plan")}, {"text": report("Complete", "Done")}]
    ws, sid, args = waiting_session(tmp_path, turns)
    answer = ["--context", "the secret is 42", "--no-hooks"]
    again = coord("resume", sid, "--workspace", ws, *args, *answer)
    assert again.returncode == 0, again.stderr
    assert prompts(log) == ["Add tasks"]


def test_a_session_started_with_hooks_off_skips_it_on_resume(tmp_path: Path) -> None:
    log = tmp_path / "hook.log"
    user_hooks(log)
    turns = [{"text": blocked("Tests", "test plan")}, {"text": report("Complete", "Done")}]
    ws, sid, args = waiting_session(tmp_path, turns, "--no-hooks")
    again = coord("resume", sid, "--workspace", ws, *args, "--context", "the secret is 42")
    assert again.returncode == 0, again.stderr
    assert not log.exists()


def test_a_consultant_answer_fires_no_user_prompt_submit(tmp_path: Path) -> None:
    log = tmp_path / "hook.log"
    user_hooks(log)
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend", "dba")
    turns = {
        "backend": [
            {"text": blocked("Database", "the secret schema")},
            {"text": report("Complete", "Done")},
        ],
        "dba": [{"text": report("Complete", "The secret schema is tasks(id)")}],
    }
    script = write_script(tmp_path / "s.yaml", turns)
    base = ["--workspace", ws, "--agents-dir", agents, "--only", "--agent", "backend"]
    args = ["--provider", "scripted", "--script", script, "--json"]
    ran = coord("run", "Add tasks", *base, *args)
    assert ran.returncode == 0, ran.stderr
    assert prompts(log) == ["Add tasks"]


async def test_the_mcp_service_resume_passes_the_answer_through_the_hooks(tmp_path: Path) -> None:
    from coordinator.errors import UserError
    from coordinator.runtime.options import ModelChoice
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    log = tmp_path / "hook.log"
    user_hooks(log)
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend")
    turns = [
        {"text": blocked("Tests", "test plan")},
        {"expect": "ctx: ticket-42", "text": report("Complete", "Done")},
    ]
    script = write_script(tmp_path / "s.yaml", {"backend": turns})
    choice = ModelChoice("scripted", script)
    service = CoordinatorService(ServiceOptions(ws, agents_dirs=[agents], only=True, choice=choice))
    waiting = await service.run("Add tasks", agent="backend")
    assert waiting["status"] == "waiting"
    sid = waiting["session"]
    with pytest.raises(UserError, match="no secrets in answers"):
        await service.resume(sid, "the secret is 42")
    assert service.sessions()[0]["status"] == "waiting"
    done = await service.resume(sid, "plan: none")
    assert done["status"] == "complete"
    assert prompts(log) == ["Add tasks", "the secret is 42", "plan: none"]
