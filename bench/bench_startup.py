"""Cold-start time of the light CLI commands: median of RUNS fresh processes each.

Run from the repository root: ``python bench/bench_startup.py``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import write_section  # noqa: E402

RUNS = 15
#: A finished demo session for ``sessions`` and ``log`` (made once, before timing).
DEMO_WS = Path(tempfile.mkdtemp(prefix="coord-bench-")) / "ws"
DEMO_DB = str(DEMO_WS / ".coordinator" / "coordinator.db")
WSHOBSON = ROOT.parent / "shared" / "corpus" / "wshobson__agents"
COMMANDS: list[tuple[str, list[str]]] = [
    ("coord --help", ["--help"]),
    ("coord --version", ["--version"]),
    ("coord parse examples/report-blocked.md", ["parse", "examples/report-blocked.md"]),
    ('coord route "Створи endpoint для задач"', ["route", "Створи endpoint для задач"]),
    ("coord agents list", ["agents", "list"]),
    ("coord sessions (one demo session)", ["sessions", "--db", DEMO_DB]),
    ("coord log (the demo session)", ["log", "--db", DEMO_DB, "--json", "DEMO_SESSION"]),
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


def time_command(args: list[str], trees: list[Path]) -> tuple[list[float], int]:
    """Median wall time in ms over RUNS fresh processes in each of ``trees`` (runs
    interleaved, so a busy machine slows every tree alike), and the last exit code."""
    argv = (
        [sys.executable, "-m", "coordinator", *args]
        if args
        else [sys.executable, "-c", "import anthropic"]
    )
    samples: list[list[float]] = [[] for _ in trees]
    code = 0
    for _ in range(RUNS):
        for tree, bucket in zip(trees, samples, strict=True):
            start = time.perf_counter()
            code = subprocess.run(argv, cwd=tree, capture_output=True, check=False).returncode
            bucket.append((time.perf_counter() - start) * 1000)
    return [statistics.median(b) for b in samples], code


def make_demo() -> None:
    """One finished session to list and show (its id replaces DEMO_SESSION)."""
    argv = [sys.executable, "-m", "coordinator", "demo", "--workspace", str(DEMO_WS), "--json"]
    out = subprocess.run(argv, cwd=ROOT, capture_output=True, check=True, text=True).stdout
    session = json.loads(out)["session"]
    for _, args in COMMANDS:
        args[:] = [session if a == "DEMO_SESSION" else a for a in args]


def main() -> None:
    """``--baseline DIR``: also time another checkout (``python -m coordinator`` run from
    DIR imports DIR's package), side by side with this one."""
    baseline = (
        Path(sys.argv[sys.argv.index("--baseline") + 1]) if "--baseline" in sys.argv else None
    )
    trees = [baseline, ROOT] if baseline else [ROOT]
    make_demo()
    if baseline:
        rows = [
            f"| command | before ms ({baseline.name}) | after ms | exit |",
            "|---|---:|---:|---:|",
        ]
    else:
        rows = [f"| command | median ms ({RUNS} runs) | exit |", "|---|---:|---:|"]
    for label, args in COMMANDS:
        medians, code = time_command(args, trees)
        cells = " | ".join(f"{m:.0f}" for m in medians)
        rows.append(f"| `{label}` | {cells} | {code} |")
        print(f"{label}: {cells} ms (exit {code})")
    note = (
        "\n\nBoth trees' runs interleaved on the same (shared, 2-core) machine; the reference "
        "row shows how much the machine alone moves a median."
        if baseline
        else ""
    )
    write_section("startup", "CLI cold start", "bench/bench_startup.py", "\n".join(rows) + note)


if __name__ == "__main__":
    main()
