"""trust100: what the new shapes cost, on the tree ``PYTHONPATH`` names (before/after).

* ``text``: :func:`coordinator.sanitize.safe_text` of a 200 KB tool output holding 2,000
  URLs without user information (``pip download``'s lines) and of one holding 2,000
  ``user@host`` and ``git@github.com:x/y`` words: the new token-user shape is tried at each
  ``://`` only.
* ``walk``: :func:`coordinator.tools.denied.denied_paths` for ``Read(**/.env)`` in a
  workspace of 5,000 files with a link to a folder of 5,000 more outside (followed since
  trust100; the first walk, then a second with the listings kept).

Run: ``PYTHONPATH=TREE python bench/bench_trust100.py text|walk [copy]`` (``copy``: the
outside folder moved into the workspace, no link). Best of 5, in ms.
"""

from __future__ import annotations

import inspect
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from coordinator import sanitize


def best(run: Callable[[], object], times: int = 5) -> float:
    found = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        found.append(time.perf_counter() - start)
    return min(found) * 1000


def text() -> None:
    urls = "".join(
        f"Collecting pkg{i} from https://files.example.org/p/pkg{i}-1.0.tar.gz#sha256=ab{i}\n"
        for i in range(2000)
    )
    ats = "".join(f"ssh deploy{i}@host{i}; git@github.com:o/r{i}.git\n" for i in range(2000))
    for name, body in (("urls", urls), ("ats", ats)):
        cost = best(lambda body=body: sanitize.safe_text(body))  # type: ignore[misc]
        print(f"{name}: {len(body):,} chars, safe_text {cost:.2f} ms")


def walk() -> None:
    from coordinator.runtime.bash_denies import BashDenies
    from coordinator.runtime.permission_files import load_permissions
    from coordinator.tools.denied import denied_paths

    base = Path(tempfile.mkdtemp(dir=Path.cwd()))
    ws, home, out = base / "ws", base / "home", base / "out"
    (home / ".claude").mkdir(parents=True)
    for top, n in ((ws, 5000), (out, 5000)):
        for i in range(n):
            folder = top / f"d{i // 100}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"f{i}").write_bytes(b"")
    if sys.argv[2:] == ["copy"]:  # the same entries, no link: what a walk of them costs
        out.rename(ws / "ext")
    else:
        (ws / "ext").symlink_to(out)
    (ws / ".claude").mkdir()
    (ws / ".claude/settings.json").write_text(
        json.dumps({"permissions": {"deny": ["Read(**/.env)"]}}), encoding="utf-8"
    )
    denies = BashDenies.of(load_permissions(ws, home=home, managed=None))
    args: tuple[object, ...] = (denies, ws.resolve(), lambda p: False)
    if len(inspect.signature(denied_paths).parameters) == 4:
        args += (lambda p: True,)
    first = best(lambda: denied_paths(*args), 1)  # type: ignore[arg-type]
    kept = best(lambda: denied_paths(*args))  # type: ignore[arg-type]
    print(f"walk: first {first:.1f} ms, then {kept:.1f} ms (listings kept)")


if __name__ == "__main__":
    {"text": text, "walk": walk}[sys.argv[1]]()
