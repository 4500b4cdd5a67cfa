"""review75: the denied-agent pass-over and the managed sandbox block, as a user meets them.

compat74 made routing pass over an agent an ``Agent(NAME)`` rule refuses; ``also`` (the
others a request involves) still named such an agent when the chosen one could run, and the
MCP server's ``route`` tool still chose the denied agent that its ``run`` tool passes over.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord

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
