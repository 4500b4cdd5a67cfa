"""redteam115: packs an agent's command writes in a worktree run's object store, and the refs
a command moves in the user's repository (its tool calls scripted turns of the real engine,
its commands in real bubblewrap, real git, the session in real SQLite).

After each command of a worktree run coord takes the objects the run's commands wrote into
the repository, outside the sandbox; a pack went to ``git index-pack`` whole, which
inflates every object, builds every delta and hashes each: a 1 MB pack declaring a 1 GiB
blob cost 5.7 s of CPU, 14 KB of deltas each copying an 8 MiB base 9.7 s and 217 MB. Now
the pack's declared sizes (a delta's result too) are read first, inflating with a cap, and
a pack past ``worktree_max_commit_mb`` is refused, set aside in the run's store, not
given to git.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import sqlite3
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest
from hostile import DONE, backend, bash, needs_git, said, workspace
from kit import git_init, needs_bwrap, scripted

from coordinator.config import Settings
from coordinator.roster.registry import Registry
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

#: A command copying the workspace's ``evil.pack`` into the run's object store.
PLANT = (
    'mkdir -p "$GIT_OBJECT_DIRECTORY/pack" && cp evil.pack "$GIT_OBJECT_DIRECTORY/pack/pack-1.pack"'
)


def _entry(kind: int, size: int) -> bytes:
    """A pack entry's header: its kind and size (4 bits, then 7 a byte)."""
    c, size, out = (kind << 4) | (size & 15), size >> 4, bytearray()
    while size:
        out.append(c | 0x80)
        c, size = size & 0x7F, size >> 7
    return bytes([*out, c])


def _varint(n: int) -> bytes:
    """A delta header's size (7 bits a byte, lowest first)."""
    out = bytearray()
    while n >> 7:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes([*out, n])


def _zeros(size: int) -> bytes:
    """A zlib stream of ``size`` zeros (about a thousandth of it)."""
    deflate, piece = zlib.compressobj(9), bytes(1 << 20)
    out = [deflate.compress(piece[: min(1 << 20, size - at)]) for at in range(0, size, 1 << 20)]
    return b"".join([*out, deflate.flush()])


def _pack(entries: list[bytes]) -> bytes:
    body = b"PACK" + (2).to_bytes(4, "big") + len(entries).to_bytes(4, "big") + b"".join(entries)
    return body + hashlib.sha1(body).digest()


def blob_bomb(size: int) -> bytes:
    """A pack of one blob of ``size`` zeros."""
    return _pack([_entry(3, size) + _zeros(size)])


def delta_chain(base: int, links: int) -> bytes:
    """A pack of a blob of ``base`` zeros and ``links`` deltas, each on the one before (an
    offset delta), copying it whole: a few bytes each, git builds and hashes ``base`` each."""
    copy = bytes([0x80 | 0x10 | 0x20 | 0x40]) + base.to_bytes(3, "little")
    delta = zlib.compress(_varint(base) + _varint(base) + copy)
    entries, at = [_entry(3, base) + _zeros(base)], 12
    for _ in range(links):
        back, where = len(entries[-1]), at + len(entries[-1])
        entries.append(_entry(6, len(zlib.decompress(delta))) + _offset(back) + delta)
        at = where
    return _pack(entries)


def _offset(back: int) -> bytes:
    """An offset delta's distance back to its base, as git writes it."""
    out = bytearray([back & 0x7F])
    back >>= 7
    while back:
        back -= 1
        out.insert(0, 0x80 | (back & 0x7F))
        back >>= 7
    return bytes(out)


def _blob_id(size: int) -> str:
    return hashlib.sha1(b"blob %d\0" % size + bytes(size)).hexdigest()


def _has(ws: Path, oid: str) -> bool:
    return subprocess.run(["git", "-C", ws, "cat-file", "-e", oid], check=False).returncode == 0


def _worktree_run(ws: Path, home: Path, settings: Settings, commands: list[str]) -> Any:
    """A worktree run of ``backend`` in ``ws`` with ``settings`` (Bash allowed), running
    ``commands``: its scripted provider."""
    registry = Registry([backend(isolation="worktree")])
    extras = session_extras(ws, settings, registry, home=home, managed=None)
    provider = scripted({"backend": [*map(bash, commands), DONE]})
    store = Store.open(ws / ".coordinator" / "coordinator.db")
    engine = extras.engine(registry, provider, store, settings, ws, model=None)
    try:
        asyncio.run(engine.start("Do it", agent="backend"))
    finally:
        store.close()
    return provider


def _merge(ws: Path) -> dict[str, Any]:
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        [(data,)] = db.execute("SELECT data FROM events WHERE kind = 'worktree_merge'")
    merged: dict[str, Any] = json.loads(data)
    return merged


#: The commit limit the pack tests run with (MiB): their packs declare four times it.
LIMIT = 8


