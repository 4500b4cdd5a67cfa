"""Choose the lexical router's global constants by leave-one-family-out cross-validation.

``python bench/routing_constants.py sensitivity`` routes every spent case (dev on all rosters,
then every own family bench/sanity/ holds: those of bench/routing_cases.py) with one constant
of :mod:`coordinator.routing.lexical` moved at a time and prints each move's gain per family.
``python bench/routing_constants.py single`` does the same for each constant alone (its
value chosen on the other families, scored on each one). ``python bench/routing_constants.py
lofo [--top N | --names A,B | --names improving]`` then runs, for each family's fold, a
coordinate search over the N most sensitive constants (values from the same grid) chosen on
the other families and scores the choice on the held-out one; a last "all" run chooses on
all of them. Objective: acceptable cases, ties broken by the "none" F1, then by staying.

The constants are monkeypatched on every routing module that reads them (``bench/none_curve.py``'s
``patched``), inside this process only (the routers are rebuilt for every setting); every evaluated
setting is kept in a JSON cache (``--cache``), so a search resumes where it stopped. Every family
here is spent: nothing is held out from the lead.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import SHARED, own_kinds  # noqa: E402
from bench.none_curve import patched  # noqa: E402
from bench.routing_cases import _files  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing import lexical, tuning  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402

#: Each tunable constant's trial values as multiples of its shipped value.
MULTIPLES = (0.5, 0.75, 1.25, 1.5, 2.0)
#: Constants that are shares of something and must stay at most 1.
SHARES = {
    "BODY_DF",
    "B",
    "RELATED_FACTOR",
    "KNOWN_RELATED_FACTOR",
    "SOUND_IDF",
    "COMMON_FACTOR",
    "HOMONYM_FACTOR",
    "BODY_WORD_FACTOR",
    "BODY_CREDIT",
    "MIN_COVERAGE",
    "SINGLE_TERM_COVERAGE",
    "WEAK_SHARE",
    "MIN_SCORE",
    "CLOSE_SCORE",
    "RUNNER_UP",
    "SMALL_RUNNER_UP",
}
TUNABLE = (
    "BODY_DF",
    "K1",
    "B",
    "TRIGGER_BONUS",
    "SINGLE_TRIGGER_BONUS",
    "NAME_IDF",
    "RELATED_FACTOR",
    "KNOWN_RELATED_FACTOR",
    "TRANSLIT_FACTOR",
    "SOUND_IDF",
    "COMMON_FACTOR",
    "HOMONYM_FACTOR",
    "BODY_WORD_FACTOR",
    "UNKNOWN_FACTOR",
    "BODY_CREDIT",
    "MIN_COVERAGE",
    "SINGLE_TERM_COVERAGE",
    "WEAK_SHARE",
    "MIN_SCORE",
    "CLOSE_SCORE",
    "COVERAGE_LEAD",
    "RUNNER_UP",
    "SMALL_RUNNER_UP",
    "ALSO_SCORE",
)
DEFAULTS: dict[str, float] = {name: float(getattr(tuning, name)) for name in TUNABLE}
#: dev, then the own set families bench/sanity/ holds (as bench/routing_cases.py routes them).
FAMILIES = ("dev", *own_kinds())

Setting = tuple[tuple[str, float], ...]


class Cases:
    """Every spent case with its roster, loaded once."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, int, str, tuple[str | None, ...], str | None, str]] = []
        self.registries: dict[str | None, Registry] = {}
        for family, name, path, folder in _files():
            if folder not in self.registries:
                dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
                self.registries[folder] = load_registry(
                    dirs, only=True, cwd=REPO.parent, cache=False
                )
            for number, case in enumerate(load_cases(path)):
                expect = tuple(case.expect)
                lang = str(case.language)
                self.rows.append((family, name, number, lang, expect, folder, case.request))

    def route_all(self, setting: Setting) -> list[str | None]:
        """Each case's agent with the constants of ``setting`` (the others as shipped)."""
        with patched(dict(setting)):
            routers = {f: lexical.Router(r) for f, r in self.registries.items()}
            return [routers[row[5]].route(row[6]).agent for row in self.rows]


