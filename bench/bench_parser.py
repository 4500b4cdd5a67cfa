"""Report-parser throughput: microseconds of CPU per report, median of many short rounds.

Parses every development case in ``../shared/reports/dev-cases.yaml`` (or, where that is
absent, the reports in ``examples/``), the hard set ``tests/data/reports-hard.yaml`` and the
re-rendered canonical reports; failures count as parses too, since refusing bad text is part
of the parser's job. CPU time (``process_time``) in alternating rounds keeps the numbers
steady on a shared machine.

``--baseline DIR`` also times another copy of ``protocols/`` (for example one extracted
with ``git archive <commit> protocols | tar -x -C DIR``) in the same process, round by round
against this one: the before/after of a change.

Run from the repository root: ``python bench/bench_parser.py [--baseline DIR]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench._results import write_section  # noqa: E402

ROUNDS = 41
DEV_CASES = ROOT.parent / "shared" / "reports" / "dev-cases.yaml"
HARD_CASES = ROOT / "tests" / "data" / "reports-hard.yaml"


def _load(where: Path) -> ModuleType:
    """Import the ``protocols`` package found in ``where`` (then forget its module names)."""
    names = [k for k in sys.modules if k == "protocols" or k.startswith("protocols.")]
    for name in names:
        del sys.modules[name]
    sys.path.insert(0, str(where))
    try:
        import protocols

        for name in protocols.__all__:  # the package loads them lazily: load them from here
            getattr(protocols, name)
        return protocols
    finally:
        sys.path.remove(str(where))
        for name in [k for k in sys.modules if k == "protocols" or k.startswith("protocols.")]:
            del sys.modules[name]


def _texts(path: Path) -> list[str]:
    return [str(c["text"]) for c in yaml.safe_load(path.read_text(encoding="utf-8"))]


def corpora(protocols: ModuleType) -> dict[str, list[str]]:
    """Named lists of texts to parse."""
    found: dict[str, list[str]] = {}
    if DEV_CASES.is_file():
        found[f"dev cases ({len(_texts(DEV_CASES))})"] = _texts(DEV_CASES)
    else:
        examples = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/*.md"))]
        found[f"examples ({len(examples)}; ../shared absent)"] = examples
    found[f"hard set ({len(_texts(HARD_CASES))})"] = _texts(HARD_CASES)
    rendered = []
    for text in [t for texts in found.values() for t in texts]:
        try:
            rendered.append(protocols.render_report(protocols.parse_report(text)))
        except protocols.ReportParseError:
            continue
    found[f"re-rendered canonical ({len(rendered)})"] = rendered
    return found


def _round(protocols: ModuleType, texts: list[str]) -> float:
    """CPU µs per report for one pass over ``texts``."""
    parse: Callable[[str], object] = protocols.parse_report
    error: type[Exception] = protocols.ReportParseError
    start = time.process_time()
    for text in texts:
        try:
            parse(text)
        except error:
            pass
    return (time.process_time() - start) / len(texts) * 1e6


def timings(versions: dict[str, ModuleType], texts: list[str]) -> dict[str, float]:
    """Median µs/report per version, rounds alternating between versions."""
    samples: dict[str, list[float]] = {name: [] for name in versions}
    for module in versions.values():
        _round(module, texts)  # warm-up: compiles the regexes
    for _ in range(ROUNDS):
        for name, module in versions.items():
            samples[name].append(_round(module, texts))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another protocols/ checkout to compare")
    args = parser.parse_args()
    versions = {"this tree": _load(ROOT)}
    if args.baseline is not None:
        versions = {"baseline": _load(args.baseline), **versions}
    head = " | ".join(f"{name} µs/report" for name in versions)
    rows = [f"| corpus | {head} |", "|---|" + "---:|" * len(versions)]
    for label, texts in corpora(versions["this tree"]).items():
        if texts:
            medians = timings(versions, texts)
            rows.append(f"| {label} | " + " | ".join(f"{medians[n]:.0f}" for n in versions) + " |")
    note = f"CPU time per report (parse, or refuse), median of {ROUNDS} alternating rounds." + (
        f" Baseline: `{args.baseline}`." if args.baseline else ""
    )
    body = "\n".join([note, "", *rows])
    print(body)
    write_section("parser", "Report parser", "bench/bench_parser.py", body)


if __name__ == "__main__":
    main()
