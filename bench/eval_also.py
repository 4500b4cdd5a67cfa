# ruff: noqa: RUF001, RUF002 - Ukrainian text is intended
"""How well ``also`` names the other specialists a request involves, and only those.

    python bench/eval_also.py [TREE]    (TREE: the coordinator tree to import; default: this one)

- single: requests with one expected agent, routed to it: the share given a non-empty
  ``also`` (a false "also involves", nearly always).
- multi: requests with several acceptable agents, routed to one: ``also`` names another
  acceptable one (good) or one not listed (bad).
- pairs: two single-domain requests of one language, each routed right alone, joined
  ("A, and b" / "A, і b"; at most 150 pairs a roster, language and split): routed to one of
  the two (route), the other named in ``also`` (recall), a third agent named (wrong).
- natural: two-domain requests written for the bundled roster (also_natural_bundled.yaml).

Splits: dev (``../shared/routing``) and spent (``bench/sanity``). Needs ``../shared``.
"""

from __future__ import annotations

import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
TREE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE.parent
sys.path.insert(0, str(TREE))

import yaml  # noqa: E402

from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.routing.evaluate import Language, load_cases  # noqa: E402
from coordinator.routing.lexical import Router  # noqa: E402

SHARED = HERE.parent.parent / "shared"
ROSTERS = {
    "bundled": None,
    "voltagent": "VoltAgent__awesome-claude-code-subagents",
    "0xfurai": "0xfurai__claude-code-subagents",
    "lst97": "lst97__claude-code-sub-agents",
}
PAIRS = 150


def _files(roster: str, split: str) -> list[Path]:
    if split == "dev":
        names = [f"dev-{roster}.yaml"] + (["dev-bundled-everyday.yaml"] * (roster == "bundled"))
        return [SHARED / "routing" / n for n in names]
    return sorted((HERE / "sanity").glob(f"*-{roster}.yaml"))


def _joined(first: str, second: str, language: Language) -> str:
    first = first.rstrip(" .!")
    if second[:2] != second[:2].upper():  # "Add ..." -> "add ...", but "API ..." stays
        second = second[0].lower() + second[1:]
    return f"{first}, {'і' if language == Language.UK else 'and'} {second}"


def _pair(router: Router, request: str, pair: list[str], counts: Counter[str]) -> None:
    decision = router.route(request)
    also = decision.also
    counts["pairs"] += 1
    counts["route"] += decision.agent in pair
    other = [a for a in pair if a != decision.agent]
    counts["recall"] += decision.agent in pair and other[0] in also
    counts["wrong"] += any(a not in pair for a in also)


def _split(router: Router, roster: str, split: str, counts: Counter[str]) -> None:
    parts: dict[Language, list[tuple[str, str]]] = defaultdict(list)
    for path in _files(roster, split):
        for case in load_cases(path):
            decision = router.route(case.request)
            if decision.agent is None or decision.agent not in case.expect:
                continue
            also = decision.also
            if len(case.expect) > 1:
                counts["multi"] += 1
                counts["multi_good"] += any(a in case.expect for a in also)
                counts["multi_bad"] += any(a not in case.expect for a in also)
                continue
            counts["single"] += 1
            counts["single_also"] += bool(also)
            if 3 <= len(case.request.split()) <= 14 and "?" not in case.request:
                parts[case.language].append((case.request, decision.agent))
    for language, found in sorted(parts.items()):
        random.Random(7).shuffle(found)
        pairs = [(a, b) for a, b in zip(found[::2], found[1::2], strict=False) if a[1] != b[1]]
        for (first, one), (second, two) in pairs[:PAIRS]:
            _pair(router, _joined(first, second, language), [one, two], counts)


def _row(name: str, split: str, c: Counter[str]) -> str:
    def pct(a: str, b: str) -> str:
        return f"{100 * c[a] / c[b]:.1f}%" if c[b] else "-"

    return (
        f"| {name} | {split} | {c['single_also']} / {c['single']} ({pct('single_also', 'single')}) "
        f"| {c['multi_good']} / {c['multi_bad']} of {c['multi']} | {c['pairs']} "
        f"| {pct('route', 'pairs')} | {pct('recall', 'pairs')} | {pct('wrong', 'pairs')} |"
    )


def main() -> None:
    """Print the table (markdown) for every roster and split."""
    head = ("roster", "split", "single: also named", "multi: good / bad", "pairs", "route")
    print("| " + " | ".join((*head, "recall", "wrong")) + " |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for roster, folder in ROSTERS.items():
        dirs = [TREE / "agents"] if folder is None else [SHARED / "corpus" / folder]
        router = Router(load_registry(dirs, only=True, cwd=TREE.parent, cache=False))
        for split in ("dev", "spent"):
            counts: Counter[str] = Counter()
            _split(router, roster, split, counts)
            totals[split].update(counts)
            print(_row(roster, split, counts))
        if roster == "bundled":
            natural: Counter[str] = Counter()
            for case in yaml.safe_load((HERE / "also_natural_bundled.yaml").read_text()):
                _pair(router, case["request"], case["pair"], natural)
            print(_row(roster, "natural", natural))
    for split, counts in totals.items():
        print(_row("all", split, counts))


if __name__ == "__main__":
    main()
