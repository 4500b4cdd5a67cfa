"""review75: the denied-agent pass-over and the managed sandbox block, as a user meets them.

compat74 made routing pass over an agent an ``Agent(NAME)`` rule refuses; ``also`` (the
others a request involves) still named such an agent when the chosen one could run, and the
MCP server's ``route`` tool still chose the denied agent that its ``run`` tool passes over.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from test_compat69_managed import Run
from test_compat74_sandbox import write

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.runtime.extras import session_extras
from coordinator.runtime.launch import RunFlags, RunStep, StartHere, StartInBackground, plan_run
from coordinator.serve.service import CoordinatorService, ServiceOptions

#: database-engineer is chosen; fastapi-backend-expert is among the others it involves.
BOTH = "Write a Postgres migration adding an index and update the FastAPI endpoint"
REQUEST = "Add a GET /health/db endpoint that checks the database connection"
DENIED = "fastapi-backend-expert"


def _denying(ws: Path, *rules: str) -> Path:
    settings = ws / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"permissions": {"deny": list(rules)}}), encoding="utf-8")
    return settings


def test_also_names_no_agent_a_rule_refuses_when_the_chosen_one_may_run(tmp_path: Path) -> None:
    """``coord route`` (text and JSON) and ``coord run --json`` said the request also
    involves an agent the settings deny, when the agent chosen was not the denied one."""
    before = json.loads(coord("route", "--json", BOTH, cwd=tmp_path).stdout)
    assert before["agent"] != DENIED and DENIED in before["also"], before["also"]
    _denying(tmp_path, f"Agent({DENIED})")
    data = json.loads(coord("route", "--json", BOTH, cwd=tmp_path).stdout)
    assert data["agent"] == before["agent"] and DENIED not in data["also"], data["also"]
    shown = coord("route", BOTH, cwd=tmp_path)
    assert shown.returncode == 0 and "also involves" not in shown.stdout, shown.stdout


def test_the_mcp_route_tool_passes_over_a_denied_agent_as_coord_route_does(
    tmp_path: Path,
) -> None:
    """The MCP server's ``route`` answered the denied agent (its ``run`` passes over it):
    now the same decision as ``coord route``, the reason naming the rule and its file."""
    service = CoordinatorService(ServiceOptions(workspace=tmp_path))
    assert service.route(REQUEST)["agent"] == DENIED
    settings = _denying(tmp_path, f"Agent({DENIED})")
    answered = CoordinatorService(ServiceOptions(workspace=tmp_path)).route(REQUEST)
    shown = json.loads(coord("route", "--json", REQUEST, cwd=tmp_path).stdout)
    assert answered["agent"] == shown["agent"] and answered["agent"] != DENIED
    assert f"passed over {DENIED}" in str(answered["reason"])
    assert str(settings) in str(answered["reason"])


# ---- the managed sandbox block: malformed, or set by a drop-in ---------------------------


def _extras(r: Run, **flags: Any) -> list[str]:
    """The session's notice (``flags``: coord's Bash settings); UserError as it raises."""
    settings = Settings(**flags)
    extras = session_extras(r.ws, settings, r.registry, home=r.home, managed=r.managed)
    return list(extras.notice(r.registry, settings))


def _refusal(r: Run, **flags: Any) -> str:
    with pytest.raises(UserError) as refused:
        _extras(r, **flags)
    return str(refused.value).splitlines()[0]  # (the hint: a line of its own)


@pytest.mark.parametrize(
    "block",
    [["enabled"], "strict", True, {"network": "github.com"}, {"network": ["github.com"]}],
)
def test_a_managed_sandbox_block_that_cannot_be_read_fails_closed_in_one_line(
    tmp_path: Path, block: Any
) -> None:
    """A managed ``sandbox`` (or its ``network``) that is not a JSON object bound nothing,
    in silence: ``--bash-network`` (and ``--unsandboxed-bash``) went through. Now it is read
    as the strictest, the refusal one line naming the file and the key, and the notice says
    so once without a flag."""
    r = Run(tmp_path, {})
    write(r.managed, {"sandbox": block})
    said = _refusal(r, bash_network=True)
    assert said.startswith(f"{r.managed}: sandbox"), said
    if not isinstance(block, dict):
        assert _refusal(r, unsandboxed_bash=True).startswith(f"{r.managed}: sandbox")
    notice = [line for line in _extras(r) if str(r.managed) in line]
    assert len(notice) == 1 and "JSON object" in notice[0], notice


def test_a_sandbox_block_of_a_user_or_workspace_file_that_is_no_object_is_one_warning(
    tmp_path: Path,
) -> None:
    """A user's or workspace's ``sandbox: [...]`` (or a managed ``filesystem`` block, which
    binds no flag) was ignored in silence: one warning each, naming the file."""
    r = Run(tmp_path, {})
    user = write(r.home / ".claude/settings.json", {"sandbox": ["enabled"]})
    mine = write(r.ws / ".claude/settings.json", {"sandbox": {"network": "x"}})
    write(r.managed, {"sandbox": {"filesystem": ["~/.aws"]}})  # binds no flag: ignored
    notice = _extras(r, bash_network=True, unsandboxed_bash=True)
    assert len([line for line in notice if f"{user}: sandbox " in line]) == 1, notice
    assert len([line for line in notice if f"{mine}: sandbox.network " in line]) == 1, notice
    managed = [line for line in notice if f"{r.managed}: sandbox.filesystem " in line]
    assert len(managed) == 1 and managed[0].endswith("ignored"), notice


@pytest.mark.parametrize(
    ("key", "value"),
    [("enabled", "true"), ("failIfUnavailable", 1), ("allowUnsandboxedCommands", "no")],
)
def test_a_managed_sandbox_switch_that_is_not_true_or_false_asks_for_the_sandbox(
    tmp_path: Path, key: str, value: Any
) -> None:
    """``sandbox.enabled: "true"`` bound nothing (only JSON true did): now a managed switch
    that is not true or false is read as its strictest value, one line naming it."""
    r = Run(tmp_path, {})
    write(r.managed, {"sandbox": {key: value}})
    said = _refusal(r, unsandboxed_bash=True)
    assert said.startswith(f"{r.managed}: sandbox.{key}"), said


def test_the_sandbox_refusal_names_the_drop_in_that_set_it(tmp_path: Path) -> None:
    """A ``managed-settings.d`` drop-in's ``sandbox`` block binds the flags as the managed
    file's does; the refusal named the managed file (here absent), now the drop-in."""
    r = Run(tmp_path, {})
    drop_in = write(
        r.managed.parent / "managed-settings.d/50-sandbox.json",
        {"sandbox": {"enabled": True, "network": {"allowedDomains": ["github.com"]}}},
    )
    assert _refusal(r, unsandboxed_bash=True).startswith(f"{drop_in}: sandbox.enabled ")
    said = _refusal(r, bash_network=True)
    assert said.startswith(f"{drop_in}: sandbox.network.allowedDomains "), said


