"""Which spent misses everyday words decide: per wrong-agent miss of a bench/routing_why.py
output, whether removing the contributions of COMMON_WORDS / COMMON_WORDS_UK terms from both
the chosen and the expected agent puts the expected one ahead ("flips"), and whether the
expected agent's best own term is rarer (idf) than every term the chosen one leads by.

``python bench/routing_everyday.py WHY.jsonl`` prints the flipping cases and a count per
(language, flips, rarer). A helper for the round-39 analysis; every family read is spent.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SHARED  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing.lexical import router_for  # noqa: E402
from coordinator.routing.senses import _COMMON_TERMS  # noqa: E402


def _contributions(router: object, query: object, index: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for t, factor in query.weights.items():  # type: ignore[attr-defined]
        for i, c in router.postings.get(t, ()):  # type: ignore[attr-defined]
            if i == index:
                out[t] = c * factor
    return out


def _router(folder: str | None, cache: dict[str | None, object]) -> object:
    if folder not in cache:
        dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
        registry = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
        cache[folder] = router_for(registry)
    return cache[folder]


def main(path: str) -> None:
    folders = {**DEV_SETS, **OWN_SETS}
    routers: dict[str | None, object] = {}
    table: collections.Counter[tuple[str, bool, bool]] = collections.Counter()
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    for row in rows:
        if row["kind"] != "wrong" or not row["target"]:
            continue
        router = _router(folders[row["set"]], routers)
        query = router.query(row["request"])  # type: ignore[attr-defined]
        totals, _ = router.scores(query)  # type: ignore[attr-defined]
        w = router.index_of[row["winner"]]  # type: ignore[attr-defined]
        e = router.index_of[row["target"]]  # type: ignore[attr-defined]
        cw, ce = _contributions(router, query, w), _contributions(router, query, e)
        pw = sum(v for t, v in cw.items() if t in _COMMON_TERMS)
        pe = sum(v for t, v in ce.items() if t in _COMMON_TERMS)
        flips = pw > pe and totals[w] - pw < totals.get(e, 0.0) - pe
        idf = router.idf  # type: ignore[attr-defined]
        lead = [idf[t] for t in cw if cw[t] > ce.get(t, 0.0)]
        own = [idf[t] for t in ce if ce[t] > cw.get(t, 0.0)]
        rarer = bool(own) and (not lead or max(own) > max(lead))
        table[(row["lang"], flips, rarer)] += 1
        if flips:
            words = {t: round(v - ce.get(t, 0.0), 2) for t, v in cw.items() if t in _COMMON_TERMS}
            print(row["family"], row["set"], row["lang"], rarer, row["request"][:80], words)
    print(sorted(table.items()))


if __name__ == "__main__":
    main(sys.argv[1])
