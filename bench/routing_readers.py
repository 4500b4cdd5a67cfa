"""What a word the router reads for the first time costs, reader by reader (issue 12).

``python bench/routing_readers.py [N]`` builds the corpus router as a server does
(:func:`serving_router`, the 200 warm-ups), takes the words the first N (500 unless given)
of ``bench_routing.py``'s new requests read for the first time, and runs each per-word
reader over them in the order a route first asks them (each later one finds the earlier
ones' caches filled), then routes the N requests (what is left of their first time) and
routes them again. It prints each step's CPU a new word. A reader asked twice below (the
misspelt names, the names by ear) is asked once by a route; the everyday-life kinds only by
a request whose chosen agent explains little of it.

Under callgrind each step runs inside ``operator.call`` and ``os.getpgrp`` after it dumps
its count (``PYTHONHASHSEED=0``)::

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=_operator_call \\
        --dump-before=os_getpgrp --callgrind-out-file=OUT python bench/routing_readers.py 500
    python bench/routing_readers.py --read OUT 500

One tree a run (it imports the tree it is in). newreq41 measured with it.
"""

from __future__ import annotations

import gc
import glob
import operator
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._results import help_asked  # noqa: E402
from bench.bench_routing import CORPUS, distinct_requests  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing import (  # noqa: E402
    aliases,
    concepts,
    latin,
    offtopic,
    outcomes,
    senses,
    signatures,
)
from coordinator.routing.lexical import Router, serving_router  # noqa: E402
from coordinator.routing.text import is_cyrillic, normalise, normalised_words, term_list  # noqa: E402

STEPS = (
    "stems and glossary (text.term_list)",
    "word kind (senses._word_kind)",
    "roster relatives (Vocabulary.related)",
    "everyday or product domain (concepts.domain)",
    "codes and ports (signatures.technologies)",
    "misspelt names (NameSpellings.match)",
    "names by ear, Cyrillic (NameSpellings.heard)",
    "the plan itself (QueryReader._plan)",
    "outcome frames (outcomes._learn)",
    "job needs (aliases)",
    "everyday-life kinds (offtopic._kind)",
    "the N requests routed, the rest",
    "the N requests routed again",
)


def _new_words(router: Router, requests: list[str]) -> list[str]:
    """The words ``requests`` read that no plan of the router holds, each once, in order."""
    seen, words = set(router._plans), []
    for request in requests:
        for word in latin.read(normalised_words(normalise(request)), router.idf):
            if word not in seen:
                seen.add(word)
                words.append(word)
    return words


def _steps(router: Router, words: list[str], requests: list[str]) -> list[Callable[[], object]]:
    """Each step of :data:`STEPS`, as a call."""
    pairs: list[tuple[str, str]] = []  # each word's terms: filled by the first step
    related, spellings = router.vocabulary.related, router.spellings

    def stems() -> None:
        pairs.extend((w, t) for w in words for t in term_list(w))

    def misspelt() -> None:  # where _plan asks for a misspelt name
        for word, t in pairs:
            if not (t in router.idf or concepts.domain(t, word) or (related(t) and is_cyrillic(t))):
                spellings.match(word, t)

    def route() -> None:
        for request in requests:
            router.route(request)

    return [
        stems,
        lambda: [senses._word_kind(w) for w in words],
        lambda: [related(t) for _, t in pairs],
        lambda: [concepts.domain(t, w) for w, t in pairs],
        lambda: [signatures.technologies(w) for w in words],
        misspelt,
        lambda: [spellings.heard(w) for w in words if is_cyrillic(w)],
        lambda: [router._plan(w) for w in words],
        lambda: [outcomes._learn(w) for w in words],
        lambda: [aliases._MET[w] for w in words],
        lambda: [offtopic._kind(w) for w in words],
        route,
        route,
    ]


def main(count: int) -> None:
    dirs = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    router = serving_router(load_registry(dirs, only=True, cwd=REPO.parent, cache=False))
    requests, warm = distinct_requests()
    for request in warm:
        router.route(request)
    requests = requests[:count]
    words = _new_words(router, requests)
    cyrillic = sum(map(is_cyrillic, words))
    print(f"{len(words)} new words in the first {count} new requests, {cyrillic} Cyrillic")
    gc.disable()
    for name, step in zip(STEPS, _steps(router, words, requests), strict=True):
        start = time.process_time()
        operator.call(step)
        spent = time.process_time() - start
        os.getpgrp()  # callgrind dumps this step's count here
        print(f"{name:48} {spent / len(words) * 1e6:8.2f} us a new word")


def read(out: str, count: int) -> None:
    """The instructions of each step from a callgrind run's dumps ``OUT.1``, ``OUT.2``, ..."""
    dumps = sorted(glob.glob(out + ".*"), key=lambda f: int(f.rsplit(".", 1)[1]))
    totals = []
    for dump in dumps:
        with open(dump, encoding="utf-8") as lines:
            totals += [int(line.split()[1]) for line in lines if line.startswith("summary:")]
    dirs = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    router = serving_router(load_registry(dirs, only=True, cwd=REPO.parent, cache=False))
    requests, warm = distinct_requests()
    for request in warm:
        router.route(request)
    words = len(_new_words(router, requests[:count]))
    for name, total in zip(STEPS, totals[-len(STEPS) :], strict=True):
        print(f"{name:48} {total:>14,} {total / words:>10,.0f} a new word")


if __name__ == "__main__":
    help_asked(__doc__)
    if sys.argv[1:2] == ["--read"]:
        read(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 500)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
