"""shell61: a limited Bash (``tools: Read, Bash(git diff:*)``) or a ``dontAsk`` agent's
allow rules no longer approve a command that writes a file or runs a program through its
own options, and a Bash deny rule refuses a command whose name is built by expansion.

On the start code (4ed0787d) ``git diff --output=src/app.py`` passed a read-only
reviewer's ``Bash(git diff:*)`` and overwrote the file, as did ``sed -n -i``, ``sort -o``,
``find -fprint``/``-delete`` and the rest below; and with ``disallowedTools: Bash(rm:*)``,
``$(echo r)m -rf src``, ``"$CMD" src`` and wrappers with options the deny matching did not
walk (``xargs -0 -n 1 -P 4 rm``) ran rm. What must still run is tested beside them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile import bash, run, sent_results
from kit import git_init, report

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.runtime.permission_bash import bash_matches
from coordinator.runtime.permission_rules import Behavior, parse_rules
from coordinator.runtime.permissions import PermissionRules

READS = [
    "Read",
    "Grep",
    *(f"Bash(git {sub}:*)" for sub in ("diff", "log", "show", "status", "blame", "grep")),
    "Bash(git format-patch:*)",
    "Bash(sed -n:*)",
    *(f"Bash({c}:*)" for c in ("sort", "find", "grep", "rg", "cat", "head", "tail", "ls")),
    *(f"Bash({c}:*)" for c in ("wc", "diff", "jq", "awk", "yq", "curl", "uniq", "tar")),
    "Bash(npx prettier --check:*)",
    "Bash(npx prettier:*)",
    "Bash(ruff check:*)",
    "Bash(fd:*)",
]
DONE = {"text": report("Complete", "Done")}


def refusal(tools: list[str], command: str, disallowed: tuple[str, ...] = ()) -> str | None:
    """What the model reads when an agent with these lists runs ``command``, or None."""
    agent = AgentSpec(
        name="backend", description="d", tools=tools, disallowed_tools=list(disallowed)
    )
    return agent_rules(agent).refusal("Bash", {"command": command}, Path("/ws"), Path("/h"))


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("git diff --output=src/app.py", "--output=src/app.py (writes the file it names)"),
        ("git diff --stat --output src/app.py", "--output (writes"),
        ("git log --output=F", "--output=F"),
        ("git show --output F HEAD", "--output"),
        ("git format-patch -o dir HEAD~1", "-o (writes"),
        ("git format-patch --output-dir=out HEAD~1", "--output-dir=out"),  # getopt-like
        ("git diff --ext-diff", "--ext-diff (runs a program)"),
        ("git log -p --textconv", "--textconv (runs a program)"),
        ("git grep -Ovim TODO", "-O (runs a program)"),
        ("sed -n -i s/a/b/ src/app.py", "-i (writes"),
        ("sed -n -Ei s/a/b/ src/app.py", "-i (writes"),  # combined short flags
        ("sed -n --in-place s/a/b/ f", "--in-place"),
        ("sed -n --in-pl s/a/b/ f", "--in-pl"),  # sed takes a long option's beginning
        ("sed -n '1w out.txt' f", "(its program writes a file or runs a command)"),
        ("sed -n 's/a/b/w out.txt' f", "its program"),
        ("sed -n -e 's|a|b|e' f", "its program"),
        ("sed -n -f prog.sed f", "-f (reads its program from a file"),
        ("sort -o src/app.py f", "-o (writes"),
        ("sort -nro src/app.py f", "-o (writes"),
        ("sort --out=src/app.py f", "--out=src/app.py"),
        ("sort -osrc/app.py f", "-osrc/app.py"),
        ("sort --compress-program=sh f", "(runs a program)"),
        ("find . -fprint F", "-fprint (writes"),
        ("find . -name '*.py' -fprintf F '%p'", "-fprintf"),
        ("find . -fprint0 F", "-fprint0"),
        ("find . -fls F", "-fls"),
        ("find src -name '*.pyc' -delete", "-delete (deletes the files it finds)"),
        ("awk '{print $1 > \"out.txt\"}' f", "its program"),
        ("awk '{ system(\"rm -rf src\") }' f", "its program"),
        ("awk 'BEGIN { \"date\" | getline d }'", "its program"),
        ("awk '{print | \"sh\"}' f", "its program"),
        ("awk -f prog.awk f", "-f (reads its program"),
        ("yq -i '.a = 1' config.yaml", "-i (writes"),
        ("npx prettier --write src", "--write (writes"),
        ("npx prettier -w src", "-w (writes"),
        ("ruff check --fix src", "--fix"),
        ("rg --pre ./decode TODO", "--pre (runs a program)"),
        ("fd -e py -x ls", "-x (runs a program)"),  # (shell73: -x rm: rm is read, unapproved)
        ("curl -sSLo src/app.py http://x", "-o (writes"),
        ("uniq in.txt src/app.py", "src/app.py (writes"),
        ("tar -xzf a.tar.gz", "-x (writes"),
        ("time -o src/app.py git diff", "-o (writes"),  # a wrapper Claude Code strips
        ("git diff --stat && sort -o F f", "'sort -o F f' has the option -o"),
        ("git log -n --output=F", "--output=F"),  # an option's value read as an option too
        ("git diff --ext-diff${C}", "--ext-diff${C} (a word the shell builds"),
        ("git diff $'--output=F'", "(a word the shell builds"),
        ('git diff $"--output=F"', "(a word the shell builds"),
        ("git diff --stat -- --output=F; git diff $_", "$_ (a word the shell builds"),
    ],
)
def test_a_limited_bash_refuses_an_option_that_writes_or_runs(command: str, option: str) -> None:
    """Each of these ran on the start code, writing its file or running its program."""
    said = refusal(READS, command)
    assert said is not None and option in said, said
    assert "a rule approves a command, not the files its options would write" in said
    assert "It was not run." in said


@pytest.mark.parametrize(
    "command",
    [
        "git diff --stat",
        "git diff --no-ext-diff --no-textconv HEAD",
        "git diff --output-indicator-new=+ HEAD",
        "git diff --text HEAD",  # git takes no abbreviation: not --textconv
        "git log --oneline -5",
        "git log -S'--output=x' --oneline",  # a value, joined to its option
        "git show HEAD:src/app.py",
        "git status --short",
        "git blame -L 1,5 src/app.py",
        "git grep -n TODO -- '*.py'",
        "git diff -- --output=x",  # a path after --
        'git log --grep="a$" --format="%h $"',  # a lone $ expands nothing
        "git format-patch --stdout HEAD~1",
        "sed -n '1,5p' f",
        "sed -n '/we/p' f",
        "sed -n -e '$p' -e '/^w/p' f",
        "sed -n 's/a/b/gp' f",
        "find . -name '*.py' -print",
        "find . -type f -newer f -print0",
        "sort f",
        "sort -t, -k2 f",
        "sort -to f",  # -t takes 'o' as the separator
        "sort -u -r f",
        "grep -o pat f",  # grep's -o is only-matching, no output file
        "grep -rno 'output' src",
        "rg -o --json pat",
        "awk '{print $1}' f",
        "awk -F: '$3 > 100 {print $1}' /etc/passwd",
        "awk '{print $1 > \"/dev/stderr\"}' f",
        "cat f | head -5 | tail -2 | wc -l",
        "ls -la --color=never",
        "diff -u a b",
        "jq '.a' f.json",
        "yq '.a' f.yaml",
        "npx prettier --check src",
        "ruff check src",
        "curl -sS http://localhost:8000/health",
        "uniq -c f",
        "tar -tzf a.tar.gz",
        "fd -e py src",
        "time git diff",
        "time -p git log --oneline",
    ],
)
def test_a_limited_bash_still_runs_read_only_commands(command: str) -> None:
    """No false refusal of what writes nothing (the brief's list and their neighbours)."""
    assert refusal(READS, command) is None


@pytest.mark.parametrize(
    ("rule", "command"),
    [
        ("Bash(sort -o:*)", "sort -o out.txt f"),
        ("Bash(npx prettier --write:*)", "npx prettier --write src"),
        ("Bash(sed -i:*)", "sed -i s/a/b/ f"),
        ("Bash(git diff --output=out.diff)", "git diff --output=out.diff"),
        ("Bash(find . -delete)", "find . -delete"),
    ],
)
def test_an_option_the_rule_names_is_approved(rule: str, command: str) -> None:
    """The user who writes the writing option into the rule approved it."""
    assert refusal(["Read", rule], command) is None


def test_an_option_the_rule_names_approves_only_its_own_place() -> None:
    """A second ``-c`` after the one the rule names is the agent's, not the user's."""
    said = refusal(["Bash(git -c color.ui=never log:*)"], "git -c color.ui=never log")
    assert said is None
    said = refusal(["Bash(git -c color.ui=never:*)"], "git -c color.ui=never -c core.pager=sh log")
    assert said is not None and "-c (sets a git setting" in said, said


def test_a_dont_ask_agent_shares_the_option_check() -> None:
    """A dontAsk agent's allow rules approve a command through the same check."""
    found, problems = parse_rules(
        ["Bash(git diff:*)", "Bash(sort:*)"], Behavior.ALLOW, Path("/h/.claude/settings.json")
    )
    assert not problems
    rules = PermissionRules(rules=found, home=Path("/h"))
    said = rules.refusal(
        "Bash", {"command": "git diff --output=src/app.py"}, Path("/ws"), "dontAsk"
    )
    assert said is not None and "dontAsk" in said and "--output=src/app.py" in said, said
    assert rules.refusal("Bash", {"command": "git diff --stat"}, Path("/ws"), "dontAsk") is None
    assert rules.refusal("Bash", {"command": "sort -u f"}, Path("/ws"), "dontAsk") is None


def test_a_deny_rule_is_not_loosened_by_the_option_check() -> None:
    """An allowed option changes nothing of what a deny rule refuses."""
    said = refusal(["Read", "Bash(sort -o:*)"], "sort -o x f", disallowed=("Bash(sort:*)",))
    assert said is not None and "disallowedTools entry Bash(sort:*)" in said, said


DENY = ("Bash(rm:*)",)


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("$(echo r)m -rf src", "'$(echo'"),
        ("`echo rm` -rf src", "'`echo'"),
        ("X=r; ${X}m -rf src", "'${X}m'"),
        ('"$CMD" src', "'\"$CMD\"'"),
        ('eval "$S"', "'eval \"$S\"'"),
        ("bash -c '$X src'", "'$X'"),
        ('find . -exec "$X" {} \\;', "'\"$X\"'"),
        ("( $X src )", "'$X'"),
        ("echo $( $X src )", "'$X'"),
        ("nice -n 5 $X src", "'$X'"),
        ('sudo -u root "$C" src', "'\"$C\"'"),
        ("/usr/bin/r? -rf src", "'/usr/bin/r?'"),  # a glob builds the name too
        ("$'\\x72m' -rf src", "\"$'\\\\x72m'\""),  # ANSI-C escapes
        ("git diff # a comment \\\n$(echo r)m -rf src", "'$(echo'"),  # (found by the fuzz)
        ("echo $($(echo r)m -rf src)", "'${SUBSTITUTED}m'"),  # (found by the fuzz)
    ],
)
def test_a_deny_rule_refuses_a_command_whose_name_is_built(command: str, name: str) -> None:
    """With ``disallowedTools: Bash(rm:*)`` each of these ran rm (or could) on the start
    code; now the deny fails closed, naming the word it could not read."""
    said = refusal(["Read", "Bash"], command, disallowed=DENY)
    assert said is not None and "disallowedTools entry Bash(rm:*)" in said, said
    assert f"the command's name {name} is built only when the command runs" in said, said


