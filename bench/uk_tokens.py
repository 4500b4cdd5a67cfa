"""Count the Ukrainian request words the router cannot read, per request set.

A Cyrillic token (not a stopword) is *glossary-known* when the glossary reaches it (its own
entry or its root's, :func:`coordinator.routing.text.term_list`), *roster-known* when its
term or a cross-script relative (transliteration, :mod:`coordinator.routing.match`) is in
its set's roster, and *unknown* otherwise. ``--pymorphy`` also looks each unknown token's
pymorphy3 lemma up the same way (needs ``pymorphy3`` and ``pymorphy3-dicts-uk``; the router
never imports them).

``python bench/uk_tokens.py [--sets dev,sanity,fresh,fresh2] [--list] [--pymorphy]``
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SHARED  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402
from coordinator.routing.lexical import Router  # noqa: E402
from coordinator.routing.text import STOPWORDS, is_cyrillic, term_list, words  # noqa: E402
from coordinator.routing.uk_roots import glossary_english  # noqa: E402


def _router(folder: str | None, cache: dict[str | None, Router]) -> Router:
    if folder not in cache:
        dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
        cache[folder] = Router(load_registry(dirs, only=True, cwd=REPO.parent, cache=False))
    return cache[folder]


def _known(token: str, router: Router) -> bool:
    found = term_list(token)
    return bool(found) and any(t in router.idf or router.vocabulary.related(t) for t in found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default="dev,sanity,fresh,fresh2")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--pymorphy", action="store_true")
    args = parser.parse_args()
    routers: dict[str | None, Router] = {}
    unknown: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for kind in args.sets.split(","):
        sets = DEV_SETS if kind == "dev" else OWN_SETS
        for name, folder in sets.items():
            path = (
                SHARED / "routing" / f"dev-{name}.yaml"
                if kind == "dev"
                else REPO / "bench" / "sanity" / f"{kind}-{name}.yaml"
            )
            if not path.exists():
                continue
            router = _router(folder, routers)
            for case in load_cases(path):
                for token in words(case.request):
                    if not is_cyrillic(token) or token in STOPWORDS or not term_list(token):
                        continue
                    counts["tokens"] += 1
                    if glossary_english(token):
                        counts["glossary"] += 1
                    elif _known(token, router):
                        counts["roster"] += 1
                    else:
                        counts["unknown"] += 1
                        unknown[token] += 1
    print(
        f"Ukrainian tokens: {counts['tokens']}; glossary {counts['glossary']}, "
        f"roster (transliterated) {counts['roster']}, unknown {counts['unknown']} "
        f"({len(unknown)} distinct)"
    )
    if args.list:
        print(" ".join(sorted(unknown)))
    if args.pymorphy:
        _pymorphy(unknown)


def _pymorphy(unknown: Counter[str]) -> None:
    start = time.process_time()
    import pymorphy3  # type: ignore[import-not-found,unused-ignore]

    analyser = pymorphy3.MorphAnalyzer(lang="uk")
    loaded = time.process_time() - start
    rescued = [t for t in unknown if glossary_english(analyser.parse(t)[0].normal_form)]
    print(
        f"pymorphy3 load {loaded * 1000:.0f} ms CPU; its lemma reaches the glossary for "
        f"{sum(unknown[t] for t in rescued)} of {sum(unknown.values())} unknown tokens: "
        + " ".join(sorted(rescued))
    )


if __name__ == "__main__":
    main()
