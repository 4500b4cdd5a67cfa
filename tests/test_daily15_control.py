"""Every control character an agent writes shows as U+FFFD on every output path (README:
"a control character in it ... is shown as U+FFFD"): rich deleted BEL, BS, VT, FF and a
lone CR before the console saw them, the transcript split lines at VT, FF, FS-RS and NEL,
and bidi overrides (which reorder what a terminal shows) passed as they were."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from cli import coord
from kit import workspace, write_agents, write_script
from rich.table import Table
from rich.text import Text

from coordinator.cli.printable import PrintableConsole
from coordinator.sanitize import printable

C0 = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"]
CONTROLS = [*C0, "\x7f", *(chr(c) for c in range(0x80, 0xA0))]
#: The bidi overrides and isolates, and the marks (ALM, LRM, RLM): each reorders what a
#: terminal shows around it (a file name, a path, a command read backwards).
BIDI = [chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))]
EVERY = [*CONTROLS, *BIDI]


def named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}"


@pytest.mark.parametrize("char", EVERY, ids=named)
def test_printable_replaces_each(char: str) -> None:
    assert printable(f"a{char}b") == "a\ufffdb"


@pytest.mark.parametrize("char", EVERY, ids=named)
def test_the_console_shows_each_as_ufffd_however_given(char: str) -> None:
    """A string (markup or not), a table cell: each is U+FFFD in what is written (a rich
    Text made of agent text is made :func:`printable` first: rich's Text deletes some)."""
    out = io.StringIO()
    console = PrintableConsole(file=out, width=80, highlight=False)
    table = Table()
    table.add_column("x")
    table.add_row(f"c{char}d")
    for item in (f"a{char}b", Text(printable(f"a{char}b")), table):
        console.print(item)
    console.print(f"[bold]a{char}b[/]", markup=True)
    shown = out.getvalue()
    assert char not in shown
    assert shown.count("\ufffd") == 4, repr(shown)


def test_run_and_the_transcript_show_each_as_ufffd(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    planted = "".join(f"<{c}>" for c in EVERY)
    text = f"Done {planted} ok\n**Status:** Complete\n"
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": text}]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only")
    ran = coord("run", "Add it", "--agent", "backend", *base, "--script", script)
    assert ran.returncode == 0, ran.stderr
    log = coord("log", "--transcript", *base[:2])
    want = "".join("<\ufffd>" for _ in EVERY)
    for out in (ran.stdout, log.stdout):
        assert want in out, repr(out)
        assert not any(c in out for c in EVERY if c != "\r")


def test_json_output_escapes_what_json_leaves_raw(tmp_path: Path) -> None:
    """JSON escapes C0 itself; DEL, C1 (``\\x9b`` is a CSI) and bidi controls went to the
    terminal raw with ``--json``: now ``\\uXXXX`` escapes, the same value once parsed."""
    import json

    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    request = "Add it \x9b2J \x7f \u202eevil\u202c \u061c\u200e\u200f"
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": "**Status:** Complete"}]})
    base = ("--workspace", ws, "--agents-dir", agents, "--only")
    ran = coord("run", request, "--agent", "backend", *base, "--script", script, "--json")
    assert ran.returncode == 0, ran.stderr
    listed = coord("sessions", "--json", "--workspace", ws)
    for out in (ran.stdout, listed.stdout):
        shown_raw = ("\x9b", "\x7f", "\u202e", "\u202c", "\u061c", "\u200e", "\u200f")
        assert not any(c in out for c in shown_raw), repr(out)
    assert json.loads(listed.stdout)[0]["request"] == request
