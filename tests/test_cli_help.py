"""Help a developer can read at 80 columns: no Python type tags, nothing cut off, sentences
whole; shell completion offered."""

from __future__ import annotations

import itertools
import re

import pytest
import typer.main
from cli import coord

from coordinator.cli.app import app


def command_paths() -> list[list[str]]:
    """Every command and subcommand of ``coord``."""
    root = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    def walk(group: object, prefix: list[str]) -> None:
        if not hasattr(group, "list_commands"):
            return
        for name in group.list_commands(None):  # the root loads its commands on demand
            paths.append([*prefix, name])
            walk(group.get_command(None, name), [*prefix, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "coord")
def test_help_has_no_type_tags_and_nothing_cut_off(path: list[str]) -> None:
    proc = coord(*path, "--help", env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    assert not re.search(r"<(str|int|bool|path|float|list\[\w+\]|int range)>", text), text
    assert "[x>=" not in text and "{SESSION}" not in text.upper() and "…" not in text, text
    # sentences are whole: a text line ends early only where a paragraph ends (or an
    # example's command line, one a line: daily33)
    lines = [line.rstrip() for line in text.splitlines()]
    examples = False
    for line, after in itertools.pairwise(lines):
        examples = (examples and bool(line.strip())) or line.strip() == "Examples:"
        if not line.strip() or not after.strip() or line.lstrip()[:1] in "│╭╰" or examples:
            continue
        next_word = after.split()[0]
        assert len(line) + 1 + len(next_word) > 78, f"broken line: {line!r} / {after!r}"


def test_run_help_names_values_by_what_they_are() -> None:
    text = coord("run", "--help", env={"COLUMNS": "80"}).stdout
    for shown in ("--agents-dir", "--db", "--file", "--concurrency", "--base-url"):
        assert shown in text
    assert re.search(r"--agents-dir\s+DIR", text) and re.search(r"--db\s+FILE", text)
    assert re.search(r"--concurrency\s+N\s", text) and "--otel" in text


def test_shell_completion_is_offered_and_completes_commands() -> None:
    from typer.testing import CliRunner

    text = coord("--help", env={"COLUMNS": "80"}).stdout
    assert "--install-completion" in text and "--show-completion" in text
    env = {"_COORD_COMPLETE": "complete_bash", "COMP_WORDS": "coord ro", "COMP_CWORD": "1"}
    done = CliRunner().invoke(app, [], prog_name="coord", env=env)
    assert done.stdout.split() == ["route"]
