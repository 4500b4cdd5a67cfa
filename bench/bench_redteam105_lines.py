"""redteam105: CPU time to find the line of each rule of a settings file
(``settings_lines.entry_lines``) as the file grows, against counting each line from the
file's start (the start tree's way, kept here only as the reference).

Run: ``PYTHONPATH=. python bench/bench_redteam105_lines.py``.
"""

from __future__ import annotations

import json
import time

from coordinator.runtime import settings_lines


def counted_from_start(text: str) -> list[int]:
    """The start tree's lines: each counted from the file's start."""
    data = settings_lines._SpotDecoder().decode(text)
    return [text.count("\n", 0, e.at) + 1 for e in data["permissions"]["deny"]]


def main() -> None:
    for n in (2_000, 8_000, 32_000):
        rules = [f"Bash(x{i})" for i in range(n)]
        text = json.dumps({"permissions": {"deny": rules}}, indent=1)
        start = time.process_time()
        now = settings_lines.entry_lines(text, "permissions")["deny"]
        mid = time.process_time()
        before = counted_from_start(text)
        end = time.process_time()
        assert [line for _, line in now] == before
        print(f"{n:>6} rules {len(text):>8} B: now {mid - start:.3f} s, before {end - mid:.3f} s")


if __name__ == "__main__":
    main()
