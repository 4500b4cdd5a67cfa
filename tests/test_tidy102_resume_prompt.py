"""tidy102: a resumed run keeps the system prompt its first drive rendered, and its session
keeps its prompt's id.

compat100 ran a preloaded skill's ``!`command``` at a run's first drive in a process and
kept the rendered system prompt in memory only: a run resumed in a new process (after
kill -9, an outage, a worker's restart) ran those commands again, and its model was given
a system prompt that could differ from the one its conversation began with. Hooks' input
``prompt_id`` lived in memory too: a session resumed in a new process gave its hooks none
until its next prompt. Now both are stored (schema 18: ``runs.system``,
``sessions.prompt_id``), on SQLite and PostgreSQL, and read back on resume.

Real engine, scripted provider (the ``anthropic`` SDK over its transport), real SKILL.md,
settings files, hook scripts and ``bwrap`` commands; a real ``coord run`` killed with -9
while its first model call is in flight (the scripted turn held at a gate), then ``coord
resume``.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Any

from cli import coord, spawn
from kit import blocked, engine_with, report, rows, scripted, wait_for_file, workspace, write_script
from storefixtures import open_at
from test_skill96_skill_tool import skill

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras

DONE = report("Complete", "Done")
#: A model call that fails resumably (the run is interrupted, resumed later).
OVERLOADED = {"error": {"status": 529}}
#: A skill whose command counts how often it ran (each run appends a line to ran.txt).
COUNTED = (
    "---\nname: counted\ndescription: Counts its runs\n---\n"
    "Run number: !`echo x >> ran.txt; wc -l < ran.txt`\n"
)
BACKEND = (
    "---\nname: backend\ndescription: Backend specialist\ndomain: backend\n"
    "skills: [counted]\n---\nYou are the backend specialist.\n"
)
#: A hook noting each event's name and prompt_id (argv[1]: the file it appends to).
NOTE = """\
import json, sys
data = json.load(sys.stdin)
line = {"event": data["hook_event_name"], "prompt_id": data.get("prompt_id")}
open(sys.argv[1], "a").write(json.dumps(line) + "\\n")
"""


def noting_hooks(home: Path, tmp_path: Path) -> Path:
    """The user's UserPromptSubmit and Stop hooks note each firing: the file they note in."""
    seen = tmp_path / "seen.jsonl"
    (tmp_path / "note.py").write_text(NOTE, encoding="utf-8")
    command = {"type": "command", "command": f"{sys.executable} {tmp_path / 'note.py'} {seen}"}
    hooks = {"hooks": {e: [{"hooks": [command]}] for e in ("UserPromptSubmit", "Stop")}}
    (home / ".claude").mkdir(parents=True, exist_ok=True)
    (home / ".claude/settings.json").write_text(json.dumps(hooks), encoding="utf-8")
    return seen


def noted(seen: Path) -> list[tuple[str, str | None]]:
    lines = [json.loads(line) for line in seen.read_text(encoding="utf-8").splitlines()]
    return [(d["event"], d["prompt_id"]) for d in lines]


def backend(skills: list[str]) -> AgentSpec:
    return AgentSpec(
        name="backend",
        description="backend specialist",
        domain="backend",
        tools=None,
        disallowed_tools=[],
        body="You are the backend specialist.",
        extra={"skills": skills},
    )


def engine(
    tmp_path: Path, ws: Path, db: str, turns: list[dict[str, Any]], skills: tuple[str, ...] = ()
) -> tuple[Engine, Any]:
    """A fresh engine (a new process's: its own store connection, hooks and preload) on the
    store ``db``, its agent preloading ``skills``, its model answering ``turns``."""
    roster = Registry([backend(list(skills))])
    settings = Settings(allow_bash=True)
    extras = session_extras(ws, settings, roster, home=tmp_path / "home", managed=None)
    provider = scripted({"backend": turns})
    eng = engine_with(
        extras,
        registry=roster,
        provider=provider,
        store=open_at(db),
        settings=settings,
        workspace=ws,
    )
    return eng, provider


