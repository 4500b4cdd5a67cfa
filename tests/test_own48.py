"""own48: the user's own agents come before coord's bundled specialists.

A project's ``.claude/agents/api-dev.md`` (trigger "Add an endpoint") lost "Add an endpoint
returning a task's owner" to the bundled fastapi-backend-expert (8.24 vs 3.10), and "Add a
React page listing users" went to the bundled react-frontend-expert, not the project's
web-dev (daily46). On a roster holding both kinds, a bundled specialist is the fallback:
the best scoring of the user's agents that fits the request takes it, and the decision says
why; the bundled one keeps a request none of theirs fits (with daily45's note). Rosters of
one kind route as before.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import report, write_agent, write_script

from coordinator.roster.loader import load_registry
from coordinator.routing.lexical import Router, route

ENDPOINT = "Add an endpoint returning a task's owner"
REACT_PAGE = "Add a React page listing users"
#: A request neither of the project's two agents fits: the bundled database-engineer's.
INDEX = "Add an index to the users table"


def project(tmp_path: Path, api_note: str = "") -> Path:
    """A project folder whose ``.claude/agents/`` holds api-dev and web-dev."""
    agents = tmp_path / "proj" / ".claude" / "agents"
    write_agent(
        agents,
        "api-dev",
        'Backend API work for this project. Use for "Add an endpoint", REST routes,'
        " request validation." + api_note,
    )
    write_agent(agents, "web-dev", "Frontend work for this project: React pages, components.")
    return tmp_path / "proj"


def test_route_prefers_the_projects_agent_that_fits_and_says_why(tmp_path: Path) -> None:
    """``coord route`` chooses the project's api-dev and web-dev over the bundled
    specialists that score higher, and says so on stderr; ``--json`` says it in the reason,
    and the candidates still show the bundled one's higher score."""
    proj = project(tmp_path)
    routed = coord("route", ENDPOINT, cwd=proj, env={"COLUMNS": "300"})
    assert routed.returncode == 0 and "→ api-dev" in routed.stdout
    assert "note: your agents first: api-dev fits (" in routed.stderr
    assert "bundled fastapi-backend-expert scored higher" in routed.stderr
    said = json.loads(coord("route", REACT_PAGE, "--json", cwd=proj).stdout)
    assert said["agent"] == "web-dev"
    assert said["reason"].startswith("your agents first: web-dev fits (")
    scores = {c["agent"]: c["score"] for c in said["candidates"]}
    assert scores["react-frontend-expert"] > scores["web-dev"] == said["score"]


def test_a_bundled_specialist_keeps_what_none_of_the_users_agents_fits(tmp_path: Path) -> None:
    """A request neither project agent fits still goes to the bundled specialist, with
    daily45's note; one of their agents whose NOT-for line sends a request to the bundled
    one is obeyed (it said the request is not its own), where without it api-dev is chosen."""
    proj = project(tmp_path)
    assert json.loads(coord("route", ENDPOINT, "--json", cwd=proj).stdout)["agent"] == "api-dev"
    routed = coord("route", INDEX, cwd=proj)
    assert routed.returncode == 0 and "→ database-engineer" in routed.stdout
    assert "note: database-engineer is one of coord's bundled specialists" in routed.stderr
    assert "your agents first" not in routed.stderr
    note = "\nNOT for:\n- Endpoint owners → fastapi-backend-expert"
    proj = project(tmp_path / "redirecting", api_note=note)
    said = json.loads(coord("route", ENDPOINT, "--json", cwd=proj).stdout)
    assert said["agent"] == "fastapi-backend-expert"


def test_run_runs_the_projects_agent_over_the_bundled_one(tmp_path: Path) -> None:
    """``coord run`` (routed, not ``--agent``) runs api-dev (daily68: without the note
    ``coord route`` gives, the rule they rely on); ``--agent fastapi-backend-expert`` still
    runs the bundled one."""
    proj = project(tmp_path)
    script = write_script(
        tmp_path / "s.yaml",
        {name: [{"text": report("Complete")}] for name in ("api-dev", "fastapi-backend-expert")},
    )
    ran = coord("run", ENDPOINT, "--script", script, "--json", cwd=proj)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["agent"] == "api-dev"
    assert "your agents first" not in ran.stderr
    named = coord(
        "run", ENDPOINT, "--agent", "fastapi-backend-expert", "--script", script, "--json",
        cwd=proj,
    )  # fmt: skip
    assert json.loads(named.stdout)["agent"] == "fastapi-backend-expert"


def test_rosters_of_one_kind_route_as_their_router_does(tmp_path: Path) -> None:
    """Only the mixed roster changes: on the bundled agents alone, and on the project's
    agents alone (``--agents-dir --only``), :func:`route` decides as the plain router does."""
    agents = project(tmp_path) / ".claude" / "agents"
    mixed = load_registry([agents], cwd=tmp_path, cache=False)
    assert route(ENDPOINT, mixed).agent == "api-dev"
    bundled = Path(__file__).resolve().parents[1] / "agents"
    for dirs in ([agents], [bundled]):
        alone = load_registry(dirs, only=True, cwd=tmp_path, cache=False)
        plain = Router(alone)
        for request in (ENDPOINT, REACT_PAGE, INDEX):
            assert route(request, alone) == plain.route(request)
