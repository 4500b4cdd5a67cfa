"""trust54: a differential fuzz of the Bash rules against bash itself.

Random command lines (operators, quotes, escapes, line continuations, comments,
substitutions, ``$'…'``) are judged by coord's rules and then run by ``/bin/bash`` in an
empty folder whose ``PATH`` holds only stub programs that log their runs:

* approval: every line a ``tools: Read, Bash(git diff:*), Bash(sort:*), Bash(sed -n:*)``
  limit lets run must run only those commands and write no file (shell61: the stubs do
  what the real programs' writing options do: ``--output=F``, ``-o F``, ``-oF`` write F,
  ``-i`` writes in place, ``--ext-diff``/``--textconv`` log a program run);
* deny: every line bash runs the stub ``rmx`` for must be refused by an agent whose
  ``disallowedTools`` is ``Bash(rmx:*)`` (shell61: names built by expansion, ``$(echo
  rm)x``, ``"$C"`` after ``C=rmx``, ``eval "$C"``, are in the corpus; trust67:
  here-documents, whose bodies the rules read as data, so a body bash ends sooner than
  the reader would show as ``rmx`` run).

trust67: each line runs in a folder holding ``-ofz`` and ``--output=fz2`` (a glob such as
``sort *`` expands to them, and the stubs write ``fz``/``fz2``), and globs, brace lists and
here-documents are in the corpus.

Run from a tree's root: ``PYTHONPATH=. python bench/bench_trust54_fuzz.py [seed] [count]
[deny|cost]`` (``deny``: only the lines holding ``rm`` the deny rule lets through, many more
of them; ``cost``: only judge ``count`` lines, limit and deny, running none: for callgrind,
``count`` 0 the import-only baseline; ``cost54``: the same on trust54's corpus); it prints
each miss and the totals. Nothing reaches the network; needs /bin/bash.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.runtime.permission_bash import bash_matches

TOKENS = [
    *["git", "diff", " ", " ", " ", "rmx", "rmx", "'", '"', "\\", "\n", ";", "&", "|"],
    *[">", "<", "2", "&1", "/dev/null", "f", "$'", "#", "(", ")", "`", "$(", "x", "="],
    *["{", "}", "\\\n", "\\\\", "&&", "||", "|&", ">&", ">>", "\t", "!", "bash -c "],
    *["find . -exec ", " \\;", "eval ", "xargs "],
]
#: shell61: options that write or run, other approved commands, names built by expansion.
SHELL61 = [
    *[" --output=f", " --output f", " -o f", " -of", " -i", " -ni", " --ext-diff", " -n "],
    *["sort ", "sed -n ", "sed ", " --textconv", " --out=f", " -- ", " --stat", " -u"],
    *["$(echo rm)x ", "`echo rm`x ", "C=rmx; ", '"$C" ', "${C} ", 'eval "$C"', "r$()mx "],
    *["$'\\x72'mx ", "nice -n 5 ", "xargs -n 1 ", "timeout -k 1 5 "],
]
#: trust67: globs (each line's folder holds files named like sort's and git's writing
#: options, ``-ofz`` and ``--output=fz2``), brace lists, here-documents (bodies are data;
#: arithmetic's ``<<`` is none), launchers' option values (``nice -n``, ``timeout``).
TRUST67 = [
    *[" *", " *.txt", " -- *", " ./*", " --out*", " {-ofz,x}", " diff*", "<<EOF\n", "\nEOF\n"],
    *["<<'EOF'\n", "<<-E\n", "\n\tE\n", "$((1<<2))", " -t $_", "timeout * ", "nice -n * "],
]
#: The files each line's folder starts with (trust67: a glob may expand to them).
PLANTED = ("-ofz", "--output=fz2")
#: A stub logs its runs beside its line's folder (``$HOME``): a line's background job that
#: outlives it logs to its own line.
STUB = '#!/bin/sh\nprintf \'%s[%s]\\n\' "${0##*/}" "$1" >> "$HOME.log"\n'
#: What the stubs do with the options that write or run, as git, sort and sed do (git
#: takes no abbreviation; options end at ``--``).
OPTIONS = """me=${0##*/}; next=
for a in "$@"; do
  if [ -n "$next" ]; then : > "$a"; next=; continue; fi
  case "$me $a" in
    *" --") break ;;
    "git --output="*|"sort --output="*|"sort --out="*) : > "${a#*=}" ;;
    "git --output"|"sort --output"|"sort -o") next=1 ;;
    "sort -o"?*) : > "${a#-o}" ;;
    "git --ext-diff"|"git --textconv") printf 'ran[%s]\\n' "$a" >> "$HOME.log" ;;
    "sed -i"*|"sed -ni"*|"sed --in-place"*) : > in-place ;;
  esac
