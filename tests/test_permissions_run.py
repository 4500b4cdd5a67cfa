"""A run meets the settings' permission rules as Claude Code's would: real settings files,
real tools and store, the real scripted provider and a real hook script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import report, scripted, team, workspace

from coordinator.config import Settings
from coordinator.runtime.engine import Engine
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Done")


def write_settings(path: Path, **permissions: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"permissions": permissions}), encoding="utf-8")


class Run:
    """An engine over a demo workspace whose settings files hold ``permissions``."""

    def __init__(self, tmp_path: Path, agents: dict[str, list[dict[str, Any]]], **kw: Any):
        self.ws = workspace(tmp_path)
        self.home = tmp_path / "home"
        (self.home / ".claude").mkdir(parents=True)
        self.store = Store.open(tmp_path / "s.db")
        self.provider = scripted(agents)
        self.settings = Settings(**kw)
        self.registry = team()

    def engine(self) -> Engine:
        extras = session_extras(self.ws, self.settings, self.registry, home=self.home)
        return extras.engine(
            self.registry, self.provider, self.store, self.settings, self.ws, model=None
        )


async def test_a_deny_rule_refuses_the_call_and_the_model_reads_why(tmp_path: Path) -> None:
    read = {"name": "Read", "input": {"file_path": ".env"}}
    agents = {
        "backend": [
            {"tool_calls": [read]},
            {"expect": "Permission denied: the rule Read(./.env)", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents)
    (r.ws / ".env").write_text("API_TOKEN=very-secret-value\n", encoding="utf-8")
    write_settings(r.ws / ".claude/settings.json", deny=["Read(./.env)"])
    result = await r.engine().start("Read the env file", agent="backend")
    assert result.status == "complete"
    r.provider.model.assert_complete()
    sent = json.dumps([c.messages for c in r.provider.model.calls])
    assert "very-secret-value" not in sent
    calls = r.store.tool_calls(r.store.runs(result.session_id)[0].id, 1)
    assert [(c.state, c.is_error) for c in calls.values()] == [("done", True)]


async def test_an_ask_rule_refuses_since_nobody_can_confirm(tmp_path: Path) -> None:
    write = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}
    agents = {"backend": [{"tool_calls": [write]}, {"expect": "nobody can confirm", "text": DONE}]}
    r = Run(tmp_path, agents)
    write_settings(r.home / ".claude/settings.json", ask=["Edit(./notes.txt)"])
    result = await r.engine().start("Write notes", agent="backend")
    assert result.status == "complete" and not (r.ws / "notes.txt").exists()
    r.provider.model.assert_complete()


async def test_a_bare_deny_takes_the_tool_away_and_allow_gives_nothing(tmp_path: Path) -> None:
    bash = {"name": "Bash", "input": {"command": "echo hi"}}
    agents = {"backend": [{"tool_calls": [bash]}, {"expect": "the rule Bash ", "text": DONE}]}
    r = Run(tmp_path, agents)
    write_settings(r.ws / ".claude/settings.json", deny=["Bash"])
    write_settings(r.ws / ".claude/settings.local.json", allow=["Bash(*)", "Read"])
    result = await r.engine().start("Say hi", agent="backend")
    assert result.status == "complete", result.reason
    assert "Bash" not in r.provider.model.calls[0].tools
    assert "Read" in r.provider.model.calls[0].tools


async def test_a_hook_allow_does_not_get_past_a_deny_rule(tmp_path: Path) -> None:
    write = {"name": "Write", "input": {"file_path": "docs/x.md", "content": "x"}}
    agents = {"backend": [{"tool_calls": [write]}, {"expect": "Edit(docs/**)", "text": DONE}]}
    r = Run(tmp_path, agents)
    allow = json.dumps({"hookSpecificOutput": {"permissionDecision": "allow"}})
    hooks = {"PreToolUse": [{"matcher": "Write", "hooks": [{"command": f"echo '{allow}'"}]}]}
    (r.home / ".claude/settings.json").write_text(
        json.dumps({"hooks": hooks, "permissions": {"deny": ["Edit(docs/**)"]}}), encoding="utf-8"
    )
    result = await r.engine().start("Write docs", agent="backend")
    assert result.status == "complete" and not (r.ws / "docs/x.md").exists()
    r.provider.model.assert_complete()


async def test_grep_and_glob_leave_out_files_a_read_rule_denies(tmp_path: Path) -> None:
    """Claude Code applies Read rules to Grep and Glob too: a search over the workspace does
    not show a denied file's lines or name."""
    grep = {"name": "Grep", "input": {"pattern": "TOKEN", "output_mode": "content"}}
    glob = {"name": "Glob", "input": {"pattern": "**/*.env"}}
    agents = {
        "backend": [
            {"tool_calls": [grep]},
            {"expect": "config/app.env", "tool_calls": [glob]},
            {"expect": "config/app.env", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents)
    (r.ws / ".env").write_text("API_TOKEN=very-secret-value\n", encoding="utf-8")
    (r.ws / "config").mkdir(exist_ok=True)
    (r.ws / "config/app.env").write_text("TOKEN_NAME=public\n", encoding="utf-8")
    write_settings(r.ws / ".claude/settings.json", deny=["Read(./.env)"])
    result = await r.engine().start("Find the token", agent="backend")
    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    sent = [json.dumps(c.messages) for c in r.provider.model.calls]
    assert "very-secret-value" not in sent[1]
    assert ".env\\n" not in sent[2] and "config/app.env" in sent[2]


def agent_with(r: Run, **fields: Any) -> None:
    """Give the roster's backend agent these fields (``permission_mode``…)."""
    from coordinator.roster.registry import Registry

    specs = [s.model_copy(update=fields) if s.name == "backend" else s for s in r.registry]
    r.registry = Registry(specs)


async def test_dont_ask_runs_only_what_an_allow_rule_pre_approves(tmp_path: Path) -> None:
    """Claude Code's dontAsk: reads run, and a call that would prompt (edits, Bash, MCP) runs
    only when an allow rule pre-approves it; anything else is denied, never asked."""
    ok = {"name": "Write", "input": {"file_path": "src/ok.py", "content": "x = 1\n"}}
    other = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}
    agents = {
        "backend": [
            {"tool_calls": [ok, other]},
            {"expect": "dontAsk", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents)
    agent_with(r, permission_mode="dontAsk")
    write_settings(r.home / ".claude/settings.json", allow=["Edit(src/**)"])
    write_settings(r.ws / ".claude/settings.json", allow=["Edit"])  # an agent could write it
    result = await r.engine().start("Write two files", agent="backend")
    assert result.status == "complete", result.reason
    assert (r.ws / "src/ok.py").exists() and not (r.ws / "notes.txt").exists()
    r.provider.model.assert_complete()


async def test_settings_default_mode_applies_to_agents_without_their_own(
    tmp_path: Path,
) -> None:
    """``permissions.defaultMode`` is the mode of every agent that sets none (Claude Code's
    sub-agents inherit it): ``plan`` leaves it read-only."""
    write = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hello"}}
    agents = {
        "backend": [{"tool_calls": [write]}, {"expect": "no tool named 'Write'", "text": DONE}]
    }
    r = Run(tmp_path, agents)
    settings = {"permissions": {"defaultMode": "plan"}}
    (r.ws / ".claude").mkdir(exist_ok=True)
    (r.ws / ".claude/settings.json").write_text(json.dumps(settings), encoding="utf-8")
    result = await r.engine().start("Write notes", agent="backend")
    assert result.status == "complete", result.reason
    assert (
        "Write" not in r.provider.model.calls[0].tools and "Read" in r.provider.model.calls[0].tools
    )
    assert not (r.ws / "notes.txt").exists()


async def test_hooks_see_the_mode_the_agent_runs_in(tmp_path: Path) -> None:
    """A hook's ``permission_mode`` is the agent's own mode, else the settings' default."""
    log = tmp_path / "modes.log"
    read = {"name": "Read", "input": {"file_path": "README.md"}}
    agents = {"backend": [{"tool_calls": [read]}, {"text": DONE}]}
    r = Run(tmp_path, agents)
    command = (
        f"python3 -c \"import json,sys; print(json.load(sys.stdin)['permission_mode'])\" >> {log}"
    )
    hooks = {"PreToolUse": [{"matcher": "Read", "hooks": [{"command": command}]}]}
    settings = {"hooks": hooks, "permissions": {"defaultMode": "dontAsk"}}
    (r.home / ".claude/settings.json").write_text(json.dumps(settings), encoding="utf-8")
    result = await r.engine().start("Read the readme", agent="backend")
    assert result.status == "complete", result.reason
    assert log.read_text().split() == ["dontAsk"]


async def test_a_managed_hook_guards_the_run_whatever_the_other_files_say(
    tmp_path: Path,
) -> None:
    """A PreToolUse hook in the managed settings runs (a real command) even with
    ``--no-hooks`` and ``disableAllHooks`` in the user's file; allowManagedHooksOnly leaves
    the user's own hook out."""
    log = tmp_path / "user-hook.log"
    read = {"name": "Read", "input": {"file_path": "README.md"}}
    agents = {"backend": [{"tool_calls": [read]}, {"expect": "audit says no", "text": DONE}]}
    r = Run(tmp_path, agents)
    deny = json.dumps(
        {
            "hookSpecificOutput": {
                "permissionDecision": "deny",
                "permissionDecisionReason": "audit says no",
            }
        }
    )
    managed = tmp_path / "etc/managed-settings.json"
    managed.parent.mkdir()
    policy = {"PreToolUse": [{"matcher": "Read", "hooks": [{"command": f"echo '{deny}'"}]}]}
    managed.write_text(
        json.dumps({"hooks": policy, "allowManagedHooksOnly": True}), encoding="utf-8"
    )
    mine = {"PreToolUse": [{"hooks": [{"command": f"echo ran >> {log}"}]}]}
    user = {"hooks": mine, "disableAllHooks": True}
    (r.home / ".claude/settings.json").write_text(json.dumps(user), encoding="utf-8")
    extras = session_extras(r.ws, r.settings, r.registry, hooks=False, home=r.home, managed=managed)
    engine = extras.engine(r.registry, r.provider, r.store, r.settings, r.ws, model=None)
    result = await engine.start("Read the readme", agent="backend")
    assert result.status == "complete", result.reason
    r.provider.model.assert_complete()
    assert not log.exists()
    assert "PreToolUse[Read] (managed, managed-settings.json:1)" in "\n".join(
        extras.notice(r.registry, r.settings)
    )
