"""The CLI's start path stays light: no Anthropic SDK, no HTTP stack, on the commands that
must answer instantly. Checked in a fresh subprocess, the way a user runs them."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

import pytest
from cli import coord, coord_probe, coord_process, zygote_modules

#: One worker runs this module, so each command is probed once per run (``_probe``'s cache):
#: the light-commands and skip checks share four probes.
pytestmark = pytest.mark.xdist_group("cli-start")

HEAVY = (
    "anthropic",
    "httpx2",
    "httpx",
    "jiter",
    "mcp",
    "psycopg",
    "psycopg_pool",
    "procrastinate",
    "opentelemetry",
    "coordinator.runtime.engine",
    "coordinator.providers.anthropic",
)


def loaded_modules(args: list[str], *also: str) -> frozenset[str]:
    """Run ``coord ARGS`` in a fresh interpreter (after importing ``also``); it must
    succeed; return sys.modules. Each command is probed once per test process."""
    return _probe(tuple(args), also)


@cache
def _probe(args: tuple[str, ...], also: tuple[str, ...]) -> frozenset[str]:
    probe = coord_probe(*args, preload=also)
    assert probe.returncode == 0, f"coord {' '.join(args)} failed: {probe.stderr[-2000:]}"
    return probe.modules


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A workspace holding one finished session (the offline demo, run in process: only
    the probes below need a fresh interpreter)."""
    ws = tmp_path_factory.mktemp("demo") / "ws"
    proc = coord("demo", "--workspace", ws, "--json")
    assert proc.returncode == 0, proc.stderr
    return ws, json.loads(proc.stdout)["session"]


EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "report-blocked.md")


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["parse", EXAMPLE],
        ["route", "Створи endpoint для задач"],
        ["agents", "list"],
        ["agents", "show", "database-engineer"],
        ["sessions"],
        ["log"],
        ["stats"],
        ["config"],
        ["agents", "validate"],
        ["run", "--help"],
    ],
    ids=lambda a: " ".join(a)[:30],
)
def test_light_commands_do_not_import_heavy_modules(
    args: list[str], demo_workspace: tuple[Path, str]
) -> None:
    ws, session = demo_workspace
    if args == ["sessions"]:
        args = ["sessions", "--workspace", str(ws)]
    if args == ["log"]:
        args = ["log", session, "--workspace", str(ws)]
    modules = loaded_modules(args)
    heavy = heavy_modules(modules)
    assert heavy == [], f"coord {' '.join(args)} imported {heavy}"
    if args[0] not in MAY_VALIDATE:
        unused = ["pydantic", "typer._adapters", *LAZY.get(args[0], ())]
        found = sorted(m for m in unused if m in modules)
        assert found == [], f"coord {' '.join(args)} imported {found}"


#: Commands that validate with pydantic: ``parse`` reads a report into its model, and
#: ``run`` (here ``run --help``) loads the runtime's options. The others never import it:
#: typer's TypeAdapters (``coordinator.cli.coerce``) and pydantic models stay off their path.
MAY_VALIDATE = {"parse", "run"}
#: What the reading commands leave alone besides: they build no event and read no YAML.
#: Nor do they load OpenSSL's hashes (the routing index's file name is a crc32; a session
#: lock's blake2b is imported when a lock is taken), nor, reading, the live view; a listing
#: shows no token counts (the provider interface's Usage, with ipaddress, waits for them).
#: A session's log reads its ``routed`` event as stored (only an older event's evidence is
#: shown through the router's tables: the demo's holds "owners" for "owner's").
LAZY = {
    "sessions": (
        "coordinator.events",
        "yaml",
        "coordinator.cli.run_cmd",
        "hashlib",
        "rich.live",
        "coordinator.providers.base",
    ),
    "log": (
        "coordinator.events",
        "yaml",
        "coordinator.cli.run_cmd",
        "hashlib",
        "rich.live",
        "coordinator.routing.shown",  # today's routed events hold their evidence shown
    ),
    "stats": ("coordinator.events", "yaml", "coordinator.cli.run_cmd"),
    "route": ("coordinator.cli.run_cmd", "coordinator.cli.agents_cmd", "hashlib"),
}


