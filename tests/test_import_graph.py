"""The package's import graph, read with ``ast``: wings in layers, no upward import, no cycle.

Every import counts, also one inside a function (a lazy import is still a dependency) or
under ``TYPE_CHECKING``. The rule is stated in docs/ARCHITECTURE.md ("Walls").
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: Bottom to top. A wing imports only from wings of lower layers (and from itself).
LAYERS: list[set[str]] = [
    {"errors", "clip", "guessed", "regular", "importpath", "stdfds", "mentions", "event_kinds"},
    {"yamlfile", "status", "events", "sanitize", "records", "gcpace", "claude_home"},
    {"request_text"},
    {"config"},
    {"providers", "tools"},
    {"pricing"},
    {"roster"},
    {"prompts"},
    {"routing"},
    {"store"},
    {"mcp"},
    {"runtime"},
    {"telemetry"},
    {"demo", "serve"},
    {"cli"},
    {"__main__"},
]
LAYER = {wing: level for level, wings in enumerate(LAYERS) for wing in wings}


def modules() -> dict[str, Path]:
    """Every module of ``coordinator`` and ``protocols`` (not the demo's sample project)."""
    found = {}
    for top in ("coordinator", "protocols"):
        for path in (REPO / top).rglob("*.py"):
            rel = path.relative_to(REPO)
            if rel.parts[:3] == ("coordinator", "demo", "workspace"):
                continue
            parts = rel.with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = modules()


Import = ast.Import | ast.ImportFrom


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_statements(body: list[ast.stmt], typing: bool = False) -> Iterator[tuple[Import, bool]]:
    """Every import statement in ``body`` at any depth (imports are statements, so only
    statement lists are searched), and whether it sits under ``if TYPE_CHECKING:``."""
    for stmt in body:
        if isinstance(stmt, Import):
            yield stmt, typing
        elif isinstance(stmt, ast.If) and _is_type_checking(stmt.test):
            yield from import_statements(stmt.body, True)
            yield from import_statements(stmt.orelse, typing)
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from import_statements(getattr(stmt, field, []), typing)
        for block in (*getattr(stmt, "handlers", ()), *getattr(stmt, "cases", ())):
            yield from import_statements(block.body, typing)


def imported(node: Import) -> Iterator[str]:
    """The coordinator/protocols modules one import statement names (an imported name
    resolves to its module)."""
    if isinstance(node, ast.Import):
        yield from (a.name for a in node.names if a.name in MODULES)
    elif node.module and node.level == 0:
        for alias in node.names:
            full = f"{node.module}.{alias.name}"
            if full in MODULES:
                yield full
            elif node.module in MODULES:
                yield node.module


Graph = dict[str, set[str]]


@cache
def graphs() -> tuple[Graph, Graph]:
    """Every import of each module, and only what runs (a cycle through a type-only import
    never executes). Read once, when a test first asks, not at collection."""
    every: Graph = {}
    running: Graph = {}
    for name, path in MODULES.items():
        found = list(import_statements(ast.parse(path.read_text(encoding="utf-8")).body))
        every[name] = {m for node, _ in found for m in imported(node)} - {name}
        running[name] = {m for node, typing in found if not typing for m in imported(node)}
        running[name].discard(name)
    return every, running


def wing(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "protocols":
        return "protocols"
    return parts[1] if len(parts) > 1 else "coordinator"


def test_every_wing_has_a_layer() -> None:
    wings = {wing(m) for m in MODULES} - {"protocols", "coordinator"}
    assert wings <= set(LAYER), f"wings with no layer: {sorted(wings - set(LAYER))}"


def test_protocols_imports_nothing_from_coordinator() -> None:
    bad = [
        f"{m} -> {d}"
        for m, deps in graphs()[0].items()
        if wing(m) == "protocols"
        for d in deps
        if wing(d) != "protocols"
    ]
    assert bad == []


def test_no_wing_imports_upward_or_sideways() -> None:
    bad = []
    for module, deps in graphs()[0].items():
        source = wing(module)
        if source in ("protocols", "coordinator"):
            continue
        for dep in deps:
            target = wing(dep)
            if target == source or target in ("protocols", "coordinator"):
                continue
            if LAYER[target] >= LAYER[source]:
                bad.append(f"{module} -> {dep}")
    assert bad == [], "imports against the layers:\n" + "\n".join(sorted(bad))


def test_no_import_cycle_between_modules() -> None:
    runtime_graph = graphs()[1]
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        for dep in sorted(runtime_graph[module]):
            if state.get(dep) == 1:
                cycles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[module] = 2

    for module in sorted(runtime_graph):
        if module not in state:
            visit(module, [module])
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_runtime_never_imports_the_cli_or_rich() -> None:
    for module, path in MODULES.items():
        if wing(module) in ("runtime", "store", "roster", "routing", "providers", "tools"):
            assert not any(wing(d) == "cli" for d in graphs()[0][module]), module
            assert "import rich" not in path.read_text(encoding="utf-8"), module
            assert "from rich" not in path.read_text(encoding="utf-8"), module


def test_the_log_names_the_run_note_events_as_the_engine_stores_them() -> None:
    from coordinator.cli.views import ENDED_BY, NOTE_KINDS
    from coordinator.events import (
        BashOff,
        IsolationSkipped,
        McpStarted,
        ProgramHidden,
        StepEnded,
        WorktreeMerged,
        WorktreeOpened,
    )
    from coordinator.runtime.stopping import EndedBy

    notes = (McpStarted, WorktreeOpened, WorktreeMerged, IsolationSkipped, ProgramHidden, BashOff)
    kinds = {c.kind for c in (*notes, StepEnded)}
    assert kinds == NOTE_KINDS
    assert set(ENDED_BY) == set(EndedBy)  # each `step_ended` event's `by`, said in words
