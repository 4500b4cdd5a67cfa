"""Cold-start time of the light CLI commands: median of 10 fresh processes each.

Run from the repository root: ``python bench/bench_startup.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402

RUNS = 10
WSHOBSON = ROOT.parent / "shared" / "corpus" / "wshobson__agents"
COMMANDS: list[tuple[str, list[str]]] = [
    ("coord --help", ["--help"]),
    ("coord --version", ["--version"]),
    ("coord parse examples/report-blocked.md", ["parse", "examples/report-blocked.md"]),
    ('coord route "Створи endpoint для задач"', ["route", "Створи endpoint для задач"]),
    ("coord agents list", ["agents", "list"]),
    *(
        [
            (
                "coord route … --agents-dir <202 wshobson agents> --only (index cached)",
                ["route", "Set up Kubernetes autoscaling", "--agents-dir", str(WSHOBSON), "--only"],
            )
        ]
        if WSHOBSON.is_dir()
        else []
    ),
    ("python -c 'import anthropic' (reference)", []),
]


def history_commands(home: Path) -> list[tuple[str, list[str]]]:
    """``sessions``, ``log`` and ``stats`` over one demo session (in a throwaway HOME, so
    the user's session index is neither read nor written)."""
    ws = home / "taskboard"
    out = subprocess.run(
        [sys.executable, "-m", "coordinator", "demo", "--workspace", str(ws), "--json"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    sid = json.loads(out)["session"]
    return [
        ("coord sessions (index: 1 workspace)", ["sessions"]),
        ("coord log ID (found through the index)", ["log", sid]),
        ("coord stats", ["stats"]),
    ]


def time_command(args: list[str]) -> tuple[float, int]:
    """Median wall time in ms over RUNS fresh processes, and the last exit code."""
    argv = (
        [sys.executable, "-m", "coordinator", *args]
        if args
        else [sys.executable, "-c", "import anthropic"]
    )
    samples, code = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        code = subprocess.run(argv, cwd=ROOT, capture_output=True, check=False).returncode
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), code


def main() -> None:
    rows = ["| command | median ms (10 runs) | exit |", "|---|---:|---:|"]
    home = Path(tempfile.mkdtemp(prefix="coord-bench-home-"))
    os.environ["HOME"] = str(home)
    os.environ.pop("XDG_DATA_HOME", None)
    for label, args in [*COMMANDS[:-1], *history_commands(home), COMMANDS[-1]]:
        median, code = time_command(args)
        rows.append(f"| `{label}` | {median:.0f} | {code} |")
        print(f"{label}: {median:.0f} ms (exit {code})")
    write_section("startup", "CLI cold start", "bench/bench_startup.py", "\n".join(rows))


if __name__ == "__main__":
    main()
