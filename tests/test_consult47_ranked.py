"""consult47: a blocked agent's question reaches the specialist it asks about.

The consultant was the FIRST agent (roster order) of the report's Domain: a blocker about a
Postgres index went to the Cassandra expert, and a Domain no agent has (Payments) waited for
a person though the roster held a Stripe expert. Now several agents of a domain are ranked
by the router over the question (Domain, Blocker, Required), an agent the question names
first; a domain of one agent is taken as before, with no routing; a domain of none goes to
the agent the router picks over the roster when it is confident, else waits naming the
nearest; the agents in the chain are never ranked. The consult's event and ``coord log``
say how the consultant was chosen.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agent, write_script
from storefixtures import open_at

from coordinator import events as ev
from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.runtime import consult
from coordinator.runtime.consult import (
    BY_CONFIG,
    BY_DOMAIN,
    Basis,
    Consult,
    NoConsult,
    choose_consultant,
)
from coordinator.runtime.state import RunState, SessionState
from coordinator.status import WaitReason
from coordinator.store.payloads import stored
from protocols import AgentReport, Status, parse_report

#: Agent files as a user's roster holds them: three database agents (Cassandra first in
#: roster order), a Stripe agent with no domain, a reviewer, and the backend that asks.
AGENTS = {
    "backend": "Builds backend HTTP APIs: endpoints, request validation and services.",
    "cassandra-expert": "Cassandra database expert: wide-column data modelling, compaction "
    "and consistency levels.",
    "mongodb-expert": "MongoDB database expert: aggregation pipelines and document schemas.",
    "postgres-expert": "PostgreSQL database expert: btree and GIN indexes, query plans with "
    "EXPLAIN, vacuum and schema migrations.",
    "stripe-expert": "Stripe payments expert: checkout sessions, webhooks and their "
    "signatures, subscriptions and refunds.",
    "style-reviewer": "Reviews code for naming and formatting.",
}
POSTGRES_BLOCKER = "The orders query on Postgres does a sequential scan"
POSTGRES_REQUIRED = "A btree index on orders(customer_id, created_at), checked with EXPLAIN"


def _roster(tmp_path: Path, agents: dict[str, str] | None = None) -> Registry:
    folder = tmp_path / "agents"
    for name, description in (agents or AGENTS).items():
        write_agent(folder, name, description)
    return load_registry([folder], only=True, cwd=tmp_path, cache=False)


def _blocked(domain: str, blocker: str, required: str) -> AgentReport:
    """A Blocked report as the parser reads a model's (its Domain normalised)."""
    return parse_report(report("Blocked", domain=domain, blocker=blocker, required=required))


def _choose(registry: Registry, rep: AgentReport, *chain: str, **settings: Any) -> Any:
    runs = [RunState(i + 1, registry.get(name), "m", i, 5, []) for i, name in enumerate(chain)]
    s = SessionState("s1", "Add the orders endpoint", Path("."), chain=runs)
    return choose_consultant(rep, s, registry, Settings(**settings))


