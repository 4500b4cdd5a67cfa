"""Instructions a quote costs before and after trust39 (callgrind).

``quote_ascii``: :func:`coordinator.prompts.quote` of a 4 KB consultant's answer in
ASCII holding "<" (code with generics and tags: the pattern runs); ``quote_plain``: the
same without "<" (no pattern); ``quote_unicode``: 4 KB of Ukrainian with "<" (folded,
then the pattern). trust39 widened the pattern of closing tags (controls, combining marks,
an overlaid solidus, a dash for "_", ligatures) and folds accented letters to their base.
``mounts`` / ``mounts_1000``: what each sandboxed command now adds to its command line's
making: this process's ``/proc/self/mountinfo`` read and parsed, and the other paths of
coord's folder and the store's files found in it (:mod:`coordinator.tools.mounts`), on
this host and on a ``mountinfo`` of 1,000 mounts (a host of containers or snaps).
Run each with ``N`` calls and with 0, in this tree and in the one before (``git archive``
of it); the difference over ``N`` is the cost of one call::

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python bench/bench_trust39.py quote_ascii 2000

Prints nothing (results: RESULTS.md, "trust39").
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coordinator.prompts import quote
from coordinator.tools import mounts

CODE = "Use `List<Item>` in <section> and `a < b`; see </div> in the template.\n"
PLAIN = "The schema has a users table with an owner_email column, unique, not null.\n"
UKRAINIAN = "Схема має таблицю users з колонкою owner_email; порівняння a < b у запиті.\n"  # noqa: RUF001


def _mounts(calls: int, many: bool) -> None:
    text = "".join(
        f"{40 + i} 21 0:{60 + i} / /var/lib/containers/c{i}/merged rw - overlay overlay rw\n"
        for i in range(1000)
    )
    own = [Path("/home/me/proj/.coordinator"), Path("/home/me/.local/share/coordinator")]
    for _ in range(calls):
        found = mounts.parse_mounts(text) if many else mounts.read_mounts()
        for path in own:
            mounts.aliases(path, found)


def main() -> None:
    kind, calls = sys.argv[1], int(sys.argv[2])
    if kind.startswith("mounts"):
        _mounts(calls, kind == "mounts_1000")
        return
    line = {"quote_ascii": CODE, "quote_plain": PLAIN, "quote_unicode": UKRAINIAN}[kind]
    text = line * (4096 // len(line))
    for _ in range(calls):
        quote("consultant_answer", text, agent="dba")


if __name__ == "__main__":
    main()
