"""Titles and labels built from outside text show each control character as U+FFFD: rich's
Text (a panel's title, a tree label) deleted BEL, BS, VT, FF and CR as it was made, before
the printable console saw them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script
from rich.panel import Panel

from coordinator.cli.printable import PrintableConsole, assemble, text

DELETED_BY_RICH = ["\x07", "\x08", "\x0b", "\x0c", "\r"]


@pytest.mark.parametrize("char", DELETED_BY_RICH, ids=lambda c: f"U+{ord(c):04X}")
def test_the_parse_panel_title_shows_the_control_character(tmp_path: Path, char: str) -> None:
    """``coord parse`` titles its panel with the file's name, as given."""
    path = tmp_path / f"rep{char}ort.md"
    path.write_text(report("Complete"), encoding="utf-8")
    shown = coord("parse", str(path))
    assert shown.returncode == 0, shown.stderr
    assert "rep\ufffdort.md" in shown.stdout, repr(shown.stdout)
    assert char not in shown.stdout


def test_text_and_assemble_keep_each_as_ufffd() -> None:
    """The helpers every view builds its Texts with, and a panel titled with one."""
    out = io.StringIO()
    console = PrintableConsole(file=out, width=60, highlight=False)
    title = assemble(("a\x07", "bold"), "b\x0c", text("c\x08"))
    console.print(Panel(text("body\x0b"), title=title))
    assert "a\ufffdb\ufffdc\ufffd" in out.getvalue()
    assert "body\ufffd" in out.getvalue()


def test_the_log_tree_shows_a_domain_s_control_character(tmp_path: Path) -> None:
    """A Blocked report's Domain is the agent's text: the tree's "Blocked on" label and the
    waiting message show its BEL as U+FFFD."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    text_ = blocked("secr\x07et", "the key\x0c", blocker="no\x08 key")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": text_}]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only")
    ran = coord("run", "Add it", "--agent", "backend", *base, "--script", script)
    assert ran.returncode == 3, ran.stderr
    log = coord("log", *base[:2])
    for out in (ran.stdout, log.stdout):
        assert "\ufffdet" in out, repr(out)
        assert not any(c in out for c in DELETED_BY_RICH if c != "\r"), repr(out)
    assert "Blocked on Secr\ufffdet" in log.stdout
