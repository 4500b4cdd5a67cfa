"""Bounds of storing less a hop: throw-away trees, each with one derivable write left out
(issue 12; bench/RESULTS.md, "hop43"). None of these trees is safe to ship: each drops
what a reader needs today. They bound what a change that derives the dropped part on
read could save a hop; ``all`` drops every one of them at once.

Each tree is ``git archive HEAD`` of this repository with its lever's replacements made
(each must match exactly once), compiled. With ``--measure`` each tree's instructions a
hop are counted by ``bench_hop_callgrind.py`` under valgrind (``PYTHONHASHSEED=0``), the
tree of HEAD first (``none``).

Run: ``python bench/bench_hop_bounds.py OUT [--measure] [--sessions 30] [LEVER ...]``
(a LEVER may join several by ``+``: ``report+payloads``).
Prints only.
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]
Edit = tuple[str, str, str]  # file, text, its replacement

_REPORT: Edit = (
    "coordinator/runtime/engine.py",
    '        fields["report"] = stored_report_json(report) if report is not None else None',
    "        pass",
)
_PAYLOADS: Edit = (
    "coordinator/store/db.py",
    "entries.append((event.run_id, event.kind, stored(event), time.time_ns()))",
    "entries.append((event.run_id, event.kind, {}, time.time_ns()))",
)
LEVERS: dict[str, list[Edit]] = {
    "none": [],
    # "consult-row" (a consult's delegation row not written) is built: schema 12, hop44
    "report": [_REPORT],  # runs.report neither built nor written
    # "blocked-update" (the blocked step's UPDATE runs left out) is built: schema 14, hop46
    # every event's payload empty (since hop48's schema 15: what is left of it, the arrays
    # of what no row holds; hop45's "kept", each event's dict less those fields, is built
    # as those arrays)
    "payloads": [_PAYLOADS],
    # "prompts" (consult task and resume message stored small) is built: schema 13, hop45
}
LEVERS["all"] = [edit for edits in LEVERS.values() for edit in edits]


def edits(name: str) -> list[Edit]:
    """The edits of ``name``: one lever, or several joined by ``+``."""
    return [edit for part in name.split("+") for edit in LEVERS[part]]


def build(out: Path, name: str) -> Path:
    """``out/NAME``: HEAD's tree with the lever's edits made, compiled."""
    tree = out / name
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "HEAD"], check=True, capture_output=True
    ).stdout
    tree.mkdir(parents=True, exist_ok=False)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    for file, old, new in edits(name):
        path = tree / file
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise SystemExit(f"{name}: {file} holds the text to replace {text.count(old)} times")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    compileall.compile_dir(tree, quiet=1)
    return tree


def measure(tree: Path, sessions: int) -> str:
    """The tree's instructions a hop (``bench_hop_callgrind.py``'s figures)."""
    script = str(tree / "bench" / "bench_hop_callgrind.py")
    env = {**os.environ, "PYTHONHASHSEED": "0", "BENCH_TREE": str(tree), "PYTHONPATH": str(tree)}
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=_operator_call",
            "--dump-before=os_getpgrp",
            f"--callgrind-out-file={tree}/cg.out",
            sys.executable,
            script,
            str(sessions),
        ],
        check=True,
        capture_output=True,
        cwd=tree,
        env=env,
    )
    read = [sys.executable, script, "--read", str(tree), str(sessions)]
    return subprocess.run(read, check=True, capture_output=True, text=True, env=env).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("levers", nargs="*", default=list(LEVERS), help=", ".join(LEVERS))
    parser.add_argument("--measure", action="store_true")
    parser.add_argument("--sessions", type=int, default=30)
    args = parser.parse_args()
    unknown = {part for name in args.levers for part in name.split("+")} - set(LEVERS)
    if unknown:
        parser.error(f"no such lever: {', '.join(sorted(unknown))} (levers: {', '.join(LEVERS)})")
    for name in dict.fromkeys(["none", *args.levers]):
        tree = build(args.out, name)
        print(f"{name}: {tree}" + (f"  {measure(tree, args.sessions)}" if args.measure else ""))


if __name__ == "__main__":
    main()