done
"""
#: How a stub's log line begins (a run, or a writing option's program run).
RUN = re.compile(r"(?:git|rmx|sort|sed|ran)\[")
#: The commands the limit approves, as the stubs log them.
APPROVED = ("git[diff]", "sort[", "sed[-n]")


def _run(command: str, folder: Path) -> tuple[list[str], list[str]]:
    """What bash ran for ``command`` (one ``name[first arg]`` a stub run) and the files
    it left in its folder."""
    work = Path(tempfile.mkdtemp(dir=folder))
    for name in PLANTED:
        (work / name).touch()
    env = {"PATH": str(folder / "bin"), "HOME": str(work)}
    try:
        subprocess.run(  # the fuzz's own command lines, in a stub PATH
            ["/bin/bash", "-c", command], cwd=work, env=env, capture_output=True, timeout=5
        )
    except subprocess.TimeoutExpired:
        pass
    left = sorted(p.name for p in work.iterdir() if p.name not in PLANTED)
    log = Path(f"{work}.log")
    runs: list[str] = []
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        if RUN.match(line) or not runs:
            runs.append(line)
        else:  # (trust67: an argument holding a newline logs on several lines)
            runs[-1] += f"\n{line}"
    return runs, left


LIMIT = ["Read", "Bash(git diff:*)", "Bash(sort:*)", "Bash(sed -n:*)"]


def lines(seed: int, count: int, tokens: list[str]) -> list[str]:
    """``count`` random command lines of ``tokens``, each after ``git diff``, ``sort``,
    ``sed -n`` or nothing."""
    pick = random.Random(seed)
    starts = ["git diff ", "", "sort ", "sed -n "] if tokens is not TOKENS else ["git diff ", ""]
    return [
        pick.choice(starts) + "".join(pick.choice(tokens) for _ in range(pick.randint(1, 9)))
        for _ in range(count)
    ]


def cost(seed: int, count: int, tokens: list[str]) -> None:
    """Judge ``count`` lines by the limit and the deny rule, running none (callgrind)."""
    limit = agent_rules(AgentSpec(name="r", description="d", tools=LIMIT[:2]))
    deny = agent_rules(
        AgentSpec(
            name="d", description="d", tools=["Read", "Bash"], disallowed_tools=["Bash(rmx:*)"]
        )
    )
    for command in lines(seed, count, tokens):
        for rules in (limit, deny):
            rules.refusal("Bash", {"command": command}, Path("/ws"), Path("/h"))


def main(seed: int, count: int, deny_only: bool = False) -> None:
    """Judge and run ``count`` random lines; print the misses and the totals (``deny_only``:
    run only the lines holding ``rm`` that the deny rule does not refuse)."""
    limit = agent_rules(AgentSpec(name="r", description="d", tools=LIMIT))
    deny = agent_rules(
        AgentSpec(
            name="d", description="d", tools=["Read", "Bash"], disallowed_tools=["Bash(rmx:*)"]
        )
    )
    approved = ran_rm = misses = 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "bin").mkdir()
        for name in ("git", "rmx", "sort", "sed"):
            stub = STUB + OPTIONS
            (folder / "bin" / name).write_text(stub, encoding="utf-8")
            (folder / "bin" / name).chmod(0o755)
        for command in lines(seed, count, TOKENS + SHELL61 + TRUST67):
            allowed = limit.refusal("Bash", {"command": command}, Path("/ws"), Path("/h")) is None
            denied = deny.refusal("Bash", {"command": command}, Path("/ws"), Path("/h")) is not None
            denied = denied or bash_matches("rmx:*", command)
            if deny_only and ("rm" not in command or denied):
                continue
            runs, left = _run(command, folder)
            approved += allowed
            ran_rm += any(r.startswith("rmx[") for r in runs)
            if allowed and (left or any(not r.startswith(APPROVED) for r in runs)):
                misses += 1
                print(f"approved, but ran {runs} and left {left}: {command!r}")
            if not denied and any(r.startswith("rmx[") for r in runs):
                misses += 1
                print(f"ran rmx, not denied: {command!r}")
    print(f"seed {seed}: {count} lines, {approved} approved, {ran_rm} ran rmx, {misses} misses")


if __name__ == "__main__":
    SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    if sys.argv[3:4] in (["cost"], ["cost54"]):
        cost(SEED, COUNT, TOKENS + SHELL61 + TRUST67 if sys.argv[3] == "cost" else TOKENS)
    else:
        main(SEED, COUNT, sys.argv[3:4] == ["deny"])
