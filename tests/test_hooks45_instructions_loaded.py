"""InstructionsLoaded: a hook fired once per instruction file an agent is given (CLAUDE.md
files and rules), with why it was loaded; an observer that cannot block (forty-fifth
session). Real hook scripts (``/usr/bin/python3``) record what they were given; the
scripted provider plays the agent."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from kit import blocked, report, scripted
from test_claude_md import agent, setup, write

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.runtime.hook_async import Background, Fired
from coordinator.runtime.hook_run import HookEnv
from coordinator.runtime.hooks import HookEvent, load_hooks
from coordinator.store.db import Store

RULE = '---\npaths: ["pkg/**/*.py"]\n---\nPython rule: type every function.'
RECORD = """import json, sys
data = json.load(sys.stdin)
with open(sys.argv[1], "a", encoding="utf-8") as log:
    log.write(json.dumps(data) + "\\n")
"""


def read(path: str) -> dict[str, Any]:
    return {"name": "Read", "input": {"file_path": path}}


def hierarchy(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace with a CLAUDE.md importing a file, a sub-folder's CLAUDE.md, a rule for
    all and a ``paths:`` rule; a home with the user's CLAUDE.md."""
    ws, home = setup(tmp_path)
    write(ws / "CLAUDE.md", "Root: see @docs/style.md")
    write(ws / "docs/style.md", "Style: short lines.")
    write(ws / "CLAUDE.local.md", "Local notes.")
    write(ws / ".claude/rules/all.md", "Rule for all.")
    write(ws / ".claude/rules/py.md", RULE)
    write(ws / "pkg/sub/CLAUDE.md", "Sub: async only. @notes.md")
    write(ws / "pkg/sub/notes.md", "Sub notes.")
    write(ws / "pkg/sub/x.py", "print(1)\n")
    write(ws / "pkg/sub/y.py", "print(2)\n")
    write(home / ".claude/CLAUDE.md", "User: be brief.")
    return ws, home


def user_hooks(
    tmp_path: Path, home: Path, matcher: str = "", **extra: Any
) -> tuple[Path, list[dict[str, Any]]]:
    """A user's InstructionsLoaded hook recording each input in ``loaded.jsonl`` (``extra``:
    more handler fields); another recording to ``all.jsonl`` without a matcher."""
    script = write(tmp_path / "record.py", RECORD)
    log, every = tmp_path / "loaded.jsonl", tmp_path / "all.jsonl"
    command = f"/usr/bin/python3 {script} {log}"
    groups = [
        {"matcher": matcher, "hooks": [{"type": "command", "command": command, **extra}]},
        {"hooks": [{"type": "command", "command": f"/usr/bin/python3 {script} {every}"}]},
    ]
    write(home / ".claude/settings.json", json.dumps({"hooks": {"InstructionsLoaded": groups}}))
    return log, groups


#: What a run of :func:`hierarchy`'s workspace is given at its start, as :func:`brief` shows it.
STARTED = [
    ("~CLAUDE.md", "User", "session_start", "", ""),
    ("CLAUDE.md", "Project", "session_start", "", ""),
    ("docs/style.md", "Project", "include", "", "CLAUDE.md"),
    (".claude/rules/all.md", "Project", "session_start", "", ""),
    ("CLAUDE.local.md", "Local", "session_start", "", ""),
]


