"""Why the expected agent loses: per English (or any) miss of the spent families, the rank of
the expected agent, the scores, and the terms that separate the winner from it.

``python bench/routing_why.py CASES.jsonl [--lang en|uk] > WHY.jsonl`` reads a
bench/routing_cases.py output, re-routes its misses with this tree's router and writes one
JSON line per miss: kind (wrong agent / said none / none expected), rank of the best
acceptable agent among the candidates, and per term its contribution (posting weight x idf x
the query's factor) to the winner and to the expected agent, the gap's top terms first.
A helper for the round-28 analysis; every family read is spent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SHARED  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing.lexical import router_for  # noqa: E402


def _contributions(router: object, query: object, index: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for t, factor in query.weights.items():  # type: ignore[attr-defined]
        for i, c in router.postings.get(t, ()):  # type: ignore[attr-defined]
            if i == index:
                out[t] = round(c * factor, 3)
    return out


def main(path: str, lang: str | None) -> None:
    folders = {**DEV_SETS, **OWN_SETS}
    registries: dict[str | None, object] = {}
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    for row in rows:
        if row["ok"] or (lang and row["lang"] != lang):
            continue
        folder = folders[row["set"]]
        if folder not in registries:
            dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
            registries[folder] = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
        router = router_for(registries[folder])  # type: ignore[arg-type]
        query = router.query(row["request"])
        totals, fired = router.scores(query)
        ranked = sorted(totals.items(), key=lambda kv: -kv[1])
        names = [router.names[i] for i, _ in ranked]
        expect = [e for e in row["expect"] if e is not None]
        rank = min((names.index(e) + 1 for e in expect if e in names), default=None)
        target = next((e for e in expect if e in names and names.index(e) + 1 == rank), None)
        got = row["got"]
        kind = "none-expected" if None in row["expect"] else "said-none" if got is None else "wrong"
        winner = got if got is not None else (names[0] if names else None)
        out = dict(row, kind=kind, rank=rank, target=target, winner=winner)
        out["top"] = [(router.names[i], round(s, 2)) for i, s in ranked[:4]]
        w = _contributions(router, query, router.index_of[winner]) if winner else {}
        e = _contributions(router, query, router.index_of[target]) if target else {}
        gap = {t: round(w.get(t, 0) - e.get(t, 0), 3) for t in set(w) | set(e)}
        out["gap"] = sorted(gap.items(), key=lambda kv: -abs(kv[1]))[:6]
        out["idf"] = {t: round(router.idf.get(t, 0), 2) for t, _ in out["gap"]}
        out["fired"] = {
            router.names[i]: [t.text for t in ts]
            for i, ts in fired.items()
            if router.names[i] in (winner, target)
        }
        out["terms"] = sorted(query.weights)
        if winner:
            out["cov_w"] = round(router.coverage(router.index_of[winner], query), 2)
        if target:
            out["cov_e"] = round(router.coverage(router.index_of[target], query), 2)
        print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    args = sys.argv[1:]
    lang = args[args.index("--lang") + 1] if "--lang" in args else None
    main(args[0], lang)
