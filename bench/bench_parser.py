"""Report-parser throughput: reports parsed per second, median of several timed runs.

Parses every development case in ``../shared/reports/dev-cases.yaml`` (or, where that is
absent, the reports in ``examples/``) many times per run; failures count as parses too,
since refusing bad text is part of the parser's job.

Run from the repository root: ``python bench/bench_parser.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench._results import write_section  # noqa: E402
from protocols import ReportParseError, parse_report, render_report  # noqa: E402

RUNS = 7
MIN_SECONDS = 0.5
DEV_CASES = ROOT.parent / "shared" / "reports" / "dev-cases.yaml"


def load_corpus() -> tuple[str, list[str]]:
    """The texts to parse and a description of where they came from."""
    if DEV_CASES.is_file():
        cases = yaml.safe_load(DEV_CASES.read_text(encoding="utf-8"))
        return f"{len(cases)} dev cases (`../shared/reports/dev-cases.yaml`)", [
            str(c["text"]) for c in cases
        ]
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/report-*.md"))]
    return f"{len(texts)} example reports (`examples/`; ../shared absent)", texts


def parse_all(texts: list[str]) -> int:
    """Parse every text once; return how many were refused."""
    refused = 0
    for text in texts:
        try:
            parse_report(text)
        except ReportParseError:
            refused += 1
    return refused


def rate(texts: list[str]) -> float:
    """Reports per second over one run of at least MIN_SECONDS."""
    loops, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < MIN_SECONDS or loops == 0:
        parse_all(texts)
        loops += 1
    return loops * len(texts) / elapsed


def main() -> None:
    source, texts = load_corpus()
    refused = parse_all(texts)  # warm-up (compiles the regexes) and the refusal count
    rates = [rate(texts) for _ in range(RUNS)]
    median = statistics.median(rates)
    rendered = [
        render_report(parse_report(t)) for t in texts if _parses(t)
    ]  # round-trip corpus: the canonical format only
    canonical = statistics.median(rate(rendered) for _ in range(RUNS)) if rendered else 0.0
    body = "\n".join(
        [
            f"Corpus: {source}; {refused} of them are refused on purpose.",
            "",
            f"| corpus | reports/s (median of {RUNS} runs) | µs/report |",
            "|---|---:|---:|",
            f"| as models wrote them | {median:,.0f} | {1e6 / median:.1f} |",
            f"| re-rendered canonical | {canonical:,.0f} | {1e6 / canonical:.1f} |"
            if canonical
            else "| re-rendered canonical | - | - |",
            "",
            f"Spread (as written): min {min(rates):,.0f}, max {max(rates):,.0f} reports/s.",
        ]
    )
    print(body)
    write_section("parser", "Report parser", "bench/bench_parser.py", body)


def _parses(text: str) -> bool:
    try:
        parse_report(text)
    except ReportParseError:
        return False
    return True


if __name__ == "__main__":
    main()
