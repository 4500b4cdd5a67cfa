"""The scrubbing of a store write, alone, for callgrind: ``safe_params``, ``_clean_json`` or
``safe_text`` called ``N`` times inside ``operator.call`` (the window counted), with no
credential known by its name or two short ones (``named``). secrets69 measured with it.

Run (``BENCH_TREE`` as ``PYTHONPATH``: the tree measured)::

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=_operator_call \\
        python bench/bench_secrets69.py params|json|text N none|named

Instructions a call: the "Collected" count divided by ``N``.
"""

from __future__ import annotations

import operator
import sys

from coordinator import sanitize
from coordinator.store import encoding

SMALL = ("hello world, a short line of text with nothing in it", 1, "abc", "tool_result")
ROW = {"kind": "tool_done", "text": "ok " * 50, "n": 3}
BIG = "word " * 20000


def main(what: str, n: int, named: bool) -> None:
    if named:
        sanitize.register_url_credentials("postgresql://coord:Zq7x@h/db")
        sanitize.register_by_name("API_KEY", "ab1")
    patterns = sanitize.secret_patterns()

    def loop() -> None:
        for _ in range(n):
            if what == "params":
                sanitize.safe_params(SMALL, patterns)
            elif what == "json":
                encoding._clean_json(ROW, patterns)
            else:
                sanitize.safe_text(BIG)

    loop()  # warm
    operator.call(loop)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3] == "named")
