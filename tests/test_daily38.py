"""daily38: a file read from standard input (``-``) is named ``<stdin>`` in its errors, as
``coord parse -`` names it, where it was ``-:3:``; a file given by its path keeps its name."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord
from kit import write_agents

from coordinator.errors import EXIT_USER_ERROR

_BATCH = "- {agent: nonesuch, request: hi}\n- request: ''\n"


def test_a_batch_read_from_standard_input_names_its_items_at_stdin_lines(tmp_path: Path) -> None:
    agents = write_agents(tmp_path / "agents")
    done = coord("run", "--batch", "-", "--agents-dir", agents, "--only", stdin=_BATCH,
                 cwd=tmp_path)  # fmt: skip
    assert done.returncode == EXIT_USER_ERROR
    lines = done.stderr.splitlines()
    assert lines[0] == "error: <stdin>: 2 items have mistakes (nothing was run):"
    assert lines[1].startswith("  <stdin>:1: item 1: unknown agent: nonesuch")
    assert lines[2].startswith("  <stdin>:2: item 2 must be a request string")


def test_a_batch_file_keeps_its_own_name(tmp_path: Path) -> None:
    agents = write_agents(tmp_path / "agents")
    (tmp_path / "tasks.yaml").write_text(_BATCH, encoding="utf-8")
    done = coord("run", "--batch", "tasks.yaml", "--agents-dir", agents, "--only", cwd=tmp_path)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr.splitlines()[1].startswith("  tasks.yaml:1: item 1: unknown agent")


@pytest.mark.parametrize(
    ("args", "given", "start"),
    [
        (("run", "--batch", "-"), "[1\n", "error: <stdin>:1: batch file is not valid YAML"),
        (("agents", "eval", "-"), "- request: x\n", "error: <stdin>:1: entry 1: 'expect' is"),
        (("agents", "eval", "-"), "{}\n", "error: <stdin>: expected a non-empty YAML list"),
        (("config", "--config", "-"), "nope: 1\n", "error: <stdin>:1: unknown setting 'nope'"),
        (("config", "--config", "-"), "max_turns: 0\n", "error: <stdin>:1: invalid setting"),
        (("config", "--config", "-"), "[1]\n", "error: <stdin>: config must be a mapping"),
    ],
)
def test_yaml_and_setting_mistakes_on_standard_input_name_stdin(
    tmp_path: Path, args: tuple[str, ...], given: str, start: str
) -> None:
    agents = write_agents(tmp_path / "agents")
    done = coord(*args, "--agents-dir", agents, stdin=given, cwd=tmp_path)
    assert done.returncode == EXIT_USER_ERROR
    assert done.stderr.startswith(start), done.stderr


def test_bytes_not_utf8_on_standard_input_name_stdin(tmp_path: Path) -> None:
    done = coord("config", "--config", "-", stdin=b"max_turns: \xff\n", cwd=tmp_path)
    assert done.returncode == EXIT_USER_ERROR
    said = "error: <stdin>:1: config is not UTF-8 text (byte 0xff)"
    assert done.stderr.startswith(said), done.stderr
