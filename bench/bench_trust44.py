"""What asking a server again before each call costs (trust44): ``agents_code`` of a
user's ``python -m srv`` (the standard library's and the installed modules' names looked
for in the workspace, the configuration files of the program, the loader variables and
PATH) in an empty workspace, and in this repository's tree (one found: the look stops
there). A file-system look: timed, best of ``ROUNDS`` rounds of ``CALLS`` calls::

    python bench/bench_trust44.py

Prints one line per case (results: RESULTS.md, "trust44").
"""

from __future__ import annotations

import sys
import tempfile
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coordinator.mcp.config import agents_code, parse_server

ROUNDS, CALLS = 5, 200
REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    server = {"command": sys.executable, "args": ["-m", "srv"]}
    config = parse_server("srv", server, "bench", True, {}, None)
    with tempfile.TemporaryDirectory() as empty:
        for name, ws in (("empty workspace", Path(empty)), ("this repository", REPO)):
            best = min(
                timeit.repeat(lambda ws=ws: agents_code(config, (ws,)), number=CALLS, repeat=ROUNDS)
            )
            print(f"{name}: {best / CALLS * 1e3:.2f} ms a call")


if __name__ == "__main__":
    main()
