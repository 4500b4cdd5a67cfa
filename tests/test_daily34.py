"""daily34: rough edges a demanding daily user of ``coord`` met (second round of daily33's
list), each checked where the user meets it: the command's message and exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord
from kit import workspace

from coordinator.errors import EXIT_USER_ERROR

# ---- what the user typed wrong is named before anything about the environment -----------


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """No API key in the environment (a new machine, a fresh shell)."""
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)


@pytest.mark.parametrize("extra", [[], ["--json"], ["--foreground"]])
@pytest.mark.usefixtures("no_key")
def test_an_unknown_agent_is_named_before_the_missing_key(tmp_path: Path, extra: list[str]) -> None:
    ws = workspace(tmp_path)
    done = coord("run", "hello", "--agent", "nobody", "-w", ws, *extra, cwd=ws)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr.startswith("error: unknown agent: nobody"), done.stderr
    assert "API_KEY" not in done.stderr


# ---- a file that cannot be read: one message shape, naming the flag and the file ----------

#: Each command that reads a file the user names: its arguments (``F``: the file) and how
#: the message names the file (the flag that gave it, or an argument's role).
FILE_READERS = {
    "run --batch": (["run", "--batch", "F"], "--batch"),
    "run --file": (["run", "--file", "F"], "--file"),
    "run --config": (["run", "hello", "--config", "F"], "--config"),
    "resume --context-file": (["resume", "--context-file", "F"], "--context-file"),
    "agents eval": (["agents", "eval", "F"], "the cases file"),
    "parse": (["parse", "F"], "the report"),
    "config --config": (["config", "--config", "F"], "--config"),
}
#: Those that read a folder (or one agent file): only a missing one cannot be read.
FOLDER_READERS = {
    "run --agents-dir": (["run", "hello", "--agents-dir", "F"], "--agents-dir"),
    "route --agents-dir": (["route", "hello", "--agents-dir", "F"], "--agents-dir"),
    "resume --agents-dir": (["resume", "--agents-dir", "F"], "--agents-dir"),
    "agents list --agents-dir": (["agents", "list", "--agents-dir", "F"], "--agents-dir"),
    "agents validate": (["agents", "validate", "F"], "the agent folder or file"),
}
WHY = {"nope.md": "No such file or directory", "folder.md": "Is a directory"}


def _what_to_do(why: str, cwd: Path) -> str:
    """The hint line after the message (daily44: it said no more than the reason): the
    same for every reader of a file, so the shape stays one."""
    if why == "Is a directory":
        return "Name a file, not a folder."
    return f"Check the path (relative to {cwd.resolve()})."


def _cannot_read(tmp_path: Path, args: list[str], given: str) -> str:
    """``coord ARGS`` with ``F`` as ``given`` (``folder.md`` a folder): its stderr, once
    its exit code is a user error's."""
    (tmp_path / "folder.md").mkdir()
    done = coord(*[given if a == "F" else a for a in args], cwd=tmp_path)
    assert done.returncode == EXIT_USER_ERROR, done.stderr
    return done.stderr


@pytest.mark.parametrize("given", list(WHY))
@pytest.mark.parametrize("name", FILE_READERS)
def test_a_file_that_cannot_be_read_is_named_the_same_way(
    tmp_path: Path, name: str, given: str
) -> None:
    args, what = FILE_READERS[name]
    said = _cannot_read(tmp_path, args, given)
    why = WHY[given]
    assert said == f"error: cannot read {what} {given}: {why}\n{_what_to_do(why, tmp_path)}\n"


@pytest.mark.parametrize("name", FOLDER_READERS)
def test_a_missing_agents_folder_is_named_the_same_way(tmp_path: Path, name: str) -> None:
    args, what = FOLDER_READERS[name]
    said = _cannot_read(tmp_path, args, "nope.md")
    why = WHY["nope.md"]
    assert said == f"error: cannot read {what} nope.md: {why}\n{_what_to_do(why, tmp_path)}\n"


@pytest.mark.parametrize("missing", [True, False], ids=["missing", "a folder"])
def test_a_script_that_cannot_be_read_names_the_flag(tmp_path: Path, missing: bool) -> None:
    given = tmp_path / ("nope.yaml" if missing else "scripts")
    if not missing:
        given.mkdir()
    done = coord("run", "hello", "--agent", "qa-expert", "--script", given.name, cwd=tmp_path)
    why = "No such file or directory" if missing else "Is a directory"
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr == (
        f"error: cannot read --script {given.name}: {why}\n{_what_to_do(why, tmp_path)}\n"
    )


def test_a_config_file_named_by_the_environment_is_named_by_its_variable(
    tmp_path: Path,
) -> None:
    done = coord("config", cwd=tmp_path, env={"COORDINATOR_CONFIG": "nope.yaml"})
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr == "error: cannot read COORDINATOR_CONFIG nope.yaml: " + (
        f"No such file or directory\nCheck the path (relative to {tmp_path.resolve()}).\n"
    )
