"""Instructions a call of trust37's and trust38's checks costs (callgrind).

``reserved`` / ``reserved_alike``: :func:`coordinator.tools.workspace.is_reserved` (exact)
and :func:`~coordinator.tools.workspace.reserved_alike` (exact, then case-folded), which
every file tool's path and each file Grep opens now asks; ``read_bytes`` /
``read_unmade``: a settings file read plainly, and read then checked against the running
commands' lists and its identity (:func:`coordinator.tools.running.read_unmade`), as each
settings file is read at a session's start; ``read_unmade_ran`` the same where a command
ran before (its ``.coordinator/running`` there, empty: trust38 opens the lists through no
link). ``folded`` / ``folded_ascii``: :func:`coordinator.tools.folding.folded` of a
non-ASCII and of an ASCII path (trust38 drops default-ignorable code points and a name's
trailing dots and spaces). Run each with ``N`` calls and with 0 (in this tree and in the
one before); the difference over ``N`` is the cost of one call::

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python bench/bench_trust37.py reserved_alike 20000

Prints nothing (results: RESULTS.md, "trust37" and "trust38").
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coordinator.tools import folding, running, workspace


def main() -> None:
    kind, calls = sys.argv[1], int(sys.argv[2])
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve() / "project"
        (root / ".claude").mkdir(parents=True)
        (root / ".coordinator").mkdir()
        if kind == "read_unmade_ran":
            (root / ".coordinator" / "running").mkdir()
        settings = root / ".claude" / "settings.json"
        settings.write_text('{"hooks": {}}', encoding="utf-8")
        path = root / "src" / "pkg" / "module_name.py"
        accented = str(root / "src" / "café" / "módulo.py")
        for _ in range(calls):
            if kind == "reserved":
                workspace.is_reserved(root, path)
            elif kind == "reserved_alike":
                workspace.reserved_alike(root, path)
            elif kind == "read_bytes":
                settings.read_bytes()
            elif kind == "folded":
                folding.folded(accented)
            elif kind == "folded_ascii":
                folding.folded(str(path))
            else:  # read_unmade, read_unmade_ran
                running.read_unmade(settings)


if __name__ == "__main__":
    main()
