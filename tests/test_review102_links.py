"""review102: where a link leads, for a pattern deny's walk, answered once a name a walk.

trust100's walk asked ``os.path.realpath`` of every link in the workspace before every
Bash command (to follow one leading out of it): a pnpm ``node_modules`` of 18,000 links
took each command from ~35 ms to ~1 s (bench/bench_review102.py). ``denied._Places``
answers as ``realpath`` does, each folder on the way looked at once a walk.
"""

from __future__ import annotations

import os
from pathlib import Path

from coordinator.tools.denied import _Places, _Stamps


def tree(tmp_path: Path) -> tuple[Path, list[str]]:
    """Links of every kind (relative, absolute, chained, ``..`` after a link, a loop, one
    to nothing, to ``.``), and the paths through them to ask."""
    ws, out = tmp_path / "ws", tmp_path / "out"
    (ws / "a/b").mkdir(parents=True)
    (out / "deep/er").mkdir(parents=True)
    (ws / "ext").symlink_to(out)  # absolute, out of the workspace
    (ws / "rel").symlink_to("../out/deep")  # relative, out
    (ws / "a/up").symlink_to("../..")  # to the workspace's parent
    (ws / "a/b/chain").symlink_to("../../ext/deep")  # through another link
    (out / "deep/back").symlink_to("../../ws/a")  # back in
    (ws / "dotdot").symlink_to("rel/../deep/er")  # .. after a link: out/deep/.. is out
    (ws / "loop1").symlink_to("loop2")
    (ws / "loop2").symlink_to("loop1")
    (ws / "self").symlink_to("self/x")
    (ws / "gone").symlink_to("nowhere/at/all")
    (ws / "here").symlink_to(".")
    (ws / "slashes").symlink_to(f"{out}//deep/./er/")
    names = [
        "ext", "rel", "a/up", "a/b/chain", "a/b/chain/back", "a/b/chain/back/b/chain/er",
        "dotdot", "loop1", "loop2/x", "self", "gone", "gone/..", "here", "here/here/ext",
        "slashes", "ext/deep/back/../..", "a/./b//chain", "a/up/ws/a/up/out",
    ]  # fmt: skip
    return ws, [str(ws / name) for name in names]


def test_a_walks_answer_is_realpaths(tmp_path: Path) -> None:
    """Every path, asked in either order and twice (the second answer from what the first
    looked at), leads where ``os.path.realpath`` says."""
    ws, paths = tree(tmp_path)
    for order in (paths, paths[::-1]):
        places = _Places(_Stamps())
        for path in [*order, *order]:
            assert places.real(path) == os.path.realpath(path), path
    assert _Places(_Stamps()).real("/") == "/"
    assert _Places(_Stamps()).real(str(ws / "a/b/chain")) == str(tmp_path / "out/deep")
