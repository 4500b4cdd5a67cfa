"""Adversarial linear-time sweep of the report parser: runs of one character (or a label
word) inside every slot of a report, through :func:`protocols.parse_report`.

Each case puts a run of ``N`` bytes of one filler (spaces, tabs, NBSP, ``*``, ``_``, ``-``,
``:``, ``|``, backticks, a repeated label word, ...) into one slot of a report written in
one of the parser's shapes (the seed's, plain labels, heading labels, a fenced report after
prose), and times ``parse_report`` in CPU time (``process_time``) at each size. A ratio
above 3 between a size and its half marks the case superlinear.

Run from the repository root:
``python bench/parser_adversarial.py [--sizes 25,50,100] [--screen] [--only SUBSTR]
[--identity]``; ``--identity`` parses as the agent ``backend-expert`` of a roster of five
(parser116: the relays a writer's identity tells).
``--screen`` runs the sweep at 2/4/8 KB first (quick) and measures the flagged cases at the
given sizes; a case over ``--cap`` seconds at one size is not run at larger sizes.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from protocols import Identity, Party, ReportParseError, parse_report  # noqa: E402

#: The writer ``--identity`` parses as, among the roster's other agents.
IDENTITY = Identity(
    Party("backend-expert", "backend", ("api-dev",)),
    (
        Party("database-engineer", "database"),
        Party("frontend-developer", "frontend"),
        Party("devops-engineer", "devops"),
        Party("docs-writer", "docs"),
    ),
)

#: Fillers: the run's repeating unit.
FILLERS: dict[str, str] = {
    "space": " ",
    "tab": "\t",
    "nbsp": "\u00a0",
    "star": "*",
    "under": "_",
    "dash": "-",
    "colon": ":",
    "bar": "|",
    "tick": "`",
    "sp-dash": " -",
    "sp-colon": " :",
    "star-sp": "* ",
    "tick-sp": "` ",
    "bar-sp": "| ",
    "dot-sp": ". ",
    "comma-sp": ", ",
    "paren": "(",
    "bracket": "[",
    "lt": "<",
    "hash": "#",
    "gt": "> ",
    "emdash": " \u2014 ",
    "slash": "/",
    "status": "Status ",
    "status-colon": "Status: ",
    "bold-status": "**Status:** ",
    "files": "Files: ",
    "or": " or ",
    "not": "not ",
    "see": "see ",
    "example": "for example ",
    "word": "abc ",
    "nl-sp": " \n",
    "nl": "\n",
    "dash-nl": "- \n",
    "tree": "\u251c\u2500\u2500 ",
    "tree-bar": "\u2502   ",
    "tree-nl": "\u2502   \u2514\u2500\u2500 a/\n",
    "pipe-dash": "|-- ",
    "hedge": "probably ",
    "hedge-comma": "mostly, ",
    "strike": "~~",
    "relay": "forwarding ",
    "its": "its ",
    "party": "database ",
    "party-answer": "database result and ",
    "party-said": "database engineer then replied ",
    "party-own": "backend-expert's report ",
    "party-uk": "Відповідь database-engineer ",
}

_REPORT = (
    "{pre}Fixed the login bug{s1}.\n\n**Changes:**\n- Added a check{s2}\n\n"
    "**Files:** src/a.py{s3}\n\n**Status{s0}:** Blocked{s4}\n**Domain:** Database{s5}\n"
    "**Blocker:** the schema is{s6} missing\n**Required:** a migration{s7} for users\n{post}"
)
_PLAIN = (
    "{pre}Fixed the login bug{s1}.\n\nChanges:\n- Added a check{s2}\n\n"
    "Files: src/a.py{s3}\n\nStatus{s0}: Blocked{s4}\nDomain: Database{s5}\n"
    "Blocker: the schema is{s6} missing\nRequired: a migration{s7} for users\n{post}"
)
_HEADINGS = (
    "{pre}## Summary\nFixed the login bug{s1}.\n\n## Changes\n- Added a check{s2}\n\n"
    "## Files\n- src/a.py{s3}\n\n## Status{s0}\nBlocked{s4}\n\n## Domain\nDatabase{s5}\n\n"
    "## Blocker\nthe schema is{s6} missing\n\n## Required\na migration{s7} for users\n{post}"
)
_FENCED = "Here is my report{pre}:\n\n```markdown\n" + _REPORT.replace("{pre}", "") + "```\n"
_TABLE = (
    "{pre}Fixed the login bug{s1}.\n\n| Field | Value |\n|---|---|\n| Changes | Added{s2} |\n"
    "| Files | src/a.py{s3} |\n| Status{s0} | Blocked{s4} |\n| Domain | Database{s5} |\n"
    "| Blocker | the schema is{s6} missing |\n| Required | a migration{s7} for users |\n{post}"
)
#: A table whose Blocker row has a third cell (not a label table: its rows read as text).
_TABLE3 = _TABLE.replace("missing |", "missing | x |")
#: Files drawn as a tree (``tree``'s output), its root a folder bullet.
_TREE = (
    "{pre}Fixed the login bug{s1}.\n\n**Files:**\n```\nsrc/\n\u251c\u2500\u2500 a.py{s3}\n"
    "\u2502   \u2514\u2500\u2500 b{s2}.py\n\u2514\u2500\u2500 c/\n"
    "    \u2514\u2500\u2500 d.py\n```\n\n"
    "**Status{s0}:** Blocked{s4}\n**Domain:** Database{s5}\n"
    "**Blocker:** the schema is{s6} missing\n**Required:** a migration{s7} for users\n{post}"
)
SHAPES: dict[str, str] = {
    "seed": _REPORT,
    "plain": _PLAIN,
    "headings": _HEADINGS,
    "fenced": _FENCED,
    "table": _TABLE,
    "table3": _TABLE3,
    "tree": _TREE,
}
SLOTS = ("pre", "post", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7")


def build(shape: str, slot: str, filler: str, size: int) -> str:
    """The shape's report with ``size`` characters of ``filler`` in ``slot``."""
    run = (filler * (size // len(filler) + 1))[:size]
    fills = dict.fromkeys(SLOTS, "")
    fills[slot] = run if slot not in ("pre", "post") else run + ("\n" if slot == "pre" else "")
    return SHAPES[shape].format(**fills)


def cpu(text: str, identity: Identity | None = None) -> float:
    """CPU seconds of one ``parse_report`` (a refusal counts: refusing is parsing too)."""
    start = time.process_time()
    try:
        parse_report(text, identity=identity)
    except ReportParseError:
        pass
    return time.process_time() - start


def cases(only: str) -> list[tuple[str, str, str]]:
    """Every (shape, slot, filler) whose name contains ``only``."""
    every = [(s, p, f) for s in SHAPES for p in SLOTS for f in FILLERS]
    return [c for c in every if only in "/".join(c)]


def measure(
    case: tuple[str, str, str], sizes: list[int], cap: float, identity: Identity | None = None
) -> list[float | None]:
    """CPU seconds at each size (None once a smaller size took over ``cap``)."""
    shape, slot, name = case
    out: list[float | None] = []
    for size in sizes:
        if out and (out[-1] is None or out[-1] > cap):
            out.append(None)
            continue
        out.append(cpu(build(shape, slot, FILLERS[name], size), identity))
    return out


def growth(times: list[float | None]) -> float:
    """The largest ratio between a size's time and its half's (0 when unknown)."""
    pairs = [(a, b) for a, b in itertools.pairwise(times) if a and b]
    return max((b / max(a, 1e-3) for a, b in pairs), default=0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="25,50,100", help="sizes in KB, each double the last")
    ap.add_argument("--screen", action="store_true", help="screen at 2/4/8 KB first")
    ap.add_argument("--only", default="", help="only cases whose shape/slot/filler has this")
    ap.add_argument("--cap", type=float, default=5.0, help="skip larger sizes after this (s)")
    ap.add_argument("--identity", action="store_true", help="parse as backend-expert")
    args = ap.parse_args()
    who = IDENTITY if args.identity else None
    sizes = [int(k) * 1024 for k in args.sizes.split(",")]
    todo = cases(args.only)
    if args.screen:
        todo = [c for c in todo if growth(measure(c, [2048, 4096, 8192], 1.0, who)) > 3]
        print(f"screen: {len(todo)} superlinear at 2/4/8 KB", flush=True)
    worst: list[tuple[float, tuple[str, str, str], list[float | None]]] = []
    for case in todo:
        times = measure(case, sizes, args.cap, who)
        worst.append((max((t or 0.0) for t in times), case, times))
    worst.sort(reverse=True)
    for _top, case, times in worst[:25]:
        shown = " ".join("-" if t is None else f"{t:.3f}" for t in times)
        flag = "SUPERLINEAR" if growth(times) > 3 or None in times else ""
        print(f"{'/'.join(case):32} {shown:28} x{growth(times):4.1f} {flag}", flush=True)
    print(f"{len(todo)} cases; worst {worst[0][0] if worst else 0:.3f} s", flush=True)


if __name__ == "__main__":
    main()
