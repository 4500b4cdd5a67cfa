"""review69: a deny rule's reading of the script files a command runs is bounded and
fails closed: a shell script run by its path that cannot be read (over the limit, not
UTF-8) is refused as ``sh f.sh`` of it is, and a command whose scripts run many others is
answered in bounded time (a budget of scripts and bytes for the whole check)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from coordinator.roster.spec import AgentSpec
from coordinator.runtime.agent_rules import agent_rules


def refusal(command: str, root: Path) -> str | None:
    """What the model reads when an agent denied ``Bash(rm:*)`` runs ``command`` in
    ``root``, or None."""
    agent = AgentSpec(
        name="dev", description="d", tools=["Read", "Bash"], disallowed_tools=["Bash(rm:*)"]
    )
    return agent_rules(agent).refusal("Bash", {"command": command}, root, Path("/h"))


def _script(path: Path, body: bytes) -> None:
    path.write_bytes(body)
    path.chmod(0o755)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"#!/bin/sh\nrm -rf src\n" + b"# filler\n" * 30_000, "larger than 256 KB"),
        (b"#!/bin/sh\nrm -rf src\necho \xff\n", "not UTF-8 text (byte 0xFF at offset 26)"),
        (b"rm -rf src\necho \xff\n", "not UTF-8 text (byte 0xFF at offset 16)"),  # no #!
    ],
)
def test_a_shell_script_run_by_its_path_that_cannot_be_read_is_refused(
    body: bytes, why: str, tmp_path: Path
) -> None:
    _script(tmp_path / "run.sh", body)
    (tmp_path / "src").mkdir()
    subprocess.run(["bash", "-c", "./run.sh"], cwd=tmp_path, capture_output=True, check=False)
    assert not (tmp_path / "src").exists()  # what bash does with it: rm ran
    refused = refusal("./run.sh", tmp_path)
    assert refused is not None and why in refused


def test_a_program_run_by_its_path_that_is_no_shell_script_still_runs(tmp_path: Path) -> None:
    _script(tmp_path / "tool", b"\x7fELF\x00\x00" + b"\xff" * 300_000)
    _script(tmp_path / "py.sh", b"#!/usr/bin/env python3\n" + b"# \xff\n" * 100_000)
    assert refusal("./tool", tmp_path) is None
    assert refusal("./py.sh", tmp_path) is None


def _fan(root: Path, top: int, below: int) -> None:
    """a.sh runs ``top`` scripts b<i>.sh, each running ``below`` scripts c<j>.sh."""
    (root / "a.sh").write_text("".join(f"sh b{i}.sh\n" for i in range(top)), encoding="utf-8")
    for i in range(top):
        text = "".join(f"sh c{j}.sh\n" for j in range(below)) or "echo b\n"
        (root / f"b{i}.sh").write_text(text, encoding="utf-8")
    for j in range(below):
        (root / f"c{j}.sh").write_text("echo c\n", encoding="utf-8")


@pytest.mark.parametrize(("top", "below"), [(2_000, 0), (60, 60)])
def test_scripts_running_many_scripts_are_refused_in_bounded_time(
    top: int, below: int, tmp_path: Path
) -> None:
    _fan(tmp_path, top, below)
    start = time.process_time()
    refused = refusal("sh a.sh", tmp_path)
    spent = time.process_time() - start
    assert refused is not None and "more than 32 scripts" in refused
    assert spent < 2.0  # (was quadratic in the scripts run, cubic nested: 35 s and 3 s)


def test_a_few_scripts_running_scripts_still_run(tmp_path: Path) -> None:
    _fan(tmp_path, 4, 4)
    assert refusal("sh a.sh", tmp_path) is None
    assert refusal("sh b0.sh; sh b1.sh && sh c0.sh", tmp_path) is None


@pytest.mark.parametrize(
    "command",
    [
        "BASH_ENV=f.sh bash -c true",
        "A=f.sh; BASH_ENV=$A bash -c true",
        "declare -x BASH_ENV=f.sh; bash -c true",
        "BASH_ENV=f.sh ./b.sh",
        "ENV=./f.sh sh -ic true",
        "HOME=. bash -ic true",
        "bash --rcfile f.sh -ic true",
        "bash --init-file f.sh -ic true",
        "HOME=. bash -o vi -ic true",
        "HOME=. bash +O extglob -ic true",
    ],
)
def test_a_shell_running_a_startup_file_is_refused(command: str, tmp_path: Path) -> None:
    """A startup file bash runs before the command (``$BASH_ENV``; an interactive shell's
    ``~/.bashrc``, ``$ENV``, ``--rcfile``) is a script no rule reads: it ran ``rm``."""
    (tmp_path / "f.sh").write_text("rm -rf src\n", encoding="utf-8")
    (tmp_path / ".bashrc").write_text("rm -rf src\n", encoding="utf-8")
    _script(tmp_path / "b.sh", b"#!/bin/bash\necho b\n")
    (tmp_path / "src").mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, check=False)
    assert not (tmp_path / "src").exists()  # what bash does with it: rm ran
    refused = refusal(command, tmp_path)
    assert refused is not None and "startup file" in refused


@pytest.mark.parametrize(
    "command", ["bash -c 'echo -i'", "sh -c true -i", "bash -x -o errexit -c true"]
)
def test_a_shell_with_no_startup_file_still_runs(command: str, tmp_path: Path) -> None:
    assert refusal(command, tmp_path) is None
