"""compat74: routing passes over an agent an ``Agent(NAME)`` deny (or ask) rule refuses.

``coord route`` and ``coord run`` chose such an agent (``coord run`` then refused it in one
line); a consult to it failed and the chain waited. Now the best agent the rules allow is
chosen, and the explanation names the agent passed over, the rule and its file.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord, coord_probe
from kit import Harness, report

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.runtime.engine import Engine
from coordinator.runtime.permission_rules import Behavior, Rule
from coordinator.runtime.permissions import PermissionRules

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "tour-script.yaml"
REQUEST = "Add a GET /health/db endpoint that checks the database connection"
DENIED = "fastapi-backend-expert"
DONE = report("Complete")


def _denying(ws: Path, *rules: str, key: str = "deny") -> Path:
    settings = ws / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"permissions": {key: list(rules)}}), encoding="utf-8")
    return settings


def _said(text: str) -> str:
    return " ".join(text.split())


def test_route_passes_over_a_denied_agent_and_says_which_rule(tmp_path: Path) -> None:
    """``coord route`` chose the denied agent; now the best allowed one, the reason naming
    the agent passed over, the rule and its file (text and JSON)."""
    before = json.loads(coord("route", "--json", REQUEST, cwd=tmp_path).stdout)
    assert before["agent"] == DENIED
    settings = _denying(tmp_path, f"Agent({DENIED})")
    shown = coord("route", REQUEST, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert not shown.stdout.startswith(f"→ {DENIED}"), shown.stdout
    rule = f"the rule Agent({DENIED}) (permissions.deny, {settings}:1) refuses it"
    assert f"passed over {DENIED}" in _said(shown.stdout) and rule in _said(shown.stdout)
    data = json.loads(coord("route", "--json", REQUEST, cwd=tmp_path).stdout)
    assert data["agent"] not in (None, DENIED)
    assert rule in data["reason"] and DENIED not in data["also"]


def test_an_ask_rule_and_the_old_tool_name_pass_over_too(tmp_path: Path) -> None:
    """``Task(NAME)`` in ``ask`` (nobody to ask in a coord run) keeps it out as well."""
    _denying(tmp_path, f"Task({DENIED})", key="ask")
    data = json.loads(coord("route", "--json", REQUEST, cwd=tmp_path).stdout)
    assert data["agent"] not in (None, DENIED) and "passed over" in data["reason"]


def test_run_routes_past_a_denied_agent_and_completes(tmp_path: Path) -> None:
    """``coord run`` refused the request (its routed agent denied); now it runs the best
    allowed agent, a note naming the agent passed over and the rule."""
    settings = _denying(tmp_path, f"Agent({DENIED})")
    ran = coord("run", "--script", TOUR, "--json", REQUEST, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    note = f"note: passed over {DENIED} (4.95): the rule Agent({DENIED}) (permissions.deny,"
    assert note in _said(ran.stderr) and str(settings) in _said(ran.stderr)
    assert json.loads(ran.stdout)["agent"] not in (None, DENIED)


def test_a_denied_only_fit_leaves_no_agent_and_says_why(tmp_path: Path) -> None:
    """When only the denied agent fits, no agent fits, and the reason says it was passed
    over (``coord route`` exit 4, ``coord run`` one line)."""
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "kafka-pro.md").write_text(
        "---\nname: kafka-pro\ndescription: Kafka topics, partitions and consumer groups\n"
        "---\nBody.\n",
        encoding="utf-8",
    )
    (folder / "css-pro.md").write_text(
        "---\nname: css-pro\ndescription: CSS layouts, flexbox and grid\n---\nBody.\n",
        encoding="utf-8",
    )
    _denying(tmp_path, "Agent(kafka-pro)")
    ask = ("Rebalance the Kafka consumer group partitions", "--agents-dir", folder, "--only")
    shown = coord("route", *ask, cwd=tmp_path)
    assert shown.returncode == 4 and "passed over kafka-pro" in _said(shown.stdout)
    ran = coord("run", "--script", TOUR, *ask, cwd=tmp_path)
    assert ran.returncode != 0 and "passed over kafka-pro" in _said(ran.stderr)
    assert "Traceback" not in ran.stderr


def _roster(tmp_path: Path) -> Registry:
    folder = tmp_path / "roster"
    folder.mkdir(parents=True)
    agents = {
        "backend": ("Backend", "Backend services and their endpoints."),
        "postgres-pro": ("Database", "PostgreSQL indexes, query plans and migrations."),
        "sql-generalist": ("Database", "Databases in general: schemas and SQL."),
    }
    for name, (domain, description) in agents.items():
        (folder / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: {description}\ndomain: {domain}\n---\nBody.\n",
            encoding="utf-8",
        )
    return load_registry([folder], only=True, cwd=tmp_path, cache=False)


async def _consulted(tmp_path: Path, *denied: Rule) -> tuple[list[str], list[str]]:
    """The agents that ran when ``backend`` blocked on a PostgreSQL question (Domain
    Database), with ``denied`` as the settings' rules; the events' data and the session's
    reason."""
    registry = _roster(tmp_path)
    asked = report(
        "Blocked",
        "Stuck",
        domain="Database",
        blocker="The PostgreSQL query plan ignores the index",
        required="Which PostgreSQL index makes the query plan use it",
    )
    script = {name: [{"text": DONE}] for name in registry.agents}
    script["backend"] = [{"text": asked}, {"text": DONE}]
    h = Harness(tmp_path, script, registry=registry)
    try:
        engine = Engine(
            registry=registry,
            provider=h.provider,
            store=h.store,
            settings=h.settings,
            workspace=h.ws,
            permissions=PermissionRules(rules=list(denied)),
        )
        done = await engine.start("Ship the feature", agent="backend")
        ran = [run.agent for run in h.store.runs(done.session_id)]
        why = [json.dumps(e.data) for e in h.store.events(done.session_id)] + [done.reason]
    finally:
        h.close()
    return ran, why


def _rule(tmp_path: Path, text: str) -> Rule:
    tool, _, rest = text.partition("(")
    path = tmp_path / "settings.json"
    return Rule(Behavior.DENY, tool, rest.removesuffix(")") or None, text, path)


async def test_a_consult_passes_over_a_denied_agent(tmp_path: Path) -> None:
    """The Domain's best-ranked agent is denied: the other one answers (was: the consult
    to it failed and the chain waited), and the consult's reason names the rule."""
    ran, _ = await _consulted(tmp_path / "free")
    assert ran[:2] == ["backend", "postgres-pro"]
    ran, why = await _consulted(tmp_path / "denied", _rule(tmp_path, "Agent(postgres-pro)"))
    assert ran[:2] == ["backend", "sql-generalist"], ran
    assert any("passed over postgres-pro" in w and "Agent(postgres-pro)" in w for w in why)


async def test_a_bare_agent_rule_leaves_the_chain_waiting_saying_why(tmp_path: Path) -> None:
    """A bare ``Agent`` deny refuses every consult: nobody is consulted, the wait's detail
    names the rule (was: the consult's run started and failed)."""
    ran, why = await _consulted(tmp_path, _rule(tmp_path, "Agent"))
    assert ran == ["backend"], ran
    assert "no agent may be consulted" in why[-1] and "Agent (permissions.deny" in why[-1]


def test_route_reads_the_rules_whole_only_when_a_file_names_the_agent_tool(
    tmp_path: Path,
) -> None:
    """``coord route``'s start stays light: settings with no rule on the Agent tool are
    looked at as JSON only (the permissions module, a tenth of a second, not imported);
    one with such a rule reads them whole."""
    _denying(tmp_path, "Bash(rm:*)")
    light = coord_probe("route", REQUEST, cwd=tmp_path)
    assert light.returncode == 0, light.stderr
    assert "coordinator.runtime.permissions" not in light.modules
    _denying(tmp_path, "Agent(other)")
    whole = coord_probe("route", REQUEST, cwd=tmp_path)
    assert whole.returncode == 0 and "coordinator.runtime.permissions" in whole.modules