def key_of(setting: Setting) -> str:
    return json.dumps(sorted((n, round(v, 6)) for n, v in setting if v != DEFAULTS[n]))


class Search:
    """Evaluated settings (cached on disk) and the objective over a set of families."""

    def __init__(self, cases: Cases, cache_path: Path) -> None:
        self.cases = cases
        self.cache_path = cache_path
        self.cache: dict[str, list[str | None]] = {}
        if cache_path.exists():
            self.cache = json.loads(cache_path.read_text(encoding="utf-8"))

    def got(self, setting: Setting) -> list[str | None]:
        key = key_of(setting)
        if key not in self.cache:
            self.cache[key] = self.cases.route_all(setting)
            self.cache_path.write_text(json.dumps(self.cache), encoding="utf-8")
        return self.cache[key]

    def stats(self, setting: Setting, keep: Iterable[int]) -> tuple[int, int, int, int]:
        """Acceptable cases, "none" true positives, said "none", true "none" cases."""
        got = self.got(setting)
        ok = tp = said = true = 0
        for i in keep:
            expect = self.cases.rows[i][4]
            ok += got[i] in expect
            said += got[i] is None
            true += None in expect
            tp += got[i] is None and None in expect
        return ok, tp, said, true

    def objective(self, setting: Setting, keep: list[int]) -> tuple[int, float]:
        ok, tp, said, true = self.stats(setting, keep)
        f1 = 2 * tp / (said + true) if said + true else 0.0
        return ok, f1

    def indices(self, families: Iterable[str], half: str | None = None) -> list[int]:
        wanted = set(families)
        out = [i for i, r in enumerate(self.cases.rows) if r[0] in wanted]
        if half is not None:
            out = [i for i in out if self.cases.rows[i][2] % 2 == (0 if half == "even" else 1)]
        return out


def trial_values(name: str) -> list[float]:
    base = DEFAULTS[name]
    values = {round(base * m, 6) for m in MULTIPLES}
    if name in SHARES:
        values = {v for v in values if v <= 1.0}
    return sorted(values - {base})


def per_family(search: Search, setting: Setting) -> dict[str, int]:
    return {f: search.stats(setting, search.indices([f]))[0] for f in FAMILIES}


def sensitivity(search: Search) -> list[tuple[str, int]]:
    """Each constant's largest total swing (cases) over its trial values, printed per family."""
    base = per_family(search, ())
    print("| constant | value | " + " | ".join(FAMILIES) + " | total |")
    print("|---|---|" + "---|" * (len(FAMILIES) + 1))
    swing: list[tuple[str, int]] = []
    for name in TUNABLE:
        worst = 0
        for value in trial_values(name):
            now = per_family(search, ((name, value),))
            deltas = [now[f] - base[f] for f in FAMILIES]
            worst = max(worst, sum(abs(d) for d in deltas))
            cells = " | ".join(f"{d:+d}" if d else "0" for d in deltas)
            print(f"| {name} | {value:g} | {cells} | {sum(deltas):+d} |", flush=True)
        swing.append((name, worst))
    return sorted(swing, key=lambda s: -s[1])


def coordinate(search: Search, names: list[str], keep: list[int], passes: int) -> Setting:
    """Coordinate search from the shipped values: each constant in turn takes its best value."""
    current: dict[str, float] = {}
    best = search.objective((), keep)
    for _ in range(passes):
        moved = False
        for name in names:
            for value in [*trial_values(name), DEFAULTS[name]]:
                trial = {**current, name: value}
                score = search.objective(tuple(trial.items()), keep)
                if score > best:
                    best, current, moved = score, trial, True
        if not moved:
            break
    return tuple((n, v) for n, v in current.items() if v != DEFAULTS[n])


