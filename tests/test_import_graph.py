"""The package's import graph, read with ``ast``: wings in layers, no upward import, no cycle.

Every import counts, also one inside a function (a lazy import is still a dependency) or
under ``TYPE_CHECKING``. The rule is stated in docs/ARCHITECTURE.md ("Walls").
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: Bottom to top. A wing imports only from wings of lower layers (and from itself).
LAYERS: list[set[str]] = [
    {"errors"},
    {"yamlfile", "status", "events", "clip", "sanitize", "records"},
    {"request_text"},
    {"config"},
    {"providers", "tools"},
    {"pricing"},
    {"roster"},
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


def type_only(tree: ast.Module) -> set[ast.AST]:
    """The import nodes under ``if TYPE_CHECKING:`` (never executed)."""
    return {
        node
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING")
        for stmt in block.body
        for node in ast.walk(stmt)
    }


def imports(path: Path, *, typing: bool = True) -> Iterator[str]:
    """The coordinator/protocols modules ``path`` imports (an imported name resolves to its
    module); ``typing=False`` leaves out imports made only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set() if typing else type_only(tree)
    for node in ast.walk(tree):
        if node in skip:
            continue
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in MODULES:
                    yield full
                elif node.module in MODULES:
                    yield node.module


GRAPH = {name: set(imports(path)) - {name} for name, path in MODULES.items()}
#: What runs: a cycle through a type-only import never executes.
RUNTIME_GRAPH = {name: set(imports(path, typing=False)) - {name} for name, path in MODULES.items()}


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
        for m, deps in GRAPH.items()
        if wing(m) == "protocols"
        for d in deps
        if wing(d) != "protocols"
    ]
    assert bad == []


def test_no_wing_imports_upward_or_sideways() -> None:
    bad = []
    for module, deps in GRAPH.items():
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
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        for dep in sorted(RUNTIME_GRAPH[module]):
            if state.get(dep) == 1:
                cycles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[module] = 2

    for module in sorted(RUNTIME_GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_runtime_never_imports_the_cli_or_rich() -> None:
    for module, path in MODULES.items():
        if wing(module) in ("runtime", "store", "roster", "routing", "providers", "tools"):
            assert not any(wing(d) == "cli" for d in GRAPH[module]), module
            assert "import rich" not in path.read_text(encoding="utf-8"), module
            assert "from rich" not in path.read_text(encoding="utf-8"), module


def test_the_log_names_the_run_note_events_as_the_engine_stores_them() -> None:
    from coordinator.cli.views import NOTE_KINDS
    from coordinator.events import IsolationSkipped, McpStarted, WorktreeMerged, WorktreeOpened

    kinds = {c.kind for c in (McpStarted, WorktreeOpened, WorktreeMerged, IsolationSkipped)}
    assert kinds == NOTE_KINDS
