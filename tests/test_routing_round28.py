"""Round 28 routing knowledge, written after an analysis of why the expected agent ranks
second on the spent English requests: the API names and runtime messages only one library
prints (signatures._API_TOKENS, signatures._API_PHRASES), symptom wordings no table held
(concepts._R28_ENTRIES, concepts._R28_PHRASE_LINES), and number words and everyday adverbs
in the background frequency list (vocab.COMMON_WORDS). Requests here are constructed, not
taken from a set."""

from __future__ import annotations

import pytest

from coordinator.routing import lexical, signatures
from coordinator.routing.stems import stem_en
from coordinator.routing.text import words
from tests.routing_support import (
    Rosters,
    assert_read_as_one_word,
    assert_routes_to,
    assert_stays_plain,
)


def test_api_phrase_rows_split_at_the_bar() -> None:
    lines = signatures._API_PHRASE_LINES.splitlines()
    assert "vitest: vi mock" in lines and "vitest: vi spyon" in lines
    assert all("|" not in line and line.count(":") == 1 for line in lines)
    assert ("vi", "mock") in [sequence for sequence, _ in signatures.PHRASES["vi"]]


@pytest.mark.parametrize(
    ("text", "tech"),
    [
        ("expect(page).toHaveURL('/home')", "playwright"),
        ("publicProcedure.input(schema)", "trpc"),
        ("nodetool status shows DN", "cassandra"),
        ("wrap the step in autocast and a GradScaler", "pytorch"),
    ],
)
def test_an_api_name_names_its_library(text: str, tech: str) -> None:
    found = {name for token in words(text) for name in signatures.technologies(token)}
    assert tech in found


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("vi.spyOn(api, 'get') is never called", "phrase:vi spyon"),
        ("panic: assignment to entry in nil map", "phrase:assignment to entry in nil map"),
        ("the JetStream consumer stalls", "phrase:jetstream consumer"),
        ("canceling statement due to conflict with recovery", "phrase:conflict with recovery"),
        ("a discriminated union of events", "phrase:discriminated union"),
    ],
)
def test_a_runtime_message_or_api_phrase_is_found(text: str, phrase: str) -> None:
    assert phrase in signatures.phrases(words(text))


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("how do I vertically center the label", ["csslayout"]),
        ("the header should be sticky on scroll", ["csslayout"]),
        ("the total flashes the old value first", ["staleflash"]),
        ("it concatenates user input into sql", ["sqlfromstrings"]),
        ("refactor it without changing behavior", ["splitcode"]),
        ("p99 went up since the last deploy", ["latencyregression"]),
        ("the loss becomes nan at step 200", ["lossdiverges"]),
        ("many users drop off at the payment step", ["userdropoff"]),
        ("the help search gives zero results", ["searchmeaning"]),
        ("pull the action items from the call notes", ["actionitems"]),
        ("the page polls every few seconds", ["pushinstead"]),
        ("keep a history of each price change", ["changehistory"]),
    ],
)
def test_a_symptom_wording_is_read_as_one_word(text: str, joined: list[str]) -> None:
    assert_read_as_one_word(text, joined)


@pytest.mark.parametrize(
    "text",
    [
        "should I break it up into smaller loaves",
        "piece by piece, how do I rebuild my bike",
        "we must keep records for the tax office",
        "the polls every week show a tight race",
    ],
)
def test_everyday_wordings_stay_plain(text: str) -> None:
    assert_stays_plain(text)


def test_number_words_and_everyday_adverbs_are_damped() -> None:
    for word in ("figure", "exactly", "three", "purpose", "everyone"):
        assert stem_en(word) in lexical._COMMON_TERMS


@pytest.mark.parametrize(
    ("roster", "request_text", "agent"),
    [
        (
            "0xfurai",
            "our vi.spyOn is ignored, the real function still runs in the test",
            "vitest-expert",
        ),
        (
            "0xfurai",
            "await expect(page).toHaveURL fails after the login redirect",
            "playwright-expert",
        ),
        ("0xfurai", "jetstream consumer lag keeps growing on the orders stream", "nats-expert"),
        ("0xfurai", "nodetool says the node is down and cqlsh times out", "cassandra-expert"),
        ("0xfurai", "publicProcedure input is typed as any on the client", "trpc-expert"),
        ("0xfurai", "how do I vertically center the text inside the button", "css-expert"),
        (
            "0xfurai",
            "training loss becomes nan after mixed precision was turned on",
            "pytorch-expert",
        ),
        ("lst97", "fatal: slice bounds out of range in the worker, how do I find it", "golang-pro"),
        (
            "lst97",
            "model a discriminated union so the compiler checks every case",
            "typescript-pro",
        ),
        (
            "lst97",
            "p99 went from 300ms to 2s since the last deploy, where do we look",
            "performance-engineer",
        ),
        (
            "voltagent",
            "replica query fails: canceling statement due to conflict with recovery",
            "postgres-pro",
        ),
        (
            "voltagent",
            "are we allowed to keep their support emails for five years",
            "gdpr-ccpa-compliance",
        ),
        (
            "voltagent",
            "this 2000 line function should be broken up without changing behavior",
            "refactoring-specialist",
        ),
        ("bundled", "show a toast message when the upload fails", "react-frontend-expert"),
        (  # the server's push side (WebSocket) is the backend's; bundled6 no longer moves it
            # to the frontend on the word "page" alone
            "bundled",
            "the dashboard page polls every few seconds, can the server push updates",
            "fastapi-backend-expert",
        ),
    ],
)
def test_the_wording_reaches_its_specialist(
    corpus_rosters: Rosters, roster: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster], agent)
