"""review72: managed restrictions compat72 honoured, checked where something else names
what they restrict: a prompt hook's ``model`` (the user's; a workspace hook's is ignored,
it gets the hooks' default, which the list binds too) under the managed ``availableModels``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from kit import blocked, report
from test_compat69_managed import Run

from coordinator.runtime.hook_prompt import PROMPT_AGENT


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def stop_prompt_hook(model: str) -> dict[str, Any]:
    hook = {"type": "prompt", "prompt": "Done? $ARGUMENTS", "model": model}
    return {"hooks": {"Stop": [{"hooks": [hook]}]}}


async def test_a_prompt_hooks_model_is_one_the_managed_allowlist_permits(
    tmp_path: Path,
) -> None:
    """The managed ``availableModels`` "applies everywhere a user can specify a model": a
    prompt hook of the user's settings naming ``opus`` calls the newest Opus the list
    permits, not the one the alias names."""
    r = Run(
        tmp_path,
        {
            PROMPT_AGENT: [{"text": '{"ok": true}'}],
            "backend": [{"text": report("Complete", "Done")}],
        },
    )
    write(r.managed, {"availableModels": ["sonnet", "claude-opus-4-6"]})
    write(r.home / ".claude/settings.json", stop_prompt_hook("opus"))
    result = await r.start("Add an endpoint")
    assert result.status == "complete", result.reason
    [call] = [c for c in r.provider.model.calls if c.agent == PROMPT_AGENT]
    assert call.model == "claude-opus-4-6"


@pytest.mark.parametrize("value", ["true", 1, [], {}, "false"])
def test_a_malformed_managed_only_mcp_allowlist_keeps_the_managed_allowlist_alone(
    tmp_path: Path, value: object
) -> None:
    """``allowManagedMcpServersOnly`` with a value that is not a boolean is "treated as
    ``true``" (managed-settings, "Keys that fail closed"): the user's allowlist does not
    widen the managed one, and a line says the value was read so."""
    from test_compat69_managed import servers_of

    managed = {"allowManagedMcpServersOnly": value, "allowedMcpServers": [{"serverName": "gh"}]}
    user = {"allowedMcpServers": [{"serverName": "web"}]}
    started, _, warnings = servers_of(tmp_path, managed, "gh", "web", user=user)
    assert started == ["gh"]
    assert any("allowManagedMcpServersOnly must be true or false" in w for w in warnings)


def test_a_marketplace_manifest_agents_could_have_written_does_not_unblock_its_plugins(
    tmp_path: Path,
) -> None:
    """A local marketplace in a workspace coord ran agents in: an agent may have rewritten
    its manifest's ``command`` source into another (a plugin's hooks run as the user's
    own). While the managed settings block command-sourced plugins, its plugins do not
    load, a line saying why; without the block they load as before."""
    from test_compat72_managed import loads
    from test_plugins62 import PID, enable, install

    install()
    enable()
    ws = tmp_path / "ws"
    (ws / ".coordinator").mkdir(parents=True)
    market = ws / "markets/mkt"
    rewritten = {"source": "github", "repo": "acme/plugins"}
    write(
        market / ".claude-plugin/marketplace.json",
        {"name": "mkt", "plugins": [{"name": "backend-kit", "source": rewritten}]},
    )
    known = {"mkt": {"source": {"source": "directory", "path": str(market)}}}
    known["mkt"]["installLocation"] = str(market)  # type: ignore[assignment]
    write(Path(os.environ["HOME"]) / ".claude/plugins/known_marketplaces.json", known)

    loaded, lines = loads(tmp_path, {"disableCommandPluginSources": True})
    assert not loaded
    assert lines == [
        f'plugin {PID} not loaded: the manifest of its marketplace "mkt" lies in {ws}, where '
        "coord ran agents that could have written it, so it cannot show that the plugin is "
        "not installed by running a command, which the managed disableCommandPluginSources "
        "blocks"
    ]
    assert loads(tmp_path, {})[0]


async def test_a_resumed_run_calls_no_model_the_managed_allowlist_now_refuses(
    tmp_path: Path,
) -> None:
    """The allowlist covers "the model restored when resuming a session": a run started
    on Opus before the managed ``availableModels`` was deployed (or by a machine without
    it, on a shared store) goes on on the default model once resumed under it."""
    r = Run(
        tmp_path,
        {
            "backend": [
                {"text": blocked("Tests", "Which test framework to use")},
                {"expect": "A person answered", "text": report("Complete", "Done")},
            ]
        },
    )
    r.agent_with(model="opus")
    first = await r.start("Add an endpoint")
    assert first.question is not None
    write(r.managed, {"availableModels": ["sonnet"]})
    engine = r.extras().engine(r.registry, r.provider, r.store, r.settings, r.ws, model=None)
    done = await engine.resume(first.session_id, context="Use pytest.")
    assert done.status == "complete", done.reason
    r.provider.model.assert_complete()
    assert [c.model for c in r.provider.model.calls] == ["claude-opus-5-5", "claude-sonnet-5-5"]


async def test_the_llm_router_calls_a_model_the_managed_allowlist_permits(
    tmp_path: Path,
) -> None:
    """``router: llm`` (a workspace's config may set it) asks its small model (Haiku by
    default) only when the managed ``availableModels`` permits it; else the default."""
    from test_cli_router_llm import make_roster

    from coordinator.config import Settings
    from coordinator.roster.loader import load_registry

    r = Run(tmp_path, {"coordinator-router": [{"text": "api-reviewer"}]})
    r.registry = load_registry([make_roster(tmp_path)], only=True, cache=False, managed=None)
    r.settings = Settings(router="llm")
    write(r.managed, {"availableModels": ["sonnet"]})
    engine = r.extras().engine(r.registry, r.provider, r.store, r.settings, r.ws, model=None)
    spec, _ = await engine.choose_agent("look at the REST API endpoints")
    assert spec.name == "api-reviewer"
    assert [c.model for c in r.provider.model.calls] == ["claude-sonnet-5-5"]


@pytest.mark.parametrize(
    "later",
    [
        {"permissions": None, "deniedMcpServers": None, "disableSideloadFlags": None},
        {"permissions": [], "deniedMcpServers": "gh", "disableSideloadFlags": None},
        {"permissions": {"deny": None}, "deniedMcpServers": {}},
        {"permissions": {"deny": "Bash"}, "deniedMcpServers": [{"serverName": "web"}]},
    ],
)
def test_a_drop_ins_null_or_other_kind_of_value_never_erases_the_managed_files_restriction(
    tmp_path: Path, later: dict[str, Any]
) -> None:
    """A drop-in's ``null`` (or a value of another kind than the block or list before it)
    is that file's key dropped, as Claude Code drops a key that fails its check: the
    managed file's deny rules, denylist and ``disableSideloadFlags`` still hold (before,
    it replaced them: every restriction of the managed file erased)."""
    from coordinator.errors import UserError
    from coordinator.roster.loader import refuse_sideload
    from coordinator.runtime.permission_files import load_permissions

    managed = write(
        tmp_path / "etc/managed-settings.json",
        {
            "permissions": {"deny": ["Read(./.env)"]},
            "deniedMcpServers": [{"serverName": "gh"}],
            "disableSideloadFlags": True,
        },
    )
    write(tmp_path / "etc/managed-settings.d/20-team.json", later)
    ws = tmp_path / "ws"
    ws.mkdir()
    rules = load_permissions(ws, home=tmp_path / "home", managed=managed)
    assert "Read(./.env)" in [r.text for r in rules.rules]
    assert rules.servers.refusal("gh", None, "https://gh.example", ws) is not None
    with pytest.raises(UserError, match="disableSideloadFlags"):
        refuse_sideload([ws], managed)


def test_a_model_flag_the_managed_allowlist_refuses_is_named_in_the_notice(
    tmp_path: Path,
) -> None:
    """``--model`` outside the managed ``availableModels`` is replaced "with a warning
    naming both the requested and substituted models"; the agents' own ``model`` lines,
    which ``--model`` overrides, are not shown then."""
    r = Run(tmp_path, {})
    r.agent_with(model="haiku")
    write(r.managed, {"availableModels": ["sonnet"]})
    extras = r.extras()
    lines = extras.notice(r.registry, r.settings, "opus")
    moved = [line for line in lines if "does not permit" in line]
    assert moved == [
        f"warning: --model: availableModels ({r.managed}) does not permit opus "
        "(claude-opus-5-5): runs on claude-sonnet-5-5"
    ]
    assert any("backend: availableModels" in line for line in extras.notice(r.registry, r.settings))