def test_a_settings_deny_rule_fails_closed_too() -> None:
    """A ``permissions.deny`` Bash rule refuses a built name the same way."""
    found, _ = parse_rules(["Bash(rm:*)"], Behavior.DENY, Path("/h/.claude/settings.json"))
    rules = PermissionRules(rules=found, home=Path("/h"))
    said = rules.refusal("Bash", {"command": "$(echo r)m -rf src"}, Path("/ws"))
    assert said is not None and "refuses a command it cannot read" in said, said
    assert rules.refusal("Bash", {"command": 'ls "$HOME"'}, Path("/ws")) is None


@pytest.mark.parametrize(
    "command",
    [
        "xargs -0 -n 1 -P 4 -I {} rm {}",
        "env -i -u A -u B -C / rm x",
        "timeout -k 5 -s 9 10 nice -n 5 rm x",
        "sudo -E -H -u root -g wheel rm x",
        "chrt 5 rm x",
        "taskset 0x1 rm x",
    ],
)
def test_a_deny_rule_walks_each_wrappers_options(command: str) -> None:
    """The start code looked six words past a wrapper and knew fewer wrappers: rm ran."""
    assert bash_matches("rm:*", command)


@pytest.mark.parametrize(
    "command",
    [
        "eval rm -rf x",
        "exec rm x",
        "command rm x",
        "builtin rm x",
        "xargs rm",
        "nice -n 5 rm x",
        "timeout 5 rm x",
        "env -i rm x",
        "nohup rm x",
        "time rm x",
        "sudo rm x",
        "doas rm x",
        'eval "r""m -rf src"',
    ],
)
def test_a_deny_rule_still_sees_through_the_briefs_wrappers(command: str) -> None:
    """Seen on the start code too (a regression guard over the brief's list)."""
    said = refusal(["Read", "Bash"], command, disallowed=DENY)
    assert said is not None and "refuses this call" in said, said


