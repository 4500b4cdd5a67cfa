"""What trust50 adds to a session's start: ``home_files.home_files_inside`` now reads the
user's global git settings and Claude Code's user settings for the programs they name
(``_named_programs``), and checks more of the home folder and more variables. A home
folder with a typical ``~/.gitconfig`` (identity, editor, ``credential.helper = store``,
30 aliases) and ``~/.claude/settings.json`` (one hook), for a ``-w /srv`` workspace and a
``-w ~`` one. Calls ``home_files_inside(ROOT)`` ``CALLS`` times (``srv`` or ``home``), to
run under callgrind with 0 and with N calls (the difference over N: one call)::

    valgrind --tool=callgrind python bench/bench_trust50.py srv 100

Without arguments: timed, best of ``ROUNDS`` rounds (results: RESULTS.md, "trust50").
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROUNDS, CALLS = 5, 500
GITCONFIG = "[user]\n\tname = A\n\temail = a@b\n[core]\n\teditor = vim\n\tfsmonitor = false\n"
GITCONFIG += "[credential]\n\thelper = store\n[alias]\n"
GITCONFIG += "".join(f"\ta{i} = log -{i}\n" for i in range(30))


def _home(folder: Path) -> Path:
    home = folder / "home"
    (home / ".claude").mkdir(parents=True)
    (home / ".gitconfig").write_text(GITCONFIG, encoding="utf-8")
    hook = {"type": "command", "command": "python3 ~/.claude/hooks/lint.py"}
    settings = {"hooks": {"PostToolUse": [{"matcher": "Write", "hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    (folder / "srv").mkdir()
    return home


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = _home(Path(folder))
        os.environ["HOME"] = str(home)
        from coordinator.tools.home_files import home_files_inside

        roots = {"srv": Path(folder) / "srv", "home": home}
        if len(sys.argv) == 3:
            for _ in range(int(sys.argv[2])):
                home_files_inside(roots[sys.argv[1]])
            return
        for name, root in roots.items():
            runs = timeit.repeat(lambda r=root: home_files_inside(r), number=CALLS, repeat=ROUNDS)
            print(f"-w {name}: {min(runs) / CALLS * 1e6:.0f} us a call")


if __name__ == "__main__":
    main()
