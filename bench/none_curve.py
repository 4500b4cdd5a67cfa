"""The "none" decision's in-sample operating curve (brief none39, thirty-fourth session).

``python bench/none_curve.py NAME=V1,V2,... [NAME=...]`` routes every in-sample case (the dev
sets in ../shared/routing and every bench/sanity/ family except the sealed ones, SEALED) with
each listed value of each routing constant in turn (the others as shipped), and prints per
value: overall acceptable accuracy, "none" precision and recall, accuracy per roster and per
language. ``--scale F1,F2`` scales every coverage threshold of the fit check together
(MIN_COVERAGE, SINGLE_TERM_COVERAGE, AUDIENCE_COVERAGE, PRODUCT_COVERAGE) with MIN_SCORE: the
decision's one combined shift. ``--dump OUT.jsonl`` writes the shipped setting's answers.

The constants are monkeypatched in this process only, on every loaded module of
``coordinator.routing`` that imported them, and the routers are rebuilt for every setting
(MIN_SCORE is read when an index is built). The sealed families are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_routing import DEV_SETS, OWN_SETS, SANITY, SHARED, own_kinds  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.routing import lexical, tuning  # noqa: E402
from coordinator.routing.evaluate import load_cases  # noqa: E402

#: The families scored once, at the end of a round only (brief none39: the sealed 940).
SEALED = frozenset(f"fresh{n}" for n in (103, 104, 107, 108, 111, 112, 115, 116))
#: The coverage thresholds and the score floor a combined shift scales together.
SHIFTED = (
    "MIN_COVERAGE",
    "SINGLE_TERM_COVERAGE",
    "AUDIENCE_COVERAGE",
    "PRODUCT_COVERAGE",
    "MIN_SCORE",
)

Row = tuple[str, str, str, tuple[str | None, ...], str | None, str]


def in_sample() -> Iterator[tuple[str, str, Path, str | None]]:
    """(family, set, path, roster folder) of every in-sample cases file."""
    for name, folder in DEV_SETS.items():
        path = SHARED / "routing" / f"dev-{name}.yaml"
        if path.exists():
            yield "dev", name, path, folder
    for family in own_kinds():
        if family in SEALED:
            continue
        for name, folder in OWN_SETS.items():
            path = SANITY / f"{family}-{name}.yaml"
            if path.exists():
                yield family, name, path, folder


def load() -> tuple[list[Row], dict[str | None, Registry]]:
    """Every in-sample case (family, set, language, expect, roster, request) and the rosters."""
    rows: list[Row] = []
    registries: dict[str | None, Registry] = {}
    for family, name, path, folder in in_sample():
        if folder not in registries:
            dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
            registries[folder] = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
        for case in load_cases(path):
            expect = tuple(case.expect)
            rows.append((family, name, str(case.language), expect, folder, case.request))
    return rows, registries


def _modules() -> list[object]:
    return [m for n, m in sys.modules.items() if n.startswith("coordinator.routing") and m]


@contextmanager
def patched(values: dict[str, float]) -> Iterator[None]:
    """The routing constants ``values`` set wherever the router reads them, then restored."""
    shipped = {name: getattr(tuning, name) for name in values}
    try:
        for name, value in values.items():
            for module in _modules():
                if hasattr(module, name):
                    setattr(module, name, value)
        lexical._ROUTERS.clear()
        yield
    finally:
        for name, value in shipped.items():
            for module in _modules():
                if hasattr(module, name):
                    setattr(module, name, value)
        lexical._ROUTERS.clear()


def route_all(
    rows: list[Row], registries: dict[str | None, Registry], values: dict[str, float]
) -> list[str | None]:
    """Each row's agent with the constants ``values`` (the others as shipped)."""
    with patched(values):
        routers = {folder: lexical.Router(reg) for folder, reg in registries.items()}
        return [routers[row[4]].route(row[5]).agent for row in rows]


@dataclass
class Summary:
    """Accuracy, "none" counts, and accuracy per roster and per language."""

    ok: int = 0
    n: int = 0
    tp: int = 0
    said: int = 0
    true: int = 0
    groups: dict[str, list[int]] = field(default_factory=dict)

    def line(self, label: str) -> str:
        """One markdown row of the curve."""
        cells = " | ".join(
            f"{self.groups[k][0] / self.groups[k][1]:.1%}"
            for k in ("bundled", "voltagent", "0xfurai", "lst97", "en", "uk")
        )
        ok, n, tp, said, true = self.ok, self.n, self.tp, self.said, self.true
        return (
            f"| {label} | {ok / n:.2%} ({ok}) | {tp / max(said, 1):.1%} ({tp}/{said}) "
            f"| {tp / max(true, 1):.1%} ({tp}/{true}) | {cells} |"
        )


def summary(rows: list[Row], got: list[str | None]) -> Summary:
    """Accuracy, "none" precision and recall, accuracy per roster and per language."""
    out = Summary(n=len(rows))
    for row, agent in zip(rows, got, strict=True):
        hit = agent in row[3]
        out.ok += hit
        out.said += agent is None
        out.true += None in row[3]
        out.tp += agent is None and None in row[3]
        roster = "bundled" if row[4] is None else row[4].split("__")[0].lower()
        for key in (roster, row[2]):
            cell = out.groups.setdefault(key, [0, 0])
            cell[0] += hit
            cell[1] += 1
    return out


def line(label: str, found: Summary) -> str:
    """One markdown row of the curve for ``found``."""
    return found.line(label)


HEAD = (
    "| setting | acceptable | none P | none R | bundled | voltagent | 0xfurai | lst97 | en | uk |"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweeps", nargs="*", help="NAME=V1,V2,...")
    parser.add_argument("--scale", help="F1,F2,...: every SHIFTED constant times F")
    parser.add_argument("--dump", help="write the shipped setting's answers as JSON lines")
    args = parser.parse_args()
    rows, registries = load()
    print(HEAD)
    print("|" + "---|" * 10)
    shipped = route_all(rows, registries, {})
    print(line("shipped", summary(rows, shipped)), flush=True)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for row, agent in zip(rows, shipped, strict=True):
                family, name, lang, expect, _, request = row
                record = {"family": family, "set": name, "lang": lang, "request": request}
                record.update(expect=list(expect), got=agent)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    for sweep in args.sweeps:
        name, _, values = sweep.partition("=")
        for value in values.split(","):
            got = route_all(rows, registries, {name: float(value)})
            print(line(f"{name}={value}", summary(rows, got)), flush=True)
    for factor in args.scale.split(",") if args.scale else []:
        values = {n: float(getattr(tuning, n)) * float(factor) for n in SHIFTED}
        got = route_all(rows, registries, values)
        print(line(f"all x{factor}", summary(rows, got)), flush=True)


if __name__ == "__main__":
    main()