@pytest.mark.parametrize(
    "command",
    [
        "git diff $X",
        'ls "$HOME"',
        "echo `date`",
        "X=$(pwd) ls",
        "[ -f x ] && echo y",
        "[[ -f x ]]",
        "for f in *.py; do wc -l $f; done",
        'xargs -I{} grep "$P" {}',
        "awk '{print $1}' f",
        'git commit -m "fix; $x"',
        'if [ -n "$X" ]; then ls; fi',
        "while read l; do echo $l; done < f",
        "cd $HOME && ls",
    ],
)
def test_a_deny_rule_runs_commands_with_plain_names(command: str) -> None:
    """Expansions in arguments are no name: these run under ``Bash(rm:*)``."""
    assert refusal(["Read", "Bash"], command, disallowed=DENY) is None


def _session(tmp_path: Path, spec: AgentSpec, commands: list[str]) -> tuple[Path, list[str]]:
    """A real sandboxed session of ``spec`` running ``commands`` in a repository whose
    ``src/calc.py`` the user changed; the workspace and what the model read of each."""
    ws = tmp_path / "ws"
    (ws / "src").mkdir(parents=True)
    (ws / "src/calc.py").write_text("x = 1\n", encoding="utf-8")
    git_init(ws)
    (ws / "src/calc.py").write_text("x = 2\n", encoding="utf-8")
    turns = [*(bash(c) for c in commands), DONE]
    results = sent_results(run(ws, Path(os.environ["HOME"]), spec, turns))
    return ws, [str(r["content"]) for r in results]