def system_of(call: Any) -> str:
    system = call.body["system"]
    return "".join(b["text"] for b in system) if isinstance(system, list) else str(system)


async def test_a_resumed_run_gets_the_prompt_its_first_drive_rendered(
    tmp_path: Path, store_db: str
) -> None:
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "counted", COUNTED)
    seen = noting_hooks(tmp_path / "home", tmp_path)
    first, one = engine(tmp_path, ws, store_db, [OVERLOADED], ("counted",))
    try:
        ended = await first.start("Check the status", agent="backend")
    finally:
        first.store.close()
    assert str(ended.status) == "interrupted"  # (the model overloaded: resumable)

    again, two = engine(tmp_path, ws, store_db, [{"text": DONE}], ("counted",))
    try:
        result = await again.resume(ended.session_id)
    finally:
        again.store.close()

    assert str(result.status) == "complete"
    assert (ws / "ran.txt").read_text(encoding="utf-8") == "x\n"  # the command ran once
    before, after = system_of(one.model.calls[0]), system_of(two.model.calls[0])
    assert "Run number: 1" in before
    assert after == before
    assert [event for event, _ in noted(seen)] == ["UserPromptSubmit", "Stop"]


async def test_a_resumed_sessions_hooks_get_its_latest_prompts_id(
    tmp_path: Path, store_db: str
) -> None:
    ws = workspace(tmp_path)
    seen = noting_hooks(tmp_path / "home", tmp_path)
    ask = {"text": blocked("Product", "Which plan?")}
    first, _ = engine(tmp_path, ws, store_db, [OVERLOADED, ask])
    try:  # (the request; its run interrupted, resumed, then waiting for a person)
        sid = (await first.start("Charge the card", agent="backend")).session_id
        assert str((await first.resume(sid)).status) == "waiting"
    finally:
        first.store.close()
    second, _ = engine(tmp_path, ws, store_db, [ask, OVERLOADED])
    try:  # (the answer; its model call interrupted)
        assert str((await second.resume(sid, context="the pro plan")).status) == "interrupted"
    finally:
        second.store.close()
    third, _ = engine(tmp_path, ws, store_db, [ask, {"text": DONE}])
    try:
        assert str((await third.resume(sid)).status) == "complete"
    finally:
        third.store.close()

    events = noted(seen)
    assert [event for event, _ in events] == ["UserPromptSubmit", "Stop"] * 2
    [request, blocked_at, answer, ended_at] = [prompt_id for _, prompt_id in events]
    assert request is not None and answer is not None and answer != request
    assert blocked_at == request  # (its resume in the same process)
    assert ended_at == answer  # the answer's id, in a process that saw no prompt


def test_a_killed_run_resumes_without_running_its_skill_commands_again(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(BACKEND, encoding="utf-8")
    skill(ws / ".claude/skills", "counted", COUNTED)
    seen = noting_hooks(Path.home(), tmp_path)
    gate = tmp_path / "gate"
    turn = {"text": DONE, "hold_until": str(gate)}
    held = write_script(tmp_path / "held.yaml", {"backend": [turn]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only", "--allow-bash")
    proc = spawn("run", "Check the status", *base, "--agent", "backend", "--script", held)
    try:  # its first model call in flight: its system prompt rendered
        wait_for_file(gate.with_name("gate.held"), proc)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=120)
    db = ws / ".coordinator" / "coordinator.db"
    [(sid,)] = rows(db, "SELECT id FROM sessions")

    fast = write_script(tmp_path / "fast.yaml", {"backend": [{"text": DONE}]})
    done = coord("resume", sid, "--workspace", ws, "--allow-bash", "--script", fast, "--json")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
    assert (ws / "ran.txt").read_text(encoding="utf-8") == "x\n"  # not run again
    [(system,)] = rows(db, "SELECT system FROM runs")
    assert "Run number: 1" in system
    [(submit, asked), (stop, given)] = noted(seen)
    assert (submit, stop) == ("UserPromptSubmit", "Stop")
    assert asked is not None and given == asked
