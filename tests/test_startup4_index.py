"""Every roster's routing index is stored and reused, the bundled five agents' too (building
it was a tenth of ``coord route``), under a key that names every routing table's file and is
compared in full when read."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from coordinator.roster.cache import cache_file, write_pickle
from coordinator.roster.loader import load_registry
from coordinator.routing import index_cache, lexical, products
from coordinator.routing.lexical import Router, route

BUNDLED = Path(__file__).resolve().parents[1] / "agents"
#: English, Ukrainian, mixed, and one no specialist fits.
REQUESTS = [
    "Створи endpoint для списку користувачів",
    "Add a composite index for the reports query",
    "Write the Dockerfile for the worker service",
    "Зверстай картку задачі з кнопками редагування",
    "Review this Go code for race conditions",
    "Write a poem about autumn",
    "Profile the slow checkout page and fix the memory leak",
    "міграція бази даних для таблиці tasks, додай індекс",
]


def index_files() -> list[Path]:
    return sorted(cache_file().parent.glob("router-*.pickle"))


def refuse_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object, registry: object) -> None:
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(lexical.Router, "__init__", refuse)


def test_the_bundled_roster_index_is_stored_and_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    first = route("Створи endpoint для задач", load_registry([BUNDLED], only=True))
    assert first.agent is not None
    assert len(index_files()) == 1
    refuse_building(monkeypatch)

    def refuse_writing(*args: object, **kwargs: object) -> bool:
        raise AssertionError("a cache was written")

    monkeypatch.setattr(index_cache, "write_pickle", refuse_writing)
    again = route("Створи endpoint для задач", load_registry([BUNDLED], only=True))
    assert again == first


def test_an_index_stored_for_another_key_is_not_used(tmp_path: Path) -> None:
    """The file name is a checksum of the key: a file of that name holding another key (a
    collision, or a file written by other code) is rebuilt, never trusted."""
    registry = load_registry([BUNDLED], only=True)
    assert registry.cache_dir is not None
    route("anything", registry)
    (stored,) = index_files()
    key, router = pickle.loads(stored.read_bytes())
    assert isinstance(key, str) and isinstance(router, Router)
    stale = Router(load_registry([BUNDLED], only=True, cache=False))
    stale.names = [f"stale-{n}" for n in stale.names]
    assert write_pickle(stored, (key + "\nother", stale), prefix=".t-")
    decision = route("Створи endpoint для задач", load_registry([BUNDLED], only=True))
    assert decision.agent is not None and not decision.agent.startswith("stale-")
    assert pickle.loads(stored.read_bytes())[0] == key  # rebuilt, stored under its own key


def test_the_key_names_every_routing_table(tmp_path: Path) -> None:
    """A table edited in any routing, roster or protocols module (``products.py`` is imported
    by ``concepts``, not by the router itself) changes the key."""
    agent = BUNDLED / "database-engineer.md"
    key = index_cache.roster_key([agent])
    assert key is not None
    named = {line.split("\0")[0] for line in key.splitlines()[1:]}
    root = Path(lexical.__file__).resolve().parents[2]
    for folder in ("coordinator/routing", "coordinator/roster", "protocols"):
        for source in (root / folder).glob("*.py"):
            assert str(source) in named, source
    assert str(Path(products.__file__).resolve()) in named and str(agent) in named
    assert index_cache.roster_key([agent, None]) is None
    assert index_cache.roster_key([tmp_path / "gone.md"]) is None


def test_a_stored_index_routes_as_a_built_one() -> None:
    """What a process loads from the cache decides exactly as the index built in place."""
    registry = load_registry([BUNDLED], only=True, cache=False)
    built = Router(registry)
    loaded = pickle.loads(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    for request in REQUESTS:
        one, other = built.route(request), loaded.route(request)
        assert one.to_json() == other.to_json(), request
        assert one.coverage == other.coverage


def test_the_least_recently_used_indexes_are_pruned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_cache, "KEEP", 2)
    folder = tmp_path / "cache"
    built: list[str] = []

    def build(key: str) -> str:
        built.append(key)
        return key

    for key in ("a", "b", "a", "c"):  # "a" is read (used) after "b" was written
        assert index_cache.cached(folder, key, lambda key=key: build(key)) == key
        if key == "b":  # both written an hour ago (file times tick coarsely)
            for old in folder.glob("router-*.pickle"):
                os.utime(old, (time.time() - 3600,) * 2)
    assert built == ["a", "b", "c"]
    kept = sorted(folder.glob("router-*.pickle"))
    assert sorted(pickle.loads(p.read_bytes())[0] for p in kept) == ["a", "c"]
