"""Learn request words -> definition terms from the labelled requests, and cross-validate it.

Round 15 (issue 10), an experiment that did NOT pay (bench/RESULTS.md, "Routing dev sets
(round 15)"); nothing of it is in coordinator/. Everyday wording ("checkout total is wrong",
"оплата не проходить") points to an agent whose definition says "payments"; the link is learned,
roster-agnostically, from the labelled requests of every spent family (dev on six rosters,
then every own family bench/sanity/ holds; 1,523 requests when it held up to fresh13):

- a request's words are its query terms as the router normalises them (English stems,
  Ukrainian words through the glossary, else their stems), numbers left out; words in over
  MAX_WORD_SHARE of the requests are glue and learn nothing;
- an agent's definition terms are those of its name, triggers and description (not its body)
  that agents' definitions in at least two rosters hold, and at most MAX_DEF_SHARE of all
  agents (no roster's own jargon, no "engineer", "build");
- for each request word w and definition term t (t != w): ``gold`` counts the requests with w
  whose preferred agent's definition holds t; ``expected`` is the larger of the share of that
  request's other top candidates holding t (the router's top five, acceptable ones left out)
  summed over the requests, and t's base rate among all gold definitions times the requests
  with w; strength(w, t) = (gold - expected) / (requests with w + PRIOR);
- a pair is kept when gold >= MIN_GOLD requests from MIN_ROSTERS+ rosters, strength >= the
  threshold, and it is among the word's TOP strongest.

At routing time (:class:`Expanding`, a subclass of the shipped router) a request term the
roster does not describe adds its learned terms at weight x strength; see the class.

``python bench/learn_terms.py collect`` routes every case once (words, gold and rival
definitions, cached in /tmp); ``lofo`` runs leave-one-family-out over the families (a table
per fold built WITHOUT the held-out family; weight and threshold chosen inside the fold by an
inner leave-one-family-out over the others; ``--weight W --threshold T`` fixes them instead)
and prints the out-of-fold breakdown per roster, language and "none"; ``changes`` lists every
decision the out-of-fold tables change; ``none`` tries a learned "none"-word table as a veto;
``show`` prints the table learned from all families. Every family here is spent.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SANITY, SHARED, own_kinds  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing import lexical  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402

#: dev, then the own set families bench/sanity/ holds.
FAMILIES = ("dev", *own_kinds())
CACHE = Path("/tmp/learn_terms_cases.json")
#: Requests a pair needs, and rosters they come from.
MIN_GOLD = 3
MIN_ROSTERS = 2
#: Definition terms held by more than this share of all agents say nothing (engineer, build).
MAX_DEF_SHARE = 0.08
#: Pseudo-count in the strength's denominator (a word seen twice cannot be sure).
PRIOR = 2.0
#: Associations kept per request word.
TOP = 4
#: Request words in more than this share of requests are glue, not wording (fix, the, add).
MAX_WORD_SHARE = 0.03
WEIGHTS = (0.0, 0.35, 0.5, 0.75)
THRESHOLDS = (0.4, 0.5, 0.55)


Table = dict[str, tuple[tuple[str, float], ...]]


class Expanding(lexical.Router):
    """The shipped router plus the learned expansion (the experiment; nothing in coordinator/).

    A request term the roster does not describe (name, triggers, description; on a small
    roster any field) and that the table knows adds its learned definition terms the roster
    holds at ``weight`` x strength (scored through their top RELATED_POSTINGS postings, like a
    word's relatives), and they explain the term for coverage as its relatives do. They fire
    no trigger and name no NOT-for topic.
    """

    table: ClassVar[Table] = {}
    weight: ClassVar[float] = 0.0

    def query(self, request: str) -> lexical._Query:
        query = super().query(request)
        added: dict[str, float] = {}
        if not self.weight:
            query.expansion = added  # type: ignore[attr-defined]
            return query
        idf, described, weights = self.idf, self.described_vocab, query.weights
        for t in list(query.basis):
            if t in described:
                continue
            found = [(o, s) for o, s in self.table.get(t, ()) if o in idf]
            for other, strength in found:
                weight = self.weight * strength
                if weight > max(weights.get(other, 0.0), added.get(other, 0.0)):
                    added[other] = weight
                    query.surface.setdefault(other, query.surface[t])
            mine = query.related.get(t, ())
            more = tuple(o for o, _ in found if o not in mine)
            if more:
                query.related[t] = (*mine, *more)
        query.expansion = added  # type: ignore[attr-defined]
        if added:
            weights.update(added)
            query.broad = query.broad | added.keys()
        return query

    def scores(
        self, query: lexical._Query
    ) -> tuple[dict[int, float], dict[int, list[lexical._Trigger]]]:
        added: dict[str, float] = getattr(query, "expansion", {})
        if not added:
            return super().scores(query)
        plain = {t: w for t, w in query.weights.items() if t not in added}
        totals, fired = super().scores(dataclasses.replace(query, weights=plain))
        for term, factor in added.items():
            for index, contribution in self.postings.get(term, ())[: lexical.RELATED_POSTINGS]:
                totals[index] = totals.get(index, 0.0) + contribution * factor
        return totals, fired


@dataclass
class Case:
    family: str
    roster: str
    request: str
    expect: list[str | None]
    words: list[str]
    gold: list[str]  # the preferred agent's definition terms (empty for "none")
    rivals: list[list[str]]  # the other top candidates' definition terms


def _rosters() -> dict[str, Registry]:
    out = {}
    for name, folder in {**DEV_SETS, **OWN_SETS}.items():
        key = folder or "bundled"
        if key not in out:
            dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
            out[key] = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
        del name
    return out


def _files() -> list[tuple[str, str, Path]]:
    out = [
        ("dev", folder or "bundled", SHARED / "routing" / f"dev-{name}.yaml")
        for name, folder in DEV_SETS.items()
    ]
    for family in FAMILIES[1:]:
        for name, folder in OWN_SETS.items():
            path = SANITY / f"{family}-{name}.yaml"
            if path.exists():
                out.append((family, folder or "bundled", path))
    return out


def definition(registry: Registry) -> list[set[str]]:
    """Per agent, its name, trigger and description terms."""
    out = []
    for agent in registry:
        fields = lexical._fields(agent)
        out.append(set(fields["name"]) | set(fields["triggers"]) | set(fields["description"]))
    return out


def collect() -> list[Case]:
    """Route every case once with the router as shipped (no learned table)."""
    registries = _rosters()
    routers = {k: lexical.Router(r) for k, r in registries.items()}
    defs = {k: definition(r) for k, r in registries.items()}
    shared = _shared_terms(defs)
    cases = []
    for family, roster, path in _files():
        router, terms_of = routers[roster], defs[roster]
        for case in load_cases(path):
            query = router.query(case.request)
            words = sorted(t for t in query.basis if not any(c.isdigit() for c in t))
            ranked = [c.agent for c in router.route(case.request).candidates]
            first = case.expect[0]
            gold = terms_of[router.index_of[first]] & shared if first in router.index_of else set()
            rivals = [
                sorted(terms_of[router.index_of[a]] & shared)
                for a in ranked
                if a not in case.expect
            ]
            cases.append(
                Case(family, roster, case.request, case.expect, words, sorted(gold), rivals)
            )
    return cases


def _shared_terms(defs: dict[str, list[set[str]]]) -> set[str]:
    """Definition terms of at least two rosters, held by at most MAX_DEF_SHARE of all agents."""
    seen: Counter[str] = Counter()
    held: Counter[str] = Counter()
    for agents in defs.values():
        seen.update(set().union(*agents))
        for terms in agents:
            held.update(terms)
    count = sum(len(agents) for agents in defs.values())
    return {t for t, n in seen.items() if n >= 2 and held[t] <= MAX_DEF_SHARE * count}


def load() -> list[Case]:
    if not CACHE.exists():
        cases = collect()
        CACHE.write_text(json.dumps([vars(c) for c in cases], ensure_ascii=False))
    return [Case(**row) for row in json.loads(CACHE.read_text())]


def build(cases: Sequence[Case], threshold: float) -> Table:
    """The table learned from ``cases`` (see the module docstring)."""
    seen: Counter[str] = Counter()
    gold: dict[str, Counter[str]] = defaultdict(Counter)
    rival: dict[str, Counter[str]] = defaultdict(Counter)
    rosters: dict[tuple[str, str], set[str]] = defaultdict(set)
    routed = [c for c in cases if c.gold]
    for case in routed:
        for w in case.words:
            seen[w] += 1
            for t in case.gold:
                if t != w:
                    gold[w][t] += 1
                    rosters[w, t].add(case.roster)
            if case.rivals:
                share = 1 / len(case.rivals)
                for terms in case.rivals:
                    for t in terms:
                        rival[w][t] += share
    glue = MAX_WORD_SHARE * len(routed)
    base: Counter[str] = Counter()
    for case in routed:
        base.update(case.gold)
    table: Table = {}
    for w, counts in gold.items():
        if seen[w] > glue:
            continue
        kept = []
        for t, n in counts.items():
            if n < MIN_GOLD or len(rosters[w, t]) < MIN_ROSTERS:
                continue
            expected = max(rival[w][t], seen[w] * base[t] / len(routed))
            strength = (n - expected) / (seen[w] + PRIOR)
            if strength >= threshold:
                kept.append((t, round(strength, 3)))
        if kept:
            kept.sort(key=lambda item: (-item[1], item[0]))
            table[w] = tuple(kept[:TOP])
    return table


def none_table(cases: Sequence[Case], threshold: float) -> dict[str, float]:
    """Request words learned to mark a request no specialist fits (kitchen, taxes): the lift
    of "none" among the requests holding the word, kept over MIN_GOLD requests, 2+ rosters."""
    seen: Counter[str] = Counter()
    none: Counter[str] = Counter()
    rosters: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        for w in case.words:
            seen[w] += 1
            if None in case.expect:
                none[w] += 1
                rosters[w].add(case.roster)
    rate = sum(None in c.expect for c in cases) / max(1, len(cases))
    out = {}
    for w, n in none.items():
        if n >= MIN_GOLD and len(rosters[w]) >= MIN_ROSTERS:
            lift = (n - rate * seen[w]) / (seen[w] + PRIOR)
            if lift >= threshold:
                out[w] = round(lift, 3)
    return out


def lofo_none(threshold: float, coverage: float) -> None:
    """A routed request holding a learned "none" word, explained under ``coverage``: none."""
    cases = load()
    scorer = Scorer(cases)
    families = by_family(cases)
    print("| left out | cases | without | with | change | none P | none R | table words |")
    print("|---|---:|---:|---:|---:|---|---|---:|")
    for held in FAMILIES:
        table = none_table(
            [cases[i] for f in FAMILIES if f != held for i in families[f]], threshold
        )
        Expanding.table, Expanding.weight = {}, 0.0
        base = now = said = right = wanted = 0
        for i in families[held]:
            case = cases[i]
            decision = scorer.routers[case.roster].route(case.request)
            agent = decision.agent
            base += agent in case.expect
            if (
                agent is not None
                and decision.coverage < coverage
                and table.keys() & set(case.words)
            ):
                agent = None
            now += agent in case.expect
            said += agent is None
            right += agent is None and None in case.expect
            wanted += None in case.expect
        print(
            f"| {held} | {len(families[held])} | {base} | {now} | {now - base:+d} "
            f"| {right}/{said} | {right}/{wanted} | {len(table)} |",
            flush=True,
        )


class Scorer:
    """Routes cases with a given table and weight (routers built once per roster)."""

    def __init__(self, cases: Sequence[Case]) -> None:
        self.cases = cases
        registries = _rosters()
        self.routers = {k: Expanding(r) for k, r in registries.items()}

    def got(self, index: int, table: Table, weight: float) -> str | None:
        case = self.cases[index]
        Expanding.table, Expanding.weight = table, weight
        return self.routers[case.roster].route(case.request).agent

    def score(self, indices: Iterable[int], table: Table, weight: float) -> tuple[int, int, int]:
        """Acceptable cases, "none" said, "none" said rightly."""
        ok = said = right = 0
        for i in indices:
            agent = self.got(i, table, weight)
            expect = self.cases[i].expect
            ok += agent in expect
            said += agent is None
            right += agent is None and None in expect
        return ok, said, right


def by_family(cases: Sequence[Case]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        out[c.family].append(i)
    return out


def inner_choice(
    scorer: Scorer, families: dict[str, list[int]], train: list[str]
) -> tuple[float, float]:
    """Weight and threshold chosen by leave-one-family-out over ``train``."""
    best: tuple[int, float, float] | None = None
    for threshold in THRESHOLDS:
        tables = {}
        for held in train:
            rest = [scorer.cases[i] for f in train if f != held for i in families[f]]
            tables[held] = build(rest, threshold)
        for weight in WEIGHTS:
            total = sum(scorer.score(families[h], tables[h], weight)[0] for h in train)
            # ties keep the smaller weight (0 = no table)
            if best is None or total > best[0]:
                best = (total, weight, threshold)
    assert best is not None
    return best[1], best[2]


def lofo(fixed: tuple[float, float] | None) -> None:
    """Per held-out family: the router without and with the table learned without it."""
    cases = load()
    scorer = Scorer(cases)
    families = by_family(cases)
    print("| left out | cases | without | with | change | weight | threshold | table words |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    before: dict[int, str | None] = {}
    after: dict[int, str | None] = {}
    gained = lost = 0
    for held in FAMILIES:
        train = [f for f in FAMILIES if f != held]
        weight, threshold = fixed or inner_choice(scorer, families, train)
        table = build([cases[i] for f in train for i in families[f]], threshold)
        for i in families[held]:
            before[i] = scorer.got(i, {}, 0.0)
            after[i] = scorer.got(i, table, weight)
        base = sum(before[i] in cases[i].expect for i in families[held])
        now = sum(after[i] in cases[i].expect for i in families[held])
        gained += now > base
        lost += now < base
        print(
            f"| {held} | {len(families[held])} | {base} | {now} | {now - base:+d} | {weight:g} "
            f"| {threshold:g} | {len(table)} |",
            flush=True,
        )
    print(f"folds gained / lost: {gained} / {lost}")
    breakdown(cases, before, after)


def breakdown(
    cases: Sequence[Case], before: dict[int, str | None], after: dict[int, str | None]
) -> None:
    """Out-of-fold acceptable cases per roster and language, and "none" P / R."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        groups["all"].append(i)
        groups[case.roster.split("__")[0]].append(i)
        cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in case.request)
        groups["uk" if cyrillic else "en"].append(i)
    print("| group | cases | without | with | none P without → with | none R without → with |")
    print("|---|---:|---:|---:|---|---|")
    for name, members in groups.items():
        cells = []
        for got in (before, after):
            said = [i for i in members if got[i] is None]
            right = sum(None in cases[i].expect for i in said)
            wanted = sum(None in cases[i].expect for i in members)
            ok = sum(got[i] in cases[i].expect for i in members)
            cells.append((ok, f"{right}/{len(said)}", f"{right}/{wanted}"))
        print(
            f"| {name} | {len(members)} | {cells[0][0]} | {cells[1][0]} "
            f"| {cells[0][1]} → {cells[1][1]} | {cells[0][2]} → {cells[1][2]} |"
        )


