"""trust54: a differential fuzz of the Bash rules against bash itself.

Random command lines (operators, quotes, escapes, line continuations, comments,
substitutions, ``$'…'``) are judged by coord's rules and then run by ``/bin/bash`` in an
empty folder whose ``PATH`` holds only stub programs that log their runs:

* approval: every line a ``tools: Read, Bash(git diff:*)`` limit lets run must run
  ``git diff`` alone and write no file;
* deny: every line bash runs the stub ``rmx`` for must match a ``Bash(rmx:*)`` deny rule.

Run from a tree's root: ``PYTHONPATH=. python bench/bench_trust54_fuzz.py [seed] [count]
[deny]`` (``deny``: only the lines a deny rule lets through, many more of them); it prints
each miss and the totals. Nothing reaches the network; needs /bin/bash.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.runtime.permissions import bash_matches

TOKENS = [
    *["git", "diff", " ", " ", " ", "rmx", "rmx", "'", '"', "\\", "\n", ";", "&", "|"],
    *[">", "<", "2", "&1", "/dev/null", "f", "$'", "#", "(", ")", "`", "$(", "x", "="],
    *["{", "}", "\\\n", "\\\\", "&&", "||", "|&", ">&", ">>", "\t", "!", "bash -c "],
    *["find . -exec ", " \\;", "eval ", "xargs "],
]
STUB = '#!/bin/sh\nprintf \'%s[%s]\\n\' "${{0##*/}}" "$1" >> {log}\n'


def _run(command: str, folder: Path, log: Path) -> tuple[list[str], list[str]]:
    """What bash ran for ``command`` (one ``name[first arg]`` a stub run) and the files
    it left in its folder."""
    log.write_text("", encoding="utf-8")
    work = Path(tempfile.mkdtemp(dir=folder))
    env = {"PATH": str(folder / "bin"), "HOME": str(work)}
    try:
        subprocess.run(  # the fuzz's own command lines, in a stub PATH
            ["/bin/bash", "-c", command], cwd=work, env=env, capture_output=True, timeout=5
        )
    except subprocess.TimeoutExpired:
        pass
    left = sorted(p.name for p in work.iterdir())
    return log.read_text(encoding="utf-8").splitlines(), left


def main(seed: int, count: int, deny_only: bool = False) -> None:
    """Judge and run ``count`` random lines; print the misses and the totals (``deny_only``:
    run only the lines holding ``rmx`` that the deny rule does not match)."""
    limit = agent_rules(AgentSpec(name="r", description="d", tools=["Read", "Bash(git diff:*)"]))
    pick = random.Random(seed)
    approved = ran_rm = misses = 0
    with tempfile.TemporaryDirectory() as scratch:
        folder, log = Path(scratch), Path(scratch) / "log"
        (folder / "bin").mkdir()
        for name in ("git", "rmx"):
            (folder / "bin" / name).write_text(STUB.format(log=log), encoding="utf-8")
            (folder / "bin" / name).chmod(0o755)
        for _ in range(count):
            tail = "".join(pick.choice(TOKENS) for _ in range(pick.randint(1, 9)))
            command = pick.choice(["git diff ", ""]) + tail
            allowed = limit.refusal("Bash", {"command": command}, Path("/ws"), Path("/h")) is None
            denied = bash_matches("rmx:*", command)
            if deny_only and ("rmx" not in command or denied):
                continue
            runs, left = _run(command, folder, log)
            approved += allowed
            ran_rm += any(r.startswith("rmx[") for r in runs)
            if allowed and (left or any(r != "git[diff]" for r in runs)):
                misses += 1
                print(f"approved, but ran {runs} and left {left}: {command!r}")
            if not denied and any(r.startswith("rmx[") for r in runs):
                misses += 1
                print(f"ran rmx, not denied: {command!r}")
    print(f"seed {seed}: {count} lines, {approved} approved, {ran_rm} ran rmx, {misses} misses")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1,
        int(sys.argv[2]) if len(sys.argv) > 2 else 3000,
        sys.argv[3:4] == ["deny"],
    )