@needs_bwrap
@needs_git
@pytest.mark.parametrize("kind", ["blob", "chain"])
def test_a_crafted_pack_in_a_worktree_runs_store_is_refused_before_git_reads_it(
    tmp_path: Path, kind: str
) -> None:
    """A pack declaring more than the commit limit (one blob of 32 MiB zeros: 32 KB; a
    1 MiB blob and 32 deltas each copying it whole: 1 KB) went to ``git index-pack``,
    which inflated and hashed it all (a 1 GiB one: 5.7 s of CPU; 300 links of 8 MiB:
    9.7 s). Now refused from its declared sizes, set aside in the run's store, the run
    told why; its objects never reach the repository."""
    ws, home = workspace(tmp_path)
    size = (LIMIT * 4) << 20 if kind == "blob" else 1 << 20
    data = blob_bomb(size) if kind == "blob" else delta_chain(size, LIMIT * 4)
    (ws / "evil.pack").write_bytes(data)
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    git_init(ws)
    settings = Settings(allow_bash=True, worktree_max_commit_mb=LIMIT)
    provider = _worktree_run(ws, home, settings, [PLANT])
    told = said(provider, 1)
    assert "was not taken into the repository, set aside as pack-1.pack.refused" in told, told
    assert "worktree_max_commit_mb" in told, told
    assert not _has(ws, _blob_id(size))
    assert not list((ws / ".git" / "worktrees").glob("*/coord-objects/pack/pack-1.pack"))


@needs_bwrap
@needs_git
def test_guard_an_agents_git_gc_in_a_worktree_run_still_merges(tmp_path: Path) -> None:
    """Guard: a run whose command commits a file then packs its objects (``git repack``;
    ``git gc`` cannot lock ``.git``: the run's store gets a pack of them) still has them
    taken in and merged, under a limit of 1 MiB: a pack within it goes to git as before."""
    ws, home = workspace(tmp_path)
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    git_init(ws)
    commit = (
        "seq 1 20000 > data.txt && git add data.txt"
        " && git -c user.name=a -c user.email=a@a commit -qm data && git repack -d -q"
        ' && ls "$GIT_OBJECT_DIRECTORY/pack"'
    )
    provider = _worktree_run(
        ws, home, Settings(allow_bash=True, worktree_max_commit_mb=1), [commit]
    )
    assert ".pack" in said(provider, 1), said(provider, 1)
    assert _merge(ws)["status"] == "merged", _merge(ws)
    assert (ws / "data.txt").read_text(encoding="utf-8").count("\n") == 20000


def test_pack_cost_reads_declared_sizes_and_delta_results() -> None:
    """The cost of a pack is its objects' declared sizes with each delta's result; past the
    bound it is refused before inflating, and a stream inflating past its size is refused."""
    from coordinator.runtime.pack_cost import PackRefused, pack_cost  # (new: redteam115)

    chain = delta_chain(1 << 20, 4)

    assert pack_cost(io.BytesIO(chain), 64 << 20, 20) == (1 << 20) * 5 + 4 * 10
    with pytest.raises(PackRefused, match="worktree_max_commit_mb"):
        pack_cost(io.BytesIO(chain), 4 << 20, 20)
    lying = _pack([_entry(3, 10) + _zeros(1 << 20)])
    with pytest.raises(PackRefused, match="past the size it declares"):
        pack_cost(io.BytesIO(lying), 64 << 20, 20)
    with pytest.raises(PackRefused, match="no git pack"):
        pack_cost(io.BytesIO(b"PACK\0\0\0\x09" + bytes(8)), 64 << 20, 20)


@needs_bwrap
@needs_git
def test_coord_log_says_which_branches_and_tags_a_command_moved(tmp_path: Path) -> None:
    """review145 recorded a command's move of HEAD; one moving another branch (``git branch
    -f``), making one, or making a tag (``main``'s next ``git checkout`` writes what the
    agent chose) left no trace in the log. Now ``bash_changed`` has ``refs``, ``coord log
    --json`` each run's ``bash_refs``, and the tree a line; a commit's own move of HEAD's
    branch stays HEAD's."""
    from cli import coord
    from hostile import run

    ws, home = workspace(tmp_path)
    (ws / ".gitignore").write_text(".coordinator/\n", encoding="utf-8")
    git_init(ws)
    subprocess.run(["git", "-C", ws, "branch", "release"], check=True)
    ident = "-c user.name=a -c user.email=a@a"
    commands = [
        f"echo x > n.txt && git add n.txt && git {ident} commit -qm n",  # (HEAD's: no ref)
        "git branch -f release HEAD && git tag v9 && git branch side",
        "git branch -D side",
    ]
    run(ws, home, backend(), [*map(bash, commands), DONE])
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        [(sid,)] = db.execute("SELECT id FROM sessions")
        rows = db.execute("SELECT data FROM events WHERE kind = 'bash_changed' ORDER BY seq")
        changed = [json.loads(row[0]) for row in rows]
    tip = subprocess.run(["git", "-C", ws, "rev-parse", "HEAD"], capture_output=True, text=True)
    new, old = tip.stdout.strip(), changed[0]["head"].partition("..")[0]
    assert changed[0]["refs"] == [] and changed[0]["head"] == f"{old}..{new}", changed
    assert changed[1]["refs"] == [
        ["refs/heads/release", f"{old}..{new}"],
        ["refs/heads/side", f"..{new}"],
        ["refs/tags/v9", f"..{new}"],
    ], changed
    assert changed[2]["refs"] == [["refs/heads/side", f"{new}.."]], changed
    log = json.loads(coord("log", sid, "-w", ws, "--json").stdout)
    assert log["chain"]["bash_refs"] == {
        "refs/heads/release": f"{old}..{new}",
        "refs/tags/v9": f"..{new}",
    }, log["chain"]
    shown = " ".join(coord("log", sid, "-w", ws).stdout.replace("│", "").split())
    assert f"a command moved refs/heads/release from {old[:12]} to {new[:12]}" in shown, shown
    assert f"removed refs/heads/side (at {new[:12]})" in shown, shown
