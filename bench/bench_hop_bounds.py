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
    '        fields["report"] = report_json(report) if report is not None else None',
    "        pass",
)
_PAYLOADS: Edit = (
    "coordinator/store/db.py",
    "entries.append((event.run_id, event.kind, event.__dict__, time.time_ns()))",
    "entries.append((event.run_id, event.kind, {}, time.time_ns()))",
)
_KEPT: list[Edit] = [
    (
        "coordinator/store/db.py",
        "entries.append((event.run_id, event.kind, event.__dict__, time.time_ns()))",
        "entries.append((event.run_id, event.kind, _kept(event), time.time_ns()))",
    ),
    (
        "coordinator/store/db.py",
        "\ndef new_session_id() -> str:",
        "\n_DROP = {'model_call': frozenset(('agent', 'model', 'provider')),"
        " 'report': frozenset(('agent', 'status', 'summary')),"
        " 'blocked': frozenset(('agent', 'domain', 'blocker', 'required')),"
        " 'run_started': frozenset(('agent', 'model', 'depth', 'parent_run', 'domain',"
        " 'provider')),"
        " 'consult_started': frozenset(('consultant', 'domain')),"
        " 'consult_done': frozenset(('consultant', 'status')),"
        " 'resumed': frozenset(('agent',)), 'run_ended': frozenset(('agent', 'status'))}.get\n"
        "def _kept(event):\n"
        "    drop = _DROP(event.kind)\n"
        "    d = event.__dict__\n"
        "    return d if drop is None else {k: v for k, v in d.items() if k not in drop}\n"
        "\ndef new_session_id() -> str:",
    ),
]
LEVERS: dict[str, list[Edit]] = {
    "none": [],
    # "consult-row" (a consult's delegation row not written) is built: schema 12, hop44
    "report": [_REPORT],  # runs.report neither built nor written
    # "blocked-update" (the blocked step's UPDATE runs left out) is built: schema 14, hop46
    "payloads": [_PAYLOADS],  # every event's payload empty
    # "prompts" (consult task and resume message stored small) is built: schema 13, hop45
}
#: hop45's measure of a realistic ``payloads``: each event keeps only what no row holds
#: (+32.8 K a hop: a new dict per event costs more than the bytes it saves). Not in ``all``.
LEVERS_APART: dict[str, list[Edit]] = {"kept": _KEPT}
LEVERS["all"] = [edit for edits in LEVERS.values() for edit in edits]
LEVERS.update(LEVERS_APART)


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
