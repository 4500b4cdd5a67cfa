"""trust68: a shell fed on its standard input, and a line of many wrappers.

Each command below was run by ``/bin/bash`` with a logging ``rm`` stub (the test checks
it first): bash runs the ``rm`` a shell reads from its input, a pipe, a file, a
here-string or a process substitution, or that xargs runs from the words it reads, which a
``Bash(rm:*)`` deny rule did not see.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules
from coordinator.runtime.permission_bash import bash_matches

DENY = ("Bash(rm:*)",)


def refusal(command: str) -> str | None:
    """What the model reads when an agent denied ``Bash(rm:*)`` runs ``command``, or None."""
    agent = AgentSpec(
        name="dev", description="d", tools=["Read", "Bash"], disallowed_tools=list(DENY)
    )
    return agent_rules(agent).refusal("Bash", {"command": command}, Path("/ws"), Path("/h"))


def ran_rm(command: str, folder: Path) -> bool:
    """Whether bash, with ``rm`` a stub that logs, runs ``rm`` for ``command`` (a file
    ``script.sh`` holding ``rm x`` in its folder)."""
    bin_ = folder / "bin"
    bin_.mkdir()
    (bin_ / "rm").write_text(f"#!/bin/sh\necho ran >> {folder}/log\n", encoding="utf-8")
    (bin_ / "rm").chmod(0o755)
    for name in ("cat", "sh", "bash", "dash", "env", "printf", "sudo", "timeout", "xargs"):
        if shutil.which(name):
            (bin_ / name).symlink_to(shutil.which(name) or name)
    (folder / "script.sh").write_text("rm x\n", encoding="utf-8")
    env = {"PATH": str(bin_)}
    subprocess.run(["/bin/bash", "-c", command], cwd=folder, env=env, capture_output=True)
    return (folder / "log").exists()


#: A shell reading its commands from a pipe, a file or a built here-string.
FED = [
    "echo 'rm x' | sh",
    "printf 'rm x\\n' | bash",
    "bash < script.sh",
    "cat script.sh | sh -s",
    "cat script.sh | dash",
    "echo 'rm x' | timeout 5 bash",
    "echo 'rm x' | env A=1 bash -s",
    "echo 'rm x' | . /dev/stdin",
    "echo 'rm x' | source /dev/stdin",
    "sh /dev/stdin < script.sh",
    "sh - < script.sh",
    "X='rm x'; sh <<< $X",
    "sh <(echo 'rm x')",
    ". <(echo 'rm x')",
    "bash -c \"echo 'rm x' | sh\"",
    "(echo 'rm x' | sh)",
    "sh <<< 'echo hi' < script.sh",  # the last input redirection wins
    # xargs running the words it reads as a command, or handing them to a shell
    "echo 'rm x' | xargs -L1 env",
    "echo 'rm x' | xargs -I{} sh -c {}",
    "echo rm | xargs -I % env % x",
    "echo '-c \"rm x\"' | xargs sh",
    "xargs sh <<'EOF'\n-c \"rm x\"\nEOF",  # a body xargs hands to sh as its words
    "echo 'rm x' | { sh; }",  # a group's input is the pipe
]


@pytest.mark.parametrize("command", FED)
def test_a_shell_fed_on_its_input_is_refused_under_a_deny_rule(
    command: str, tmp_path: Path
) -> None:
    assert ran_rm(command, tmp_path)  # (the premise: bash runs it)
    refused = refusal(command)
    assert refused is not None and "Bash(rm:*)" in refused
    assert "refuses a command it cannot read" in refused
    assert "which a rule cannot read" in refused


@pytest.mark.parametrize(
    "command",
    ["sh <<< 'rm x'", 'bash <<< "rm -rf src"', "zsh -s <<< 'rm x'", "source /dev/stdin <<< 'rm x'"],
)
def test_a_here_strings_text_a_shell_reads_is_checked_as_commands(
    command: str, tmp_path: Path
) -> None:
    if command.startswith("zsh") and not shutil.which("zsh"):
        command = command.replace("zsh", "bash")
    assert ran_rm(command, tmp_path)
    refused = refusal(command)
    assert refused is not None and "refuses this call" in refused


@pytest.mark.parametrize(
    "command",
    [
        "sh <<< 'echo hi'",
        "echo hi | grep sh",
        "echo hi | sh -c 'cat'",
        "bash -c 'ls' scripts/test.sh",  # (shell69: a script file is read, test_shell69)
        "git log | head -5",
        "find . -name '*.py' | xargs sh -c 'wc -l \"$@\"' _",
        "find . -name '*.pyc' | xargs -I{} cp {} /tmp",
        "ls | xargs -n1 echo",
    ],
)
def test_what_reads_no_commands_from_its_input_still_runs(command: str) -> None:
    assert refusal(command) is None


def test_a_line_of_many_wrappers_is_read_in_linear_time() -> None:
    """``sudo `` x 100,000 then ``rm x``: each wrapper's options were read from a copy of
    the words after it (quadratic: 26 s of CPU); now an index (under a second)."""
    command = "sudo " * 100_000 + "rm x"
    started = time.thread_time()  # CPU time: a busy machine's waits are not counted
    assert bash_matches("rm:*", command)
    assert time.thread_time() - started < 3


@pytest.mark.parametrize(
    "command",
    [
        "cat <<EOF; " * 5_000 + "rm x\n" + "EOF\n" * 5_000,  # 5,000 on one line
        "".join(f"cat <<'E{i}'\nbody {i}\nE{i}\n" for i in range(12_000)) + "rm x",
    ],
)
def test_many_here_documents_are_read_in_linear_time(command: str) -> None:
    """Each ``<<`` read again the whole text before it (review68: 5,000 here-documents,
    15 s of CPU); the bodies stay data, the command after them is seen."""
    started = time.thread_time()
    assert refusal(command) is not None
    assert time.thread_time() - started < 3
