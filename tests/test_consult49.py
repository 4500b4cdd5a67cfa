"""consult49: the consult choice where it still went wrong.

1. The technology a Blocked agent writes in its Domain ("Frontend / Vue", "Backend (Node)")
   was lost: the parser folds the Domain to "frontend", and the ranking read the Blocker and
   Required alone, so a Vue question that did not repeat "Vue" could go to the React agent.
   The Domain's words the parser folded away now rank with the question, read from the
   report's text (a resume re-reads it from the run's final message).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit import report, write_agent

from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.runtime.consult import Basis, Consult, choose_consultant, technology
from coordinator.runtime.rebuild import stored_block
from coordinator.runtime.state import RunState, SessionState
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
