"""Write ``startup4-help.json``: what ``coord`` printed for help and usage errors before the
start-up work of branch startup4 (run once, on the tree before the change).

Each entry is one fresh process (the ``coord`` console script) at a fixed width, with
colour off (``plain``) and, for the root help, on (``color``: rich's ANSI styles)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def command_paths() -> list[list[str]]:
    """Every command and subcommand of ``coord`` (as ``tests/test_cli_help.py`` walks them)."""
    import typer.main

    from coordinator.cli.app import app

    paths: list[list[str]] = [[]]

    def walk(group: object, prefix: list[str]) -> None:
        for name in getattr(group, "list_commands", lambda ctx: [])(None):
            paths.append([*prefix, name])
            walk(group.get_command(None, name), [*prefix, name])  # type: ignore[attr-defined]

    walk(typer.main.get_command(app), [])
    return paths


#: Usage errors (typer's rich error panel): an unknown command, a bad flag, no argument.
ERRORS = [["bogus"], ["rout"], ["route", "--bogus"], ["log", "a", "b"], ["--bogus"]]


def run(args: list[str], width: int, color: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "NO_COLOR"}}
    env.update(COLUMNS=str(width), TERMINAL_WIDTH=str(width), TERM="xterm-256color")
    env.pop("_TYPER_FORCE_DISABLE_TERMINAL", None)
    if color:
        env["FORCE_COLOR"] = "1"
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("coord")), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return {"code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}


def main() -> None:
    cases: list[dict[str, object]] = []
    for path in command_paths():
        cases.append({"args": [*path, "--help"], "width": 80, "color": False})
    cases.append({"args": ["--help"], "width": 80, "color": True})
    cases.append({"args": ["--help"], "width": 120, "color": False})
    cases.append({"args": ["route", "--help"], "width": 80, "color": True})
    cases.append({"args": [], "width": 80, "color": False})
    for args in ERRORS:
        cases.append({"args": args, "width": 80, "color": False})
    for case in cases:
        case.update(run(case["args"], case["width"], case["color"]))  # type: ignore[arg-type]
    out = HERE / "startup4-help.json"
    out.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases → {out}")


if __name__ == "__main__":
    main()
