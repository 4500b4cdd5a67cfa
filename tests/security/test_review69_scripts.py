"""review69: a deny rule's reading of the script files a command runs is bounded and
fails closed: a shell script run by its path that cannot be read (over the limit, not
UTF-8) is refused as ``sh f.sh`` of it is, and a command whose scripts run many others is
answered in bounded time (a budget of scripts and bytes for the whole check)."""

from __future__ import annotations

import subprocess
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
        (b"#!/bin/sh\nrm -rf src\necho \xff\n", "cannot be read"),
        (b"rm -rf src\necho \xff\n", "cannot be read"),  # no #!: bash runs it itself
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
