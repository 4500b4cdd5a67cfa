"""A command run from a folder removed under the shell (``rm -rf`` of the project in another
terminal, a CI step that cleaned its checkout) says so in one line, not in a traceback: every
relative path and the default workspace are read from that folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coordinator.cli.app import app

GONE = "error: the current folder no longer exists (it was removed or moved)"


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "report.md"],  # a relative file's hint names the folder it was looked in
        ["run", "Add an index", "--provider", "scripted", "--json"],  # the default workspace
    ],
    ids=["parse", "run"],
)
def test_a_removed_working_folder_is_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = CliRunner().invoke(app, args, prog_name="coord", catch_exceptions=False)
    assert result.exit_code == 4, result.output
    assert result.stderr.splitlines()[0] == GONE
    assert "cd to an existing folder" in result.stderr
    assert "Traceback" not in result.stderr
    if "--json" in args:
        assert json.loads(result.stdout)["error"] == GONE.removeprefix("error: ")
