"""Passes over a request's words that cannot fire are skipped (issue 12: on a repeated
route, the split names, the job words and the outcome frames found nothing yet walked
every word): a request whose neighbours join into no name is not walked pair by pair; one
whose words, all seen, meet no job's need looks up no word's needs; the frames a request
may fire are one union of each word's int (anchors above second groups). Each answer is
the walk's."""

from __future__ import annotations

from functools import reduce
from operator import or_
from pathlib import Path

import pytest
import yaml

from coordinator.routing import aliases, outcomes
from coordinator.routing.spelling import NameSpellings
from coordinator.routing.text import normalise, normalised_words

SHARED = Path(__file__).resolve().parents[2] / "shared" / "routing"


def _tokens(text: str) -> list[str]:
    return normalised_words(normalise(text))


class _NoWalk:
    def __contains__(self, _: object) -> bool:
        raise AssertionError("walked pair by pair")


def test_a_request_joining_no_name_is_not_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    spellings = NameSpellings(["fastapi", "typescript", "mongodb"])
    assert spellings.split(_tokens("set up fast api with mongo db")) == (
        ["fastapi", "mongodb"],
        {"fast", "api", "mongo", "db"},
    )
    # route77: the pairs are looked up in C as they are (NameSpellings.name_splits, kept);
    # the walk, pair by pair, looks each joined pair up in the names
    monkeypatch.setattr(spellings, "_whole", _NoWalk())
    assert spellings.split(_tokens("write a poem about autumn")) == ([], set())
    assert spellings.split(["type"]) == ([], set())


def test_words_seen_meeting_no_need_are_not_looked_up(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _tokens("write a poem about autumn")
    assert aliases.job_words(plain) == []  # each word's needs found once, kept
    asked = _tokens("follow one request through all our services")
    assert aliases.job_words(asked) == ["distributed", "tracing"]
    monkeypatch.setattr(aliases, "_MET", {})  # a look-up would fail now
    assert aliases.job_words(plain) == []
    with pytest.raises(KeyError):  # words that meet a need are still looked up
        aliases.job_words(asked)


def _requests() -> list[str]:
    files = sorted(SHARED.glob("dev-*.yaml"))
    if not files:
        pytest.skip("../shared is absent")
    found = [str(case["request"]) for path in files for case in yaml.safe_load(path.read_text())]
    return found[::5]


def test_the_frames_held_are_the_union_of_each_words_reading() -> None:
    for text in _requests():
        tokens = _tokens(text)
        outcomes.frames(tokens)  # every word read and kept
        reads = [outcomes._READ[token] for token in tokens]
        anchored = reduce(or_, (read[1] for read in reads), 0)
        seconds = reduce(or_, (read[3] for read in reads), 0)
        assert outcomes._held(tokens, outcomes._READ) == anchored & seconds, text
