"""Instructions a call of trust38's changed checks costs (callgrind), for RESULTS.md.

``read_unmade``: a settings file read and checked against the running commands' lists
(:func:`coordinator.tools.running.read_unmade`) in a workspace where a command ran before
(its ``.coordinator/running`` folder is there, empty), as each settings file is read at a
session's start: the lists are now opened through no link. ``folded``: a non-ASCII path
folded (:func:`coordinator.tools.workspace.folded`), which now drops Unicode's
default-ignorable code points; ``folded_ascii``: an ASCII one (what every file tool's path
asks), which now drops a name's trailing dots and spaces where it has any. Run each with
``N`` calls and with 0, in this tree and in the one before; the difference over ``N`` is
the cost of one call::

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python bench/bench_trust38.py read_unmade 2000

Prints nothing (results: RESULTS.md, "trust38").
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coordinator.tools import running, workspace


def main() -> None:
    kind, calls = sys.argv[1], int(sys.argv[2])
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve() / "project"
        (root / ".claude").mkdir(parents=True)
        (root / ".coordinator" / "running").mkdir(parents=True)
        settings = root / ".claude" / "settings.json"
        settings.write_text('{"hooks": {}}', encoding="utf-8")
        name = str(root / "src" / "café" / "módulo.py")
        plain = str(root / "src" / "pkg" / "module_name.py")
        for _ in range(calls):
            if kind == "read_unmade":
                running.read_unmade(settings)
            elif kind == "folded":
                workspace.folded(name)
            else:
                workspace.folded(plain)


if __name__ == "__main__":
    main()