def changes(weight: float, threshold: float) -> None:
    """Every decision the table changes, each with the table built without its family."""
    cases = load()
    scorer = Scorer(cases)
    families = by_family(cases)
    for held in FAMILIES:
        table = build([cases[i] for f in FAMILIES if f != held for i in families[f]], threshold)
        for i in families[held]:
            case = cases[i]
            before = scorer.got(i, {}, 0.0)
            Expanding.table, Expanding.weight = table, weight
            after = scorer.routers[case.roster].route(case.request)
            if after.agent != before:
                mark = {(False, True): "+", (True, False): "-"}.get(
                    (before in case.expect, after.agent in case.expect), "="
                )
                print(
                    f"{mark} [{held} {case.roster}] {case.request!r} expect={case.expect} "
                    f"{before} -> {after.agent} ({after.reason})"
                )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["collect", "lofo", "show", "changes", "none"])
    parser.add_argument("--weight", type=float)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--coverage", type=float, default=0.5)
    args = parser.parse_args()
    if args.command == "collect":
        CACHE.unlink(missing_ok=True)
        print(len(load()), "cases")
    elif args.command == "lofo":
        lofo(None if args.weight is None else (args.weight, args.threshold))
    elif args.command == "show":
        table = build(load(), args.threshold)
        for w in sorted(table):
            print(w, table[w])
    elif args.command == "none":
        lofo_none(args.threshold, args.coverage)
    else:
        changes(args.weight or 0.5, args.threshold)


if __name__ == "__main__":
    main()
