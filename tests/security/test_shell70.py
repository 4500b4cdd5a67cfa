"""shell70: the shell reading's false refusals, vague reasons and races.

Each ``rm`` case is first run by ``/bin/bash`` with a logging ``rm`` stub (shell69's
:func:`ran_rm`): a function's body and a ``case`` branch are commands to a deny rule; a
script's names built when it runs are a program's business (``./gradlew``), the commands
it writes are checked; awk's ``system(c)`` is followed to the strings ``c`` holds; a file
that is not UTF-8 is named with its byte; a line that runs a script and another program
that could rewrite it first is refused.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.tools.base import ToolContext
from coordinator.tools.toolset import build_toolset
from tests.security.test_shell69 import ran_rm, refusal

# ---- found on the way: a function's body, a case branch, a trap, an alias ------------

HEADED = [
    "f() { rm x; }; f",
    "f(){ rm x;}; f",
    "f ( ) { rm x; }; f",
    "function f { rm x; }; f",
    "function f() { rm x; }; f",
    "f()(rm x); f",
    "case a in a) rm x;; esac",
    "case a in b|a) rm x;; esac",
    "case a in (a) rm x;; esac",
    "trap 'rm x' EXIT",
    "trap -- 'rm x' EXIT; ls",
    "shopt -s expand_aliases; alias l='rm x'\nl",
]


@pytest.mark.parametrize("command", HEADED)
def test_a_function_body_case_branch_trap_or_alias_is_checked(command: str, tmp_path: Path) -> None:
    assert ran_rm(command, tmp_path)
    assert "refuses this call" in (refusal(command) or "")


@pytest.mark.parametrize(
    "command",
    [
        "f() { ls; }; f",
        'case "$x" in *.sh) ls;; esac',
        "function g { echo rm; }",
        "trap 'echo bye' EXIT",
        "trap - EXIT",
        "alias ll='ls -l'",
    ],
)
def test_functions_cases_traps_running_no_denied_command_run(command: str) -> None:
    assert refusal(command) is None


# ---- 1. a script's built names are its own business; what it writes is checked ---------------

#: The shape of a build wrapper (Gradle's, Maven's): names built when it runs, none denied.
WRAPPER = """#!/bin/sh
cygwin=false
case "$( uname )" in
  CYGWIN* ) cygwin=true ;;
esac
if [ -n "$JAVA_HOME" ] ; then
    JAVACMD=$JAVA_HOME/bin/java
else
    JAVACMD=java
fi
if ! "$cygwin" ; then
    MAX_FD=$( ulimit -H -n ) || echo "no limit"
