"""The long report-parser fuzz run: N seeded mutations of real reports (default 100,000).

Counts crashes (anything but :class:`ReportParseError`; must be 0), refusals, acceptances,
and accepted reports whose canonical rendering reads back differently (a measure of how
faithfully the renderer carries mangled values; not a crash). Writes the "parser-fuzz"
section of ``bench/RESULTS.md``.

Run from the repository root: ``python bench/fuzz_parser.py [COUNT] [SEED]``.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from report_mutations import mutations, seed_texts  # noqa: E402
from test_protocols_fuzz import COUNT as CI_COUNT  # noqa: E402

from bench._results import help_asked, write_section  # noqa: E402
from protocols import ReportParseError, parse_report, render_report  # noqa: E402


def outcome(text: str) -> str:
    """``refused``, ``accepted``, ``drift`` (rendering reads back differently) or a crash."""
    try:
        report = parse_report(text)
    except ReportParseError as exc:
        return "refused" if str(exc) else "crash: empty message"
    except Exception as exc:
        return f"crash: {type(exc).__name__}"
    try:
        again = parse_report(render_report(report))
    except ReportParseError:
        return "drift"
    except Exception as exc:
        return f"crash: render {type(exc).__name__}"
    return "accepted" if again == report else "drift"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    tally: Counter[str] = Counter()
    first_crash: dict[str, int] = {}
    start = time.perf_counter()
    for index, text in mutations(count, seed):
        result = outcome(text)
        tally[result] += 1
        if result.startswith("crash"):
            first_crash.setdefault(result, index)
    elapsed = time.perf_counter() - start
    crashes = sum(n for k, n in tally.items() if k.startswith("crash"))
    body = "\n".join(
        [
            f"{count:,} mutated reports (seed {seed}, from {len(seed_texts())} seed reports: "
            "the dev cases, `tests/data/reports-hard.yaml`, `examples/`), "
            f"{elapsed:.1f} s ({elapsed / count * 1e6:.0f} µs per parse + render + re-parse).",
            "",
            "| outcome | count |",
            "|---|---:|",
            f"| crashes (anything but ReportParseError) | **{crashes}** |",
            f"| refused with a located message | {tally['refused']:,} |",
            f"| accepted, rendering reads back the same | {tally['accepted']:,} |",
            f"| accepted, rendering reads back differently | {tally['drift']:,} |",
            "",
            f"The CI test (`tests/test_protocols_fuzz.py`) runs {CI_COUNT:,} of them (another seed;"
            " `bench/fuzz_sizing.py` shows why that many).",
            *(f"- first {kind}: mutation #{i}" for kind, i in first_crash.items()),
        ]
    )
    print(body)
    write_section("parser-fuzz", "Report parser fuzz (long run)", "bench/fuzz_parser.py", body)


if __name__ == "__main__":
    help_asked(__doc__)
    main()
