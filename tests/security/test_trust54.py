"""trust54: a limited Bash (``tools: Read, Bash(git diff:*)``) and a ``dontAsk`` agent's
allow rules against the ways a command writes or runs around them.

Both approve a command through :func:`coordinator.runtime.permission_allow.unapproved`. On
the start code (3e49be5f) it ignored redirections, so ``git diff > src/calc.py`` passed a
read-only reviewer's ``Bash(git diff:*)`` and overwrote the file; it split at operators
inside quotes, so ``git log --grep='a && b'`` was refused; it approved ``find . -exec rm``
under ``Bash(find:*)``; and it refused ``nohup git diff``, whose wrapper Claude Code strips
before matching. A deny rule (``disallowedTools: Bash(rm:*)``, settings ``deny``) missed
the ``rm`` that ``find -exec``, ``bash -lc``, ``busybox`` and ``watch`` run.

What Claude Code says (its permissions page and changelog, read with the search tool): a
rule is matched against each subcommand of a compound command (``&&``, ``||``, ``;``,
``|``, newlines), so ``Bash(safe-cmd *)`` does not approve ``safe-cmd && other-cmd``;
process wrappers (``timeout``, ``time``, ``nice``, ``nohup``, ``stdbuf``) are stripped
before matching; a rule matches a command with an output redirection (changelog 1.0.123:
``Bash(python:*)`` matches ``python script.py > output.txt``); rules constraining
arguments are fragile, and a deny rule is no boundary around a program (the sandbox is).
coord follows it except for the redirection, where it is stricter on purpose: a user who
limits an agent to ``git diff`` expects it to write no file, and nobody can approve the
write in a coord run. Where the docs say nothing (``find -exec``, substitutions) coord
refuses, saying why.
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

LIMIT = ["Read", "Grep", "Bash(git diff:*)", "Bash(git log:*)", "Bash(git commit:*)"]
FIND = [*LIMIT, "Bash(find:*)", "Bash(grep:*)"]
DONE = {"text": report("Complete", "Done")}


def refusal(tools: list[str], command: str, disallowed: tuple[str, ...] = ()) -> str | None:
    """What the model reads when an agent with these lists runs ``command``, or None."""
    agent = AgentSpec(
        name="backend", description="d", tools=tools, disallowed_tools=list(disallowed)
    )
    return agent_rules(agent).refusal("Bash", {"command": command}, Path("/ws"), Path("/h"))


def dont_ask(command: str, *allow: str) -> str | None:
    """What a dontAsk agent whose user allows ``allow`` reads for ``command``, or None."""
    found, problems = parse_rules(list(allow), Behavior.ALLOW, Path("/h/.claude/settings.json"))
    assert not problems
    rules = PermissionRules(rules=found, home=Path("/h"))
    return rules.refusal("Bash", {"command": command}, Path("/ws"), "dontAsk")


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("git diff > src/calc.py", "writes a file by redirection (>src/calc.py)"),
        ("git diff >> src/calc.py", "(>>src/calc.py)"),
        ("git diff &> out.txt", "(&>out.txt)"),
        ("git diff >| src/calc.py", "(>|src/calc.py)"),
        ("git diff 1> out.txt", "(1>out.txt)"),
        ("git diff 2> err.log", "(2>err.log)"),
        ("git diff >&out.txt", "(>&out.txt)"),  # >&word writes both streams to word
        ("git diff <> src/calc.py", "(<>src/calc.py)"),  # opened for reading and writing
        ("git diff>src/calc.py", "(>src/calc.py)"),
        ("git log -p 2>&1 > src/calc.py", "(>src/calc.py)"),
        ("git diff > /dev/null; git log > notes.txt", "(>notes.txt)"),
    ],
)
def test_a_limited_bash_refuses_a_redirection_that_writes_a_file(command: str, why: str) -> None:
    """The start code ignored redirections: each of these ran and wrote its file."""
    said = refusal(LIMIT, command)
    assert said is not None and why in said, said
    assert "only as Bash(git diff:*)" in said and "It was not run." in said


@pytest.mark.parametrize(
    "command",
    [
        "git log --grep='a && b'",  # quoted operators are no operators
        "git log --grep='fix; rm'",
        "git log --format='%h | %s'",
        'git log --grep="a || b"',
        "git log --format='$(not run)'",  # no substitution inside single quotes
        "git diff -- 'a&b.txt'",
        'git commit -m "say \\"hi\\" > x; rm y"',  # escaped quotes stay inside
        "nohup git diff",  # Claude Code strips these wrappers before matching
        "time git diff",
        "time -p git log",
        "timeout 10 git diff",
        "timeout -s KILL -k 5 10 git diff",
        "nice -n 5 git diff",
        "stdbuf -oL git log",
        "nohup timeout 5 git diff 2>&1",
    ],
)
def test_a_limited_bash_runs_what_its_rules_name(command: str) -> None:
    """The start code refused each of these, which its rules name."""
    assert refusal(LIMIT, command) is None


@pytest.mark.parametrize(
    "command",
    [
        "git diff 2>&1",  # copies of a stream and /dev/null write no file
        "git diff >&2",
        "git diff > /dev/null 2>&1",
        "git diff &>/dev/null",
        "git diff 2>/dev/null | git log",
        "git diff < /dev/null",
        'git commit -m "a > b"',  # a quoted operator inside an argument
        "git diff && git log",
        "git diff # > src/calc.py",  # a comment
        "find . -name '*.py' -exec grep -l TODO {} +",  # it runs what a rule approves
    ],
)
def test_a_limited_bash_still_runs_these(command: str) -> None:
    """Unchanged from the start code: no false refusal of what writes no file."""
    assert refusal(FIND, command) is None


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("find . -exec rm {} \\;", "runs 'rm {}' (find -exec)"),
        ("find . -execdir sh -c 'echo x > f' ';'", "(find -exec)"),
        ("find src -ok rm {} +", "runs 'rm {}'"),
    ],
)
def test_find_exec_runs_only_a_command_a_rule_approves(command: str, why: str) -> None:
    """``Bash(find:*)`` approved on the start code any command find runs."""
    said = refusal(FIND, command)
    assert said is not None and why in said, said


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("git diff; rm -rf src", "'rm -rf src' matches no rule"),
        ("git diff && rm x", "'rm x'"),
        ("git diff || rm x", "'rm x'"),
        ("git diff & rm x", "'rm x'"),
        ("git diff |& tee src/calc.py", "'tee src/calc.py'"),  # tee is its own command
        ("git diff | tee src/calc.py", "'tee src/calc.py'"),
        ("git diff\nrm x", "'rm x'"),
        ("git diff \\\n; rm x", "'rm x'"),  # a line continuation, then a separator
        ("git diff $(rm x)", "runs a command inside its words"),
        ("git diff `rm x`", "runs a command inside its words"),
        ('git diff "$(rm x)"', "runs a command inside its words"),
        ("git diff <(rm x)", "runs a command inside its words"),
        ("git diff > >(tee src/calc.py)", "runs a command inside its words"),
        ("eval git diff", "'eval git diff'"),
        ("git diff --name-only | xargs rm", "'xargs rm'"),
        ("env VAR=1 git diff", "'env VAR=1 git diff'"),
        ("VAR=1 git diff", "'VAR=1 git diff'"),
        ("command git diff", "'command git diff'"),
        ("exec git diff", "'exec git diff'"),
        ("nohup rm x", "'nohup rm x'"),
        ("timeout --bogus 5 git diff", "'timeout --bogus 5 git diff'"),
        ("bash -c 'git diff'", "matches no rule"),
        ("git log --grep='unclosed", "an unclosed ' quote"),
        ("git diff >", "has no file"),
        ("git log $'\\'' ; rm x ; echo ''", "'rm x'"),  # $'...' takes \\' as a quote
    ],
)
def test_a_limited_bash_refuses_what_runs_around_it(command: str, why: str) -> None:
    """Refused on the start code too (a regression guard), now with the reason named."""
    said = refusal(LIMIT, command)
    assert said is not None and why in said, said


def test_a_dont_ask_agent_shares_the_limits_rules() -> None:
    """A dontAsk agent's allow rules approve a command as a limit does (one function): a
    redirection to a file is refused where the start code ran it, with why."""
    said = dont_ask("npm test > out.txt 2>&1", "Bash(npm test:*)")
    assert said is not None and "dontAsk" in said and "(>out.txt)" in said, said
    assert dont_ask("npm test > /dev/null 2>&1", "Bash(npm test:*)") is None
    assert dont_ask("npm test -- --grep='a && b'", "Bash(npm test:*)") is None
    assert dont_ask("timeout 60 npm test", "Bash(npm test:*)") is None
    assert dont_ask("npm test", "Bash") is None  # a whole Bash approves any command


def test_an_escaped_backslash_before_a_newline_joins_no_lines() -> None:
    """``\\\\`` then a newline is a backslash argument and the end of the command: the
    start code joined the lines, so ``rm x`` passed a ``Bash(git diff:*)`` limit as
    arguments of ``git diff`` and a ``Bash(rm:*)`` deny rule did not see it."""
    command = "git diff \\\\\nrm x"
    said = refusal(LIMIT, command)
    assert said is not None and "'rm x' matches no rule" in said, said
    assert bash_matches("rm:*", command)
    assert refusal(LIMIT, "git di\\\nff --stat \\\n  HEAD") is None  # a continuation


@pytest.mark.parametrize(
    "command",
    [
        "find . -exec rm {} \\;",
        "find . -execdir rm -f {} +",
        "find . -ok rm {} ';'",
        "find . -exec sh -c 'rm x' \\;",
        "bash -lc 'rm x'",
        "sh -ec 'rm x'",
        "busybox rm x",
        "watch rm x",
        "``rm x",  # an empty substitution before the name (found by a differential fuzz)
        "$()rm x",
        "`&;`rm x",  # one that fails gives nothing too
        "$'rm' x",  # ANSI-C quoting
        "git diff & # a comment's backslash joins no line \\\nrm x",
    ],
)
def test_a_deny_rule_sees_the_command_another_runs(command: str) -> None:
    """The start code's deny matching missed each of these, which bash runs rm for."""
    assert bash_matches("rm:*", command)
    said = refusal(["Read", "Bash"], command, disallowed=("Bash(rm:*)",))
    assert said is not None and "disallowedTools entry Bash(rm:*)" in said


