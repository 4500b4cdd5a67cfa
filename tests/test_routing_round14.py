"""Round 14: two of the lexical router's global constants chosen by leave-one-family-out
cross-validation (bench/routing_constants.py). Each test routes a spent case the new value
decides and shows the old value deciding it otherwise, on a fresh index."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import lexical

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
VOLTAGENT = "VoltAgent__awesome-claude-code-subagents"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    return load_registry(cwd=tmp_path_factory.mktemp("cwd"), cache=False)


@pytest.fixture(scope="module")
def voltagent() -> Registry:
    folder = SHARED / "corpus" / VOLTAGENT
    if not folder.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    return load_registry([folder], only=True, cache=False)


def _agent(registry: Registry, request: str) -> str | None:
    return lexical.Router(registry).route(request).agent


def test_shipped_values() -> None:
    assert lexical.KNOWN_RELATED_FACTOR == 0.375
    assert lexical.WEAK_SHARE == 0.25


def test_weak_share_lets_one_plain_but_not_weak_term_decide(
    bundled: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = "upload a profile picture and resize it"
    assert _agent(bundled, request) == "fastapi-backend-expert"
    monkeypatch.setattr(lexical, "WEAK_SHARE", 0.5)
    assert _agent(bundled, request) is None


#: Spent cases (fresh, fresh2) the new KNOWN_RELATED_FACTOR decides: acceptable agents, old agent.
KNOWN_RELATED_CASES = [
    ("our users complain the checkout is confusing", {"ux-researcher"}, "ui-ux-tester"),
    (
        "write the release notes and update the changelog for v2",
        {"technical-writer", "documentation-engineer"},
        "git-workflow-manager",
    ),
]


def test_known_related_factor_weighs_a_relative_of_a_known_term(
    voltagent: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    router = lexical.Router(voltagent)
    assert [router.route(r).agent in ok for r, ok, _ in KNOWN_RELATED_CASES] == [True, True]
    monkeypatch.setattr(lexical, "KNOWN_RELATED_FACTOR", 0.25)
    router = lexical.Router(voltagent)
    assert [router.route(r).agent for r, _, _ in KNOWN_RELATED_CASES] == [
        old for _, _, old in KNOWN_RELATED_CASES
    ]
