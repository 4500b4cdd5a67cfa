"""Cold-start time of the light CLI commands, against ``python -c "import pydantic"``.

Median of fresh processes each (wall and CPU time). ``coord sessions`` and ``coord log``
read a workspace holding one demo session. With ``--baseline DIR`` the same commands are
timed in another tree first, in the same run.

Run from the repository root: ``python bench/bench_startup.py [--baseline DIR]``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import help_asked, write_section  # noqa: E402
from bench._trees import Timing, median_timing, time_process, trees  # noqa: E402

RUNS = 11
WSHOBSON = ROOT.parent / "shared" / "corpus" / "wshobson__agents"
REFERENCE = ["-c", "import pydantic"]


def commands(ws: Path, session: str) -> list[tuple[str, list[str]]]:
    """(label, python argv) of each timed command."""
    coord = ["-m", "coordinator"]
    return [
        ('python -c "import pydantic" (reference)', REFERENCE),
        ("coord --help", [*coord, "--help"]),
        ("coord --version", [*coord, "--version"]),
        ("coord parse examples/report-blocked.md", [*coord, "parse", "examples/report-blocked.md"]),
        ('coord route "Створи endpoint для задач"', [*coord, "route", "Створи endpoint для задач"]),
        *(
            [
                (
                    "coord route … --agents-dir <202 wshobson agents> --only (index cached)",
                    [
                        *coord,
                        "route",
                        "Set up Kubernetes autoscaling",
                        "--agents-dir",
                        str(WSHOBSON),
                        "--only",
                    ],
                )
            ]
            if WSHOBSON.is_dir()
            else []
        ),
        ("coord agents list", [*coord, "agents", "list"]),
        ("coord sessions", [*coord, "sessions", "--workspace", str(ws)]),
        ("coord log ID", [*coord, "log", session, "--workspace", str(ws)]),
        ("python -c 'import anthropic' (reference)", ["-c", "import anthropic"]),
    ]


def own_home(folder: Path) -> dict[str, str]:
    """A tree's own caches, session index and user config: trees that shared them would
    invalidate each other's parse and routing caches on every process."""
    return {f"XDG_{kind}_HOME": str(folder / kind.lower()) for kind in ("CACHE", "DATA", "CONFIG")}


def demo_workspace(tree: Path, folder: Path) -> tuple[Path, str]:
    """A workspace with one finished demo session, written by ``tree``'s own code."""
    ws = folder / "ws"
    proc = subprocess.run(
        [sys.executable, "-m", "coordinator", "demo", "--workspace", str(ws), "--json"],
        cwd=tree,
        capture_output=True,
        check=True,
        env={**os.environ, **own_home(folder)},
    )
    return ws, str(json.loads(proc.stdout)["session"])


def measure(named: dict[str, Path], runs: int) -> dict[str, dict[str, Timing]]:
    """Every command's timing in every tree, interleaved: run by run, command by command,
    tree by tree, so load that comes and goes on the machine falls on all of them alike."""
    folder = Path(tempfile.mkdtemp(prefix="bench-start-"))
    try:
        argvs = {}
        for i, (name, tree) in enumerate(named.items()):
            ws, session = demo_workspace(tree, folder / str(i))
            argvs[name] = commands(ws, session)
        for i, (name, tree) in enumerate(named.items()):  # warm caches, as a second run
            for _label, argv in argvs[name]:
                time_process(argv, tree, 1, own_home(folder / str(i)))
        samples: dict[str, dict[str, list[Timing]]] = {n: {} for n in named}
        for _ in range(runs):
            for index in range(len(argvs[next(iter(named))])):
                for name, tree in named.items():
                    label, argv = argvs[name][index]
                    home = own_home(folder / str(list(named).index(name)))
                    timing = time_process(argv, tree, 1, home)
                    samples[name].setdefault(label, []).append(timing)
        return {
            name: {label: median_timing(ts) for label, ts in by_label.items()}
            for name, by_label in samples.items()
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    results = measure(trees(), RUNS)
    names = list(results)
    head = "| command | " + " | ".join(
        f"{n} wall ms | {n} CPU ms | {n} x pydantic (CPU)" for n in names
    )
    rows = [head + " |", "|---" + "|---:" * (3 * len(names)) + "|"]
    for label in results[names[-1]]:
        cells = []
        for name in names:
            t, ref = results[name][label], results[name][REFERENCE_LABEL]
            mark = "" if t.code == 0 else f" (exit {t.code})"
            cells.append(f"{t.wall_ms:.0f}{mark} | {t.cpu_ms:.0f} | {t.cpu_ms / ref.cpu_ms:.1f}x")
        rows.append(f"| `{label}` | " + " | ".join(cells) + " |")
    body = "\n".join(
        [
            f"Median of {RUNS} fresh processes per command, the trees interleaved run by run; "
            "CPU = user + system time of the child (steadier than wall time on this shared "
            "2-core machine). Goal: the light commands within 3.5x of `import pydantic`.",
            "",
            *rows,
        ]
    )
    print(body)
    write_section("startup", "CLI cold start", "bench/bench_startup.py", body)


REFERENCE_LABEL = 'python -c "import pydantic" (reference)'

if __name__ == "__main__":
    help_asked(__doc__)
    main()
