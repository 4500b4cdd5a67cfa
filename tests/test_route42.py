"""A repeated route makes no comprehension's function on its hot path (issue 12: in 3.11
each list, set or generator comprehension, and each ``any()`` over a generator, makes a
function object and runs a frame of its own, ~2 K instructions a call more than a loop
doing the same work). The steps a route takes on most
requests (coverage, evidence, the near tie, the acts asked and the first verb, the named
picks, the terms at full weight, the plain terms, the words of a product, a query's broad
terms, the error phrases) loop instead; their answers are the comprehensions' (the
decisions were compared on every roster: bench/routing_same.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CodeType, FrameType

import pytest
import yaml

from coordinator.roster.loader import load_registry
from coordinator.routing.lexical import Router

SHARED = Path(__file__).resolve().parents[2] / "shared"
#: Code that no longer makes a comprehension's function: (module file, qualified name).
LOOPED = {
    ("scoring.py", "Scorer.coverage"),
    ("scoring.py", "Scorer.evidence"),
    ("scoring.py", "Scorer.plain_terms"),
    ("choice.py", "Chooser._closest"),
    ("acts.py", "RoleActs.asked"),
    ("acts.py", "lead_terms"),
    ("acts.py", "_acted"),
    ("choice_named.py", "NamedPicks._framework_tie"),
    ("choice_named.py", "NamedPicks._generic_first"),
    ("choice_named.py", "NamedPicks._named_for"),
    ("choice_fit.py", "FitChecks._does_job"),
    ("frameworks.py", "full_weight"),
    ("frameworks.py", "writes"),
    ("frameworks.py", "writes_any"),
    ("audience.py", "names_product"),
    ("reading.py", "QueryReader._made"),
    ("signatures.py", "phrases"),
    ("senses.py", "tech_use"),
}
_MADE = ("<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>", "<lambda>")


@pytest.fixture(scope="module")
def corpus() -> Router:
    folder = SHARED / "corpus"
    if not folder.is_dir():
        pytest.skip("../shared is absent")
    dirs = sorted(p for p in folder.iterdir() if p.is_dir())
    return Router(load_registry(dirs, only=True, cwd=SHARED, cache=False))


def _requests() -> list[str]:
    """The dev sets' requests, a few hundred of them: every step above is reached."""
    found: list[str] = []
    for path in sorted((SHARED / "routing").glob("dev-*.yaml")):
        found += [str(case["request"]) for case in yaml.safe_load(path.read_text())[:60]]
    return found


@contextmanager
def _made_in(looped: set[tuple[str, str]]) -> Iterator[set[str]]:
    """The comprehensions (and lambdas) made by code of ``looped`` while the block runs."""
    found: set[str] = set()

    def seen(frame: FrameType, event: str, _: object) -> None:
        code: CodeType = frame.f_code
        if event == "call" and code.co_name in _MADE:
            owner = code.co_qualname.removesuffix(f".<locals>.{code.co_name}")
            if (Path(code.co_filename).name, owner) in looped:
                found.add(f"{owner}: {code.co_name}")

    sys.setprofile(seen)
    try:
        yield found
    finally:
        sys.setprofile(None)


def test_a_route_makes_no_comprehension_on_its_hot_path(corpus: Router) -> None:
    requests = _requests()
    decisions = [corpus.route(r) for r in requests]  # first reads (plans, tables) done
    with _made_in(LOOPED) as made:
        again = [corpus.route(r) for r in requests]
    assert made == set()
    assert [d.to_json() for d in again] == [d.to_json() for d in decisions]
