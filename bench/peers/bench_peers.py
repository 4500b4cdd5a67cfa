"""Peers side by side: one Blocked → consult → resume → Complete cycle in each framework.

Each scenario runs in a fresh process of its own venv (``peers.py`` in the peers' venv,
``crew.py`` in CrewAI's, ``ours.py`` in this project's), round by round, so load on the
shared machine falls on all of them alike; the table shows the median round. Fake instant
models everywhere, no network. No test imports any of this.

Run from the repository root, in the project's venv::

    python bench/peers/bench_peers.py --peers-python /work/venvs/peers/bin/python \\
        --crewai-python /work/venvs/peers-crewai/bin/python [--rounds 3] [--cycles 100]

(writes the "peers" section of bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from bench._results import write_section  # noqa: E402

#: (label, interpreter key, script, scenario argument, durable?)
SCENARIOS = [
    ("coordinator, instant double", "ours", "ours.py", "instant", "yes: SQLite (WAL), every step"),
    ("coordinator, real SDK + scripted transport", "ours", "ours.py", "scripted", "yes: SQLite"),
    ("LangGraph raw graph", "peers", "peers.py", "langgraph-raw", "no"),
    ("LangGraph raw graph + SqliteSaver", "peers", "peers.py", "langgraph-raw+sqlite", "yes"),
    ("LangGraph supervisor", "peers", "peers.py", "langgraph-supervisor", "no"),
    (
        "LangGraph supervisor + SqliteSaver",
        "peers",
        "peers.py",
        "langgraph-supervisor+sqlite",
        "yes",
    ),
    ("OpenAI Agents, handoffs", "peers", "peers.py", "openai-agents-handoff", "no"),
    (
        "OpenAI Agents, handoffs + SQLiteSession",
        "peers",
        "peers.py",
        "openai-agents-handoff+sqlite",
        "history only",
    ),
    ("OpenAI Agents, agent as tool", "peers", "peers.py", "openai-agents-as-tool", "no"),
    ("pydantic-ai, FunctionModel (delegation)", "peers", "peers.py", "pydantic-ai-function", "no"),
    ("pydantic-ai, TestModel (delegation)", "peers", "peers.py", "pydantic-ai-test", "no"),
    ("CrewAI, delegate to coworker", "crewai", "crew.py", "", "no"),
]


def run(python: str, script: str, scenario: str, cycles: int) -> dict[str, object]:
    args = [python, "-W", "ignore", str(HERE / script), *([scenario] if scenario else [])]
    proc = subprocess.run(
        [*args, str(cycles)], capture_output=True, text=True, check=False, timeout=900
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:160]}
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--peers-python", required=True)
    parser.add_argument("--crewai-python")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cycles", type=int, default=100)
    args = parser.parse_args()
    pythons = {"ours": sys.executable, "peers": args.peers_python, "crewai": args.crewai_python}
    rounds: dict[str, list[dict[str, object]]] = {label: [] for label, *_ in SCENARIOS}
    for _ in range(args.rounds):
        for label, key, script, scenario, _durable in SCENARIOS:
            python = pythons[key]
            if python is None:
                rounds[label].append({"error": "not run (no --crewai-python)"})
                continue
            cycles = args.cycles if key != "crewai" else max(10, args.cycles // 5)
            rounds[label].append(run(python, script, scenario, cycles))
            print(label, rounds[label][-1], flush=True)
    write_section("peers", TITLE, "bench/peers/bench_peers.py", INTRO + table(rounds))


TITLE = "Peers side by side (issue 12)"
INTRO = """One Blocked → consult → resume → Complete cycle per framework (or its nearest pattern),
fake instant models, no network; each scenario in a fresh process of its own venv, three
rounds interleaved, median round shown. CPU = the scenario process's user + system time per
cycle (threads included); wall time moves with the machine's load. Reproduce:

```
python3 -m venv /work/venvs/peers \\
  && /work/venvs/peers/bin/pip install -r bench/peers/requirements.txt
python3 -m venv /work/venvs/peers-crewai \\
  && /work/venvs/peers-crewai/bin/pip install -r bench/peers/requirements-crewai.txt
python bench/peers/bench_peers.py --peers-python /work/venvs/peers/bin/python \\
  --crewai-python /work/venvs/peers-crewai/bin/python --rounds 3 --cycles 100
```

"""


def table(rounds: dict[str, list[dict[str, object]]]) -> str:
    ours = _median(rounds[SCENARIOS[0][0]], "cpu_ms")
    rows = [
        "| framework, pattern | version | durable | model calls per cycle | CPU ms per cycle "
        "| x coordinator (CPU) | wall ms per cycle |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for label, _key, _script, _scenario, durable in SCENARIOS:
        ok = [r for r in rounds[label] if "error" not in r]
        if not ok:
            rows.append(f"| {label} | — | {durable} | — | {rounds[label][-1]['error']} | | |")
            continue
        cpu, wall = _median(ok, "cpu_ms"), _median(ok, "wall_ms")
        calls = ok[-1].get("model_calls")
        shown_calls = f"{calls:g}" if isinstance(calls, float) and calls else "3 (TestModel)"
        rows.append(
            f"| {label} | {ok[-1]['version']} | {durable} | {shown_calls} | {cpu:.2f} "
            f"| {cpu / ours:.1f}x | {wall:.2f} |"
        )
    return "\n".join(rows)


def _median(results: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(r[key]) for r in results if "error" not in r)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
