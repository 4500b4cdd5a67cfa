"""review68: trust67's here-document and launcher reading, checked against bash.

Each command below was run by ``/bin/bash`` (5.2) with a logging ``rm`` stub: bash runs
the ``rm`` line, where trust67's reading took it for a here-document's body (data) and
hid it from a deny rule, or let a ``tools: Bash(echo:*)`` limit approve the line; a
launcher's option quoted (``pnpm '-C' web eslint --fix``) was taken for its program.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules

DENY = ("Bash(rm:*)",)


def refusal(tools: list[str], command: str, disallowed: tuple[str, ...] = ()) -> str | None:
    """What the model reads when an agent with these lists runs ``command``, or None."""
    agent = AgentSpec(name="dev", description="d", tools=tools, disallowed_tools=list(disallowed))
    return agent_rules(agent).refusal("Bash", {"command": command}, Path("/ws"), Path("/h"))


def ran_rm(command: str, folder: Path) -> bool:
    """Whether bash, with ``rm`` a stub that logs (and ``sh``, ``bash``, ``xargs``, ``env``,
    ``cat``), runs ``rm`` for ``command``."""
    bin_ = folder / "bin"
    bin_.mkdir()
    (bin_ / "rm").write_text(f"#!/bin/sh\necho ran >> {folder}/log\n", encoding="utf-8")
    (bin_ / "rm").chmod(0o755)
    for name in ("cat", "sh", "bash", "xargs", "env"):
        (bin_ / name).symlink_to(shutil.which(name) or name)
    env = {"PATH": str(bin_)}
    subprocess.run(["/bin/bash", "-c", command], cwd=folder, env=env, capture_output=True)
    return (folder / "log").exists()


#: A ``<<`` the reading took for a here-document's, and bash did not read as one (or
#: ended its body sooner): the ``rm`` line after it runs.
NO_BODY = [
    "echo $((1\n<< x ))\nrm -rf src\nx",  # arithmetic opened on the line before
    "echo ${y/a/\n<< x }\nrm -rf src\nx",  # a parameter expansion's pattern
    "echo $[1\n<< x ]\nrm -rf src\nx",
    "(( y = 1\n<< x ))\nrm -rf src\nx",
    "echo `cat <<EOF `\nrm -rf src\nEOF",  # inside backticks closed on its line
    "echo `cat <<'EOF'\nEOF`\nrm -rf src\nEOF",  # a backtick ends the substitution
    "echo $(cat <<'EOF'\nEOF)\nrm -rf src\nEOF",  # EOF) ends the body and $( )
    "echo $(\ncat <<'EOF'\nEOF)\nrm -rf src\nEOF",
    "cat <<'EOF' $(\nrm -rf src\n)\nbody\nEOF",  # $( )'s lines come before the body
    "cat <<'EOF' <(\nrm -rf src\n)\nbody\nEOF",
]


@pytest.mark.parametrize("command", NO_BODY)
def test_a_line_bash_runs_after_a_false_here_document_is_seen_by_a_deny_rule(
    command: str, tmp_path: Path
) -> None:
    assert ran_rm(command, tmp_path)  # (the premise: bash runs it)
    refused = refusal(["Read", "Bash"], command, DENY)
    assert refused is not None and "Bash(rm:*)" in refused


@pytest.mark.parametrize(
    "command", ["echo ${y/a/\n<< x echo b}\nrm -rf src\nx", "echo $[1\n<< x echo 2]\nrm -rf src\nx"]
)
def test_a_limited_bash_does_not_approve_a_line_after_a_false_here_document(
    command: str, tmp_path: Path
) -> None:
    assert ran_rm(command, tmp_path)
    assert refusal(["Read", "Bash(echo:*)"], command) is not None


#: A here-document's body a shell reads as its commands.
TO_A_SHELL = [
    "sh <<'EOF'\nrm -rf src\nEOF",
    "bash -s <<EOF\nrm -rf src\nEOF",
    "cat <<'EOF' | sh\nrm -rf src\nEOF",
    "cat <<'EOF' |\nrm -rf src\nEOF\nsh",
    "source /dev/stdin <<'EOF'\nrm -rf src\nEOF",
    ". /dev/stdin <<'EOF'\nrm -rf src\nEOF",
    "cat <<'EOF' | xargs -L1 env\nrm -rf src\nEOF",  # xargs: each line a command
    "xargs -L1 env <<'EOF'\nrm -rf src\nEOF",
]


@pytest.mark.parametrize("command", TO_A_SHELL)
def test_a_here_document_a_shell_reads_is_commands_to_a_deny_rule(
    command: str, tmp_path: Path
) -> None:
    assert ran_rm(command, tmp_path)
    refused = refusal(["Read", "Bash"], command, DENY)
    assert refused is not None and "Bash(rm:*)" in refused


@pytest.mark.parametrize(
    "command",
    [
        "cat <<'EOF'\nrm -rf src\nEOF",  # trust67's: still data
        "n=$((n+1)); x=${HOME}\ncat <<'EOF' > notes.md\nrm -rf src\nEOF",
        "cat <<'EOF' > README.md\nrun `make`\nEOF\ncat <<'EOF'\nrm x\nEOF",
        "git add . && git commit -F - <<'EOF'\nrm the old flag\nEOF",
    ],
)
def test_a_here_documents_body_is_still_data(command: str, tmp_path: Path) -> None:
    assert not ran_rm(command, tmp_path)
    assert refusal(["Read", "Bash"], command, DENY) is None


# A launcher's option quoted is the same option to it.
@pytest.mark.parametrize(
    ("rule", "command", "why"),
    [
        ("Bash(pnpm:*)", "pnpm '-C' web eslint --fix", "(writes the file it names)"),
        ("Bash(pnpm:*)", 'pnpm "--dir" web eslint --fix', "(writes the file it names)"),
        ("Bash(npm:*)", 'npm "--prefix" web exec eslint --fix', "(writes the file it names)"),
        ("Bash(uv run:*)", 'uv run "--directory" api ruff check --fix', "(writes the file"),
        ("Bash(npx:*)", "npx '-p' eslint@9 eslint --fix", "(writes the file it names)"),
        ("Bash(npx:*)", "npx \"-c\" 'rm -rf src'", "(runs a program)"),
        ("Bash(pnpm:*)", "pnpm \\-C web eslint --fix", "(writes the file it names)"),
    ],
)
def test_a_quoted_launcher_option_is_read_as_the_option(rule: str, command: str, why: str) -> None:
    refused = refusal(["Read", rule], command)
    assert refused is not None and why in refused
