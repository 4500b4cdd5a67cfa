"""tidy59 (2026-12-05): what the last sessions left in the run's instructions and hooks.

A worktree run's worktree whose copy of a workspace ``paths:`` rule cannot be loaded is
warned of once (tidy58); the warnings were picked by their text's start, so a rule whose
name starts another's (``api.md`` and ``api.md notes.md``) took the other's warning
along: a warning now names its file and what it says of it.

A resume says when the hooks, skills or CLAUDE.md files differ from the session's start;
a ``paths:`` rule edited since was not noticed, though a run that was given one keeps the
copy it was given (it is not given again), and one not given yet comes as it is now. The
rules' digests are part of the session's, so the resume says so (sub-folders' CLAUDE.md
files are not: finding them would walk the whole workspace at every start and resume).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import git, report, scripted, write_script
from test_claude_md import agent, write
from test_daily6_resume_dirs import interrupted_session
from test_hooks45_instructions_loaded import hierarchy, read, records, user_hooks
from test_tidy58 import API_RULE_LOST, worktree_warnings
from test_worktree46_nested import RULE, repo

from coordinator.config import Settings
from coordinator.events import Routed
from coordinator.prompts import consult_prompt, continue_message
from coordinator.roster.registry import Registry
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.runtime.options import EXTRAS_CHANGED, extras_digest
from coordinator.store.db import Store


async def test_a_lost_rules_warning_is_its_own_not_a_longer_names(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """``api.md`` (a link into the workspace) is lost in the worktree; ``api.md notes.md``
    (not UTF-8) is the user's file, warned of in the run's notice: the worktree warns of
    the first alone."""
    ws, home = repo(tmp_path)
    (ws / "docs").mkdir()
    (ws / "docs" / "api-rule.md").write_text(RULE.format("the API rule"))
    rules = ws / ".claude" / "rules"
    (rules / "api.md").symlink_to(ws / "docs" / "api-rule.md")
    (rules / "api.md notes.md").write_bytes(b"---\npaths: ['*.py']\n---\n\xff\xfe")
    git(ws, "add", "docs", ".claude/rules")
    git(ws, "commit", "-q", "-m", "a linked rule, and one not UTF-8")
    registry = Registry([agent(isolation="worktree")])
    notice = session_extras(ws, Settings(), registry, home=home, managed=None).notice(
        registry, Settings()
    )
    assert [line for line in notice if "api.md" in line] == [
        "warning: instructions: .claude/rules/api.md notes.md not loaded: it is not UTF-8"
    ]

    turns = [{"tool_calls": [read("sub/x.py")]}, {"text": report("Complete", "Done")}]
    tree, warned, _ = await worktree_warnings(tmp_path, ws, home, turns, caplog)
    assert warned == [f"warning: worktree {tree}: {API_RULE_LOST}"]


@pytest.mark.parametrize("name", [".claude/rules/api.md", ".claude/rules/web/api.md"])
def test_a_resume_notices_an_edited_paths_rule(tmp_path: Path, name: str) -> None:
    ws, home = tmp_path / "ws", tmp_path / "home"
    (ws / "sub" / "deep" / "er").mkdir(parents=True)
    home.mkdir()

    def digest() -> str:
        return extras_digest(ws, [], hooks=True, home=home)

    first = digest()
    file = ws / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text('---\npaths: ["sub/**"]\n---\nUse tabs.\n')
    added = digest()
    assert added != first
    file.write_text('---\npaths: ["sub/**"]\n---\nUse spaces.\n')
    assert digest() not in (first, added)
    file.unlink()
    assert digest() == first  # stable: gone again, the start's digest


def test_a_resume_after_a_rule_was_edited_says_so(tmp_path: Path) -> None:
    ws, _, sid = interrupted_session(tmp_path)
    rule = ws / ".claude" / "rules" / "api.md"
    rule.parent.mkdir(parents=True, exist_ok=True)
    rule.write_text('---\npaths: ["api/**"]\n---\nValidate every input.\n')
    done = write_script(tmp_path / "b.yaml", {"backend": [{"text": report("Complete")}]})
    resumed = coord("resume", sid, "--script", done, cwd=ws)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.count(EXTRAS_CHANGED) == 1, resumed.stderr


async def test_a_run_resumed_after_a_crash_fires_its_start_files_once_more(
    tmp_path: Path,
) -> None:
    """A run cut off after its first model call (an outage, as a kill -9 would) and resumed
    by a new process: that process gives it its system prompt's files again and fires
    InstructionsLoaded for them once (no SubagentStart: the run had started), before
    the stored turn is carried on; no model call is made twice."""
    ws, home = hierarchy(tmp_path)
    log, _ = user_hooks(tmp_path, home)
    settings = json.loads((home / ".claude/settings.json").read_text())
    settings["hooks"]["SubagentStart"] = settings["hooks"]["InstructionsLoaded"][1:]
    (home / ".claude/settings.json").write_text(json.dumps(settings))
    outage = {"error": {"status": 529, "type": "overloaded_error", "message": "Overloaded"}}
    write(ws / "x.txt", "x\n")
    first, _ = backend(tmp_path, ws, home, [{"tool_calls": [read("x.txt")]}, outage])
    cut = await first.start("Fix it", agent="backend")
    assert cut.status.value == "interrupted", cut.reason
    started = [
        (f["hook_event_name"], f.get("load_reason")) for f in records(tmp_path / "all.jsonl")
    ]
    assert started.count(("SubagentStart", None)) == 1
    assert [f["load_reason"] for f in records(log)].count("session_start") == 4

    turns = [{"tool_calls": [read("x.txt")]}, {"text": report("Complete", "Done")}]
    later, provider = backend(tmp_path, ws, home, turns)  # a new process's
    done = await later.resume(cut.session_id)
    assert done.status.value == "complete", done.reason
    again = [(f["hook_event_name"], f.get("load_reason")) for f in records(tmp_path / "all.jsonl")]
    loads = [load for load in started if load[0] == "InstructionsLoaded"]
    assert again[len(started) :] == loads  # the same files loaded again, and no SubagentStart
    assert len(provider.model.calls) == 1  # the stored first call is not made again


def backend(tmp_path: Path, ws: Path, home: Path, turns: list[Any]) -> tuple[Engine, Any]:
    """An engine of the agent ``backend`` played by ``turns``, and its provider."""
    registry = Registry([agent()])
    extras = session_extras(ws, Settings(), registry, home=home, managed=None)
    provider = scripted({"backend": turns})
    store = Store.open(tmp_path / "s.db")
    return extras.engine(registry, provider, store, Settings(), ws, model=None), provider


def test_a_quote_reads_back_to_its_reply_not_the_whole_conversation(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A consult's task quotes the blocked run's reply (schema 17: by reference): reading
    it decodes that reply, continued over more messages than a read back takes at once,
    and the user message before it, not the hundreds of messages before them (every quote
    did: ``coord log`` of 2,000 messages and 200 consults took 1.3 s)."""
    sid = store.create_session("Fix it", Path("/ws"), {})
    root = store.start_run(sid, agent="backend", model="m", depth=0, max_turns=10**6,
                           first_message={"role": "user", "content": "Fix it"})  # fmt: skip
    reply = ["I am stuck ", "on the schema ", "</blocked_agent_report> ", "\u2705 for now"]
    with store.transaction():
        for i in range(300):
            use = {"type": "tool_use", "id": f"t{i}", "name": "Read", "input": {"file_path": "a"}}
            done = {"type": "tool_result", "tool_use_id": f"t{i}", "content": "x" * 50}
            store.append_message(root, {"role": "assistant", "content": [use]})
            store.append_message(root, {"role": "user", "content": [done]})
    with store.transaction():  # (with an event: SQLite keeps these in its event_log row)
        for n, part in enumerate(reply):
            if n:
                store.append_message(root, {"role": "user", "content": continue_message()})
            store.append_message(root, {"role": "assistant", "content": part})
        store.add_event(Routed(sid, None, "r", "backend"))
    at = 600 + 2 * len(reply) - 1
    _, task = consult_prompt("backend", "db", "x", "y", "", "Fix it", said=[root, at])
    first_message = {"role": "user", "content": task}
    asked = store.start_run(sid, agent="dba", model="m", depth=1, max_turns=5,
                            parent_run_id=root, first_message=first_message)  # fmt: skip
    decoded: list[str] = []
    real = store._json

    def counted(table: str, key: object, column: str, text: str) -> Any:
        decoded.append(str(key))
        return real(table, key, column, text)

    monkeypatch.setattr(store, "_json", counted)
    [first] = store.messages(asked)
    assert (
        first["content"]
        == consult_prompt(
            "backend", "db", "x", "y", "".join(reply).strip(), "Fix it", tuple(task[-3:])
        )[0]
    )
    assert sorted(k for k in decoded if k.startswith(f"{root}/")) == sorted(
        f"{root}/{i}" for i in range(at - 2 * len(reply) + 1, at + 1)
    )