@pytest.mark.parametrize(
    "command",
    [
        "git diff |& rm x",
        "git diff & rm x",
        "git diff || rm x",
        "git diff\nrm x",
        "git diff \\\n&& rm x",
        "echo $(rm x)",
        'echo "$(rm x)"',
        "echo `rm x`",
        "cat <(rm x)",
        "echo x > >(rm x)",
        "eval 'rm x'",
        "ls | xargs -0 rm -f",
        "env VAR=1 rm x",
        "command rm x",
        "exec rm x",
        "time -p rm x",
        "nohup nice -n 5 rm x",
        "stdbuf -oL rm x",
        "git diff > x; rm y",
        "rm>x",
    ],
)
def test_a_deny_rule_still_sees_through_these(command: str) -> None:
    """Seen on the start code too (a regression guard over the brief's list)."""
    assert bash_matches("rm:*", command)


def test_a_read_only_reviewer_cannot_overwrite_a_file_but_runs_its_commands(
    tmp_path: Path,
) -> None:
    """A real session in the sandbox: the reviewer's ``git diff > src/calc.py`` is refused
    and the file keeps the user's change; its ``git log`` with quoted operators and its
    ``git diff 2>&1`` run (the first ran and emptied the file on the start code, the
    second was refused there)."""
    ws = tmp_path / "ws"
    (ws / "src").mkdir(parents=True)
    (ws / "src/calc.py").write_text("x = 1\n", encoding="utf-8")
    git_init(ws)
    (ws / "src/calc.py").write_text("x = 2\n", encoding="utf-8")
    reviewer = AgentSpec(
        name="backend", description="Reviews.", tools=list(LIMIT), body="Review the diff."
    )
    turns = [
        bash("git diff > src/calc.py"),
        bash("git log -E --grep='start|x' --format='%s && more'"),
        bash("git diff 2>&1"),
        DONE,
    ]
    results = sent_results(run(ws, Path(os.environ["HOME"]), reviewer, turns))
    written, searched, diff = (str(r["content"]) for r in results)
    assert "writes a file by redirection (>src/calc.py)" in written, written
    assert results[0]["is_error"]
    assert (ws / "src/calc.py").read_text(encoding="utf-8") == "x = 2\n"
    assert "start && more" in searched and not results[1].get("is_error"), searched
    assert "+x = 2" in diff and not results[2].get("is_error"), diff
