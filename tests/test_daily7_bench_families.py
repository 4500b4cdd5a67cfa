"""The bench scripts that walk every spent set family (routing_cases, routing_constants,
learn_terms) find the families in bench/sanity/ as bench/eval_routing.py does, so a new
``freshN`` set is included without editing them."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
Importer = Callable[[str], ModuleType]


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> Importer:
    """Imports a bench script as ``bench.NAME``, as the scripts import each other."""
    monkeypatch.syspath_prepend(str(REPO))
    return lambda name: importlib.import_module(f"bench.{name}")


def families_on_disk() -> list[str]:
    return sorted({path.name.split("-", 1)[0] for path in (BENCH / "sanity").glob("*-*.yaml")})


@pytest.mark.parametrize("name", ["routing_cases", "routing_constants", "learn_terms"])
def test_every_family_in_bench_sanity_is_walked(name: str, script: Importer) -> None:
    families = [f for f in script(name).FAMILIES if f != "dev"]
    assert families == script("eval_routing").own_kinds()
    assert sorted(families) == families_on_disk()
    assert "fresh15" in families  # held out after the lists stopped at fresh11 / fresh13
