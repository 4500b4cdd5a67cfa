"""The outcome frames' tables travel with a cached routing index: a process that loads a
stored index routes without building them (about 8 ms of ``coord route``'s cold start)."""

from __future__ import annotations

import pickle

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import outcomes
from coordinator.routing.lexical import Router


def test_a_stored_index_brings_the_frame_tables(
    bundled: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = pickle.dumps(Router(bundled))
    built = outcomes.tables()
    monkeypatch.setattr(outcomes, "_TABLES", [])  # a new process: nothing built yet

    def never() -> outcomes.Tables:
        raise AssertionError("the tables were built again")

    monkeypatch.setattr(outcomes, "_build", never)
    router = pickle.loads(stored)
    assert outcomes.tables() == built
    query = router.query("customers pay monthly for a snack box and cancel whenever")
    assert query.framed  # a frame read through the adopted tables


def test_without_a_stored_index_the_tables_are_built_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outcomes, "_TABLES", [])
    calls: list[int] = []
    build = outcomes._build

    def counted() -> outcomes.Tables:
        calls.append(1)
        return build()

    monkeypatch.setattr(outcomes, "_build", counted)
    first = outcomes.tables()
    assert outcomes.tables() is first and calls == [1]