# ---- coord run: a background agent, when the routed one was passed over ------------------


@pytest.mark.parametrize("router", [None, "llm"])
def test_a_denied_background_agent_is_not_started_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, router: str | None
) -> None:
    """``coord run`` routed past the denied ``ops`` (a note said so), then routed again for
    ``background: true`` without the rule and started ``ops`` detached (its process then
    refused it, out of sight). Now the agent routed to decides: here, in front. With
    ``router: llm`` (the model settles in the engine) the background check passes over it
    as well."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")  # without one, coord run says so first
    folder = tmp_path / "agents"
    folder.mkdir()
    agents = {
        "ops": "DevOps specialist: Kubernetes, Docker, deployment.\nbackground: true",
        "containers": "Dockerfiles and Docker images, built and pushed to a registry.",
    }
    for name, description in agents.items():
        (folder / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: {description}\n---\nBody.\n", encoding="utf-8"
        )
    request = "Deploy the service to Kubernetes with a Docker image"
    told: list[object] = []

    def planned() -> RunStep:
        flags = RunFlags(
            request=request, workspace=tmp_path, agents_dir=[folder], only=True, router=router
        )
        return plan_run(flags, io.BytesIO(b""), told.append).step

    assert planned() == StartInBackground("ops", request, routed=router is None)
    _denying(tmp_path, "Agent(ops)")
    assert planned() == StartHere(request, None, False)
    assert router == "llm" or any("passed over ops" in str(note) for note in told), told
