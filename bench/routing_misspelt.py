"""How the router copes with product names misspelt (round 60): a synthetic stress test.

Every spent case (dev and bench/sanity families) that names one of its roster's agent name
words or described product names (5+ Latin letters), and is routed right as written, is
routed again with that name misspelt the way people slip: two neighbouring letters swapped,
a letter left out, a letter doubled, a vowel written as another (8+ letters). The table
counts, per roster and kind of slip, the cases still routed right with the fuzzy name
matcher (:mod:`coordinator.routing.spelling`) off and on.

``python bench/routing_misspelt.py [--misses]``
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.routing_cases import _files  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing import spelling  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402
from coordinator.routing.lexical import route, router_for  # noqa: E402
from coordinator.routing.text import words  # noqa: E402

_VOWEL_SWAP = str.maketrans("aeiou", "eaeai")


def _swap(word: str) -> str:
    mid = len(word) // 2
    return word[: mid - 1] + word[mid] + word[mid - 1] + word[mid + 1 :]


def _drop(word: str) -> str:
    mid = len(word) // 2
    return word[:mid] + word[mid + 1 :]


def _double(word: str) -> str:
    mid = len(word) // 2
    return word[:mid] + word[mid] + word[mid:]


def _vowel(word: str) -> str:
    for i in range(len(word) - 2, 0, -1):
        if word[i] in "aeiou":
            return word[:i] + word[i].translate(_VOWEL_SWAP) + word[i + 1 :]
    return word


SLIPS: dict[str, Callable[[str], str]] = {
    "swap": _swap,
    "drop": _drop,
    "double": _double,
    "vowel": _vowel,
}


def main() -> None:
    """Print the table: per roster and slip, cases right without / with the matcher."""
    counts: Counter[tuple[str, str, str]] = Counter()
    original = spelling.NameSpellings.match
    for family, name, path, folder in _files():
        dirs = [REPO / "agents"] if folder is None else [REPO.parent / "shared" / "corpus" / folder]
        registry = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
        index = router_for(registry)
        targets = index.spellings.written()
        for case in load_cases(path):
            found = [w for w in words(case.request) if w in targets and w.isascii()]
            if not found or route(case.request, registry).agent not in case.expect:
                continue
            for slip, make in SLIPS.items():
                if slip == "vowel" and len(found[0]) < spelling.LONG_FUZZY:
                    continue
                wrong = make(found[0])
                pattern = re.compile(re.escape(found[0]), re.IGNORECASE)
                request = pattern.sub(wrong, case.request, count=1)
                for mode in ("off", "on"):
                    spelling.NameSpellings.match = (  # type: ignore[method-assign]
                        original if mode == "on" else lambda self, word, term: ()
                    )
                    index._plans.clear()
                    ok = route(request, registry).agent in case.expect
                    counts[(name, slip, mode)] += int(ok)
                    if mode == "on" and not ok and "--misses" in sys.argv:
                        print(f"{name} {slip} {found[0]}->{wrong}: {request[:110]}")
                counts[(name, slip, "cases")] += 1
        del family
    spelling.NameSpellings.match = original  # type: ignore[method-assign]
    print("| roster | slip | cases | matcher off | matcher on |\n|---|---|---|---|---|")
    for roster, slip in sorted({(r, s) for r, s, _ in counts}):
        row = [counts[(roster, slip, k)] for k in ("cases", "off", "on")]
        print(f"| {roster} | {slip} | {row[0]} | {row[1]} | {row[2]} |")


if __name__ == "__main__":
    main()
