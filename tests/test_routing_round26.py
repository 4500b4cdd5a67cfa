"""Round 26 routing knowledge: the five bundled specialists' topics (a FastAPI backend,
databases, DevOps, a React frontend, LLM/ML) in the words people use for them, English
(concepts._BUNDLED_ENTRIES and concepts._BUNDLED_PHRASE_LINES, read together with the
earlier tables) and Ukrainian (glossary._BUNDLED_ENTRIES, read after the earlier lists)."""

from __future__ import annotations

import random

import pytest

from coordinator.roster.registry import Registry
from coordinator.routing import concepts, glossary
from coordinator.routing.lexical import route
from coordinator.routing.text import term_list, words
from tests.routing_support import assert_routes_to


def _phrases(text: str) -> list[tuple[str, str]]:
    out = []
    for line in text.strip().splitlines():
        joined, _, phrases = line.partition(":")
        out.extend((joined.strip(), phrase.strip()) for phrase in phrases.split("|"))
    return out


def _stems(text: str) -> list[str]:
    return [line.split()[0] for line in text.strip().splitlines() if line and line[0] != "#"]


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("only admins should see it", ["onlyadmins"]),
        ("managers see other managers orders", ["owndata"]),
        ("do it in the background instead", ["backgroundtask"]),
        ("let users drag the cards", ["dragdrop"]),
        ("the spinner never goes away", ["loadingstate"]),
        ("group reviews by topic automatically", ["clustergroup"]),
        ("search by meaning not exact words", ["semanticsearch"]),
        ("sort tickets into categories automatically", ["autoclassify"]),
        ("the model should call our function", ["functioncalling"]),
        ("add response examples", ["apidescribe"]),
        ("two editors overwrite each other", ["lostupdate"]),
        ("we find out from customers", ["sitedown"]),
    ],
)
def test_a_bundled_topic_phrase_is_read_as_one_word(text: str, joined: list[str]) -> None:
    assert concepts.phrases(words(text)) == joined


def _phrases_by_first_token(tokens: list[str]) -> list[str]:
    """The scan as round 17 wrote it: every phrase starting at a token, longest first."""
    out: list[str] = []
    for position, token in enumerate(tokens):
        for sequence, joined in concepts._PHRASES.get(token, ()):
            if tuple(tokens[position : position + len(sequence)]) == sequence:
                if joined not in out:
                    out.append(joined)
                break
    return out


def test_the_scan_by_two_tokens_finds_what_the_scan_by_one_does() -> None:
    rng = random.Random(26)
    vocabulary = sorted({t for items in concepts._PHRASES.values() for s, _ in items for t in s})
    vocabulary += ["the", "a", "and", "n+1"]
    for _ in range(3000):
        tokens = [rng.choice(vocabulary) for _ in range(rng.randint(1, 10))]
        assert concepts.phrases(tokens) == _phrases_by_first_token(tokens), tokens
    # a longer phrase wins over a shorter one at the same position, a one-token phrase counts
    assert concepts.phrases(words("rate limited by openai, an n+1")) == ["llmfallback", "nplusone"]


@pytest.mark.parametrize(
    ("word", "domain_term"),
    [
        ("onlyadmins", "author"),
        ("owndata", "permission"),
        ("backgroundtask", "worker"),
        ("dragdrop", "drag"),
        ("loadingstate", "skeleton"),
        ("clustergroup", "clust"),
        ("keysetpaging", "keyset"),
        ("undodeploy", "rollback"),
        ("sitedown", "uptim"),
        ("extractfields", "structur"),
        ("llmcost", "token"),
    ],
)
def test_a_bundled_topic_word_brings_its_agents_words(word: str, domain_term: str) -> None:
    found = concepts.domain(term_list(word)[0], word)
    assert any(t.startswith(domain_term) for t in found), found


def test_the_block_adds_no_word_or_stem_the_earlier_tables_hold() -> None:
    earlier = concepts._ENTRIES | concepts._NICHE_ENTRIES
    assert not set(concepts._BUNDLED_ENTRIES) & set(earlier)
    earlier_stems = {t for w in earlier for t in term_list(w)}
    assert not {t for w in concepts._BUNDLED_ENTRIES for t in term_list(w)} & earlier_stems


