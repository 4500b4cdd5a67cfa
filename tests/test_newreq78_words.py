"""Newreq78: a server's router (``serving_router``) reads before its first request the
words a request to its roster may well bring, none taken from a request: the stopwords,
the everyday Ukrainian words and each agent's name, aliases, triggers and description
(``lexical.roster_words``), at most ``KNOWN_WORDS_READ`` of them. A request of such words
then makes no word's plan anew, and every word is read, every request decided, as by a
router that read none."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import lexical, reading
from coordinator.routing.lexical import Router, prepare, roster_words, serving_router
from coordinator.routing.text import normalise, normalised_words
from tests.routing_support import CORPUS, SHARED, set_requests

BUNDLED = Path(__file__).resolve().parents[1] / "agents"


def _fresh(folder: Path, cwd: Path) -> Registry:
    """A roster loaded anew: its router is built here, shared with no other test."""
    return load_registry([folder], only=True, cwd=cwd, cache=False)


def test_a_served_routers_request_of_its_agents_words_plans_no_word_anew(
    tmp_path: Path,
) -> None:
    registry = _fresh(BUNDLED, tmp_path)
    router = serving_router(registry)
    agent = next(iter(registry))
    # stopwords, an everyday Ukrainian word, then the agent's own
    request = f"будь ласка, зараз {agent.routing_text or agent.description}"
    said = normalised_words(normalise(request))
    assert set(said) <= router._plans.keys()  # each word's plan made before the request
    assert set(said) <= reading._WORD_READS.keys()
    planned = set(router._plans)
    router.route(request)
    assert not (router._plans.keys() - planned) & set(said)  # none made by it (a phrase's
    # joined word, connectionpool, is no word of it)


def test_at_most_known_words_read_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexical, "KNOWN_WORDS_READ", 3)
    router = Router(_fresh(BUNDLED, tmp_path))
    words = ["zzqa", "zzqb", "zzqa", "zzqc", "zzqd", "zzqe"]  # in no plan before
    prepare(router, iter(words))
    assert [w for w in dict.fromkeys(words) if w in router._plans] == ["zzqa", "zzqb", "zzqc"]


@pytest.mark.parametrize("roster", ["bundled", "lst97"])
def test_a_router_that_read_its_roster_words_reads_and_decides_as_one_that_did_not(
    tmp_path: Path, roster: str
) -> None:
    if roster != "bundled" and not SHARED.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    folder = BUNDLED if roster == "bundled" else SHARED / "corpus" / CORPUS[roster]
    served_registry = _fresh(folder, tmp_path)
    plain, served = Router(_fresh(folder, tmp_path)), Router(served_registry)
    known = list(dict.fromkeys(roster_words(served_registry)))
    assert len(known) <= lexical.KNOWN_WORDS_READ
    prepare(served, known)
    assert set(known) <= served._plans.keys()
    for word in known:
        assert served._plans[word] == plain._plan(word), word
        assert reading._WORD_READS[word] == reading._word_read(word), word
    requests = set_requests(SHARED) if SHARED.is_dir() else []
    for request in requests[:300]:
        assert served.route(request).to_json() == plain.route(request).to_json(), request