@pytest.mark.parametrize(
    "args",
    [["route", "Створи endpoint для задач"], ["agents", "list"], ["sessions"], ["log"], ["config"]],
    ids=lambda a: " ".join(a)[:30],
)
def test_light_commands_leave_socket_and_tempfile_alone(
    args: list[str], demo_workspace: tuple[Path, str]
) -> None:
    """badinput112: ``tempfile`` (with ``random``, ~2.5 ms) came with ``tools.ignored``,
    which ``tools.base`` imports for a type, and ``socket`` (~3 ms) with the tree's
    ``store.resumes``; each is needed only where a path is checked or a process recorded.
    In a fresh interpreter (the test zygote holds both, so its forks cannot tell), the
    caches written by a first run."""
    ws, session = demo_workspace
    if args[0] in ("sessions", "log"):
        args = [*args, *([session] if args[0] == "log" else []), "--workspace", str(ws)]
    coord_probe(*args, fresh=True)  # (a first route writes the roster's cache: tempfile)
    probe = coord_probe(*args, fresh=True)
    assert probe.returncode == 0, probe.stderr[-2000:]
    assert {"socket", "tempfile"} & probe.modules == set()


def heavy_modules(modules: frozenset[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


def test_probe_detects_a_heavy_import() -> None:
    """Guard against a probe that cannot fail: a heavy import in the process shows up.

    ``jiter`` (the SDK's JSON parser, listed in HEAVY) stands in for the SDK: it is caught
    by the same rule and imports in milliseconds, not the SDK's 1.5 s.
    """
    assert "jiter" in heavy_modules(loaded_modules(["--version"], "jiter"))


def test_probes_start_from_no_more_than_every_command_imports() -> None:
    """The probes are forked by the light zygote (cli.coord_probe): what it preloaded shows
    in every probe, so it must be what ``coord --version``, the lightest command, imports in a
    fresh interpreter anyway, or the standard library the zygote itself runs on (a check that
    a stdlib module stays unimported would need ``fresh=True``)."""
    fresh = coord_probe("--version", fresh=True)
    assert fresh.returncode == 0, fresh.stderr
    preloaded = zygote_modules(light=True)
    extra = [m for m in preloaded - fresh.modules if m.split(".")[0] not in sys.stdlib_module_names]
    assert sorted(extra) == []


def test_version_and_bad_flag_exit_codes() -> None:
    """The installed ``coord`` console script, exec'd as a user's shell does."""
    script = (str(Path(sys.executable).with_name("coord")),)
    ok = coord_process("--version", program=script, fresh=True)
    assert ok.returncode == 0 and ok.stdout.startswith("coord ")
    bad = coord_process("--bogus", program=script, fresh=True)
    assert bad.returncode == 4
    assert "--bogus" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["route", "Add an index on tasks.assignee_id"],  # a rich view
        ["route", "  "],  # a user error
    ],
    ids=["rich view", "user error"],
)
def test_in_process_runs_match_a_real_process(args: list[str], tmp_path: Path) -> None:
    """The other CLI tests run ``coord`` in process: it must show what a user would see."""
    real = coord_process(*args, cwd=tmp_path, fresh=True)
    here = coord(*args, cwd=tmp_path)
    assert (here.returncode, here.stdout, here.stderr) == (
        real.returncode,
        real.stdout,
        real.stderr,
    )


@pytest.mark.parametrize(
    ("args", "unused"),
    [
        (["--help"], ("protocols", "yaml")),
        (["--version"], ("rich", "protocols", "yaml")),
        (["route", "Створи endpoint для задач"], ("protocols.parse", "protocols.report")),
        (["agents", "list"], ("protocols.parse", "protocols.report")),
    ],
    ids=lambda a: " ".join(a)[:30] if isinstance(a, list) else "",
)
def test_commands_skip_what_they_do_not_use(args: list[str], unused: tuple[str, ...]) -> None:
    """Help loads no roster or report models; routing never loads the report parser."""
    modules = loaded_modules(args)
    found = sorted(m for m in modules if any(m == u or m.startswith(u + ".") for u in unused))
    assert found == [], f"coord {' '.join(args)} imported {found}"
