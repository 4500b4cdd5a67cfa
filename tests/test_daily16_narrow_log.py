"""``coord log`` at a narrow width, in a pipe: rich folded a word longer than the room left
at its depth (``fastapi-back`` / ``end-expert`` at ``COLUMNS=20``). The tree is drawn when
every word fits at its depth, else a flat numbered list wrapped at spaces; no id, name or
word is ever cut."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli import coord

REQUEST = "“Add an endpoint GET /tasks/{task_id} that returns the task with its owner's email”"
NAMES = ("fastapi-backend-expert", "database-engineer")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's session (a blocked backend, a database consult, a resume)."""
    ws = tmp_path_factory.mktemp("narrow") / "ws"
    ran = coord("demo", "--workspace", ws)
    assert ran.returncode == 0, ran.stderr
    return ws


def _joined(out: str) -> str:
    """The output's words in order: tree guides and line breaks dropped."""
    return " ".join(re.sub(r"[│├└─]", " ", out).split())


@pytest.mark.parametrize("width", [20, 40, 80])
def test_log_keeps_every_word_whole(demo: Path, width: int) -> None:
    shown = coord("log", "--workspace", demo, env={"COLUMNS": str(width)})
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    session = re.search(r"session ([0-9a-f]{12})", out)
    assert session is not None, out
    words = _joined(out)
    assert REQUEST in words, out
    for name in NAMES:
        assert re.search(rf"(^|\s){name}(\s|'|$)", words), (name, out)
    for line in out.splitlines():  # wider only for one word that cannot fit
        assert len(line) <= width or len(line.split()) == 1, (width, line)
    if width >= 40:  # every word fits at its depth: a tree
        assert "└── " in out and "│" in out
    else:  # a flat list, numbered, no guides
        assert "└" not in out and "│" not in out
        assert re.search(r"^1\.1 Blocked on", out, re.M), out
        assert re.search(r"^1\.1\.1\s+database-engineer", out, re.M), out


def test_the_flat_list_numbers_nodes_in_tree_order(demo: Path) -> None:
    """The numbers say where each entry sits: the consult (1.1.1) and its answer (1.1.2)
    under the question (1.1), the files the backend changed (1.2) and its outcome (1.3)
    after it."""
    out = coord("log", "--workspace", demo, env={"COLUMNS": "20"}).stdout
    numbers = re.findall(r"^(\d+(?:\.\d+)*)(?:\s|$)", out, re.M)
    assert numbers == ["1", "1.1", "1.1.1", "1.1.1.1", "1.1.2", "1.2", "1.3"], out