fi
eval "set -- $(printf '%s\\n' "$JAVA_OPTS" | xargs -n1 | tr '\\n' ' ')" '"$@"'
exec "$JAVACMD" "$@"
"""


def _put(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
        (root / name).chmod(0o755)
    return root


@pytest.mark.parametrize("command", ["./gradlew build", "sh gradlew build", "./mvnw -q package"])
def test_a_build_wrapper_building_its_names_runs(command: str, tmp_path: Path) -> None:
    _put(tmp_path, {"gradlew": WRAPPER, "mvnw": WRAPPER.replace("JAVACMD", "MVN")})
    assert refusal(command, tmp_path) is None


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (
            '#!/bin/sh\nset -e\nclean() { rm -rf -- "$TMP"; }\ntrap clean EXIT\n',
            "line 3: clean() {",
        ),
        (
            "#!/bin/sh\necho configuring\n" + "x=1\n" * 3000 + "rm -f conf$$ conf$$.exe\n",
            "line 3003",
        ),
        ("#!/bin/sh\nC=rm\n$C -rf src\n", "($C) and writes rm"),
        ('#!/bin/sh\nS="r""m"\n"$(echo rm)" x\n', "writes rm"),
    ],
)
def test_a_script_running_a_denied_command_is_refused_saying_where(
    script: str, shown: str, tmp_path: Path
) -> None:
    _put(tmp_path, {"run.sh": script})
    assert ran_rm("./run.sh", tmp_path)
    assert shown in (refusal("./run.sh", tmp_path) or "")


@pytest.mark.parametrize(
    "command", ["./ok.sh && make -C sub", "grep -C 2 x f && sh ok.sh", "ls -D; ./ok.sh"]
)
def test_a_command_s_own_folder_option_moves_no_script(command: str, tmp_path: Path) -> None:
    _put(tmp_path, {"ok.sh": "#!/bin/sh\necho ok\n", "sub/ok.sh": "#!/bin/sh\nrm x\n"})
    assert refusal(command, tmp_path) is None


@pytest.mark.parametrize(
    "command", ["env -C sub sh ok.sh", "sudo -D sub sh ok.sh", "popd; sh ok.sh"]
)
def test_a_wrapper_moving_folder_still_refuses(command: str, tmp_path: Path) -> None:
    _put(tmp_path, {"ok.sh": "#!/bin/sh\necho ok\n", "sub/ok.sh": "#!/bin/sh\nrm x\n"})
    assert "changes folder first" in (refusal(command, tmp_path) or "")


# ---- 4. a script rewritten by another program of its line, after the check read it -------------

REWRITER = "open('ok.sh', 'w').write('rm x\\n')\n"


@pytest.mark.parametrize(
    "command",
    [
        "/usr/bin/python3 w.py; sh ok.sh",
        "/usr/bin/python3 w.py && ./ok.sh",
        "sh a.sh",
        "for i in 1 2; do sh ok.sh; /usr/bin/python3 w.py; done",
    ],
)
def test_a_line_that_may_rewrite_the_script_first_is_refused(command: str, tmp_path: Path) -> None:
    files = {
        "ok.sh": "#!/bin/sh\necho ok\n",
        "w.py": REWRITER,
        "a.sh": "/usr/bin/python3 w.py; sh ok.sh\n",
    }
    _put(tmp_path, files)
    assert ran_rm(command, tmp_path)
    _put(tmp_path, files)  # (as the check reads it)
    assert "a program that could rewrite it" in (refusal(command, tmp_path) or "")


@pytest.mark.parametrize("command", ["sh ok.sh & python3 w.py", "python3 w.py | sh ok.sh"])
def test_a_program_running_beside_the_script_is_refused(command: str, tmp_path: Path) -> None:
    _put(tmp_path, {"ok.sh": "#!/bin/sh\necho ok\n", "w.py": REWRITER})
    assert "runs python3 before it or beside it" in (refusal(command, tmp_path) or "")


@pytest.mark.parametrize(
    "command",
    [
        "cd sub && sh ok.sh",
        "echo hi; ./ok.sh; echo done",
        "git status && ./ok.sh",
        "./ok.sh && make",
        "sh ok.sh | tee log",
    ],
)
def test_a_script_among_programs_that_leave_it_alone_runs(command: str, tmp_path: Path) -> None:
    _put(tmp_path, {"ok.sh": "#!/bin/sh\necho ok\n", "sub/ok.sh": "#!/bin/sh\necho ok\n"})
    assert refusal(command, tmp_path) is None


def test_a_script_too_large_to_read_says_the_denied_command_it_begins_with(tmp_path: Path) -> None:
    _put(tmp_path, {"configure": "#!/bin/sh\nrm -f conftest*\n" + "x=1\n" * 70_000})
    refused = refusal("./configure", tmp_path) or ""
    assert "larger than 256 KB, and holds a command Bash(rm:*) matches (line 2: rm -f" in refused


# ---- 3. text that is not UTF-8, named -----------------------------------------------------------


@pytest.mark.parametrize("command", ["./bad.sh", "sh bad.sh"])
def test_a_script_not_utf8_is_refused_naming_its_byte(command: str, tmp_path: Path) -> None:
    (tmp_path / "bad.sh").write_bytes(b"#!/bin/sh\necho \xff\nrm x\n")
    (tmp_path / "bad.sh").chmod(0o755)
    assert ran_rm(command, tmp_path)
    refused = refusal(command, tmp_path) or ""
    assert (
        "bad.sh, which a rule reads as commands: it is not UTF-8 text (byte 0xFF at offset 15)"
        in refused
    )


def test_a_command_with_a_lone_surrogate_is_refused_naming_where(tmp_path: Path) -> None:
    refused = refusal("echo \ud800 x; sh a\ud800.sh", tmp_path) or ""
    assert "a command that is not UTF-8 text: character 6 is U+D800" in refused
    assert "\ud800" not in refused


def test_the_bash_tool_answers_a_lone_surrogate_with_one_line(tmp_path: Path) -> None:
    context = ToolContext(root=tmp_path, allow_bash=True)
    tools = build_toolset(["Bash"])
    result = asyncio.run(tools.execute("Bash", {"command": "echo \ud800 x"}, context))
    assert result.is_error
    assert result.content == (
        "Error: the command is not UTF-8 text: character 6 is U+D800, half of a UTF-16 "
        "surrogate pair, which is no text a program can be given"
    )


# ---- 2. awk's system(c): followed to the strings c holds ----------------------------------------

AWK_DENIED = [
    "awk 'BEGIN{c=\"rm x\"; system(c)}'",
    "awk -v c='rm x' 'BEGIN{system(c)}'",
    "awk '{system(c); exit}' c='rm x' f",
    'awk \'BEGIN{a="r"; c=a "m x"; system(c)}\'',
    "awk 'BEGIN{c=\"rm x\"; c | getline; print | c}'",
    "awk 'BEGIN{system(\"r\\155 x\")}'",  # (awk reads the octal escape: rm; was run)
    "awk -v c='r\\155 x' 'BEGIN{system(c)}'",
]


@pytest.mark.parametrize("command", AWK_DENIED)
def test_awk_running_a_variable_set_to_a_denied_command_is_refused(
    command: str, tmp_path: Path
) -> None:
    assert ran_rm(command, tmp_path)
    assert "refuses this call" in (refusal(command) or "")


@pytest.mark.parametrize(
    "command",
    [
        "awk 'BEGIN{c=\"ls\"; system(c)}'",
        "awk -v c=date 'BEGIN{system(c)}'",
        "awk '{ cmd = \"date\"; cmd | getline d; print d }' f",
        "awk 'BEGIN{system(c)}'",
        "awk 'BEGIN{while ((\"ls\" | getline l) > 0) print l}'",
        "awk '{print length($0)}' f",  # (a single-quoted ``($0)`` is no subshell)
        "grep -E '($HOME|$PWD)' f",
    ],
)
def test_awk_running_a_variable_set_from_strings_runs(command: str) -> None:
    assert refusal(command) is None


@pytest.mark.parametrize(
    "command",
    [
        "awk '{system($0)}' g",
        "awk '{system(\"echo \" $0)}' g",
        "awk '{c=$0; system(c)}' g",
        "awk 'BEGIN{getline c < \"g\"; system(c)}'",
        'awk \'function f(c) { system(c) } BEGIN { f("r" "m y") }\'',
    ],
)
def test_awk_running_what_it_reads_is_refused_saying_so(command: str, tmp_path: Path) -> None:
    (tmp_path / "g").write_text("x; rm y\n", encoding="utf-8")
    assert ran_rm(command, tmp_path)
    refused = refusal(command) or ""
    assert "awk runs a command it builds from what it reads when it runs" in refused
    assert "write the command as a string" in refused


# ---- 5. git settings the line writes, then runs -------------------------------------------------

GIT_WRITTEN = [
    "git init -q s && cd s && git config alias.x '!rm y' && git x",
    "git init -q s && git -C s config --add alias.x '!rm y' && git -C s x",
    "git init -q s; printf '[alias]\\n x = !rm y\\n' > s/.git/config; git -C s x",
    "printf '[alias]\\n x = !rm y\\n' > g; git init -q s; GIT_CONFIG_GLOBAL=$PWD/g git -C s x",
]


@pytest.mark.parametrize("command", GIT_WRITTEN)
def test_git_settings_the_line_writes_then_runs_are_refused(command: str, tmp_path: Path) -> None:
    assert ran_rm(command, tmp_path)
    assert refusal(command) is not None


@pytest.mark.parametrize(
    "command",
    [
        "git config user.name Ann && git commit -qm x",
        "git config --get alias.x",
        "git config core.pager less",
        "echo x > notes.txt && git add notes.txt",
    ],
)
def test_git_settings_running_no_denied_command_still_run(command: str) -> None:
    assert refusal(command) is None


# ---- found on the way: a function named like an approved command ---------------------------------


@pytest.mark.parametrize(
    "command",
    ["sort () ( rm x ); sort", "sort() ( rm x ); sort", "function sort ( rm x ); sort"],
)
def test_a_limit_approves_no_function_named_like_its_command(command: str, tmp_path: Path) -> None:
    limited = AgentSpec(name="sorter", description="d", tools=["Read", "Bash(sort:*)"])
    assert ran_rm(command, tmp_path)
    refused = agent_rules(limited).refusal("Bash", {"command": command}, tmp_path, Path("/h"))
    assert "defines a function" in (refused or "")
