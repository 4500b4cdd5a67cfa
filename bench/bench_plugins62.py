"""What reading the user's Claude Code plugins costs: no settings file, a settings file
enabling none, one plugin enabled, and every plugin of wshobson/agents enabled
(../shared/corpus/wshobson__agents/plugins, installed in a fake home as Claude Code records
them). In process: the median time of ``enabled_plugins`` (finding them) and of
``load_registry`` (the whole roster, warm parse cache). Cold start: ``coord route`` in fresh
processes (median CPU and wall time, warm caches), the trees taken in turn.

Run from the repository root: ``python bench/bench_plugins62.py [--baseline DIR]`` (DIR: a
tree of the code before plugins were read, timed first). Prints a Markdown table.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._results import help_asked  # noqa: E402
from bench._trees import time_process, trees  # noqa: E402

RUNS = 11
PLUGINS = ROOT.parent / "shared" / "corpus" / "wshobson__agents" / "plugins"
MARKET = "claude-code-workflows"
REQUEST = "design the graphql schema for the orders api"


def home(base: Path, label: str, enabled: list[str] | None) -> Path:
    """A home folder: no settings (``enabled`` None), or these corpus plugins installed in
    the plugin cache, recorded in installed_plugins.json and enabled in settings.json."""
    folder = base / label
    claude = folder / ".claude"
    claude.mkdir(parents=True)
    if enabled is None:
        return folder
    record: dict[str, list[dict[str, str]]] = {}
    for name in enabled:
        root = claude / "plugins" / "cache" / MARKET / name / "1.0.0"
        shutil.copytree(PLUGINS / name, root)
        record[f"{name}@{MARKET}"] = [{"scope": "user", "installPath": str(root)}]
    (claude / "plugins").mkdir(exist_ok=True)
    installed = {"version": 2, "plugins": record}
    (claude / "plugins" / "installed_plugins.json").write_text(json.dumps(installed))
    settings = {"model": "sonnet", "enabledPlugins": {pid: True for pid in record}}
    if not enabled:
        del settings["enabledPlugins"]
    (claude / "settings.json").write_text(json.dumps(settings))
    return folder


def user_home(base: Path, names: list[str]) -> Path:
    """A home folder holding the same plugins' agent files in ``~/.claude/agents`` (one
    sub-folder each), no plugin: the reference for the same roster without plugins."""
    folder = base / "user"
    for name in names:
        shutil.copytree(PLUGINS / name / "agents", folder / ".claude" / "agents" / name)
    return folder


def main() -> None:
    help_asked(__doc__)
    found = trees()
    base = Path(tempfile.mkdtemp(prefix="plugins62-bench-"))
    cwd = base / "cwd"
    cwd.mkdir()
    everything = sorted(p.name for p in PLUGINS.iterdir() if (p / "agents").is_dir())
    homes = {
        "no settings.json": home(base, "none", None),
        "settings.json, no plugin": home(base, "zero", []),
        "1 plugin (backend-development, 8 agents)": home(base, "one", ["backend-development"]),
        f"{len(everything)} plugins (wshobson/agents)": home(base, "all", everything),
        "the same agents in ~/.claude/agents (reference)": user_home(base, everything),
    }
    print("| home | agents | enabled_plugins ms | load_registry ms |")
    print("|---|---:|---:|---:|")
    for label, folder in homes.items():
        print(in_process(label, folder, cwd))
    argv = ["-m", "coordinator", "route", REQUEST]
    print("\n| home | " + " | ".join(f"{t} cpu ms | {t} wall ms" for t in found) + " |")
    print("|---|" + "---:|---:|" * len(found))
    for label, folder in homes.items():
        cells = []
        for tree in found.values():
            env = {"HOME": str(folder), "PYTHONPATH": str(tree), "XDG_CACHE_HOME": str(folder)}
            time_process(argv, cwd, 1, env)  # warm the caches
            t = time_process(argv, cwd, RUNS, env)
            cells.append(f"{t.cpu_ms:.0f} | {t.wall_ms:.0f}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    shutil.rmtree(base, ignore_errors=True)


def in_process(label: str, folder: Path, cwd: Path) -> str:
    """The table row of the median in-process times for the home ``folder``."""
    import os

    from coordinator.roster.loader import load_registry
    from coordinator.roster.plugins import enabled_plugins

    os.environ.update(HOME=str(folder), XDG_CACHE_HOME=str(folder))
    os.environ.pop("CLAUDE_CONFIG_DIR", None)
    finding, loading = [], []
    agents = len(load_registry(cwd=cwd))  # (warms the parse cache)
    for _ in range(RUNS):
        start = time.perf_counter()
        enabled_plugins(cwd)
        finding.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        load_registry(cwd=cwd)
        loading.append((time.perf_counter() - start) * 1000)
    return (
        f"| {label} | {agents} | {statistics.median(finding):.2f} | "
        f"{statistics.median(loading):.1f} |"
    )


if __name__ == "__main__":
    main()
