"""daily104: bad input across every command, as scripts and CI meet it. The matrix (commands
x bad input kinds) is in bench/RESULTS.md; these are the cells that failed on the start tree,
each checked where it is decided (the core) and, where the process or the command's words
are the point, through ``coord``."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from cli import coord, coord_process

from coordinator.errors import UserError
from coordinator.request_text import read_report
from coordinator.roster.loader import load_registry
from coordinator.sanitize import SafeStream, escape_unencodable

GOOD = "---\nname: good-agent\ndescription: Handles payments and invoices.\n---\nPayments.\n"
REPORT = "Added the café's refund route 😀.\n\n**Changes:**\n- a route\n**Status:** Complete\n"


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


# ---- an agents folder's unreadable .md (a link loop, a dangling link) is named ------------


def _folder_with_broken_links(tmp_path: Path) -> Path:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "good-agent.md").write_text(GOOD, encoding="utf-8")
    os.symlink("loop2.md", folder / "loop1.md")
    os.symlink("loop1.md", folder / "loop2.md")
    os.symlink("gone.md", folder / "dangling.md")
    os.symlink(".", folder / "self.md")  # a folder by a .md name: no agent file, as before
    return folder


def test_a_link_loop_or_a_dangling_link_is_a_problem_naming_it(tmp_path: Path) -> None:
    """Left out in silence, `agents validate` called the folder all valid and an agent the
    user meant to have was missing with no word why."""
    folder = _folder_with_broken_links(tmp_path)
    registry = load_registry([folder], only=True)
    assert [a.name for a in registry] == ["good-agent"]
    errors = {p.path.name: p.message for p in registry.problems if p.severity == "error"}
    assert sorted(errors) == ["dangling.md", "loop1.md", "loop2.md"]
    assert "symbolic links" in errors["loop1.md"] and errors["loop1.md"].endswith("skipped")
    assert "a link to gone.md, which does not exist" in errors["dangling.md"]


def test_agents_validate_fails_on_a_link_loop(tmp_path: Path) -> None:
    folder = _folder_with_broken_links(tmp_path)
    done = coord("agents", "validate", folder, "--json", cwd=tmp_path)
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["error_count"] == 3 and result["agent_count"] == 1
    shown = coord("agents", "validate", folder, cwd=tmp_path)
    assert shown.returncode == 1
    assert "loop1.md:1: error: cannot read the file" in shown.stdout + shown.stderr


# ---- `coord parse` reads a report as a request is read -------------------------------------


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (REPORT.encode("utf-16"), "report is not UTF-8 text (byte 0xff; saved as UTF-16?)"),
        (b"Did it.\x00\n**Status:** Complete\n", "report is not UTF-8 text (byte 0x00"),
    ],
    ids=["utf-16", "nul"],
)
def test_parse_refuses_a_report_that_is_no_text(tmp_path: Path, data: bytes, said: str) -> None:
    """It parsed a UTF-16 file's NULs and U+FFFDs as the summary, exit 0."""
    path = tmp_path / "reply.md"
    path.write_bytes(data)
    with pytest.raises(UserError) as refused:
        read_report(str(path))
    assert f"{path}:1: {said}" in refused.value.message
    done = coord("parse", path, "--json", cwd=tmp_path)
    assert done.returncode == 4 and json.loads(done.stdout)["error"].startswith(f"{path}:1:")


def test_parse_warns_of_bytes_that_are_not_utf8_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "reply.md"
    path.write_bytes(b"Did it.\n\n**Changes:**\n- caf\xe9\n**Status:** Complete\n")
    done = coord("parse", path, "--json", cwd=tmp_path)
    assert done.returncode == 0
    assert f"warning: {path}:4: bytes that are not UTF-8 read as U+FFFD" in done.stderr
    assert json.loads(done.stdout)["changes"] == ["caf\ufffd"]
    piped = coord("parse", "-", cwd=tmp_path, stdin="Done.\x00\n**Status:** Complete\n")
    assert piped.returncode == 4 and "<stdin>:1: report is not UTF-8 text" in piped.stderr


# ---- an output encoding that cannot write every character (PYTHONIOENCODING=ascii) --------


def test_a_narrow_stream_gets_json_escapes_and_json_stays_valid() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    safe = SafeStream(stream)
    value = {"summary": "café → 😀", "plain": "ok"}
    safe.write(json.dumps(value, ensure_ascii=False))
    stream.flush()
    assert json.loads(raw.getvalue().decode("ascii")) == value
    assert escape_unencodable("café", "latin-1") == "café"  # what it can write, kept


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "rich"])
def test_coord_prints_on_an_ascii_stdout_without_a_traceback(tmp_path: Path, as_json: bool) -> None:
    """A CI job with PYTHONIOENCODING=ascii (or LANG=C and PYTHONUTF8=0) got a
    UnicodeEncodeError traceback and exit 1 from any output with a non-ASCII character,
    `--json` too: its JSON half printed."""
    (tmp_path / "reply.md").write_text(REPORT, encoding="utf-8")
    flags = ["--json"] if as_json else []
    done = coord_process(
        "parse", "reply.md", *flags, cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"}
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if as_json:
        assert json.loads(done.stdout)["summary"] == "Added the café's refund route 😀."
    else:
        assert "caf\\u00e9" in done.stdout
