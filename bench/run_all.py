"""The quick benchmarks, one after another: what ``make bench`` runs.

Each needs no baseline tree and no ``../shared`` corpus (they measure it too where it is
present): the report parser, the registry and router, the CLI's cold start and the engine.
Each script rewrites its own section of ``bench/RESULTS.md`` (``git diff bench/RESULTS.md``
shows what changed); a few minutes in all on two cores. The before/after comparisons
(``--baseline DIR``) and the other benches are run by hand: see each script's docstring.

Run from anywhere: ``python bench/run_all.py [NAME ...]`` (names: parser, routing, startup,
engine; default all). Exits 1 when any of them failed, after running the others.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"

# (name, script relative to the repository root, the RESULTS.md section it rewrites)
BENCHES: tuple[tuple[str, str, str], ...] = (
    ("parser", "bench/bench_parser.py", "Report parser"),
    ("routing", "bench/bench_routing.py", "Registry and routing"),
    ("startup", "bench/bench_startup.py", "CLI cold start"),
    ("engine", "bench/bench_engine.py", "Engine"),
)


def run(name: str, script: str) -> bool:
    """Run one benchmark script from the repository root; whether it succeeded."""
    print(f"== {name}: python {script}", flush=True)
    start = time.monotonic()
    code = subprocess.run([sys.executable, script], cwd=ROOT, check=False).returncode
    took = time.monotonic() - start
    print(f"== {name}: {'done' if code == 0 else f'FAILED (exit {code})'} in {took:.0f} s")
    return code == 0


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; print where their results went; 0 when all succeeded."""
    names = [name for name, _, _ in BENCHES]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(names))
    chosen = parser.parse_args(argv).names or names
    if unknown := sorted(set(chosen) - set(names)):
        parser.error(f"unknown benchmark {', '.join(unknown)} (known: {', '.join(names)})")
    failed = [name for name, script, _ in BENCHES if name in chosen and not run(name, script)]
    sections = ", ".join(f'"{title}"' for name, _, title in BENCHES if name in chosen)
    print(f"results: {RESULTS.relative_to(ROOT)} (sections {sections}); "
          f"git diff {RESULTS.relative_to(ROOT)} shows the change")  # fmt: skip
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
