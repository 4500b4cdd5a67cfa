"""Route every dev set in ../shared/routing and print (or record) its eval table.

``python bench/eval_routing.py`` prints one row per dev set; ``--record LABEL`` also writes
the table to the "routing-eval-LABEL" section of bench/RESULTS.md; ``--misses`` lists misses;
``--half odd|even`` scores only every other case (a held-out half for honest tuning);
``--sets sanity|fresh|...|fresh9`` scores the own request sets in bench/sanity/ instead of
the dev sets (each ``freshN`` was held out for one round: written before it by someone who
never ran the router, scored once at its start and once at its end).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SANITY = REPO / "bench" / "sanity"
sys.path.insert(0, str(REPO))

from bench._results import write_section  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing.evaluate import EvalResult, Language, evaluate, load_cases  # noqa: E402

SHARED = REPO.parent / "shared"
#: Dev set -> roster folder under shared/corpus (None: the bundled agents).
DEV_SETS: dict[str, str | None] = {
    "bundled": None,
    "bundled-everyday": None,
    "wshobson": "wshobson__agents",
    "voltagent": "VoltAgent__awesome-claude-code-subagents",
    "0xfurai": "0xfurai__claude-code-subagents",
    "lst97": "lst97__claude-code-sub-agents",
}
HEADER = (
    "| dev set | cases | exact | acceptable | none P | none R | en | uk |\n"
    "|---|---|---|---|---|---|---|---|"
)


#: Own request sets in bench/sanity/ -> roster folder (kind-ROSTER.yaml).
OWN_SETS: dict[str, str | None] = {
    "bundled": None,
    "voltagent": "VoltAgent__awesome-claude-code-subagents",
    "0xfurai": "0xfurai__claude-code-subagents",
    "lst97": "lst97__claude-code-sub-agents",
}


def run_set(name: str, folder: str | None, half: str | None, kind: str = "dev") -> EvalResult:
    """Evaluate one dev set (or own set of ``kind``) against its roster."""
    dirs = [REPO / "agents"] if folder is None else [SHARED / "corpus" / folder]
    registry = load_registry(dirs, only=True, cwd=REPO.parent, cache=False)
    if kind == "dev":
        cases = load_cases(SHARED / "routing" / f"dev-{name}.yaml")
    else:
        cases = load_cases(SANITY / f"{kind}-{name}.yaml")
    if half is not None:
        cases = cases[(0 if half == "even" else 1) :: 2]
    return evaluate(cases, registry)


def row(name: str, result: EvalResult) -> str:
    """One markdown table row for ``result``."""

    def share(hits: int, total: int) -> str:
        return f"{hits / total:.0%} ({hits}/{total})" if total else "-"

    langs = [result.languages.get(lang) for lang in (Language.EN, Language.UK)]
    cells = [
        name,
        str(result.total),
        f"{result.exact:.1%}",
        f"{result.accuracy:.1%}",
        share(result.none_precision.hits, result.none_precision.total),
        share(result.none_recall.hits, result.none_recall.total),
        *(share(s.hits, s.total) if s else "-" for s in langs),
    ]
    return "| " + " | ".join(cells) + " |"


def own_kinds() -> list[str]:
    """The own request sets found in bench/sanity/: ``sanity``, then ``fresh``, ``fresh2``, ..."""
    names = {path.name.split("-", 1)[0] for path in SANITY.glob("*-*.yaml")}
    return sorted(names, key=lambda name: (name != "sanity", len(name), name))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--record")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--half", choices=["odd", "even"])
    kinds = ["dev", *own_kinds()]
    parser.add_argument("--sets", choices=kinds, default="dev")
    args = parser.parse_args()
    rows = []
    hits = total = 0
    sets = DEV_SETS if args.sets == "dev" else OWN_SETS
    for name, folder in sets.items():
        if args.sets != "dev" and not (SANITY / f"{args.sets}-{name}.yaml").exists():
            continue  # a family written for some rosters only (fresh20: bundled)
        result = run_set(name, folder, args.half, args.sets)
        rows.append(row(name, result))
        hits += round(result.accuracy * result.total)
        total += result.total
        if args.misses:
            for miss in result.misses:
                print(
                    f"  [{name}] {miss.request!r} expect={miss.expect} got={miss.got} "
                    f"rank={miss.rank} score={miss.score}"
                )
    print(HEADER)
    print("\n".join(rows))
    print(f"overall acceptable: {hits}/{total} = {hits / max(total, 1):.1%}")
    if args.record:
        write_section(
            f"routing-eval-{args.record}",
            f"Routing dev sets ({args.record})",
            "bench/eval_routing.py",
            HEADER + "\n" + "\n".join(rows),
        )


if __name__ == "__main__":
    main()