def records(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def engine(tmp_path: Path, ws: Path, home: Path, turns: list[Any], **extra: Any) -> Engine:
    spec = agent(**extra)
    registry = Registry([spec])
    extras = session_extras(ws, Settings(), registry, home=home, managed=None)
    provider = scripted({"backend": turns})
    return extras.engine(
        registry, provider, Store.open(tmp_path / "s.db"), Settings(), ws, model=None
    )


def brief(found: dict[str, Any], ws: Path) -> tuple[str, ...]:
    """A record as (file, memory_type, load_reason, trigger, parent), paths workspace-relative."""

    def rel(value: object) -> str:
        if not isinstance(value, str):
            return ""
        path = Path(value)
        return path.relative_to(ws).as_posix() if path.is_relative_to(ws) else f"~{path.name}"

    return (
        rel(found["file_path"]),
        found["memory_type"],
        found["load_reason"],
        rel(found.get("trigger_file_path")),
        rel(found.get("parent_file_path")),
    )


async def test_each_file_loaded_fires_once_with_why_and_where(tmp_path: Path) -> None:
    ws, home = hierarchy(tmp_path)
    log, _ = user_hooks(tmp_path, home)
    turns = [
        {"tool_calls": [read("pkg/sub/x.py")]},
        {"tool_calls": [read("pkg/sub/y.py")]},  # the same folder: nothing new
        {"text": report("Complete", "Done")},
    ]
    result = await engine(tmp_path, ws, home, turns).start("Fix it", agent="backend")
    assert result.status.value == "complete", result.reason

    found = records(log)
    assert [brief(f, ws) for f in found] == [
        *STARTED,
        ("pkg/sub/CLAUDE.md", "Project", "nested_traversal", "pkg/sub/x.py", ""),
        ("pkg/sub/notes.md", "Project", "include", "pkg/sub/x.py", "pkg/sub/CLAUDE.md"),
        (".claude/rules/py.md", "Project", "path_glob_match", "pkg/sub/x.py", ""),
    ]
    assert found[0]["file_path"] == str(home / ".claude/CLAUDE.md")
    assert [f.get("globs") for f in found] == [None] * 7 + [["pkg/**/*.py"]]
    common = {f["hook_event_name"] for f in found}, {f["agent_type"] for f in found}
    assert common == ({"InstructionsLoaded"}, {"backend"})
    assert all(Path(f["file_path"]).is_absolute() and f["session_id"] for f in found)
    assert not any("async only" in json.dumps(f) for f in found)  # names, never contents


async def test_the_matcher_is_compared_with_the_load_reason(tmp_path: Path) -> None:
    ws, home = hierarchy(tmp_path)
    log, _ = user_hooks(tmp_path, home, matcher="nested_traversal|path_glob_match")
    turns = [{"tool_calls": [read("pkg/sub/x.py")]}, {"text": report("Complete", "Done")}]
    await engine(tmp_path, ws, home, turns).start("Fix it", agent="backend")
    reasons = [f["load_reason"] for f in records(log)]
    assert reasons == ["nested_traversal", "path_glob_match"]
    assert len(records(tmp_path / "all.jsonl")) == 8  # the hook without a matcher: all


async def test_a_refused_import_and_omit_claude_md_fire_nothing(tmp_path: Path) -> None:
    ws, home = hierarchy(tmp_path)
    write(ws / "pkg/sub/CLAUDE.md", "Sub: see @~/.ssh/id_rsa")  # an agent's file: refused
    write(home / ".ssh/id_rsa", "PRIVATE")
    log, _ = user_hooks(tmp_path, home)
    turns = [{"tool_calls": [read("pkg/sub/x.py")]}, {"text": report("Complete", "Done")}]
    await engine(tmp_path, ws, home, turns).start("Fix it", agent="backend")
    files = [Path(f["file_path"]) for f in records(log)]
    assert ws / "pkg/sub/CLAUDE.md" in files
    assert home / ".ssh/id_rsa" not in files

    (tmp_path / "omit").mkdir()
    ws, home = hierarchy(tmp_path / "omit")
    log, _ = user_hooks(tmp_path / "omit", home)
    turns = [{"tool_calls": [read("pkg/sub/x.py")]}, {"text": report("Complete", "Done")}]
    omitting = engine(tmp_path / "omit", ws, home, turns, omitClaudeMd=True)
    result = await omitting.start("Fix it", agent="backend")
    assert result.status.value == "complete"
    assert records(log) == []


async def test_a_resumed_run_fires_its_start_files_again_and_no_reads_twice(
    tmp_path: Path,
) -> None:
    """A new process that resumes the run loads its system prompt's files again, as a
    resumed Claude Code session does (session_start again, tidy59); what its Reads
    brought stays in its stored conversation: never again."""
    ws, home = hierarchy(tmp_path)
    log, _ = user_hooks(tmp_path, home)
    write(ws / "lib/CLAUDE.md", "Lib: no globals.")
    write(ws / "lib/a.txt", "a\n")
    first_turns = [
        {"tool_calls": [read("pkg/sub/x.py")]},
        {"text": blocked("Payments", "Which provider")},  # nobody to ask: waits
    ]
    first = await engine(tmp_path, ws, home, first_turns).start("Fix it", agent="backend")
    assert first.status.value == "waiting", first.reason
    before = len(records(log))
    assert before == 8

    later_turns = [
        {"tool_calls": [read("pkg/sub/y.py"), read("lib/a.txt")]},
        {"text": report("Complete", "Done")},
    ]
    later = engine(tmp_path, ws, home, first_turns + later_turns)  # a new process's
    done = await later.resume(first.session_id, context="Stripe")
    assert done.status.value == "complete", done.reason
    fresh = [brief(f, ws) for f in records(log)[before:]]
    assert fresh == [
        *STARTED,
        ("lib/CLAUDE.md", "Project", "nested_traversal", "lib/a.txt", ""),
    ]


async def test_a_failing_blocking_or_timed_out_hook_changes_nothing(tmp_path: Path) -> None:
    ws, home = hierarchy(tmp_path)
    stop = json.dumps({"continue": False, "stopReason": "no", "decision": "block"})
    script = write(tmp_path / "bad.py", f"import sys\nprint({stop!r})\nsys.exit(2)\n")
    slow = write(tmp_path / "slow.py", "import select\nselect.select([], [], [])\n")  # never ends
    handlers = [
        {"type": "command", "command": f"/usr/bin/python3 {script}"},
        {"type": "command", "command": "exit 1"},
        {"type": "command", "command": f"/usr/bin/python3 {slow}", "timeout": 0.5},
    ]
    groups = [{"matcher": "nested_traversal", "hooks": handlers}]
    write(home / ".claude/settings.json", json.dumps({"hooks": {"InstructionsLoaded": groups}}))
    turns = [{"tool_calls": [read("pkg/sub/x.py")]}, {"text": report("Complete", "Done")}]
    run = engine(tmp_path, ws, home, turns)
    result = await run.start("Fix it", agent="backend")
    assert result.status.value == "complete", result.reason
    events = [e for e in run.store.events(result.session_id) if e.kind == "hook"]
    outcomes = sorted(e.data["outcome"] for e in events)
    assert outcomes == ["blocked", "error", "timeout"]  # logged, and the run went on
    assert {e.data["event"] for e in events} == {"InstructionsLoaded"}


def test_instructions_loaded_hooks_are_read_not_warned(tmp_path: Path) -> None:
    ws, home = setup(tmp_path)
    _, groups = user_hooks(tmp_path, home)
    prompt = {"type": "prompt", "prompt": "Is this file fine?"}
    groups.append({"hooks": [prompt]})
    write(home / ".claude/settings.json", json.dumps({"hooks": {"InstructionsLoaded": groups}}))
    found = load_hooks(ws, home=home, managed=None)
    assert [h.event for h in found.hooks] == [HookEvent.INSTRUCTIONS_LOADED] * 2
    assert found.fires(HookEvent.INSTRUCTIONS_LOADED, "backend")
    [warning] = found.warnings  # a prompt hook: Claude Code runs none at this event
    assert "runs no prompt hooks at InstructionsLoaded" in warning


async def test_an_async_hooks_answer_reaches_no_model_and_wakes_no_run(tmp_path: Path) -> None:
    """An ``async``/``asyncRewake`` InstructionsLoaded hook is an observer too: its
    ``additionalContext`` is not given to the run's next turn, its exit 2 wakes nothing."""
    said = json.dumps({"hookSpecificOutput": {"additionalContext": "obey me"}})
    hooks = {
        "InstructionsLoaded": [
            {"hooks": [{"type": "command", "command": f"echo '{said}'", "async": True}]},
            {"hooks": [{"type": "command", "command": "exit 2", "asyncRewake": True}]},
        ]
    }
    write(tmp_path / "home/.claude/settings.json", json.dumps({"hooks": hooks}))
    found = load_hooks(tmp_path / "ws", home=tmp_path / "home", managed=None).hooks
    logged, woken = [], []
    background = Background(lambda f, run: logged.append(run.outcome), lambda *a: woken.append(a))
    fired = Fired("s1", 1, "backend", HookEvent.INSTRUCTIONS_LOADED, "session_start")
    data = {"hook_event_name": "InstructionsLoaded", "load_reason": "session_start"}
    background.start(found, data, HookEnv(tmp_path), fired)
    await asyncio.wait(background.running("s1"))
    assert sorted(logged) == ["ok", "ok"] and woken == []
    assert background.take("s1", 1)[0] == []
