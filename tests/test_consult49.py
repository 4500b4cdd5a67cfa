"""consult49: the consult choice where it still went wrong.

1. The technology a Blocked agent writes in its Domain ("Frontend / Vue", "Backend (Node)")
   was lost: the parser folds the Domain to "frontend", and the ranking read the Blocker and
   Required alone, so a Vue question that did not repeat "Vue" could go to the React agent.
   The Domain's words the parser folded away now rank with the question, read from the
   report's text (a resume re-reads it from the run's final message).
2. A question only a person answers (credentials, an approval, an owner's decision, access
   the agent lacks, a fact nobody wrote down) went to an agent of its Domain whenever the
   Domain had agents ("DevOps" for a registry token). It now waits for a person
   (``WaitReason.FOR_PERSON``, the kind in its detail), whatever the Domain has, unless
   the config's ``domains:`` map names its agent (the user's word: lead46).
3. A Domain no agent has that writes an agent's own name word ("Rust": rust-pro) reaches it
   (the router was not sure of the one word, so the chain waited for a person).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit import report, write_agent

from coordinator.cli.views import WAITING_WHY
from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.runtime.consult import Basis, Consult, NoConsult, choose_consultant, technology
from coordinator.runtime.rebuild import stored_block
from coordinator.runtime.state import RunState, SessionState
from coordinator.status import WaitReason
from coordinator.store.rows import RunRow
from protocols import AgentReport, parse_report
from protocols.report import stored_report_json

#: A user's roster: the backend that asks and two frontend agents (React first in order).
AGENTS = {
    "api-dev": "Builds backend HTTP APIs: endpoints, request validation and services.",
    "react-dev": "React frontend developer: components, hooks and state in React apps.",
    "vue-dev": "Vue frontend developer: components, the composition API and Pinia stores.",
}
CART = "The cart badge shows a stale count after an item is added"
FIX = "Fix the cart badge so that it shows the new count"


def _roster(tmp_path: Path) -> Registry:
    folder = tmp_path / "agents"
    for name, description in AGENTS.items():
        write_agent(folder, name, description)
    return load_registry([folder], only=True, cwd=tmp_path, cache=False)


def _choose(registry: Registry, rep: AgentReport) -> Any:
    run = RunState(1, registry.get("api-dev"), "m", 0, 5, [])
    session = SessionState("s1", "Add the cart", Path("."), chain=[run])
    return choose_consultant(rep, session, registry, Settings())


def _blocked(domain: str, blocker: str = CART, required: str = FIX) -> AgentReport:
    return parse_report(report("Blocked", domain=domain, blocker=blocker, required=required))


def test_the_technology_written_in_the_domain_picks_its_agent(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    assert {a.name for a in registry.of_domain("frontend")} == {"react-dev", "vue-dev"}
    choice = _choose(registry, _blocked("Frontend / Vue"))
    assert isinstance(choice, Consult) and choice.consultant.name == "vue-dev"
    assert choice.chosen.basis == Basis.RANKED


def test_the_domains_technology_is_read_from_a_json_report_too(tmp_path: Path) -> None:
    text = (
        '{"summary": "Cart", "status": "Blocked", "domain": "Frontend (Vue 3)", '
        f'"blocker": "{CART}", "required": "{FIX}"}}'
    )
    rep = parse_report(text)
    assert rep.domain == "frontend" and technology(rep) == "vue 3"
    assert _choose(_roster(tmp_path), rep).consultant.name == "vue-dev"


def test_the_domains_own_words_add_nothing() -> None:
    assert technology(_blocked("Frontend")) == ""
    assert technology(_blocked("База даних")) == ""
    assert technology(_blocked("Database engineer / PostgreSQL")) == "postgresql"


def test_a_resumed_block_reads_the_same_domain_and_chooses_the_same(tmp_path: Path) -> None:
    registry = _roster(tmp_path)
    text = report("Blocked", domain="Frontend / Vue", blocker=CART, required=FIX)
    rep = parse_report(text)
    row = RunRow(
        *(1, "s1", None, "api-dev", "m", 0, None, "blocked", 5, 1, 0, 0, None),
        *(0, 0, 0, 0, 0.0, 0, stored_report_json(rep), None, None, None, 0.0, None),
    )
    again = stored_block(row, text).report
    assert again == rep and technology(again) == "vue"
    assert _choose(registry, again).consultant.name == "vue-dev"


# ---- 2. a question only a person answers waits for one, whatever its Domain has ----------

#: A team's roster: two DevOps agents, one database agent, a Rust agent, and the backend
#: that asks.
TEAM = {
    "api-dev": "Builds backend HTTP APIs: endpoints, request validation and services.",
    "docker-dev": "DevOps: Docker images, docker-compose and container registries.",
    "k8s-dev": "DevOps: Kubernetes deployments, Helm charts and cluster access.",
    "db-dev": "Database engineer: PostgreSQL schemas, migrations and indexes.",
    "rust-pro": "Writes Rust: ownership, lifetimes and the borrow checker.",
}


def _team(tmp_path: Path) -> Registry:
    folder = tmp_path / "team"
    for name, description in TEAM.items():
        write_agent(folder, name, description)
    return load_registry([folder], only=True, cwd=tmp_path, cache=False)


def test_credentials_asked_under_a_domain_of_agents_wait_for_a_person(tmp_path: Path) -> None:
    registry = _team(tmp_path)
    assert {a.name for a in registry.of_domain("devops")} == {"docker-dev", "k8s-dev"}
    rep = _blocked(
        "DevOps",
        "The release job cannot push the image: no registry token is set for the repository",
        "A registry token with push rights for the organisation account",
    )
    choice = _choose(registry, rep)
    assert isinstance(choice, NoConsult) and choice.reason == WaitReason.FOR_PERSON
    assert choice.detail == "the question asks for credentials or a secret"
    for domain, blocker, required in (  # work that names a credential or an approval
        (
            "DevOps",
            "The pods cannot pull the image",
            "Add the registry credentials as a pull secret",
        ),
        (
            "Database",
            "Orders have no approval state",
            "A migration adding an approval status column",
        ),
    ):
        assert isinstance(_choose(registry, _blocked(domain, blocker, required)), Consult)


def test_the_configs_domains_map_keeps_a_credentials_question_with_its_agent(
    tmp_path: Path,
) -> None:
    """The user's ``domains:`` map names who answers a Domain (an agent that may hold
    what others lack: a vault's reader): a person's kind of question still goes to it."""
    registry = _team(tmp_path)
    rep = _blocked("DevOps", "No registry token is set", "A registry token with push rights")
    run = RunState(1, registry.get("api-dev"), "m", 0, 5, [])
    session = SessionState("s1", "Ship it", Path("."), chain=[run])
    mapped = Settings(domains={"devops": "k8s-dev"})
    choice = choose_consultant(rep, session, registry, mapped)
    assert isinstance(choice, Consult) and choice.consultant.name == "k8s-dev"
    assert choice.chosen.basis == Basis.CONFIG


def test_an_approval_waits_for_a_person_though_the_domain_has_one_agent(tmp_path: Path) -> None:
    rep = _blocked(
        "Database",
        "The migration drops the legacy_orders table, which still holds rows in production",
        "Approval from the data owner to drop legacy_orders in production",
    )
    choice = _choose(_team(tmp_path), rep)
    assert isinstance(choice, NoConsult) and choice.reason == WaitReason.FOR_PERSON
    assert choice.detail == "the question asks for an approval or sign-off"
    assert WAITING_WHY[choice.reason] == "it asks for what no agent has"  # the waiting line's


def test_an_owners_decision_and_a_fact_nobody_wrote_down_wait_for_a_person(
    tmp_path: Path,
) -> None:
    registry = _team(tmp_path)
    decision = _blocked(
        "Database",
        "Deleted accounts can be kept 30 or 90 days and the spec does not say which",
        "The product owner's decision on the retention period",
    )
    fact = _blocked(
        "DevOps",
        "Two clusters run the service and nobody wrote down which one serves production",
        "Which cluster the team treats as production",
    )
    for rep, kind in ((decision, "a decision its owner makes"), (fact, "a fact only the team has")):
        choice = _choose(registry, rep)
        assert isinstance(choice, NoConsult) and choice.detail == f"the question asks for {kind}"


# ---- 3. a Domain no agent has that writes an agent's own name --------------------------


def test_a_domain_naming_an_agent_of_no_domain_reaches_it(tmp_path: Path) -> None:
    rep = _blocked(
        "Rust",
        "The parser service fails to compile in the tokenizer loop",
        "Make the tokenizer compile",
    )
    choice = _choose(_team(tmp_path), rep)
    assert isinstance(choice, Consult) and choice.consultant.name == "rust-pro"
    assert choice.chosen.basis == Basis.ROUTED and "rust names" in choice.chosen.why
