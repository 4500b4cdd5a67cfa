"""How much of a new word's first reads a new form of a known stem costs (issue 12, newreq45).

``python bench/routing_stems.py [N] [--opcodes]`` builds the corpus router as a server does
(:func:`serving_router`, the 200 warm-ups), takes the words the first N (3,000 unless given)
of ``bench_routing.py``'s new requests read for the first time, in the order the bench
routes them, and runs each per-word reader of ``routing_readers.py`` on one word after the
other (a word's readers in a route's order, each finding the earlier words' caches filled).
Each reader's call is timed (``perf_counter_ns``, the collector off) or, with
``--opcodes``, its Python opcodes are counted (``sys.settrace``: deterministic, but C work
inside an opcode is not counted).

It prints how many new words are a new form of a stem some earlier word had (the stem:
``stem_uk`` of a Cyrillic word, ``stem_en`` of another; the earlier words: those the router
had planned after the warm-ups, then the new words before it), what share of the first
reads those words cost, reader by reader, and the same for the new words of the requests
whose new words cost most (the slowest 1%: the tail the p99 reads). Then, for each reader,
how many of those new forms it answers as it answers the stem's first form: a reader keyed
by the stem gives a new form its first form's answer, so any form it answers otherwise is
a routing decision the key would change.

One tree a run (it imports the tree it is in).
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._results import help_asked  # noqa: E402
from bench.bench_routing import CORPUS, distinct_requests  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing import aliases, concepts, latin, offtopic, outcomes, senses, signatures  # noqa: E402
from coordinator.routing.lexical import Router, serving_router  # noqa: E402
from coordinator.routing.stems import stem_en, stem_uk  # noqa: E402
from coordinator.routing.text import (  # noqa: E402
    is_cyrillic,
    normalise,
    normalised_words,
    term_list,
)

READERS = (
    "stems and glossary",
    "word kind",
    "roster relatives",
    "everyday or product domain",
    "codes and ports",
    "misspelt names",
    "names by ear",
    "the plan",
    "outcome frames",
    "job needs",
    "everyday-life kinds",
)


def _stem(word: str) -> str:
    return stem_uk(word) if is_cyrillic(word) else stem_en(word)


def _answers(router: Router, word: str) -> Iterator[Callable[[], object]]:
    """Each reader of :data:`READERS` asked about ``word`` (as ``routing_readers.py`` asks
    it: the misspelt names where ``_plan`` asks), as a call returning its answer."""
    terms: list[str] = []
    related, spellings = router.vocabulary.related, router.spellings

    def stems() -> object:
        terms.extend(term_list(word))
        return tuple(terms)

    def misspelt() -> object:
        return tuple(
            spellings.match(word, t)
            for t in terms
            if not (t in router.idf or concepts.domain(t, word) or (related(t) and is_cyrillic(t)))
        )

    yield stems
    yield lambda: senses._word_kind(word)
    yield lambda: tuple(related(t) for t in terms)
    yield lambda: tuple(concepts.domain(t, word) for t in terms)
    yield lambda: signatures.technologies(word)
    yield misspelt
    yield lambda: spellings.heard(word) if is_cyrillic(word) else None
    yield lambda: repr(router._plan(word))
    yield lambda: outcomes._learn(word)[1:]  # the frames and groups (the keys hit are the form's)
    yield lambda: aliases._MET[word]
    yield lambda: offtopic._kind(word)


class _Opcodes:
    """Python opcodes executed while tracing."""

    def __init__(self) -> None:
        self.count = 0

    def trace(self, frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        frame.f_trace_opcodes = True
        if event == "opcode":
            self.count += 1
        return self.trace


def _cost(call: Callable[[], object], opcodes: _Opcodes | None) -> tuple[int, object]:
    if opcodes is None:
        start = time.perf_counter_ns()
        answer = call()
        return time.perf_counter_ns() - start, answer
    opcodes.count = 0
    sys.settrace(opcodes.trace)
    answer = call()
    sys.settrace(None)
    return opcodes.count, answer


def _share(label: str, rows: list[tuple[str, bool, list[int]]]) -> None:
    total = [sum(c[i] for _, _, c in rows) for i in range(len(READERS))]
    same = [sum(c[i] for _, again, c in rows if again) for i in range(len(READERS))]
    forms = sum(again for _, again, _ in rows)
    print(f"\n{label}: {len(rows)} new words, {forms} a new form of a known stem")
    print(f"  their share of the first reads: {sum(same) / max(sum(total), 1):.1%}")
    for name, whole, part in zip(READERS, total, same, strict=True):
        whole, part = whole / sum(total), part / sum(total)
        print(f"  {name:28} {whole:6.1%} of the whole; new forms {part:6.1%}")


def main(count: int, opcodes: _Opcodes | None) -> None:
    dirs = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    router = serving_router(load_registry(dirs, only=True, cwd=REPO.parent, cache=False))
    requests, warm = distinct_requests()
    for request in warm:
        router.route(request)
    first = {_stem(w): w for w in reversed(list(router._plans))}  # each stem's first form
    seen, owners = set(router._plans), []  # each new word and the request it is new in
    for number, request in enumerate(requests[:count]):
        for word in latin.read(normalised_words(normalise(request)), router.idf):
            if word not in seen:
                seen.add(word)
                owners.append((word, number))
    gc.disable()
    rows, forms = [], []
    for word, _ in owners:
        costs_answers = [_cost(call, opcodes) for call in _answers(router, word)]
        stem = _stem(word)
        again = stem in first
        if again:
            forms.append((word, first[stem], [answer for _, answer in costs_answers]))
        first.setdefault(stem, word)
        rows.append((word, again, [cost for cost, _ in costs_answers]))
    gc.enable()
    _share(f"the first {count} new requests", rows)
    by_request: dict[int, int] = {}
    for (_, number), (_, _, costs) in zip(owners, rows, strict=True):
        by_request[number] = by_request.get(number, 0) + sum(costs)
    tail = set(sorted(by_request, key=by_request.__getitem__)[-max(1, count // 100) :])
    _share(
        f"the {len(tail)} requests whose new words cost most",
        [r for (_, n), r in zip(owners, rows, strict=True) if n in tail],
    )
    print(f"\nnew forms read as their stem's first form ({len(forms)} forms):")
    for index, name in enumerate(READERS):
        alike = sum(
            _answers_alike(router, earlier, answers, index) for _, earlier, answers in forms
        )
        print(f"  {name:28} {alike:6} ({alike / max(len(forms), 1):.1%})")


def _answers_alike(router: Router, earlier: str, answers: list[object], index: int) -> bool:
    """Whether the reader at ``index`` answers ``earlier`` (a stem's first form) as ``answers``."""
    calls = list(_answers(router, earlier))
    terms = calls[0]()  # the later readers read its terms
    return (terms if index == 0 else calls[index]()) == answers[index]


if __name__ == "__main__":
    help_asked(__doc__)
    arguments = [a for a in sys.argv[1:] if a != "--opcodes"]
    main(int(arguments[0]) if arguments else 3000, _Opcodes() if "--opcodes" in sys.argv else None)