def test_every_bundled_phrase_is_new_tokenised_and_has_a_domain() -> None:
    earlier = {p for _, p in _phrases(concepts._PHRASE_LINES + concepts._NICHE_PHRASE_LINES)}
    for joined, phrase in _phrases(concepts._BUNDLED_PHRASE_LINES):
        assert phrase not in earlier, phrase
        assert " ".join(words(phrase)) == phrase, phrase
        assert any(t in concepts.CONCEPTS for t in term_list(joined)), joined


def test_the_glossary_block_only_adds_stems() -> None:
    earlier = set(_stems(glossary._ENTRIES + glossary._MORE_ENTRIES))
    added = _stems(glossary._BUNDLED_ENTRIES)
    assert added and not set(added) & earlier
    assert all(stem in glossary.GLOSSARY for stem in added)


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("чужі", "owndata"),  # others' (orders, profiles): access control
        ("канбан", "boardview"),
        ("крутилка", "loadingst"),
        ("кейсет", "keyset"),  # was read as "case"
        ("неавторизований", "unauthor"),
    ],
)
def test_a_ukrainian_form_reaches_its_english_term(word: str, english: str) -> None:
    assert english in term_list(word), term_list(word)


@pytest.mark.parametrize(
    # a stem that is another English word (sortable -> sort, stepper -> step, containerize ->
    # container, formerrors -> former), a word with an everyday sense (reorder: buy again;
    # kanban: a team's process; offset; similarity: "a similar issue")
    "word",
    ["sort", "step", "container", "former", "reorder", "kanban", "offset", "similar"],
)
def test_a_word_with_another_sense_is_left_out(word: str) -> None:
    assert not any(concepts._BUNDLED_ENTRIES.get(w) for w in (word, f"{word}s"))
    assert term_list(word)[0] not in {t for w in concepts._BUNDLED_ENTRIES for t in term_list(w)}


@pytest.mark.parametrize(
    # схоже is "it seems", подібні "such"; крутиться is also "runs" (a service in docker);
    # вигадати is any inventing (round 11 reads it as a hallucination only beside a bot);
    # snow валить, flights cost дорого, a photo is викласти, a ballot has a галочка, a car a
    # бічне mirror, a house a підвал, a shelf is прикріпити, people
    # зʼїжджають from a flat, a boat поплив (одночасно is left to round 25's glossary:
    # "at the same time" reads as concurrency there, +3 on the spent sets)
    "word",
    [
        *("схоже", "подібні", "крутиться", "вигадуй", "валить", "дорого", "викласти"),
        *("галочку", "бічне", "підвалі", "прикріпити", "зʼїхали", "поплив"),
    ],
)
def test_a_ukrainian_word_with_an_everyday_sense_is_left_out(word: str) -> None:
    found = set(term_list(word))
    assert not found & {"similar", "spin", "loadingst", "hallucin", "crash", "cost", "deploy"}
    assert not found & {"checkbox", "sidebar", "footer", "concurrent", "attach", "layout"}


@pytest.mark.parametrize(
    "text",
    ["reorder my groceries from last week", "the sock drawer needs sorting by color"],
)
def test_everyday_phrases_stay_plain(text: str) -> None:
    assert concepts.phrases(words(text)) == []


@pytest.mark.parametrize(
    # each routes elsewhere or to none on the tree this round started from
    ("request_text", "agent"),
    [
        ("only admins should see /users, everyone sees it now", "fastapi-backend-expert"),
        ("managers see other managers' orders", "fastapi-backend-expert"),
        ("менеджери бачать чужі замовлення", "fastapi-backend-expert"),
        ("неавторизований користувач бачить список", "fastapi-backend-expert"),
        ("let users reorder the kanban columns by dragging them", "react-frontend-expert"),
        ("the spinner never goes away when the request fails", "react-frontend-expert"),
        ("group customer reviews by topic automatically", "llm-ml-engineer"),
        ("the model should call our create_task function itself", "llm-ml-engineer"),
        ("offset pagination dies on page 100, switch to keyset", "database-engineer"),
        ("two people edit the same task and overwrite each other", "database-engineer"),
        ("we find out the site is down from customers", "devops-expert"),
    ],
)
def test_everyday_wording_reaches_the_bundled_specialist(
    bundled: Registry, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, bundled, agent)


@pytest.mark.parametrize(
    "request_text",
    ["reorder my groceries from last week", "what should i cook for dinner tonight"],
)
def test_everyday_life_stays_without_a_specialist(bundled: Registry, request_text: str) -> None:
    assert route(request_text, bundled).agent is None
