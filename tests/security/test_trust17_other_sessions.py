"""Other projects' session folders are hidden from Bash too: the sandbox shows the host's
tree read-only, and a workspace outside HOME and /tmp (``/srv/shop``) had its
``.coordinator/`` (database, locks, settings) readable from every other workspace's commands.
The folders coord made (:mod:`coordinator.tools.owned`) are now empty and read-only there;
the rest of that project stays readable, as the host's tree is. Real bubblewrap."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from kit import sandboxed_bash

from coordinator.tools import owned

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
bash = sandboxed_bash


@pytest.fixture
def outside() -> Iterator[Path]:
    """A folder neither in HOME nor in /tmp (both hidden whole): where projects often live."""
    folder = Path(tempfile.mkdtemp(prefix="trust17-", dir="/var/tmp")).resolve()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _project(at: Path, *, claimed: bool) -> Path:
    """A workspace with a session folder holding a database, made by coord or not."""
    own = at / ".coordinator"
    own.mkdir(parents=True)
    if claimed:
        owned.claim(own)
    (own / "coordinator.db").write_text("conversation history", encoding="utf-8")
    (at / "README.md").write_text("the shop\n", encoding="utf-8")
    return at


def test_another_projects_session_folder_is_hidden(outside: Path, tmp_path: Path) -> None:
    shop = _project(outside / "shop", claimed=True)
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = bash(ws, f"cat {shop}/README.md; ls -A {shop}/.coordinator | wc -l")
    assert ran.content.split() == ["the", "shop", "0"], ran.content
    wrote = bash(ws, f"touch {shop}/.coordinator/planted")
    assert wrote.is_error and not (shop / ".coordinator" / "planted").exists()
    assert (shop / ".coordinator" / "coordinator.db").read_text() == "conversation history"


def test_a_folder_coord_did_not_make_is_the_hosts(outside: Path, tmp_path: Path) -> None:
    """Only what coord made (its token on its list) is its own: a ``.coordinator`` some
    other program made stays as the host shows it."""
    other = _project(outside / "other", claimed=False)
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = bash(ws, f"cat {other}/.coordinator/coordinator.db")
    assert ran.content.strip() == "conversation history", ran.content


def test_the_sessions_own_folder_in_its_workspace_stays_as_before(outside: Path) -> None:
    """The workspace's own ``.coordinator`` was hidden already; a command still sees its
    files and an empty folder there."""
    shop = _project(outside / "shop", claimed=True)
    ran = bash(shop, "cat README.md; ls -A .coordinator | wc -l")
    assert ran.content.split() == ["the", "shop", "0"], ran.content
