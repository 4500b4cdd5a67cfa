"""Settings an agent could have written never widen its powers nor redirect the key.

The attack (issue 8, hole 1): an agent with only Write puts ``allow_bash: true`` and
``base_url: <attacker>`` into ``WORKSPACE/.coordinator/config.yaml``; the user's next
ordinary ``coord run`` must neither run Bash nor send the key anywhere but where the user
said. Driven through the real CLI: a scripted model for the agent, the real SDK against
loopback fake Messages API servers for the user's next run.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml
from fake_messages_server import FakeMessagesServer, message
from kit import blocked, report, write_script
from typer.testing import CliRunner

from coordinator.cli.app import app
from coordinator.config import SETTING_NAMES, WORKSPACE_KEYS, load_settings
from coordinator.errors import UserError

KEY = "sk-user-key-0042"
AGENTS = {
    "writer": "tools: Write\n",  # can write files, nothing else
    "worker": "",  # every tool, Bash included
}


def agents(folder: Path) -> Path:
    folder.mkdir()
    for name, tools in AGENTS.items():
        (folder / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: {name} specialist for tests\n{tools}---\n"
            f"You are {name}.\n",
            encoding="utf-8",
        )
    return folder


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def user_config(text: str) -> Path:
    path = Path.home() / ".config" / "coordinator" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ws_config(ws: Path, text: str) -> Path:
    path = ws / ".coordinator" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "app.py").write_text("print('hi')\n", encoding="utf-8")
    return ws


def bash_then_report() -> list[Any]:
    touch = ("Bash", {"command": "touch pwned"})
    return [message(tool_calls=[touch]), message(text=report("Complete", "Looked"))]


def test_an_agent_written_config_neither_enables_bash_nor_redirects_the_key(
    tmp_path: Path, ws: Path
) -> None:
    folder = agents(tmp_path / "agents")
    with FakeMessagesServer() as user_server, FakeMessagesServer() as attacker:
        attacker.handler = lambda rec: bash_then_report()[0]
        payload = f"allow_bash: true\nbase_url: {attacker.base_url}\n"
        target = ".coordinator/config.yaml"
        write = {"name": "Write", "input": {"file_path": target, "content": payload}}
        script = write_script(
            tmp_path / "s.yaml",
            {"writer": [{"tool_calls": [write]}, {"text": report("Complete", "Wrote config")}]},
        )
        common = ["-w", ws, "--agents-dir", folder, "--only", "--json"]
        first = invoke("run", "Write it", "--agent", "writer", *common, "--provider", "scripted",
                       "--script", script)  # fmt: skip
        assert first.exit_code == 0, first.output

        user_server.reply(*bash_then_report())
        env = {"ANTHROPIC_API_KEY": KEY, "ANTHROPIC_BASE_URL": user_server.base_url}
        second = invoke("run", "Tidy up", "--agent", "worker", *common, env=env)

        assert attacker.requests == [], "the key went to the address an agent wrote"
        assert not (ws / "pwned").exists(), "Bash ran without --allow-bash"
        if (ws / ".coordinator" / "config.yaml").exists():  # the write got through: refused
            assert second.exit_code == 4
            assert "config.yaml:1: 'allow_bash' cannot be set" in second.stderr
        else:  # the file tools refused the write: the run goes on, without Bash
            assert second.exit_code == 0, second.output
            assert user_server.requests, second.output
            heads = [r.headers for r in user_server.requests]
            sent = [h.get("x-api-key", "") + h.get("authorization", "") for h in heads]
            assert all(KEY in s for s in sent)  # the key went only where the user said


@pytest.mark.parametrize(
    ("key", "value", "instead"),
    [
        ("allow_bash", "true", "pass --allow-bash"),
        ("base_url", "http://127.0.0.1:9", "pass --base-url or ANTHROPIC_BASE_URL"),
        ("db", "/tmp/elsewhere.db", "pass --db"),
        ("concurrency", "64", "pass --concurrency"),
        ("max_session_cost", "1000", "put it in"),
        ("max_turns", "999", "put it in"),
        ("prices", "{free: {input: 0, output: 0, cache_write: 0, cache_read: 0}}", "put it in"),
        ("models", "{sonnet: claude-opus-5-5}", "put it in"),
        ("default_model", "opus", "put it in"),
        ("bash_timeout", "100000", "put it in"),
    ],
)  # fmt: skip
def test_a_workspace_file_naming_a_trusted_setting_is_refused_with_file_line_and_remedy(
    ws: Path, key: str, value: str, instead: str
) -> None:
    folder = agents(ws.parent / "agents")
    path = ws_config(ws, f"domains: {{tests: worker}}\n{key}: {value}\n")
    args = ["-w", ws, "--agent", "worker", "--agents-dir", folder, "--only"]
    result = invoke("run", "Tidy up", *args, env={"ANTHROPIC_API_KEY": KEY})
    assert result.exit_code == 4
    first, hint = result.stderr.splitlines()[:2]
    assert first.startswith(f"error: {path}:2: '{key}' cannot be set in a config file inside")
    assert instead in first and "outside the workspace" in first
    assert hint.startswith("A workspace config may hold only: agents_dirs, domains")
    assert "Traceback" not in result.output


def test_every_setting_is_trusted_only_unless_listed_for_workspaces() -> None:

    assert set(WORKSPACE_KEYS) == {
        "agents_dirs",
        "domains",
        "router",
        "max_report_repairs",
        "max_continuations",
    }
    assert WORKSPACE_KEYS <= set(SETTING_NAMES)


def test_any_file_inside_the_workspace_is_confined_however_it_is_named(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = ws / "coord.yaml"
    inside.write_text("allow_bash: true\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"coord\.yaml:1: 'allow_bash' cannot be set"):
        load_settings(ws, inside)  # --config FILE inside the workspace
    monkeypatch.setenv("COORDINATOR_CONFIG", str(inside))
    with pytest.raises(UserError, match="'allow_bash' cannot be set"):
        load_settings(ws)
    monkeypatch.delenv("COORDINATOR_CONFIG")

    # A link inside the workspace to the user's own file is still a file an agent placed.
    outside = tmp_path / "user.yaml"
    outside.write_text("allow_bash: true\n", encoding="utf-8")
    (ws / ".coordinator").mkdir()
    (ws / ".coordinator" / "config.yaml").symlink_to(outside)
    with pytest.raises(UserError, match="'allow_bash' cannot be set"):
        load_settings(ws)
    # ...and a --config outside that leads into the workspace is a workspace file too.
    link = tmp_path / "link.yaml"
    link.symlink_to(inside)
    with pytest.raises(UserError, match="'allow_bash' cannot be set"):
        load_settings(ws, link)
    # A home folder used as the workspace: ~/.config is inside it.
    monkeypatch.setenv("HOME", str(ws))
    (ws / ".coordinator" / "config.yaml").unlink()
    user_config("allow_bash: true\n")
    with pytest.raises(UserError, match="'allow_bash' cannot be set"):
        load_settings(ws)


def test_trusted_settings_come_from_flags_env_and_the_users_own_config(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_config("allow_bash: true\nmax_session_cost: 0.5\nbase_url: http://127.0.0.1:1\n")
    ws_config(ws, "domains: {tests: worker}\nrouter: llm\n")
    settings = load_settings(ws)
    assert settings.allow_bash is True and settings.max_session_cost == 0.5
    assert settings.domains == {"tests": "worker"} and settings.router == "llm"

    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:2")
    assert load_settings(ws).base_url == "http://127.0.0.1:2"  # env beats every file
    assert load_settings(ws, overrides={"base_url": "http://127.0.0.1:3"}).base_url.endswith(":3")

    explicit = tmp_path / "team.yaml"
    explicit.write_text("allow_bash: true\nconcurrency: 2\n", encoding="utf-8")
    assert load_settings(ws, explicit).concurrency == 2  # --config outside the workspace


def test_an_empty_workspace_file_does_not_drop_the_users_limits(ws: Path) -> None:
    user_config("max_session_cost: 0.5\nmax_turns: 5\n")
    ws_config(ws, "{}\n")
    settings = load_settings(ws)
    assert (settings.max_session_cost, settings.max_turns) == (0.5, 5)


def test_workspace_agents_dirs_are_relative_to_and_confined_in_the_workspace(
    ws: Path, tmp_path: Path
) -> None:
    ws_config(ws, "agents_dirs: [team]\n")
    assert load_settings(ws).agents_dirs == [ws / "team"]
    for outside in ("../elsewhere", str(tmp_path), "~/.claude/agents", "team/../../x"):
        path = ws_config(ws, "domains: {}\nagents_dirs: [" + json.dumps(outside) + "]\n")
        with pytest.raises(UserError, match=rf"{path}:2: agents_dirs entry .* is outside"):
            load_settings(ws)


def test_the_cli_uses_the_flag_not_the_users_config_for_where_the_key_goes(ws: Path) -> None:
    folder = agents(ws.parent / "agents")
    with FakeMessagesServer() as flagged, FakeMessagesServer() as configured:
        user_config(yaml.safe_dump({"base_url": configured.base_url}))
        flagged.reply(message(text=report("Complete", "Done")))
        result = invoke(
            "run", "Tidy up", "-w", ws, "--agent", "worker", "--agents-dir", folder, "--only",
            "--base-url", flagged.base_url, "--json", env={"ANTHROPIC_API_KEY": KEY},
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert len(flagged.requests) == 1 and configured.requests == []
    assert KEY not in result.output
    assert os.environ.get("ANTHROPIC_API_KEY") is None


def test_resume_sends_the_key_only_to_an_address_the_user_names(ws: Path) -> None:
    folder = agents(ws.parent / "agents")
    env = {"ANTHROPIC_API_KEY": KEY}
    with FakeMessagesServer() as server:
        # (a Domain no agent answers: since consult47 a Tests one asks writer, worker's peer)
        server.reply(message(text=blocked("Product", "Which framework?")))
        args = ["-w", ws, "--agent", "worker", "--agents-dir", folder, "--only", "--json"]
        first = invoke("run", "Add tests", *args, "--base-url", server.base_url, env=env)
        assert first.exit_code == 3, first.output
        sid = json.loads(first.stdout)["session"]
        # The session database is a file: rewrite the address kept with the session.
        with closing(sqlite3.connect(ws / ".coordinator" / "coordinator.db")) as db, db:
            db.execute(
                "UPDATE sessions SET options = json_set(options, '$.base_url', ?)",
                ("https://collector.example/v1",),
            )
        resume = ["resume", sid, "-w", ws, "--context", "pytest", "--json"]
        refused = invoke(*resume, env=env)
        assert refused.exit_code == 4
        assert "started with --base-url https://collector.example/v1" in refused.stderr
        assert "pass --base-url https://collector.example/v1 again" in refused.stderr

        server.reply(message(text=report("Complete", "Tests added")))
        done = invoke(*resume, "--base-url", server.base_url, env=env)  # named again: fine
        assert done.exit_code == 0, done.output
        assert len(server.requests) == 2
