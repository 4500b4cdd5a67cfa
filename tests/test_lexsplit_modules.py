"""The router split into modules (tuning, query, decision, senses, index, reading, scoring,
choice; lexical the entry points): a stored index is keyed on every module its classes come
from, an edit to any of them builds a fresh index, no routing module imports itself back,
and every name code outside imports from ``lexical`` is still there (the same object)."""

from __future__ import annotations

import importlib
import pickle
import pickletools
import re
import shutil
from pathlib import Path

import pytest

import coordinator
from coordinator.roster.cache import cache_file
from coordinator.roster.loader import load_registry
from coordinator.routing import index_cache, lexical
from coordinator.routing.lexical import Router, route

ROOT = Path(coordinator.__file__).resolve().parents[1]
BUNDLED = ROOT / "agents"
ROUTING = ROOT / "coordinator" / "routing"
#: The modules lexical.py was split into.
SPLIT = ("tuning", "query", "decision", "senses", "index", "reading", "scoring", "choice")


def pickled_modules(data: bytes) -> set[str]:
    """The modules whose classes or functions a pickle refers to."""
    found: set[str] = set()
    strings: list[str] = []
    for op, arg, _ in pickletools.genops(data):
        if op.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            strings.append(str(arg))
        elif op.name == "STACK_GLOBAL":
            found.add(strings[-2])
        elif op.name in ("GLOBAL", "INST"):
            found.add(str(arg).split(" ")[0])
    return found


def key_files(key: str) -> set[str]:
    return {line.split("\0")[0] for line in key.splitlines()[1:]}


@pytest.fixture(scope="module")
def stored() -> bytes:
    registry = load_registry([BUNDLED], only=True, cache=False)
    return pickle.dumps(Router(registry), protocol=pickle.HIGHEST_PROTOCOL)


def test_every_module_a_stored_index_needs_is_in_its_key(stored: bytes) -> None:
    """Each class a stored index is made of comes from a source file the key names: a class
    moved to a module outside the key would load a stale index."""
    key = index_cache.roster_key([BUNDLED / "database-engineer.md"])
    assert key is not None
    named = key_files(key)
    ours = {m for m in pickled_modules(stored) if m.split(".")[0] in ("coordinator", "protocols")}
    assert "coordinator.routing.query" in ours  # the triggers
    assert "coordinator.routing.lexical" in ours  # the router keeps its module path
    for module in ours:
        source = importlib.import_module(module).__file__
        assert source is not None and str(Path(source).resolve()) in named, module


def test_a_stored_index_loads_as_the_router(stored: bytes) -> None:
    loaded = pickle.loads(stored)
    assert type(loaded) is Router and type(loaded).__module__ == "coordinator.routing.lexical"
    request = "Add a composite index for the reports query"
    registry = load_registry([BUNDLED], only=True, cache=False)
    assert loaded.route(request).to_json() == Router(registry).route(request).to_json()


def test_the_cache_reuses_an_index_across_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = "Зверстай картку задачі з кнопками редагування"
    first = route(request, load_registry([BUNDLED], only=True))
    assert len(list(cache_file().parent.glob("router-*.pickle"))) == 1

    def refuse(self: object, registry: object) -> None:
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(lexical.Router, "__init__", refuse)
    assert route(request, load_registry([BUNDLED], only=True)) == first


@pytest.mark.parametrize("module", SPLIT)
def test_an_edit_to_a_split_module_changes_the_key(
    module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key of a copy of the package changes when one of the new modules is edited."""
    copy = tmp_path / "coordinator"
    (copy / "routing").mkdir(parents=True)
    shutil.copy(ROOT / "coordinator" / "__init__.py", copy / "__init__.py")
    for source in ROUTING.glob("*.py"):
        shutil.copy2(source, copy / "routing" / source.name)
    monkeypatch.setattr(coordinator, "__file__", str(copy / "__init__.py"))
    agent = BUNDLED / "database-engineer.md"
    before = index_cache.roster_key([agent])
    assert before is not None and str(copy / "routing" / f"{module}.py") in key_files(before)
    with (copy / "routing" / f"{module}.py").open("a", encoding="utf-8") as f:
        f.write("# edited\n")
    assert index_cache.roster_key([agent]) != before


#: A ``from coordinator.routing[.module] import ...`` statement (at any level, one or more lines).
_IMPORT = re.compile(r"^\s*from coordinator\.routing(?:\.(\w+))? import (\([^)]*\)|[^\n]*)", re.M)


def routing_imports(path: Path) -> set[str]:
    """The routing modules ``path`` imports (at any level)."""
    found: set[str] = set()
    for module, names in _IMPORT.findall(path.read_text(encoding="utf-8")):
        if module:
            found.add(module)
        else:  # from coordinator.routing import concepts, redirects
            code = " ".join(line.split("#")[0] for line in names.splitlines())
            found |= set(re.findall(r"\w+", code))
    return found


def test_no_routing_module_imports_itself_back() -> None:
    graph = {p.stem: routing_imports(p) for p in ROUTING.glob("*.py")}
    assert graph["tuning"] == set()
    assert not any("lexical" in graph[m] for m in SPLIT)  # the entry points sit on top
    for start in graph:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            module = todo.pop()
            assert module != start, f"{start} imports itself back"
            if module not in seen:
                seen.add(module)
                todo.extend(graph.get(module, ()))


def test_lexical_still_exports_what_other_code_imports() -> None:
    """Every name tests, bench/ and the runtime import from ``lexical`` is there, and is the
    object its own module defines (a constant patched there is the one the router reads)."""
    for name in lexical.__all__:
        value = getattr(lexical, name)
        home = getattr(value, "__module__", None)
        if isinstance(home, str) and home.removeprefix("coordinator.routing.") in SPLIT:
            assert getattr(importlib.import_module(home), name) is value, name
    for name in ("route", "router_for", "route_or_fail", "no_agent_fits", "NoAgentFits"):
        assert name in lexical.__all__
    assert lexical.MIN_SCORE == importlib.import_module("coordinator.routing.tuning").MIN_SCORE
