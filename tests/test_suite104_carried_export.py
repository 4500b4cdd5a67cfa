"""A stored routing index carries the routing tables (:mod:`coordinator.routing.carried`);
since suite104 a process pickles each table once, and carries a table a cached index brought
it as it came, unread. Both rest on a table never changing once made: checked here against
the router's own work, and a process storing a second roster's index is watched from outside
(a fresh interpreter): it reads no table it did not need, and what it stores routes as a
fresh build does."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from coordinator.roster.loader import load_registry
from coordinator.routing import carried, lexical

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "agents"
#: Requests that reach most of the routing's paths: a phrase, Cyrillic words, a product by
#: sound, a request no agent fits, a platform, people's words.
REQUESTS = [
    "Add a login page with dark mode",
    "Створи endpoint для задач",
    "налаштуй графану для метрик",
    "Write a poem about autumn",
    "Set up Kubernetes autoscaling on AWS",
    "Our customers say checkout is slow on their phones",
    "Fix the flaky test in the payment service and add a migration",
]

#: In a fresh interpreter: route with the roster of argv[1] (its index cached by an earlier
#: process), then with that of argv[2] (no index yet: built and stored); writes to argv[3]
#: the tables made and each roster's decisions.
_TWO_ROSTERS = r"""
import json, sys
from pathlib import Path
from coordinator.roster.loader import load_registry
from coordinator.routing import carried, lexical
requests = json.loads(sys.argv[4])
chosen = {}
for name, folder in (("first", sys.argv[1]), ("second", sys.argv[2])):
    registry = load_registry([Path(folder)], only=True, cwd=Path(folder))
    router = lexical.router_for(registry)
    chosen[name] = [router.route(text).to_json() for text in requests]
out = {"made": sorted(carried.made()), "tables": sorted(carried.builders()), "chosen": chosen}
Path(sys.argv[3]).write_text(json.dumps(out), encoding="utf-8")
"""


def _agents(folder: Path) -> Path:
    """A roster of two agents of its own (an index no other roster shares)."""
    folder.mkdir()
    for name, text in (("billing", "invoices, payments and refunds"), ("mobile", "iOS apps")):
        (folder / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: Handles {text}.\n---\nYou handle {text}.\n",
            encoding="utf-8",
        )
    return folder


def _run(tmp_path: Path, first: Path, second: Path, out: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = [str(first), str(second), str(out), json.dumps(REQUESTS)]
    proc = subprocess.run(
        [sys.executable, "-c", _TWO_ROSTERS, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    found: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return found


def test_routing_changes_no_table_once_made() -> None:
    """Each table pickles the same after routing as when first exported: what lets a
    process pickle it once."""
    carried.make_all()
    before = {name: carried._pickled(get()) for name, (_b, get) in carried._TABLES.items()}
    registry = load_registry([BUNDLED], only=True, cwd=BUNDLED, cache=False)
    router = lexical.serving_router(registry)
    for text in REQUESTS:
        router.route(text)
    after = {name: carried._pickled(get()) for name, (_b, get) in carried._TABLES.items()}
    assert [name for name in before if before[name] != after[name]] == []
    assert carried.export() == after


def test_a_second_rosters_index_reads_no_table_the_first_one_brought(tmp_path: Path) -> None:
    """A process that routed on a cached index and then stores another roster's index
    carries the tables it never read as they came, unread; that index, read by the next
    process, routes as a fresh build of it does."""
    second = _agents(tmp_path / "second")
    _run(tmp_path, BUNDLED, BUNDLED, tmp_path / "warm.json")  # stores the bundled index
    found = _run(tmp_path, BUNDLED, second, tmp_path / "found.json")
    assert found["made"], "the routes read no table"
    assert set(found["made"]) < set(found["tables"])  # type: ignore[arg-type]
    again = _run(tmp_path, second, BUNDLED, tmp_path / "again.json")  # second's, cached
    registry = load_registry([second], only=True, cwd=second, cache=False)
    built = json.loads(json.dumps([lexical.Router(registry).route(t).to_json() for t in REQUESTS]))
    assert again["chosen"]["first"] == built == found["chosen"]["second"]  # type: ignore[index]
    stored = sorted((tmp_path / "cache").rglob("router-*.pickle"))
    assert len(stored) == 2
    for path in stored:
        key, index = pickle.loads(path.read_bytes())
        assert key and index.names
