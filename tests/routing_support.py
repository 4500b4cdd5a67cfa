"""Helpers shared by the routing tests (no tests here).

The corpus rosters by short name (loaded on first use, once per session: see the ``bundled`` and
``corpus_rosters`` fixtures in conftest.py), agent files written in a test, and the checks the
routing round tests repeat: a request reaches an agent or stays with none, a wording is read as
one joined word or stays plain, a word brings its domain.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from coordinator.roster.loader import load_registry
from coordinator.roster.registry import Registry
from coordinator.routing import concepts
from coordinator.routing.lexical import route
from coordinator.routing.senses import tech_use
from coordinator.routing.text import term_list, words

SHARED = Path(__file__).resolve().parents[2] / "shared"
#: bench/sanity: the unseen-style request sets the routing benches read
SANITY = Path(__file__).resolve().parents[1] / "bench" / "sanity"

#: short name -> folder of ../shared/corpus
CORPUS = {
    "voltagent": "VoltAgent__awesome-claude-code-subagents",
    "lst97": "lst97__claude-code-sub-agents",
    "0xfurai": "0xfurai__claude-code-subagents",
}

#: the keys of a routing decision's JSON (``coord route --json``, ``Decision.to_json``), in order
ROUTE_JSON_KEYS = ["agent", "score", "matched", "redirected_from", "reason", "candidates", "also"]


class Rosters:
    """The bundled roster ("bundled") and the CORPUS rosters by short name, each loaded once.

    The registries are read-only for the tests, so one load serves every test of a session.
    """

    def __init__(self, bundled: Registry, cwd: Path) -> None:
        self._loaded: dict[str, Registry] = {"bundled": bundled}
        self._cwd = cwd

    def __getitem__(self, name: str) -> Registry:
        if name not in self._loaded:
            folder = SHARED / "corpus" / CORPUS[name]
            self._loaded[name] = load_registry([folder], only=True, cwd=self._cwd, cache=False)
        return self._loaded[name]


def write_plain_agent(folder: Path, name: str, description: str, body: str) -> None:
    """Write one subagent file with a one-line (plain) description and ``body``."""
    text = f"---\nname: {name}\ndescription: {description}\n---\n\n{body}\n"
    (folder / f"{name}.md").write_text(text, encoding="utf-8")


def domain_of(word: str) -> tuple[str, ...]:
    """The domain terms a (joined) word brings."""
    return concepts.domain(term_list(word)[0], word)


def assert_routes_to(request_text: str, roster: Registry, agent: str) -> None:
    decision = route(request_text, roster)
    assert decision.agent == agent, decision.reason


def assert_unrouted(request_text: str, roster: Registry) -> None:
    assert route(request_text, roster).agent is None


def assert_read_as_one_word(text: str, joined: list[str]) -> None:
    """``text`` is read as the ``joined`` words, each with a domain."""
    assert concepts.phrases(words(text)) == joined
    assert all(domain_of(j) for j in joined)


def assert_stays_plain(text: str) -> None:
    """No words of ``text`` are joined."""
    assert concepts.phrases(words(text)) == []


def homonym_read_as_technology(text: str, word: str) -> bool:
    """Whether ``word`` (a technology that is an everyday word too: next, go, elastic) is
    read in ``text`` as the technology (:func:`senses.tech_use`)."""
    tokens = words(text)
    return tech_use(text, tokens, tokens.index(word))


@functools.cache
def set_requests(shared: Path) -> tuple[str, ...]:
    """Every request of the routing dev sets (``shared``/routing) and of bench/sanity's
    sets, each once, in order. Read once a process (the files are not written during a
    run), bench/sanity's 3 MB by libyaml where present: the same cases as ``yaml.safe_load``,
    ~2 s of CPU sooner, which each of the ten tests that read them paid."""
    from coordinator.routing.evaluate import load_cases

    found: dict[str, None] = {}
    for path in sorted((shared / "routing").glob("dev-*.yaml")):
        found.update(dict.fromkeys(case.request for case in load_cases(path)))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(SANITY.glob("*.yaml")):
        cases = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []
        found.update(dict.fromkeys(str(case["request"]) for case in cases))
    return tuple(found)


#: Longest corpus line read as a request (longer ones are prose no request is).
LONGEST_LINE = 400


def request_texts(shared: Path) -> list[str]:
    """The routing sets' requests, the sanity sets' (:func:`set_requests`) and every short
    line of a corpus agent (``shared``/corpus), each once, in order."""
    found = dict.fromkeys(set_requests(shared))
    for path in sorted((shared / "corpus").rglob("*.md")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        found.update(dict.fromkeys(s for s in lines if 0 < len(s.strip()) <= LONGEST_LINE))
    return list(found)
