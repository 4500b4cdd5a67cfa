"""Judge the agent corpus's word associations (bench/build_cooccur.py) on every set family.

Routes every case of the dev sets (../shared/routing) and of the 14 spent own families
(bench/sanity) with the associations off and with each setting of their two knobs
(the table's build flags, the associates' factor and how many a word may bring: see
bench/cooccur_hook.py, which installs the expansion over the router in-process); then

- a leave-one-family-out evaluation: for each family, the setting that does best on the other
  14 (ties to the weaker setting) is scored on the left-out one against "off";
- family x off/on for a chosen setting (``--factor``/``--most``), per roster, per language,
  "none" precision and recall, and dev's odd and even halves;
- ``--changed``: every case whose answer the setting changes.

The table itself reads no label; only these knobs are chosen here.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import build_cooccur, cooccur_hook  # noqa: E402
from bench.eval_routing import DEV_SETS, OWN_SETS, SANITY, SHARED, own_kinds  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing import lexical  # noqa: E402
from coordinator.routing.evaluate import Case, load_cases  # noqa: E402

FACTORS = (0.1, 0.25, 0.5)
MOST = (1, 2, 4)
#: Table variants (build_cooccur flags): stricter to looser (ties go to the earlier).
TABLES = {
    "C": "--min-files 8 --min-pair 8 --min-pair-files 5 --min-pmi 5.5",
    "B": "--min-files 8 --min-pair 5 --min-pair-files 4 --min-pmi 5.0",
    "A": "--min-files 8 --min-pair 3 --min-pair-files 3 --min-pmi 4.5",
    "A3": "--min-files 3 --min-pair 3 --min-pair-files 3 --min-pmi 4.5",
}
Setting = tuple[str, float, int] | None  # None: associations off


@dataclass(frozen=True)
class Outcome:
    """One routed case."""

    family: str
    roster: str
    position: int
    language: str
    expect: tuple[str | None, ...]
    got: str | None
    request: str

    @property
    def hit(self) -> bool:
        return self.got in self.expect


def sets() -> Iterator[tuple[str, str, str | None, list[Case]]]:
    """(family, set name, roster folder, cases) for dev and every own family."""
    for name, folder in DEV_SETS.items():
        yield "dev", name, folder, load_cases(SHARED / "routing" / f"dev-{name}.yaml")
    for kind in own_kinds():
        for name, folder in OWN_SETS.items():
            yield kind, name, folder, load_cases(SANITY / f"{kind}-{name}.yaml")


def run(setting: Setting, data: list[tuple[str, str, Registry, list[Case]]]) -> list[Outcome]:
    """Every case routed under ``setting``."""
    cooccur_hook.STATE.table = {}
    if setting is not None:
        cooccur_hook.STATE.table = VARIANTS[setting[0]]
        cooccur_hook.STATE.factor, cooccur_hook.STATE.most = setting[1:]
    out = []
    for family, name, registry, cases in data:
        router = lexical.router_for(registry)
        cooccur_hook.reset(router)
        for position, case in enumerate(cases):
            got = router.route(case.request).agent
            out.append(
                Outcome(
                    family, name, position, case.language, tuple(case.expect), got, case.request
                )
            )
    return out


VARIANTS: dict[str, dict[str, str]] = {}


def variants() -> None:
    """Build every table variant in memory (the corpus read once)."""
    collected = build_cooccur.collect()
    for name, flags in TABLES.items():
        args = build_cooccur.parser().parse_args(flags.split())
        found = build_cooccur.associations(args, collected)
        VARIANTS[name] = {w: " ".join(o for o, _ in a) for w, a in found.items()}


def hits(outcomes: list[Outcome], family: str | None = None) -> int:
    return sum(o.hit for o in outcomes if family is None or o.family == family)


def lofo(results: dict[Setting, list[Outcome]], families: list[str]) -> None:
    """Per left-out family: the setting best on the others, and its gain there over off."""
    print("| left-out family | setting chosen on the other 14 | off | on | gain |")
    print("|---|---|---|---|---|")
    off = results[None]
    gains = []
    for left in families:
        others = [f for f in families if f != left]
        on_others = {
            s: sum(hits(r, f) for f in others) for s, r in results.items() if s is not None
        }
        # ties: the first in the grid's order (stricter table, weaker factor, fewer associates)
        order = list(on_others)
        best = max(order, key=lambda s: (on_others[s], -order.index(s)))
        base = sum(hits(off, f) for f in others)
        if on_others[best] <= base:
            print(f"| {left} | off (nothing beats it) | {hits(off, left)} | - | 0 |")
            gains.append(0)
            continue
        gain = hits(results[best], left) - hits(off, left)
        gains.append(gain)
        print(f"| {left} | {best} | {hits(off, left)} | {hits(results[best], left)} | {gain:+d} |")
    wins = sum(g > 0 for g in gains)
    losses = sum(g < 0 for g in gains)
    print(f"folds gained {wins}, lost {losses}, worst {min(gains):+d}, total {sum(gains):+d}")


def table(before: list[Outcome], after: list[Outcome], key: str) -> None:
    """Hits off/on grouped by ``key`` (family, roster or language)."""
    counts: dict[str, list[int]] = {}
    for b, a in zip(before, after, strict=True):
        row = counts.setdefault(getattr(b, key), [0, 0, 0])
        row[0] += 1
        row[1] += b.hit
        row[2] += a.hit
    print(f"| {key} | cases | off | on | change |\n|---|---|---|---|---|")
    for name, (n, x, y) in counts.items():
        print(f"| {name} | {n} | {x} | {y} | {y - x:+d} |")


def none_pr(outcomes: list[Outcome]) -> str:
    answered = [o for o in outcomes if o.got is None]
    wanted = [o for o in outcomes if None in o.expect]
    p = sum(None in o.expect for o in answered)
    r = sum(o.got is None for o in wanted)
    return f"P {p}/{len(answered)}, R {r}/{len(wanted)}"


def halves(before: list[Outcome], after: list[Outcome]) -> None:
    for half, parity in (("even", 0), ("odd", 1)):
        pairs = [
            (b, a)
            for b, a in zip(before, after, strict=True)
            if b.family == "dev" and b.position % 2 == parity
        ]
        print(
            f"dev --half {half}: off {sum(b.hit for b, _ in pairs)}, "
            f"on {sum(a.hit for _, a in pairs)} of {len(pairs)}"
        )


def touched(setting: Setting, data: list[tuple[str, str, Registry, list[Case]]]) -> None:
    """How many requests of each roster hold a word the expansion stood for associates."""
    run(setting, data)
    counts: dict[str, list[int]] = {}
    for _, name, registry, cases in data:
        router = lexical.router_for(registry)
        associated = router.__dict__.get("associated", set())
        row = counts.setdefault(name, [0, 0])
        for case in cases:
            row[0] += 1
            row[1] += not associated.isdisjoint(router.query(case.request).related)
    shown = ", ".join(f"{name} {n}/{total}" for name, (total, n) in counts.items())
    print(f"requests the expansion touched: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--table", default="A")
    parser.add_argument("--factor", type=float, default=0.25)
    parser.add_argument("--most", type=int, default=3)
    parser.add_argument("--changed", action="store_true")
    args = parser.parse_args()
    registries: dict[str | None, Registry] = {}
    data = []
    for family, name, folder, cases in sets():
        if folder not in registries:
            dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
            registries[folder] = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
        data.append((family, name, registries[folder], cases))
    families = list(dict.fromkeys(d[0] for d in data))
    variants()
    cooccur_hook.install()
    chosen = (args.table, args.factor, args.most)
    settings: list[Setting] = [None, *((v, f, m) for v in TABLES for f in FACTORS for m in MOST)]
    if chosen not in settings:
        settings.append(chosen)
    results = {s: run(s, data) for s in settings}
    print("## settings over all families (acceptable hits)")
    for s, r in results.items():
        print(f"{s}: {hits(r)}/{len(r)}  " + " ".join(f"{f}={hits(r, f)}" for f in families))
    print("\n## leave one family out")
    lofo(results, families)
    before, after = results[None], results[chosen]
    print(f"\n## off vs on {chosen}")
    for key in ("family", "roster", "language"):
        table(before, after, key)
        print()
    print(f"none: off {none_pr(before)}; on {none_pr(after)}")
    halves(before, after)
    if args.changed:
        print()
        for b, a in zip(before, after, strict=True):
            if b.got != a.got:
                mark = "+" if a.hit and not b.hit else "-" if b.hit and not a.hit else "~"
                print(f"{mark} [{b.family}/{b.roster}] {b.request!r} {b.got} -> {a.got}")
    touched(chosen, data)
    changed = Counter(b.got != a.got for b, a in zip(before, after, strict=True))
    print(f"answers changed: {changed[True]} of {len(before)}")


if __name__ == "__main__":
    main()
