"""Report-parser throughput: microseconds of CPU per report, median of many short rounds.

Parses every development case in ``../shared/reports/dev-cases.yaml`` (or, where that is
absent, the reports in ``examples/``), the hard set ``tests/data/reports-hard.yaml`` and the
re-rendered canonical reports; failures count as parses too, since refusing bad text is part
of the parser's job. CPU time (``process_time``) in alternating rounds keeps the numbers
steady on a shared machine.

The first corpus is the three reports of ``bench/bench_engine.py``'s model double (the seed's
format, as most final messages are written).

``--baseline DIR`` also times another copy of ``protocols/`` (for example one extracted
with ``git archive <commit> protocols | tar -x -C DIR``) in the same process, round by round
against this one: the before/after of a change.

``--cold`` times each parse alone after evicting the CPU caches (an 8 MB copy and a JSON
round trip between parses), as the parser runs in place: once per model call, between the
engine's other work. Medians of per-parse wall times (``perf_counter_ns``); printed only.

``--in-engine`` (with ``--baseline``) times ``parse_report`` where it runs: a child process
per tree runs ``bench/bench_engine.py``'s 3-hop chains with its instant model double and
times each call of ``protocols.parse_report`` (``perf_counter_ns``); the trees alternate,
and the medians per round are printed. Printed only.

Run from the repository root:
``python bench/bench_parser.py [--baseline DIR] [--cold | --in-engine]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
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
#: ``bench/bench_engine.py``'s reports (its ``_report``), kept here: that module imports the
#: runtime.
_HEAD = "\u2705 Done\n\n**Changes:**\n- x\n\n**Files:** none\n\n**Status:** "
ENGINE_REPORTS = [
    _HEAD + "Blocked\n**Domain:** Database\n**Blocker:** b\n**Required:** schema",
    _HEAD + "Blocked\n**Domain:** DevOps\n**Blocker:** b\n**Required:** engine",
    _HEAD + "Complete\n",
]
_BIG = bytearray(8 << 20)
_OTHER_WORK = {"events": [{"kind": "model_call", "n": i, "text": "x" * 40} for i in range(40)]}


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
    found = {f"bench_engine's reports ({len(ENGINE_REPORTS)})": ENGINE_REPORTS}
    if DEV_CASES.is_file():
        found[f"dev cases ({len(_texts(DEV_CASES))})"] = _texts(DEV_CASES)
    else:
        examples = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/*.md"))]
        found[f"examples ({len(examples)}; ../shared absent)"] = examples
    found[f"hard set ({len(_texts(HARD_CASES))})"] = _texts(HARD_CASES)
    rendered = []
    for text in [t for texts in list(found.values())[1:] for t in texts]:
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


def _cold(protocols: ModuleType, texts: list[str]) -> list[float]:
    """µs for each parse of ``texts``, each after evicting the caches."""
    parse: Callable[[str], object] = protocols.parse_report
    error: type[Exception] = protocols.ReportParseError
    spent = []
    for text in texts:
        bytes(_BIG)
        json.loads(json.dumps(_OTHER_WORK))
        start = time.perf_counter_ns()
        try:
            parse(text)
        except error:
            pass
        spent.append((time.perf_counter_ns() - start) / 1e3)
    return spent


def timings(versions: dict[str, ModuleType], texts: list[str], cold: bool) -> dict[str, float]:
    """Median µs/report per version, rounds alternating between versions (per parse, each
    after evicting the caches, when ``cold``)."""
    samples: dict[str, list[float]] = {name: [] for name in versions}
    for module in versions.values():
        _round(module, texts)  # warm-up: compiles the regexes
    for index in range(ROUNDS):
        order = list(versions.items())
        for name, module in order if index % 2 == 0 else reversed(order):
            if cold:
                samples[name].extend(_cold(module, texts))
            else:
                samples[name].append(_round(module, texts))
    return {name: statistics.median(values) for name, values in samples.items()}


def _engine_child(sessions: int) -> None:
    """In a child (``BENCH_TREE`` set): one round of chains, printing the median µs of the
    ``parse_report`` calls made in it."""
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_engine as engine

    import protocols

    real: Callable[[str], object] = protocols.parse_report
    spent: list[int] = []

    def timed(text: str) -> object:
        start = time.perf_counter_ns()
        try:
            return real(text)
        finally:
            spent.append(time.perf_counter_ns() - start)

    protocols.parse_report = timed  # type: ignore[assignment]
    asyncio.run(engine.sequential(engine.InstantModel(engine.CHAIN), sessions))
    print(json.dumps(statistics.median(spent) / 1e3))


def in_engine(baseline: Path, rounds: int = 16, sessions: int = 40) -> str:
    """Median µs per ``parse_report`` call in place, per tree, rounds alternating."""
    trees = {"baseline": baseline.resolve(), "this tree": ROOT}
    samples: dict[str, list[float]] = {name: [] for name in trees}
    for index in range(rounds):
        for name in trees if index % 2 == 0 else reversed(list(trees)):
            env = {**os.environ, "BENCH_TREE": str(trees[name])}
            command = [sys.executable, __file__, "--engine-child", str(sessions)]
            out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            samples[name].append(float(out.stdout.strip().splitlines()[-1]))
    load = Path("/proc/loadavg").read_text().split()[:3]
    rows = [f"| {name} | {statistics.median(v):.1f} |" for name, v in samples.items()]
    return "\n".join(
        [
            f"`parse_report` in place (bench_engine's 3-hop chains, {rounds} alternating rounds"
            f" of {sessions} chains; median of the per-round medians; load {' '.join(load)})",
            "",
            "| tree | µs per call |",
            "|---|---:|",
            *rows,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another protocols/ checkout to compare")
    parser.add_argument("--cold", action="store_true", help="each parse alone, caches evicted")
    parser.add_argument("--in-engine", action="store_true", help="parse_report in the engine")
    parser.add_argument("--engine-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine_child is not None:
        _engine_child(args.engine_child)
        return
    if args.in_engine:
        if args.baseline is None:
            parser.error("--in-engine needs --baseline")
        print(in_engine(args.baseline))
        return
    versions = {"this tree": _load(ROOT)}
    if args.baseline is not None:
        versions = {"baseline": _load(args.baseline), **versions}
    head = " | ".join(f"{name} µs/report" for name in versions)
    rows = [f"| corpus | {head} |", "|---|" + "---:|" * len(versions)]
    for label, texts in corpora(versions["this tree"]).items():
        if texts:
            medians = timings(versions, texts, args.cold)
            rows.append(f"| {label} | " + " | ".join(f"{medians[n]:.0f}" for n in versions) + " |")
    how = (
        "Wall time of each parse alone after evicting the caches (in place), median over"
        if args.cold
        else "CPU time per report (parse, or refuse), median of"
    )
    note = f"{how} {ROUNDS} alternating rounds." + (
        f" Baseline: `{args.baseline}`." if args.baseline else ""
    )
    body = "\n".join([note, "", *rows])
    print(body)
    if not args.cold:  # the in-place figures are printed only
        write_section("parser", "Report parser", "bench/bench_parser.py", body)


if __name__ == "__main__":
    main()
