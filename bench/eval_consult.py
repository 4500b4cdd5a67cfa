"""Who answers a blocked agent: accuracy of ``choose_consultant`` on bench/consult_cases.json.

Each case is a Blocked report (its Domain, Blocker and Required, read by the report parser
as a model's would be) from a named agent of one roster (coord's five bundled agents, or a
folder of ../shared/corpus with them), and the consultants acceptable for it ("person": the
chain waits for one). Prints one row per roster (``--misses``: each miss, with the choice
made and why). The corpus rosters need ../shared; without it they are left out.

    python bench/eval_consult.py [--misses] [--cases FILE]

``--cases bench/consult_cases_heldout.json`` reads the held-out set (consult48), whose cases
carry a ``kind`` (one, several or none of the Domain's agents, or person): a row per kind too;
``bench/consult_cases_heldout2.json`` (consult49) also says why a person's (``person``: secret,
approval, decision, access, fact): a row for each; ``bench/consult_cases_heldout3.json``
(consult61, sealed: measured, never tuned on) is in the same format.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from coordinator.config import Settings  # noqa: E402
from coordinator.roster.loader import load_registry  # noqa: E402
from coordinator.roster.registry import Registry  # noqa: E402
from coordinator.runtime.consult import Consult, choose_consultant  # noqa: E402
from coordinator.runtime.state import RunState, SessionState  # noqa: E402
from protocols import parse_report  # noqa: E402

CASES = REPO / "bench" / "consult_cases.json"
CORPUS = REPO.parent / "shared" / "corpus"
PERSON = "person"


def roster(folder: str | None) -> Registry | None:
    """The bundled agents (``folder`` None) or a corpus folder with them; None without it."""
    if folder is None:
        return load_registry(cache=False)
    path = CORPUS / folder
    return load_registry([path], cache=False) if path.is_dir() else None


def answer(case: dict[str, Any], registry: Registry) -> tuple[str, str]:
    """Who answers ``case`` (an agent's name or "person") and the choice's detail."""
    text = (
        "## Report\n**Status:** Blocked\n"
        f"**Domain:** {case['domain']}\n**Blocker:** {case['blocker']}\n"
        f"**Required:** {case['required']}\n"
    )
    report = parse_report(text)
    run = RunState(1, registry.get(case["asker"]), "m", 0, 5, [])
    session = SessionState("eval", "a request", Path("."), chain=[run])
    choice = choose_consultant(report, session, registry, Settings())
    if isinstance(choice, Consult):
        return choice.consultant.name, f"{choice.chosen.basis}: {choice.chosen.why}"
    return PERSON, f"{choice.reason}: {choice.detail}"


def main() -> None:
    """Print accuracy per roster (and the misses with ``--misses``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list each miss")
    parser.add_argument("--cases", type=Path, default=CASES, help="the case file")
    args = parser.parse_args()
    data = json.loads(args.cases.read_text(encoding="utf-8"))
    kinds: dict[str, list[int]] = {}
    print("| roster | agents | cases | right | accuracy |\n|---|---:|---:|---:|---:|")
    total = right_all = 0
    for name, folder in data["rosters"].items():
        registry = roster(folder)
        if registry is None:
            print(f"| {name} | - | skipped: no ../shared | | |")
            continue
        cases = [c for c in data["cases"] if c["roster"] == name]
        right, misses = 0, []
        for case in cases:
            unknown = [a for a in [case["asker"], *case["accept"]] if a != PERSON]
            missing = [a for a in unknown if a not in registry.agents]
            if missing:
                raise SystemExit(f"{name}: no agent {missing} in the roster")
            chosen, detail = answer(case, registry)
            tallies = [kinds.setdefault(case.get("kind", "-"), [0, 0])]
            if "person" in case:  # why nobody of the roster answers (heldout2)
                tallies.append(kinds.setdefault(f"person: {case['person']}", [0, 0]))
            for tally in tallies:
                tally[1] += 1
                tally[0] += chosen in case["accept"]
            if chosen in case["accept"]:
                right += 1
            else:
                misses.append((case, chosen, detail))
        total += len(cases)
        right_all += right
        print(f"| {name} | {len(registry)} | {len(cases)} | {right} | {right / len(cases):.0%} |")
        for case, chosen, detail in misses if args.misses else []:
            print(f"    miss {case['domain']!r}: {case['blocker'][:60]!r} -> {chosen} ({detail})")
    if total:
        print(f"| all | | {total} | {right_all} | {right_all / total:.0%} |")
    for kind, (hit, count) in kinds.items() if len(kinds) > 1 else ():
        print(f"| kind {kind} | | {count} | {hit} | {hit / count:.0%} |")


if __name__ == "__main__":
    main()
