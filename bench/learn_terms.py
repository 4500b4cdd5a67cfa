"""Learn request words -> definition terms from the labelled requests, and cross-validate it.

Round 15 (issue 10) tried it on 1,523 requests and did not ship it (bench/RESULTS.md,
"Routing dev sets (round 15)"); learn118 reran it on 12,358 (dev plus every family
bench/sanity/ held up to fresh116), against the router of d2c7f97b
(bench/RESULTS.md, "learn118 (helper)"). Everyday wording ("checkout total is wrong", "оплата
не проходить") points to an agent whose definition says "payments"; the link is learned,
roster-agnostically (words and definition terms, never agent names):

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
  threshold, and it is among the word's ``top`` strongest.

Two ways in (:class:`Hook`), both only for a request term the roster does not describe:

- ``domain``: the learned terms join the term's domain where the router reads an everyday
  word's (``concepts.domain`` as :meth:`QueryReader._plan` and ``_made`` read it): they rank
  at RELATED_FACTOR through their top postings, explain the word for coverage as its
  relatives do, make it a body word if only bodies hold it, and name no NOT-for topic;
- ``score`` (round 15's): a request term not in the roster's name/trigger/description
  vocabulary adds its learned terms at ``weight`` x strength to the scores, and they explain
  the word as its relatives do.

``collect`` routes every case once with the router as shipped (words, gold and rival
definitions, cached in /tmp); ``groups`` prints the 12 groups (dev, then 11 contiguous ranges
of the own families); ``grid`` scores each setting of :data:`GRID` (``strict``: of
:data:`STRICT`) on the first :data:`CHOOSE_FOLDS` groups held out; ``logo --setting NAME``
runs leave-one-group-out with one frozen setting and prints the per-fold and
per-roster/language/"none" tables, the ship rule's verdict and every decision the out-of-fold
tables change; ``show --setting NAME`` prints the table learned from all families;
``unseen --setting NAME FAMILY...`` scores new families (bench/sanity/FAMILY-*.yaml) as
shipped and with the table learned from every other family. Round 15's ``none`` veto
(dropped then) is not carried over.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SANITY, SHARED, own_kinds  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing import concepts, lexical  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402
from coordinator.routing.senses import common_terms  # noqa: E402
from coordinator.routing.text import term_list  # noqa: E402

#: dev, then the own set families bench/sanity/ holds.
FAMILIES = ("dev", *own_kinds())
CACHE = Path("/tmp/learn118_cases.json")
TOPICAL = Path("/tmp/learn118_topical.json")
#: Requests a pair needs, and rosters they come from.
MIN_GOLD = 3
MIN_ROSTERS = 2
#: Definition terms held by more than this share of all agents say nothing (engineer, build).
MAX_DEF_SHARE = 0.08
#: Pseudo-count in the strength's denominator (a word seen twice cannot be sure).
PRIOR = 2.0
#: Request words in more than this share of requests are glue, not wording (fix, the, add).
MAX_WORD_SHARE = 0.03
#: Outer groups: dev, then the own families in this many contiguous ranges of about equal size.
OWN_GROUPS = 11
#: The setting is chosen on the first this-many groups held out, then frozen for all.
CHOOSE_FOLDS = 4


Table = dict[str, tuple[tuple[str, float], ...]]


class Way(StrEnum):
    """Where the learned terms enter the router."""

    DOMAIN = "domain"
    SCORE = "score"


@dataclass(frozen=True)
class Setting:
    """One way in, its weight (score only), strength threshold and terms kept per word."""

    way: Way
    threshold: float
    top: int = 4
    weight: float = 0.0
    #: Learn as the router reads (designed after the first grid, see RESULTS): only from a
    #: word where its roster does not describe it, plain words only (no phrase or frame
    #: term), "none" requests holding it in its count, topical definition terms only.
    strict: bool = False

    @property
    def name(self) -> str:
        """The setting as the command line names it."""
        weight = f"-w{self.weight:g}" if self.way is Way.SCORE else ""
        strict = "-strict" if self.strict else ""
        return f"{self.way}-t{self.threshold:g}-k{self.top}{weight}{strict}"


#: The small fixed grid (decided before any run): two ways in, thresholds, terms per word.
GRID = (
    *(Setting(Way.DOMAIN, t, k) for t in (0.3, 0.4, 0.5, 0.6) for k in (2, 4)),
    *(Setting(Way.SCORE, t, 4, w) for t in (0.4, 0.5) for w in (0.35, 0.5)),
)
#: The strict variant's grid (learn118's second step, chosen on the same first folds).
STRICT = tuple(Setting(Way.DOMAIN, t, k, strict=True) for t in (0.3, 0.4, 0.5, 0.6) for k in (2, 4))
SETTINGS = {s.name: s for s in (*GRID, *STRICT)}


class Hook:
    """The learned table the routers read now (one per process: the bench routes serially)."""

    table: ClassVar[Table] = {}
    way: ClassVar[Way] = Way.DOMAIN
    weight: ClassVar[float] = 0.0


_DOMAIN: Callable[[str, str], tuple[str, ...]] = concepts.domain


def _learned_domain(term: str, word: str) -> tuple[str, ...]:
    """``concepts.domain`` plus the learned terms of ``term`` (the ``domain`` way)."""
    found = _DOMAIN(term, word)
    learned = Hook.table.get(term) if Hook.way is Way.DOMAIN else None
    if not learned:
        return found
    return found + tuple(t for t, _ in learned if t not in found)


def install() -> None:
    """Make the routers of this process read :func:`_learned_domain`: the reader reads
    ``concepts.domain`` through the module at each new word (``QueryReader._plan``,
    ``_made``); redirects keep their own import. Done when routing starts, never on import
    (tests import this script)."""
    concepts.domain = _learned_domain  # type: ignore[assignment]


class Expanding(lexical.Router):
    """The shipped router plus the ``score`` way (round 15's): a request term the roster
    does not describe (name, triggers, description) and that the table knows adds its
    learned definition terms the roster holds at ``weight`` x strength (scored through their
    top RELATED_POSTINGS postings, like a word's relatives), and they explain the term for
    coverage as its relatives do. They fire no trigger and name no NOT-for topic."""

    def query(self, request: str) -> lexical._Query:
        query = super().query(request)
        added: dict[str, float] = {}
        query.expansion = added  # type: ignore[attr-defined]
        if Hook.way is not Way.SCORE or not Hook.table:
            return query
        idf, described, weights = self.idf, self.described_vocab, query.weights
        for t in list(query.basis):
            if t in described:
                continue
            found = [(o, s) for o, s in Hook.table.get(t, ()) if o in idf]
            for other, strength in found:
                weight = Hook.weight * strength
                if weight > max(weights.get(other, 0.0), added.get(other, 0.0)):
                    added[other] = weight
                    query.surface.setdefault(other, query.surface.get(t, t))
            mine = query.related.get(t, ())
            more = tuple(o for o, _ in found if o not in mine)
            if more:
                query.related[t] = (*mine, *more)
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
    #: Its plain words (letters only) its roster does not describe (where the hook fires).
    open: list[str]
    gold: list[str]  # the preferred agent's definition terms (empty for "none")
    rivals: list[list[str]]  # the other top candidates' definition terms


def _rosters() -> dict[str, Registry]:
    out = {}
    for folder in {**DEV_SETS, **OWN_SETS}.values():
        key = folder or "bundled"
        if key not in out:
            dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
            out[key] = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
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
    TOPICAL.write_text(json.dumps(sorted(shared & _named_terms(registries) - common_terms())))
    cases = []
    for family, roster, path in _files():
        router, terms_of = routers[roster], defs[roster]
        for case in load_cases(path):
            query = router.query(case.request)
            words = sorted(t for t in query.basis if not any(c.isdigit() for c in t))
            plain = {t for token in query.tokens for t in term_list(token)}
            open_words = [w for w in words if w in plain and w not in router.described_vocab]
            ranked = [c.agent for c in router.route(case.request).candidates]
            first = case.expect[0]
            gold = terms_of[router.index_of[first]] & shared if first in router.index_of else set()
            rivals = [
                sorted(terms_of[router.index_of[a]] & shared)
                for a in ranked
                if a not in case.expect
            ]
            cases.append(
                Case(
                    family,
                    roster,
                    case.request,
                    case.expect,
                    words,
                    open_words,
                    sorted(gold),
                    rivals,
                )
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


def _named_terms(registries: dict[str, Registry]) -> set[str]:
    """Terms some agent's name or triggers hold (topical: no "excellence")."""
    out: set[str] = set()
    for registry in registries.values():
        for agent in registry:
            fields = lexical._fields(agent)
            out.update(fields["name"], fields["triggers"])
    return out


def topical() -> frozenset[str]:
    """The definition terms the strict variant learns (made by :func:`collect`)."""
    load()
    return frozenset(json.loads(TOPICAL.read_text()))


def load() -> list[Case]:
    if not CACHE.exists() or not TOPICAL.exists():
        cases = collect()
        CACHE.write_text(json.dumps([vars(c) for c in cases], ensure_ascii=False))
    return [Case(**row) for row in json.loads(CACHE.read_text())]


@dataclass
class _Counts:
    seen: Counter[str]
    gold: dict[str, Counter[str]]
    rival: defaultdict[str, defaultdict[str, float]]
    rosters: dict[tuple[str, str], set[str]]
    base: Counter[str]
    routed: int


def _floats() -> defaultdict[str, float]:
    return defaultdict(float)


def _count(cases: Sequence[Case], strict: frozenset[str] | None) -> _Counts:
    """What :func:`build` weighs; ``strict``: the topical terms (the strict variant)."""
    counts = _Counts(
        Counter(), defaultdict(Counter), defaultdict(_floats), defaultdict(set), Counter(), 0
    )
    for case in cases:
        words = case.words if strict is None else case.open
        if not case.gold:
            if strict is not None:  # a word "none" requests hold is no sign of a field
                counts.seen.update(words)
            continue
        counts.routed += 1
        gold = case.gold if strict is None else [t for t in case.gold if t in strict]
        rivals = (
            case.rivals if strict is None else [[t for t in r if t in strict] for r in case.rivals]
        )
        counts.base.update(gold)
        for w in words:
            counts.seen[w] += 1
            for t in gold:
                if t != w:
                    counts.gold[w][t] += 1
                    counts.rosters[w, t].add(case.roster)
            if rivals:
                share = 1 / len(rivals)
                for terms in rivals:
                    for t in terms:
                        counts.rival[w][t] += share
    return counts


def build(cases: Sequence[Case], setting: Setting) -> Table:
    """The table learned from ``cases`` (see the module docstring)."""
    c = _count(cases, topical() if setting.strict else None)
    glue = MAX_WORD_SHARE * (len(cases) if setting.strict else c.routed)
    table: Table = {}
    for w, counts in c.gold.items():
        if c.seen[w] > glue:
            continue
        kept = []
        for t, n in counts.items():
            if n < MIN_GOLD or len(c.rosters[w, t]) < MIN_ROSTERS:
                continue
            expected = max(c.rival[w][t], c.seen[w] * c.base[t] / c.routed)
            strength = (n - expected) / (c.seen[w] + PRIOR)
            if strength >= setting.threshold:
                kept.append((t, round(strength, 3)))
        if kept:
            kept.sort(key=lambda item: (-item[1], item[0]))
            table[w] = tuple(kept[: setting.top])
    return table


def use(routers: Iterable[Expanding], table: Table, setting: Setting | None) -> None:
    """``routers`` route with ``table`` the ``setting`` way from now on (None: as shipped)."""
    Hook.table = table if setting else {}
    Hook.way = setting.way if setting else Way.DOMAIN
    Hook.weight = setting.weight if setting else 0.0
    for router in routers:
        router._plans.clear()  # a word's plan holds its domain


class Scorer:
    """Routes cases with a given table and way (routers built once per roster)."""

    def __init__(self, cases: Sequence[Case]) -> None:
        install()
        self.cases = cases
        self.routers = {k: Expanding(r) for k, r in _rosters().items()}

    def use(self, table: Table, setting: Setting | None) -> None:
        """Route with ``table`` the ``setting`` way from now on (None: as shipped)."""
        use(self.routers.values(), table, setting)

    def got(self, indices: Iterable[int]) -> dict[int, str | None]:
        out = {}
        for i in indices:
            case = self.cases[i]
            out[i] = self.routers[case.roster].route(case.request).agent
        return out


def groups(cases: Sequence[Case]) -> list[list[str]]:
    """dev, then the own families in OWN_GROUPS contiguous ranges of about equal size."""
    size = Counter(c.family for c in cases)
    own = [f for f in FAMILIES[1:] if size[f]]
    total = sum(size[f] for f in own)
    out: list[list[str]] = [["dev"], []]
    done = 0
    for family in own:
        if done >= total * (len(out) - 1) / OWN_GROUPS and out[-1]:
            out.append([])
        out[-1].append(family)
        done += size[family]
    return out


def _label(group: list[str]) -> str:
    return group[0] if len(group) == 1 else f"{group[0]}..{group[-1]}"


@dataclass
class Fold:
    label: str
    members: list[int]
    before: dict[int, str | None]
    after: dict[int, str | None]
    words: int

    def ok(self, got: dict[int, str | None], cases: Sequence[Case]) -> int:
        return sum(got[i] in cases[i].expect for i in self.members)


def held_out(scorer: Scorer, setting: Setting, folds: Iterable[list[str]]) -> list[Fold]:
    """Per group: the router as shipped, and with the table learned without the group."""
    cases = scorer.cases
    out = []
    for group in folds:
        inside = set(group)
        members = [i for i, c in enumerate(cases) if c.family in inside]
        table = build([c for c in cases if c.family not in inside], setting)
        scorer.use({}, None)
        before = scorer.got(members)
        scorer.use(table, setting)
        after = scorer.got(members)
        out.append(Fold(_label(group), members, before, after, len(table)))
    return out


def grid(settings: Sequence[Setting]) -> None:
    """Each of ``settings``, held out on the first CHOOSE_FOLDS groups."""
    cases = load()
    scorer = Scorer(cases)
    chosen = groups(cases)[:CHOOSE_FOLDS]
    print("| setting | " + " | ".join(map(_label, chosen)) + " | sum | none R change |")
    print("|---|" + "---:|" * (len(chosen) + 2))
    for setting in settings:
        folds = held_out(scorer, setting, chosen)
        changes = [f.ok(f.after, cases) - f.ok(f.before, cases) for f in folds]
        recall = sum(
            _none_right(f.after, f, cases) - _none_right(f.before, f, cases) for f in folds
        )
        cells = " | ".join(f"{c:+d}" for c in changes)
        print(f"| {setting.name} | {cells} | {sum(changes):+d} | {recall:+d} |", flush=True)


def _none_right(got: dict[int, str | None], fold: Fold, cases: Sequence[Case]) -> int:
    return sum(got[i] is None and None in cases[i].expect for i in fold.members)


def logo(setting: Setting) -> None:
    """Leave-one-group-out with ``setting`` frozen: per fold, breakdown, the ship rule."""
    cases = load()
    scorer = Scorer(cases)
    folds = held_out(scorer, setting, groups(cases))
    print(f"setting {setting.name}")
    print("| fold | cases | without | with | change | table words |")
    print("|---|---:|---:|---:|---:|---:|")
    for f in folds:
        base, now = f.ok(f.before, cases), f.ok(f.after, cases)
        print(f"| {f.label} | {len(f.members)} | {base} | {now} | {now - base:+d} | {f.words} |")
    before = {i: a for f in folds for i, a in f.before.items()}
    after = {i: a for f in folds for i, a in f.after.items()}
    breakdown(cases, before, after)
    verdict(cases, folds, before, after)
    print("decisions changed (+ wrong to right, - right to wrong, = neither):")
    for f in folds:
        _changed(cases, f)


def _changed(cases: Sequence[Case], fold: Fold) -> None:
    for i in fold.members:
        case, old, new = cases[i], fold.before[i], fold.after[i]
        if new != old:
            mark = {(False, True): "+", (True, False): "-"}.get(
                (old in case.expect, new in case.expect), "="
            )
            print(f"{mark} [{fold.label} {case.roster[:9]}] {case.request!r} {old} -> {new}")


def verdict(
    cases: Sequence[Case],
    folds: Sequence[Fold],
    before: dict[int, str | None],
    after: dict[int, str | None],
) -> None:
    """The ship rule written before the runs (bench/RESULTS.md, learn118), dev sets aside."""
    changes = [f.ok(f.after, cases) - f.ok(f.before, cases) for f in folds]
    wanted = sum(None in c.expect for c in cases)
    recall = [
        sum(got[i] is None and None in cases[i].expect for i in got) for got in (before, after)
    ]
    drop = 100 * (recall[0] - recall[1]) / wanted
    gains = sum(c > 0 for c in changes)
    checks = {
        f"gains on >= 9 of 12 folds ({gains})": gains >= 9,
        f"no fold loses > 2 (worst {min(changes):+d})": min(changes) >= -2,
        f"total gain >= 0.7% ({sum(changes):+d} of {len(cases)}, need "
        f"{0.007 * len(cases):.0f})": sum(changes) >= 0.007 * len(cases),
        f'"none" recall down <= 0.3 points ({-drop:+.2f})': drop <= 0.3,
    }
    for text, passed in checks.items():
        print(f"- {'pass' if passed else 'FAIL'}: {text}")


def breakdown(
    cases: Sequence[Case], before: dict[int, str | None], after: dict[int, str | None]
) -> None:
    """Out-of-fold acceptable cases per roster and language, and "none" P / R."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        members["all"].append(i)
        members[case.roster.split("__")[0]].append(i)
        cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in case.request)
        members["uk" if cyrillic else "en"].append(i)
    print("| group | cases | without | with | none P without -> with | none R without -> with |")
    print("|---|---:|---:|---:|---|---|")
    for name, group in members.items():
        cells = []
        for got in (before, after):
            said = [i for i in group if got[i] is None]
            right = sum(None in cases[i].expect for i in said)
            wanted = sum(None in cases[i].expect for i in group)
            ok = sum(got[i] in cases[i].expect for i in group)
            cells.append((ok, f"{right}/{len(said)}", f"{right}/{wanted}"))
        print(
            f"| {name} | {len(group)} | {cells[0][0]} | {cells[1][0]} "
            f"| {cells[0][1]} -> {cells[1][1]} | {cells[0][2]} -> {cells[1][2]} |"
        )


def unseen(setting: Setting, families: Sequence[str]) -> None:
    """Score ``families`` (new sets, e.g. the sealed ones once scored by the lead) as shipped
    and with the table learned from every other family; their requests are only routed."""
    table = build([c for c in load() if c.family not in families], setting)
    install()
    registries = _rosters()
    routers = {k: Expanding(r) for k, r in registries.items()}
    print(f"setting {setting.name}, table of {len(table)} words")
    print("| set | cases | without | with | change |")
    print("|---|---:|---:|---:|---:|")
    for family in families:
        for name, folder in OWN_SETS.items():
            path = SANITY / f"{family}-{name}.yaml"
            if not path.exists():
                continue
            router = routers[folder or "bundled"]
            found = [0, 0]
            cases = load_cases(path)
            for step, used in enumerate((None, setting)):
                use([router], table, used)
                found[step] = sum(router.route(c.request).agent in c.expect for c in cases)
            change = found[1] - found[0]
            print(f"| {family}-{name} | {len(cases)} | {found[0]} | {found[1]} | {change:+d} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "command", choices=["collect", "groups", "grid", "strict", "logo", "show", "unseen"]
    )
    parser.add_argument("--setting", choices=sorted(SETTINGS), default=GRID[0].name)
    parser.add_argument("families", nargs="*", help="unseen: the new families to score")
    args = parser.parse_intermixed_args()
    setting = SETTINGS[args.setting]
    if args.command == "collect":
        CACHE.unlink(missing_ok=True)
        print(len(load()), "cases")
    elif args.command == "groups":
        cases = load()
        size = Counter(c.family for c in cases)
        for group in groups(cases):
            print(_label(group), len(group), sum(size[f] for f in group))
    elif args.command == "grid":
        grid(GRID)
    elif args.command == "strict":
        grid(STRICT)
    elif args.command == "unseen":
        unseen(setting, args.families)
    elif args.command == "logo":
        logo(setting)
    else:
        for w, terms in sorted(build(load(), setting).items()):
            print(w, terms)


if __name__ == "__main__":
    main()