def test_the_database_agent_the_question_is_about_answers_not_the_first(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    assert [a.name for a in registry.of_domain("database")] == [
        "cassandra-expert",
        "mongodb-expert",
        "postgres-expert",
    ]
    choice = _choose(registry, _blocked("Database", POSTGRES_BLOCKER, POSTGRES_REQUIRED), "backend")
    assert isinstance(choice, Consult) and choice.consultant.name == "postgres-expert"
    assert choice.chosen.basis == Basis.RANKED
    assert "postgres" in [w.lower() for w in choice.chosen.matched]
    assert "first of 3 Database agents" in choice.chosen.why


def test_a_technology_domain_and_a_ukrainian_one_rank_the_same_agents(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    for domain in ("PostgreSQL", "База даних", "Database (D1)"):
        choice = _choose(registry, _blocked(domain, POSTGRES_BLOCKER, POSTGRES_REQUIRED), "backend")
        assert isinstance(choice, Consult), domain
        assert choice.consultant.name == "postgres-expert", domain


def test_an_agent_the_question_names_comes_before_a_higher_score(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    rep = _blocked("Database", "Monthly totals are slow", "A MongoDB aggregation for the totals")
    choice = _choose(registry, rep, "backend")
    assert isinstance(choice, Consult) and choice.consultant.name == "mongodb-expert"


def test_a_question_matching_none_takes_the_explicit_domain_key_first(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    folder = tmp_path / "agents"
    (folder / "zeta-keeper.md").write_text(
        "---\nname: zeta-keeper\ndescription: Keeps data.\ndomain: Database\n---\nBody.\n",
        encoding="utf-8",
    )
    registry = load_registry([folder], only=True, cwd=tmp_path, cache=False)
    choice = _choose(registry, _blocked("Database", "Blocked", "Qqqq zzzz"), "backend")
    assert isinstance(choice, Consult) and choice.consultant.name == "zeta-keeper"
    assert choice.chosen.basis == Basis.FIRST


def test_the_asker_is_never_ranked_its_domain_peer_answers(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    rep = _blocked("Database", "Cassandra compaction stalls", "Cassandra compaction settings")
    choice = _choose(registry, rep, "cassandra-expert")
    assert isinstance(choice, Consult)
    assert choice.consultant.name != "cassandra-expert"


def test_a_domain_of_one_agent_is_taken_without_routing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_router(registry: Registry) -> Any:
        raise AssertionError("a domain of one agent needs no routing index")

    monkeypatch.setattr(consult, "router_for", no_router)
    registry = load_registry(cache=False)  # the bundled roster: one agent per domain
    choice = _choose(
        registry,
        _blocked("Database", POSTGRES_BLOCKER, POSTGRES_REQUIRED),
        "fastapi-backend-expert",
    )
    assert choice == Consult(registry.get("database-engineer"))
    assert choice.chosen is BY_DOMAIN


def test_the_config_domains_map_wins_over_the_question(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    rep = _blocked("Database", POSTGRES_BLOCKER, POSTGRES_REQUIRED)
    choice = _choose(registry, rep, "backend", domains={"database": "cassandra-expert"})
    assert choice == Consult(registry.get("cassandra-expert"), BY_CONFIG)


def test_a_domain_no_agent_has_goes_to_the_agent_the_router_is_sure_of(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    rep = _blocked(
        "Payments",
        "Checkout completes but the order is never marked paid",
        "Verify the Stripe webhook signature and handle the checkout session",
    )
    choice = _choose(registry, rep, "backend")
    assert isinstance(choice, Consult) and choice.consultant.name == "stripe-expert"
    assert choice.chosen.basis == Basis.ROUTED and "payments" in choice.chosen.why


def test_a_domain_no_agent_has_waits_naming_the_nearest_when_unsure(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    rep = _blocked(
        "Security",
        "The owner must decide whether contractors keep production credentials after the"
        " quarterly offboarding and whether naming matters",
        "Decide on contractor access",  # "A decision ...": a person's (consult49), asked first
    )
    choice = _choose(registry, rep, "backend")
    assert isinstance(choice, NoConsult) and choice.reason == WaitReason.NO_SPECIALIST
    assert choice.detail == (
        "no specialist answers for security; nearest: style-reviewer"
        " (to ask it, the config's domains: security: style-reviewer)"
    )


def test_the_choice_is_a_pure_function_of_the_report_and_the_roster(tmp_path: Path) -> None:
    rep = _blocked("Database", POSTGRES_BLOCKER, POSTGRES_REQUIRED)
    first = _choose(_roster(tmp_path), rep, "backend")
    again = AgentReport.model_validate(json.loads(rep.model_dump_json()))
    assert _choose(_roster(tmp_path), again, "backend") == first  # a fresh roster and index
    assert first.consultant.name == "postgres-expert" and first.chosen.matched


def test_a_ranked_consult_is_stored_whole_a_domain_one_as_before() -> None:
    plain = ev.ConsultStarted("s", 1, "dba", "database", 2)
    chosen = ev.ConsultChosen("s", 1, "dba", "database", 2, "ranked", ["postgres"], "why")
    assert stored(plain) == (2,)
    assert stored(chosen) == {
        "consultant": "dba",
        "domain": "database",
        "child_run": 2,
        "chosen": "ranked",
        "matched": ["postgres"],
        "why": "why",
    }


def _chain(tmp_path: Path, db: str) -> dict[str, Any]:
    ws = workspace(tmp_path)
    for name, description in AGENTS.items():
        write_agent(tmp_path / "agents", name, description)
    script = {
        "backend": [
            {"text": blocked("Database", POSTGRES_REQUIRED, POSTGRES_BLOCKER)},
            {"text": report("Complete", "Endpoint added")},
        ],
        "postgres-expert": [{"text": report("Complete", "CREATE INDEX orders_customer_created")}],
    }
    scripted = write_script(tmp_path / "s.yaml", script)
    ran = coord("run", "Add the orders endpoint", "--workspace", ws, "--agents-dir",
                tmp_path / "agents", "--only", "--agent", "backend", "--script", scripted,
                "--db", db, "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    return {"ws": ws, **json.loads(ran.stdout)}


def test_a_blocked_chain_is_answered_by_the_ranked_consultant_on_both_backends(
    tmp_path: Path, store_db: str
) -> None:
    ran = _chain(tmp_path, store_db)
    assert ran["status"] == "complete"
    shown = coord("log", ran["session"], "--db", store_db, "--json")
    (question,) = json.loads(shown.stdout)["chain"]["questions"]
    assert question["consult"]["agent"] == "postgres-expert"
    assert question["chosen"]["chosen"] == "ranked"
    assert "postgres" in [w.lower() for w in question["chosen"]["matched"]]
    tree = coord("log", ran["session"], "--db", store_db, env={"COLUMNS": "200"})
    assert "ranked first of 3 Database agents by the question (" in tree.stdout, tree.stdout
    # from the stored Blocked report and the same roster, the choice is the same
    store = open_at(store_db, create=False)
    try:
        (said,) = [e.data for e in store.events(ran["session"]) if e.kind == "blocked"]
    finally:
        store.close()
    rep = AgentReport(
        status=Status.BLOCKED,
        domain=said["domain"],
        blocker=said["blocker"],
        required=said["required"],
    )
    registry = load_registry([tmp_path / "agents"], only=True, cwd=tmp_path, cache=False)
    again = _choose(registry, rep, "backend")
    assert again.consultant.name == "postgres-expert"
    assert list(again.chosen.matched) == question["chosen"]["matched"]


def test_an_agent_saying_ai_of_itself_is_no_ml_specialist(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    write_agent(folder, "code-reviewer-pro", "An AI-powered senior lead that reviews code.")
    write_agent(
        folder, "graphql-architect", "A highly specialized AI agent for GraphQL API design."
    )
    write_agent(folder, "ai-engineer", "Builds LLM applications.")
    registry = load_registry([folder], only=True, cwd=tmp_path, cache=False)
    assert registry.get("code-reviewer-pro").domain is None
    assert registry.get("graphql-architect").domain == "backend"  # (its "API")
    assert registry.get("ai-engineer").domain == "ml"  # a name still says it
