"""consult48: a Domain no agent has is answered by an agent only when the question is its.

A Blocked report whose Domain no agent has went to the agent the router found for the
Domain's word alone ("Payments" -> the Stripe expert) even where the question was nobody's
(a business decision, an approval, credentials): measured on a held-out set of 72 reports
(bench/consult_cases_heldout.json), 8 of its 11 questions for a person were sent to an
agent. Now that agent must also be among those the router finds for the whole question;
else the chain waits for a person, told the nearest.
"""

from __future__ import annotations

from pathlib import Path

from kit import report, write_agent

from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.runtime.consult import Basis, Consult, NoConsult, choose_consultant
from coordinator.runtime.state import RunState, SessionState
from coordinator.status import WaitReason
from protocols import parse_report

#: A user's roster: the backend that asks, a Stripe agent and a Postgres one (no domain key
#: for payments: no agent has that domain).
AGENTS = {
    "backend": "Builds backend HTTP APIs: endpoints, request validation and services.",
    "stripe-expert": "Stripe payments expert: checkout sessions, webhooks and their "
    "signatures, subscriptions and refunds.",
    "postgres-expert": "PostgreSQL database expert: btree and GIN indexes, query plans with "
    "EXPLAIN, vacuum and schema migrations.",
}


def _roster(tmp_path: Path) -> Registry:
    folder = tmp_path / "agents"
    for name, description in AGENTS.items():
        write_agent(folder, name, description)
    return load_registry([folder], only=True, cwd=tmp_path, cache=False)


def _choose(registry: Registry, domain: str, blocker: str, required: str) -> object:
    rep = parse_report(report("Blocked", domain=domain, blocker=blocker, required=required))
    run = RunState(1, registry.get("backend"), "m", 0, 5, [])
    session = SessionState("s1", "Add the orders endpoint", Path("."), chain=[run])
    return choose_consultant(rep, session, registry, Settings())


def test_a_domain_word_alone_does_not_send_a_persons_question_to_an_agent(
    tmp_path: Path,
) -> None:
    choice = _choose(
        _roster(tmp_path),
        "Payments",
        "The owner has not said which of the two landing pages launches first",
        "Settle the launch order",  # "A decision from the owner": a person's (consult49) at once
    )
    assert isinstance(choice, NoConsult) and choice.reason == WaitReason.NO_SPECIALIST
    assert choice.detail.startswith("no specialist answers for payments")


def test_a_question_the_domains_agent_answers_still_reaches_it(tmp_path: Path) -> None:
    choice = _choose(
        _roster(tmp_path),
        "Payments",
        "Checkout completes but the order is never marked paid",
        "Verify the Stripe webhook signature and handle the checkout session",
    )
    assert isinstance(choice, Consult) and choice.consultant.name == "stripe-expert"
    assert choice.chosen.basis == Basis.ROUTED