def test_a_reviewer_cannot_write_through_an_option_but_runs_its_commands(tmp_path: Path) -> None:
    """``git diff --output=src/calc.py`` and ``sed -n -i`` overwrote the file on the start
    code; now both are refused with the option named, and ``git diff --stat`` and
    ``sed -n '1p'`` run."""
    reviewer = AgentSpec(
        name="backend",
        description="Reviews.",
        tools=["Read", "Bash(git diff:*)", "Bash(sed -n:*)"],
        body="Review the diff.",
    )
    commands = [
        "git diff --output=src/calc.py",
        "sed -n -i 's/2/3/p' src/calc.py",
        "git diff --stat",
        "sed -n '1p' src/calc.py",
    ]
    ws, (diff_out, sed_i, stat, line) = _session(tmp_path, reviewer, commands)
    assert "has the option --output=src/calc.py (writes the file it names)" in diff_out
    assert "has the option -i (writes the file it names)" in sed_i, sed_i
    assert (ws / "src/calc.py").read_text(encoding="utf-8") == "x = 2\n"
    assert "calc.py | 2 +-" in stat and "x = 2" in line, (stat, line)


def test_an_awk_program_cannot_run_a_command_past_a_limit(tmp_path: Path) -> None:
    """``Bash(awk:*)``: on the start code ``system()`` ran and made the file."""
    reader = AgentSpec(
        name="backend", description="Reads.", tools=["Read", "Bash(awk:*)"], body="Read."
    )
    commands = ["awk 'BEGIN { system(\"touch src/ran\") }'", "awk '{print $3}' src/calc.py"]
    ws, (ran, printed) = _session(tmp_path, reader, commands)
    assert "(its program writes a file or runs a command)" in ran, ran
    assert not (ws / "src/ran").exists()
    assert printed.strip() == "2", printed


def test_a_deny_rule_refuses_a_built_name_in_the_sandbox(tmp_path: Path) -> None:
    """``disallowedTools: Bash(rm:*)``: ``$(echo r)m src/calc.py`` removed the file on the
    start code; now it is refused, and a command with an expanded argument runs."""
    agent = AgentSpec(
        name="backend",
        description="Works.",
        tools=["Read", "Bash"],
        disallowed_tools=["Bash(rm:*)"],
        body="Work.",
    )
    ws, (built, plain) = _session(
        tmp_path, agent, ["$(echo r)m src/calc.py", 'cat "$PWD/src/calc.py"']
    )
    assert "the command's name '$(echo' is built only when the command runs" in built, built
    assert (ws / "src/calc.py").read_text(encoding="utf-8") == "x = 2\n"
    assert "x = 2" in plain, plain
