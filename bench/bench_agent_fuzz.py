"""Long fuzz run of the roster loader: mutated agent files, loaded or skipped, never a crash.

Uses the seeded mutator of ``tests/security/agent_mutations.py`` (the CI test runs 5,000 files
of the same kind). Every file goes through the loader in-process (``parse_bytes`` and
``build_spec``); a share is also written to disk and loaded with ``load_registry``, twice (the
second load from the parse cache must say the same). Any exception counts as a crash.

Run from the repository root: ``python bench/bench_agent_fuzz.py [FILES]`` (default 25,000).
"""

from __future__ import annotations

import collections
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "security")]

from agent_mutations import mutants, seeds  # noqa: E402

from bench._results import help_asked, write_section  # noqa: E402
from coordinator.roster.frontmatter import parse_bytes  # noqa: E402
from coordinator.roster.loader import build_spec, load_registry  # noqa: E402
from coordinator.roster.spec import Severity  # noqa: E402

SEED = 7
ON_DISK_SHARE = 10  # one file in ten is also loaded from disk


def reason(message: str) -> str:
    """A skip reason without its specifics (names, numbers, quoted values)."""
    message = re.sub(r"'[^']*'|\"[^\"]*\"|\([^)]*\)|[0-9]+", "…", message)
    return message.split(", and ")[-1].removesuffix("; skipped").removesuffix("; file skipped")


def main(files: int) -> None:
    shared = ROOT.parent / "shared"
    pool = seeds(shared if shared.is_dir() else None)
    counts: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    disk: list[bytes] = []
    start = time.perf_counter()
    for index, data in enumerate(mutants(SEED, files, pool)):
        try:
            spec, problems = build_spec(Path("/fuzz/agent.md"), parse_bytes(data))
        except Exception:
            counts["crashed"] += 1
            traceback.print_exc()
            continue
        counts["loaded" if spec is not None else "skipped"] += 1
        for p in problems:
            if p.severity == Severity.ERROR:
                reasons[reason(p.message)] += 1
        if index % ON_DISK_SHARE == 0:
            disk.append(data)
    in_process = time.perf_counter() - start
    disk_result = load_from_disk(disk)
    body = [
        f"{files:,} mutated agent files from {len(pool)} seeds (seed {SEED}): "
        f"**{counts['crashed']} crashes**, {counts['loaded']:,} loaded, "
        f"{counts['skipped']:,} skipped with `path:line: reason`; "
        f"{in_process / files * 1e3:.2f} ms per file in-process.",
        "",
        disk_result,
        "",
        "| most frequent skip reasons | files |",
        "|---|---:|",
        *[f"| {r} | {n:,} |" for r, n in reasons.most_common(8)],
    ]
    print("\n".join(body))
    write_section(
        "agent-fuzz",
        "Agent-file fuzz (roster loader)",
        "bench/bench_agent_fuzz.py",
        "\n".join(body),
    )


def load_from_disk(files: list[bytes]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "agents"
        folder.mkdir()
        for index, data in enumerate(files):
            (folder / f"m{index:05d}.md").write_bytes(data)
        start = time.perf_counter()
        first = load_registry([folder], only=True)
        elapsed = time.perf_counter() - start
        again = load_registry([folder], only=True)
        same = [str(p) for p in again.problems] == [str(p) for p in first.problems]
    skipped = len({p.path for p in first.skipped})
    return (
        f"{len(files):,} of them written to disk and loaded with `load_registry` "
        f"in {elapsed:.1f} s: {len(first)} agents, {skipped} skipped, "
        f"{len(first.shadowed)} shadowed (same name); "
        f"the cached second load reports {'the same' if same else 'DIFFERENT'} problems."
    )


if __name__ == "__main__":
    help_asked(__doc__)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25_000)
