"""A roster's routing index is reused across processes, and never when stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coordinator.roster.cache import cache_file
from coordinator.roster.loader import load_registry
from coordinator.routing import index_cache, lexical
from coordinator.routing.lexical import route

TOPICS = [f"topic{n:02d}" for n in range(45)]


def write_roster(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for topic in TOPICS:
        (folder / f"{topic}-expert.md").write_text(
            f"---\nname: {topic}-expert\ndescription: Expert in {topic} systems and "
            f"{topic} tuning.\n---\nYou handle {topic}.\n",
            encoding="utf-8",
        )


def index_files() -> list[Path]:
    return sorted(cache_file().parent.glob("router-*.pickle"))


def no_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object, registry: object) -> None:
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(lexical.Router, "__init__", refuse)


def test_second_load_reuses_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    roster = tmp_path / "agents"
    write_roster(roster)
    first = route("tune topic07 systems", load_registry([roster], only=True))
    assert first.agent == "topic07-expert"
    assert len(index_files()) == 1

    no_building(monkeypatch)
    again = route("tune topic07 systems", load_registry([roster], only=True))
    assert again == first


def test_a_changed_file_builds_a_fresh_index(tmp_path: Path) -> None:
    roster = tmp_path / "agents"
    write_roster(roster)
    route("anything", load_registry([roster], only=True))
    changed = roster / "topic03-expert.md"
    changed.write_text(
        "---\nname: topic03-expert\ndescription: Expert in kubernetes clusters.\n---\nk8s\n",
        encoding="utf-8",
    )
    stat = changed.stat()
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    decision = route("kubernetes clusters", load_registry([roster], only=True))
    assert decision.agent == "topic03-expert"
    assert len(index_files()) == 2


def test_a_corrupt_index_is_rebuilt(tmp_path: Path) -> None:
    roster = tmp_path / "agents"
    write_roster(roster)
    route("topic11", load_registry([roster], only=True))
    (stored,) = index_files()
    stored.write_bytes(b"not a pickle")
    assert route("topic11 tuning", load_registry([roster], only=True)).agent == "topic11-expert"


def test_empty_rosters_and_uncached_loads_store_nothing(tmp_path: Path) -> None:
    roster = tmp_path / "agents"
    write_roster(roster)
    route("topic01", load_registry([roster], only=True, cache=False))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert len(load_registry([empty], only=True)) < index_cache.MIN_AGENTS
    route("topic01", load_registry([empty], only=True))
    assert index_files() == []
