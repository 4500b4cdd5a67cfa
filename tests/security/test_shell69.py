"""shell69: the shell reading's last holes and false refusals.

Each command was first run by ``/bin/bash`` with a logging ``rm`` stub (the test checks
it): a here-document's body is commands only when the program reading that redirection
runs them; a program a permitted one runs from its arguments or program (sed's ``e``,
awk's ``system``, ``git -c alias.x=!…``) or a script file a shell runs is checked against
a ``Bash(rm:*)`` deny rule; an unclosed ``$((`` before many ``<<`` is read in linear time.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules

#: The programs the stub folder links (the rest of PATH is empty).
_LINKED = (
    "cat",
    "sh",
    "bash",
    "rbash",
    "env",
    "grep",
    "sed",
    "awk",
    "git",
    "xargs",
    "printf",
    "python3",
)


def refusal(command: str, root: Path = Path("/ws")) -> str | None:
    """What the model reads when an agent denied ``Bash(rm:*)`` runs ``command`` in
    ``root``, or None."""
    agent = AgentSpec(
        name="dev", description="d", tools=["Read", "Bash"], disallowed_tools=["Bash(rm:*)"]
    )
    return agent_rules(agent).refusal("Bash", {"command": command}, root, Path("/h"))


def ran_rm(command: str, folder: Path) -> bool:
    """Whether bash, with ``rm`` a stub that logs, runs ``rm`` for ``command`` in
    ``folder`` (which holds a file ``f``)."""
    bin_ = folder.parent / f"{folder.name}-bin"
    bin_.mkdir()
    (bin_ / "rm").write_text(f"#!/bin/sh\necho ran >> {bin_}/log\n", encoding="utf-8")
    (bin_ / "rm").chmod(0o755)
    for name in _LINKED:
        if shutil.which(name):
            (bin_ / name).symlink_to(shutil.which(name) or name)
    (folder / "f").write_text("a\n", encoding="utf-8")
    env = {"PATH": str(bin_), "HOME": str(folder)}
    subprocess.run(
        ["/bin/bash", "-c", command], cwd=folder, env=env, capture_output=True, timeout=30
    )
    return (bin_ / "log").exists()


# ---- 1. a here-document's body is commands only to the program that reads it -------------

#: Bodies read by a program that runs no commands of them, on a line naming a shell.
DATA_BODIES = [
    "cat <<'EOF' | grep bash\nrm -rf src\nEOF",
    "cat <<'EOF' | grep -c sh\nrm -rf src\nEOF",
    "git commit -F - <<'EOF'\nrm the old sh scripts\nEOF",
    "cat > notes.txt <<'EOF'\nrm -rf src\nEOF\necho written by bash",
    "cat <<'EOF' | xargs -n1 echo\nrm\nEOF",
]


@pytest.mark.parametrize("command", DATA_BODIES)
def test_a_body_only_data_reads_is_no_command_whatever_the_line_names(
    command: str, tmp_path: Path
) -> None:
    assert not ran_rm(command, tmp_path)
    assert refusal(command) is None


#: Bodies the reading program runs: still refused (each runs rm under bash).
CODE_BODIES = [
    "sh <<'EOF'\nrm -rf src\nEOF",
    "x=$(sh <<'EOF'\nrm -rf src\nEOF\n)",
    "( sh ) <<'EOF'\nrm -rf src\nEOF",
    "sh /dev/fd/3 3<<'EOF'\nrm -rf src\nEOF",
    "xargs -L1 env <<'EOF'\nrm -rf src\nEOF",
    "cat <<'EOF' | sh\nrm -rf src\nEOF",
    "{ sh; } <<'EOF'\nrm -rf src\nEOF",
    "env A=1 bash -s <<'EOF'\nrm -rf src\nEOF",
]


@pytest.mark.parametrize("command", CODE_BODIES)
def test_a_body_its_reader_runs_is_still_refused(command: str, tmp_path: Path) -> None:
    assert ran_rm(command, tmp_path)
    refused = refusal(command)
    assert refused is not None and "Bash(rm:*)" in refused


@pytest.mark.parametrize(
    "command", ["rbash -c 'rm x'", "echo 'rm x' | rbash", "rbash <<'EOF'\nrm x\nEOF"]
)
def test_rbash_is_a_shell(command: str, tmp_path: Path) -> None:
    """rbash (installed with bash) runs what PATH holds, ``rm`` too."""
    if not shutil.which("rbash"):
        pytest.skip("no rbash")
    assert ran_rm(command, tmp_path)
    refused = refusal(command)
    assert refused is not None and "Bash(rm:*)" in refused


def test_a_shell_started_by_a_wrapper_reading_a_pipe_is_refused() -> None:
    """``sudo -s`` (or ``unshare``, ``su me``) runs a shell that reads the pipe."""
    for command in ("echo 'rm x' | sudo -s", "echo 'rm x' | unshare -r", "echo 'rm x' | su me"):
        refused = refusal(command)
        assert refused is not None and "cannot read" in refused, command


# ---- 4. an unclosed ``$((`` before many ``<<`` ----------------------------------------------


def test_an_unclosed_arithmetic_before_many_here_operators_is_read_in_linear_time() -> None:
    """``echo $((1`` then 50,000 `` << x`` (250 KB) on its line: each ``<<`` read the text
    since the ``$((`` again (quadratic: 8,000 took 1.9 s of CPU, 50,000 over a minute); now
    each only its own (about 0.5 s: room under the bound on a slower, busy machine)."""
    command = "echo $((1" + " << x" * 50_000 + "\nrm -rf src"
    started = time.thread_time()  # CPU time: a busy machine's waits are not counted
    assert refusal(command) is not None
    assert time.thread_time() - started < 3


# ---- 2. a program a permitted program runs from its program or settings -------------------

#: A repository whose file ``f`` has a change for ``git diff`` to show.
_CHANGED = "git init -q r && cd r && echo a > f && git add f && echo b > f && "
#: Each runs rm under bash (sed's e command, awk's ways out, git's aliases and settings).
INNER = [
    "sed '1e rm x' f",
    "sed -n -e 's/a/b/' -e '1e rm x' f",
    "sed --expression='1e rm x' f",
    "echo x | sed 's/x/rm x/e'",
    "echo 'rm x' | sed e",
    "awk 'BEGIN{print | \"rm x\"}'",
    "awk 'BEGIN{\"rm x\" | getline}'",
    "awk 'BEGIN{c=\"rm x\"; system(c)}'",
    "git init -q r && cd r && git -c alias.x='!rm x' x",
    _CHANGED + "git -c diff.external=rm diff",
    _CHANGED + "GIT_EXTERNAL_DIFF=rm git diff",
    _CHANGED + "export GIT_EXTERNAL_DIFF=rm; git diff",
    "git init -q r && cd r && "
    "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.x GIT_CONFIG_VALUE_0='!rm x' git x",
]


@pytest.mark.parametrize("command", INNER)
def test_a_command_a_permitted_program_runs_is_checked(command: str, tmp_path: Path) -> None:
    assert ran_rm(command, tmp_path)
    refused = refusal(command)
    assert refused is not None and "Bash(rm:*)" in refused


@pytest.mark.parametrize(
    "command",
    [
        "awk -f prog.awk f",
        "sed -f prog.sed f",
        "git -c include.path=more.cfg log",
        "git -c core.hooksPath=hooks commit -m x",
        "git --config-env=alias.x=CMD x",
    ],
)
def test_a_program_or_setting_from_elsewhere_is_refused_with_why(command: str) -> None:
    refused = refusal(command)
    assert refused is not None and "refuses a command it cannot read" in refused
    assert "a rule" in refused


@pytest.mark.parametrize(
    "command",
    [
        "sed -n '/e/p' f",
        "sed 's/a/b/g' f",
        "awk '{print $1}' f",
        "awk '{print | \"sort\"}' f",
        "awk 'BEGIN { system(\"echo hi\") }'",
        "git -c color.ui=never diff",
        "git -c core.pager=less log",
        "EDITOR=vim git commit",
    ],
)
def test_programs_running_other_commands_still_run(command: str) -> None:
    assert refusal(command) is None


# ---- 3. a script file a shell runs, read under a deny rule --------------------------------

SCRIPTS = {
    "script.sh": "rm x\n",
    "run.sh": "#!/bin/sh\nrm x\n",
    "nest.sh": "sh script.sh\n",
    "ok.sh": "echo hi\nls\n",
    "py.sh": "#!/usr/bin/env python3\nimport os\n",
    "built.sh": "X=rm\n$X y\n",  # (shell70: a built name alone is the script's own)
    "sub/ok.sh": "rm x\n",  # (beside the workspace's own ok.sh, which runs no rm)
}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace holding :data:`SCRIPTS` (executable) and a file ``f``."""
    root = tmp_path / "ws"
    root.mkdir()
    for name, text in SCRIPTS.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
        (root / name).chmod(0o755)
    return root


@pytest.mark.parametrize(
    "command",
    [
        "sh script.sh",
        "bash -x script.sh",
        "source script.sh",
        ". ./script.sh",
        "./run.sh",
        "sh nest.sh",
        "bash -c 'sh script.sh'",
        "echo 'rm x' > ok.sh; sh ok.sh",  # the line rewrites a script it then runs
        "cd sub && sh ok.sh",  # another folder's ok.sh than the workspace's
    ],
)
def test_a_script_file_running_a_denied_command_is_refused(command: str, workspace: Path) -> None:
    assert ran_rm(command, workspace)
    refused = refusal(command, workspace)
    assert refused is not None and "Bash(rm:*)" in refused
    assert "refuses a script the command runs" in refused


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("sh missing.sh", "no file in the workspace"),
        ("sh /etc/profile", "no file in the workspace"),
        ("sh $F", "built when the command runs"),
        ("sh built.sh", "builds a command's name when it runs ($X) and writes rm"),
    ],
)
def test_a_script_that_cannot_be_read_is_refused_with_why(
    command: str, why: str, workspace: Path
) -> None:
    refused = refusal(command, workspace)
    assert refused is not None and why in refused


def test_a_script_over_the_limit_is_refused(workspace: Path) -> None:
    (workspace / "big.sh").write_text("echo hi\n" * 40_000, encoding="utf-8")
    refused = refusal("sh big.sh", workspace)
    assert refused is not None and "larger than" in refused


@pytest.mark.parametrize("command", ["sh ok.sh", ". ok.sh", "./ok.sh", "./py.sh", "/bin/ls"])
def test_scripts_running_no_denied_command_still_run(command: str, workspace: Path) -> None:
    assert refusal(command, workspace) is None


def test_without_a_deny_rule_a_script_is_not_read(workspace: Path) -> None:
    agent = AgentSpec(name="dev", description="d", tools=["Read", "Bash"])
    rules = agent_rules(agent)
    assert rules.refusal("Bash", {"command": "sh missing.sh"}, workspace, Path("/h")) is None
