"""links103: what a pattern deny's walk costs a Bash command in a realistic workspace.

:func:`coordinator.tools.denied.denied_paths` (the walk coord runs before each Bash
command while the settings hold a pattern deny) in four workspaces, each under four
rules (``Read(./.env)``, ``Read(**/.env*)``, ``Read(**/*.pem)``, ``Read(./secrets/**)``):

* ``pnpm``: ``node_modules`` as pnpm lays it out: 600 packages in
  ``.pnpm/NAME@1.0.0/node_modules/NAME`` (6 files each, hard links of a content store
  outside the workspace, as pnpm's store is; every 50th ships a test ``.pem``), 6
  dependency links each to siblings, a link a package at the top (~4,200 links);
* ``venv``: a Python ``.venv`` of ~10,000 files (site-packages, ``bin`` links);
* ``usr``: a small project with ``sys`` a link to ``/usr`` (the host's, read-only in the
  sandbox: walked under the link's name);
* ``all``: the three together.

For each: the first command's walk (coord's process has no listing kept: "cold"; the
disk cache is warm), then the best of 5 later commands ("warm", the tree settled).
Wall ms (two shared cores: noisy) and CPU ms of this process beside it.

Run: ``PYTHONPATH=TREE python bench/bench_links103.py`` (TREE: a copy of coord, e.g.
``git archive 07dfd654`` extracted, to time before; this tree by default).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RULES = ("Read(./.env)", "Read(**/.env*)", "Read(**/*.pem)", "Read(./secrets/**)")


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU ms of one ``run``."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def project(ws: Path) -> None:
    """A small project: sources, a ``.env`` and a ``secrets`` folder."""
    for i in range(40):
        (ws / f"src/mod{i % 5}").mkdir(parents=True, exist_ok=True)
        (ws / f"src/mod{i % 5}/f{i}.ts").write_bytes(b"x")
    (ws / ".env").write_bytes(b"KEY=1")
    (ws / "secrets").mkdir()
    (ws / "secrets/db.pem").write_bytes(b"k")


def pnpm(ws: Path, store: Path, packages: int = 600, deps: int = 6) -> None:
    """A pnpm ``node_modules`` in ``ws``, its files hard links of ``store``'s."""
    modules_root = ws / "node_modules/.pnpm"
    store.mkdir(parents=True, exist_ok=True)
    for i in range(packages):
        package = modules_root / f"pkg{i}@1.0.0/node_modules/pkg{i}"
        (package / "lib").mkdir(parents=True)
        names = ["package.json", "index.js", "README.md", "lib/a.js", "lib/b.js", "lib/c.d.ts"]
        if i % 50 == 0:
            names.append("test/fixture.pem")
            (package / "test").mkdir()
        for name in names:
            kept = store / f"{i}-{name.replace('/', '_')}"
            kept.write_bytes(b"x")
            os.link(kept, package / name)
        modules = package.parent
        for d in range(1, deps + 1):
            j = (i + d) % packages
            (modules / f"pkg{j}").symlink_to(f"../../pkg{j}@1.0.0/node_modules/pkg{j}")
        (ws / f"node_modules/pkg{i}").symlink_to(f".pnpm/pkg{i}@1.0.0/node_modules/pkg{i}")


def venv(ws: Path, files: int = 10_000) -> None:
    """A ``.venv`` of ``files`` files in packages of ~25 files in 5 folders."""
    site = ws / ".venv/lib/python3.12/site-packages"
    (ws / ".venv/bin").mkdir(parents=True)
    for name in ("python", "python3", "python3.12"):
        (ws / ".venv/bin" / name).symlink_to(sys.executable)
    for n in range(files):
        package, sub = divmod(n, 25)
        folder = site / f"pkg{package}" / f"sub{sub % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"m{sub}.py").write_bytes(b"")
    (site / "certifi").mkdir()
    (site / "certifi/cacert.pem").write_bytes(b"c")


def workspace(base: Path, kind: str) -> Path:
    ws = base / kind / "ws"
    ws.mkdir(parents=True)
    project(ws)
    if kind in ("pnpm", "all"):
        pnpm(ws, base / kind / "pnpm-store")
    if kind in ("venv", "all"):
        venv(ws)
    if kind in ("usr", "all"):
        (ws / "sys").symlink_to("/usr")
    return ws.resolve()


def measure(ws: Path, home: Path, rule: str) -> str:
    """One row: ``rule`` in ``ws``, its first walk and the best of 5 later ones."""
    from coordinator.runtime.bash_denies import BashDenies
    from coordinator.runtime.permission_files import load_permissions
    from coordinator.tools.denied import denied_paths
    from coordinator.tools.sandbox import _needed

    settings = ws / ".claude/settings.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text(json.dumps({"permissions": {"deny": [rule]}}))
    check = BashDenies.of(load_permissions(ws, home=home, managed=None))

    def run() -> object:
        return denied_paths(check, ws, lambda p: False, lambda p: True, (), _needed)

    cold = timed(run)
    warm = min(timed(run) for _ in range(5))
    found = len(denied_paths(check, ws, lambda p: False, lambda p: True, (), _needed))
    return f"{rule:<20}{found:>6}{cold[0]:>10.1f}/{cold[1]:<7.1f}{warm[0]:>10.1f}/{warm[1]:<7.1f}"


def main() -> None:
    from coordinator.tools import denied

    base = Path(tempfile.mkdtemp(dir=Path.cwd(), prefix="bench-links103-"))
    try:
        home = base / "home"
        (home / ".claude").mkdir(parents=True)
        spaces = {k: workspace(base, k) for k in ("pnpm", "venv", "usr", "all")}
        time.sleep(2.1)  # (past the walk's settling time: listings may be kept)
        print(f"coordinator from {Path(denied.__file__).parents[1]}")
        head = f"{'rule':<20}{'found':>6}{'cold wall/cpu':>18}{'warm wall/cpu':>18}"
        print(f"{'workspace':<10}{head}")
        for kind, ws in spaces.items():
            for rule in RULES:
                print(f"{kind:<10}{measure(ws, home, rule)}")
    finally:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
