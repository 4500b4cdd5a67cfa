"""audit47: what a person auditing their agents' work still missed after audit46.

``coord log --follow``'s live view (a terminal) ended on the bare tree: a session that
stopped waiting for a person did not say how to answer it, as the static tree does.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script
from rich.console import Console

from coordinator.cli import views
from coordinator.store.db import Store

#: backend asks a person (no specialist for Product), then completes once answered.
ASKS = {"backend": [{"text": blocked("Product", "Which plan?")}, {"text": report("Complete")}]}


@pytest.fixture(scope="module")
def asked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A session whose agent asks a person, not answered yet (its store at ``db``)."""
    tmp_path = tmp_path_factory.mktemp("asked")
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", *ASKS)
    script = write_script(tmp_path / "s.yaml", ASKS)
    db = tmp_path / "chains.db"
    ran = coord("run", "Add billing", "--workspace", ws, "--agents-dir", agents, "--only",
                "--agent", "backend", "--script", script, "--db", db, "--json")  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    return {"db": db, "ws": ws, **json.loads(ran.stdout)}


def test_the_live_follow_view_ends_with_how_to_answer_the_session(asked: dict[str, Any]) -> None:
    out = io.StringIO()
    terminal = Console(file=out, force_terminal=True, width=200, color_system=None)
    store = Store.open(Path(asked["db"]))
    try:
        views.follow_chain(store, store.session(asked["session"]), terminal)
    finally:
        store.close()
    sid = asked["session"]
    final = out.getvalue().split("\x1b[2K")[-1].replace("\x1b[?25h", "")  # the last frame
    assert final.startswith(f"session {sid}  waiting"), out.getvalue()
    assert final.rstrip().splitlines()[-1] == f'Answer with: coord resume {sid} --context "..."'