def improving(search: Search, keep: list[int]) -> list[str]:
    """The constants one of whose single moves beats the shipped values on ``keep`` (the
    training families only), best gain first."""
    base = search.objective((), keep)
    gains: list[tuple[tuple[int, float], str]] = []
    for name in TUNABLE:
        best = max(search.objective(((name, v),), keep) for v in trial_values(name))
        if best > base:
            gains.append((best, name))
    return [name for _, name in sorted(gains, reverse=True)]


def choose(search: Search, names: list[str] | None, keep: list[int], passes: int) -> Setting:
    """Coordinate search over ``names``, or over the constants improving on ``keep``."""
    return coordinate(search, improving(search, keep) if names is None else names, keep, passes)


def lofo(search: Search, names: list[str] | None, passes: int) -> None:
    print("| fold | chosen on the others | before | after | delta |")
    print("|---|---|---|---|---|")
    total = 0
    for fold in FAMILIES:
        train = search.indices(f for f in FAMILIES if f != fold)
        chosen = choose(search, names, train, passes)
        test = search.indices([fold])
        before, after = search.stats((), test)[0], search.stats(chosen, test)[0]
        total += after - before
        text = ", ".join(f"{n}={v:g}" for n, v in chosen) or "(shipped)"
        print(f"| {fold} | {text} | {before} | {after} | {after - before:+d} |", flush=True)
    print(f"held-out total: {total:+d}")
    chosen = choose(search, names, search.indices(FAMILIES), passes)
    print("chosen on all:", ", ".join(f"{n}={v:g}" for n, v in chosen) or "(shipped)")
    for half in ("even", "odd"):
        dev = search.indices(["dev"], half)
        print(f"dev {half}: {search.stats((), dev)[0]} -> {search.stats(chosen, dev)[0]}")


def single(search: Search) -> None:
    """Per constant alone: its value chosen on the other families, scored on each fold."""
    print("| constant | " + " | ".join(FAMILIES) + " | held-out total | chosen on all |")
    print("|---|" + "---|" * (len(FAMILIES) + 2))
    for name in TUNABLE:
        deltas = []
        for fold in FAMILIES:
            train = search.indices(f for f in FAMILIES if f != fold)
            value = _best_single(search, name, train)
            test = search.indices([fold])
            deltas.append(search.stats(value, test)[0] - search.stats((), test)[0])
        chosen = _best_single(search, name, search.indices(FAMILIES))
        cells = " | ".join(f"{d:+d}" if d else "0" for d in deltas)
        text = f"{chosen[0][1]:g}" if chosen else "(shipped)"
        print(f"| {name} | {cells} | {sum(deltas):+d} | {text} |", flush=True)


def _best_single(search: Search, name: str, keep: list[int]) -> Setting:
    best: tuple[tuple[int, float], Setting] = (search.objective((), keep), ())
    for value in trial_values(name):
        score = search.objective(((name, value),), keep)
        if score > best[0]:
            best = (score, ((name, value),))
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["sensitivity", "single", "lofo"])
    parser.add_argument("--top", type=int, default=6)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument(
        "--names",
        help="comma-separated constants for lofo, or 'improving': per fold, those a single "
        "move improves on its training families (default: the top N by swing)",
    )
    parser.add_argument("--cache", default="/tmp/routing_constants.json")
    args = parser.parse_args()
    search = Search(Cases(), Path(args.cache))
    swing = sensitivity(search)
    print("swing (cases moved, largest over values):", swing)
    if args.mode == "single":
        single(search)
    if args.mode == "lofo":
        names: list[str] | None = [n for n, s in swing[: args.top] if s]
        if args.names == "improving":
            names = None
        elif args.names:
            names = args.names.split(",")
        lofo(search, names, args.passes)


if __name__ == "__main__":
    main()
