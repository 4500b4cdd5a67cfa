"""review102: a pattern deny's walk in a pnpm workspace, on the tree ``PYTHONPATH`` names.

:func:`coordinator.tools.denied.denied_paths` for ``Read(**/.env)`` in a workspace laid out
as pnpm lays out ``node_modules``: 2,000 packages in ``.pnpm/NAME@1.0.0/node_modules/NAME``,
each with 8 dependency links to its siblings, and a link a package at the top: 18,000
links to folders in the workspace, each one looked at before each Bash command since
trust100 (to follow one leading out of it). The first walk, then the best of 5 with the
listings kept (the tree left 2.1 s to settle first, as a command's tree mostly is).

Run: ``PYTHONPATH=TREE python bench/bench_review102.py``. In ms.
"""

from __future__ import annotations

import inspect
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def best(run: Callable[[], object], times: int = 5) -> float:
    found = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        found.append(time.perf_counter() - start)
    return min(found) * 1000


def pnpm(ws: Path, packages: int = 2000, deps: int = 8) -> int:
    """A pnpm ``node_modules`` in ``ws``; how many links it holds."""
    store = ws / "node_modules/.pnpm"
    for i in range(packages):
        modules = store / f"pkg{i}@1.0.0/node_modules"
        (modules / f"pkg{i}").mkdir(parents=True)
        (modules / f"pkg{i}/index.js").write_bytes(b"")
        for d in range(1, deps + 1):
            j = (i + d) % packages
            (modules / f"pkg{j}").symlink_to(f"../../pkg{j}@1.0.0/node_modules/pkg{j}")
        (ws / f"node_modules/pkg{i}").symlink_to(f".pnpm/pkg{i}@1.0.0/node_modules/pkg{i}")
    return packages * (deps + 1)


def main() -> None:
    from coordinator.runtime.bash_denies import BashDenies
    from coordinator.runtime.permission_files import load_permissions
    from coordinator.tools.denied import denied_paths

    base = Path(tempfile.mkdtemp(dir=Path.cwd()))
    ws, home = base / "ws", base / "home"
    (home / ".claude").mkdir(parents=True)
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude/settings.json").write_text(
        json.dumps({"permissions": {"deny": ["Read(**/.env)"]}}), encoding="utf-8"
    )
    links = pnpm(ws)
    time.sleep(2.1)  # (past denied._SETTLED_NS: the listings may be kept)
    denies = BashDenies.of(load_permissions(ws, home=home, managed=None))
    args: tuple[object, ...] = (denies, ws.resolve(), lambda p: False)
    if len(inspect.signature(denied_paths).parameters) >= 4:
        args += (lambda p: True,)
    first = best(lambda: denied_paths(*args), 1)  # type: ignore[arg-type]
    kept = best(lambda: denied_paths(*args))  # type: ignore[arg-type]
    print(f"{links:,} links: first walk {first:.0f} ms, then {kept:.0f} ms (listings kept)")


if __name__ == "__main__":
    main()
