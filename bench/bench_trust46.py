"""What trust46 adds to asking a user's server before each call: ``agents_code`` of
``python -m srv`` in a workspace holding one module that shadows nothing coord has
(``app.py``), which is now looked for on the server's own path too (its ``PYTHONPATH``,
and its interpreter's ``sys.path`` when it is not coord's: asked once a process, in a
subprocess). Timed, best of ``ROUNDS`` rounds of ``CALLS`` calls, the first call (the
interpreter asked) apart::

    python bench/bench_trust46.py

Prints one line per interpreter (results: RESULTS.md, "trust46").
"""

from __future__ import annotations

import sys
import tempfile
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coordinator.mcp.config import agents_code, parse_server

ROUNDS, CALLS = 5, 200


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ws = Path(folder)
        (ws / "app.py").write_text("x = 1\n", encoding="utf-8")
        for python in (sys.executable, "/usr/bin/python3"):
            server = {"command": python, "args": ["-m", "srv"], "env": {"PYTHONPATH": "/opt"}}
            config = parse_server("srv", server, "bench", True, {}, None)
            started = time.perf_counter()
            agents_code(config, (ws,))
            first = time.perf_counter() - started
            call = lambda c=config: agents_code(c, (ws,))  # noqa: E731
            runs = timeit.repeat(call, number=CALLS, repeat=ROUNDS)
            print(f"{python}: first {first * 1e3:.1f} ms, then {min(runs) / CALLS * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
