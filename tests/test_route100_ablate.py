"""bench/route100_ablate.py switches routing layers off for an ablation: each switch must
name something the router really has (else the patch adds an unused attribute and the
ablation measures nothing), every outcome frame block must be dated, and the sealed
families must never be read."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

from coordinator.routing import outcomes

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def ablate(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(REPO))
    return importlib.import_module("bench.route100_ablate")


def test_every_switch_names_an_attribute_the_router_has(ablate: ModuleType) -> None:
    missing = [name for name, (owner, attr, _) in ablate.LAYERS.items() if not hasattr(owner, attr)]
    assert missing == []
    assert ablate.LAYERS.keys() == ablate.CAME_IN.keys()


def test_every_frame_block_has_its_round_dated(ablate: ModuleType) -> None:
    rounds = [
        int(a.removeprefix("_ROUND").removesuffix("_LINES"))
        for a in vars(outcomes)
        if a.startswith("_ROUND") and a.endswith("_LINES")
    ]
    assert len(rounds) > 30
    assert [r for r in rounds if r not in ablate.ROUND_OPENED] == []


def test_sealed_families_are_never_walked(ablate: ModuleType) -> None:
    walked = ablate.families()
    assert walked[0] == "dev"
    assert "fresh120" in walked
    assert not ablate.SEALED & set(walked)
    on_disk = {p.name.split("-", 1)[0] for p in (REPO / "bench" / "sanity").glob("*-*.yaml")}
    assert set(walked[1:]) == on_disk - ablate.SEALED
