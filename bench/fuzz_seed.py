"""The long equivalence run of the seed reader (``protocols.seed``): on N generated texts of
each kind, every report it reads must equal what the one-pass reader and the general grammar
make of the same text (fields, raw text, fields set).

Kinds: ``seed`` (``tests/parser3_seed_texts.py``: the seed's shape and its near misses),
``plain`` (``tests/test_hop2_plain_parser.py``'s generator), ``mutations`` (the fuzz
corpus of real reports). Prints the counts; exits 1 on any difference (the first few shown).

Run from the repository root: ``python bench/fuzz_seed.py [COUNT] [SEED]`` (default 40,000
of each kind, seed 7).
"""

from __future__ import annotations

import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from parser3_seed_texts import seed_shaped  # noqa: E402
from report_mutations import mutations  # noqa: E402
from test_hop2_plain_parser import generated  # noqa: E402
from test_parser3_seed import differences  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    kinds = {
        "seed": lambda: seed_shaped(count, seed),
        "plain": lambda: generated(count, seed),
        "mutations": lambda: (t for _, t in islice(mutations(count, seed), count)),
    }
    failed = False
    for name, texts in kinds.items():
        start = time.perf_counter()
        wrong, read = differences(texts())
        spent = time.perf_counter() - start
        print(f"{name}: {count:,} texts, {read:,} read by the pattern, ", end="")
        print(f"{len(wrong)} differ ({spent:.0f} s)")
        for text in wrong[:3]:
            print("  differs:", repr(text))
        failed = failed or bool(wrong)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
