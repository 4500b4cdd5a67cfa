"""``coord``'s help and usage errors print exactly what they printed before the start-up work
(``data/startup4-help.json``, written by ``data/make_startup4_help.py`` on b92901a), while
help lists commands from their registration and typer's help imports neither markdown nor
tracebacks (``coordinator/cli/lazyrich.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import zygote
from cli import coord

DATA = Path(__file__).resolve().parent / "data" / "startup4-help.json"
CASES: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))
#: What typer's help imported at module level and coord's help never used.
UNUSED = ("rich.markdown", "markdown_it", "rich.traceback", "rich.syntax", "pygments", "attr")
#: What help never needed either (the JSON output of the commands imports json).
ALSO_UNUSED = ("json",)


def case_id(case: dict[str, Any]) -> str:
    colour = " colour" if case["color"] else ""
    return f"coord {' '.join(case['args'])} @{case['width']}{colour}"


def forked(case: dict[str, Any]) -> bool:
    """Cases run in a forked process: colour and widths other than 80 are read by typer's
    help module when it is imported, once per process (in process, another test may have)."""
    return bool(case["color"]) or case["width"] != 80


@pytest.mark.parametrize("case", [c for c in CASES if not forked(c)], ids=case_id)
def test_help_and_usage_errors_are_unchanged(case: dict[str, Any]) -> None:
    width = str(case["width"])
    ran = coord(*case["args"], env={"COLUMNS": width, "TERMINAL_WIDTH": width})
    assert (ran.returncode, ran.stdout, ran.stderr) == (
        case["code"],
        case["stdout"],
        case["stderr"],
    )


@pytest.mark.parametrize("case", [c for c in CASES if forked(c)], ids=case_id)
def test_coloured_and_wide_help_is_unchanged(case: dict[str, Any]) -> None:
    """Rich's styles and other widths too: a process forked by the light zygote (which has
    not imported typer's help module, so it reads FORCE_COLOR and the width afresh)."""
    width = str(case["width"])
    colour = {"FORCE_COLOR": "1"} if case["color"] else {}
    env = {**colour, "COLUMNS": width, "TERMINAL_WIDTH": width, "TERM": "xterm-256color"}
    proc = zygote.run(
        [sys.executable, "-c", AS_COORD, *case["args"]],
        env={**_environ(), **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        light=True,
    )
    assert (proc.returncode, proc.stdout) == (case["code"], case["stdout"])


#: The console script's program name ("coord" in the usage line), in a forkable ``python -c``.
AS_COORD = "import sys; sys.argv[0] = 'coord'; from coordinator.cli.app import main; main()"


def _environ() -> dict[str, str]:
    import os

    return {
        k: v
        for k, v in os.environ.items()
        if k not in {"NO_COLOR", "FORCE_COLOR", "_TYPER_FORCE_DISABLE_TERMINAL"}
    }


#: ``coord ARGS`` in a forked process that imports nothing itself (cli.coord_probe's
#: probe uses json): the modules it holds at exit go to stderr after a marker line.
BARE_PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('MODULES', *sorted(sys.modules), file=sys.stderr))\n"
    "sys.argv = ['coord', *sys.argv[1:]]\n"
    "from coordinator.__main__ import main\n"
    "main()\n"
)


def bare_probe(*args: str) -> tuple[int, set[str]]:
    proc = zygote.run(
        [sys.executable, "-c", BARE_PROBE, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        light=True,
    )
    return proc.returncode, set(proc.stderr.rsplit("MODULES", 1)[-1].split())


@pytest.mark.parametrize(
    "args",
    [["--help"], ["route", "--help"], ["rout"], ["route", "Створи endpoint для задач"]],
    ids=lambda a: " ".join(a)[:20],
)
def test_help_and_route_import_no_markdown_traceback_or_json(args: list[str]) -> None:
    """Help and usage errors import neither markdown nor tracebacks; nor JSON, which only
    ``--json`` output needs (a route decision shown as a table included)."""
    code, modules = bare_probe(*args)
    assert code in (0, 4)
    # help is typer's (a usage error, one line since daily62, needs none of it)
    needed = {"typer.rich_utils"} if "--help" in args else set()
    assert needed <= modules  # the probe did reach typer's help
    unused = UNUSED + ALSO_UNUSED
    found = sorted(m for m in modules if m.split(".")[0] in unused or m in unused)
    assert found == [], f"coord {' '.join(args)} imported {found}"


def test_root_help_builds_no_command() -> None:
    """The command list comes from each module's registration: no command module's
    parameters are built, so no command (not even a light one) is loaded for it."""
    import typer.main

    from coordinator.cli.app import CoordGroup, app

    group = typer.main.get_command(app)
    assert isinstance(group, CoordGroup)
    ran = coord("--help", env={"COLUMNS": "80"})
    assert ran.returncode == 0 and "route" in ran.stdout
    # a fresh group (as each `coord` builds) lists every command without keeping any
    fresh = typer.main.get_command(app)
    with fresh.make_context("coord", [], resilient_parsing=True) as ctx:
        fresh.get_help(ctx)
    assert fresh.commands == {}
    # and a command looked up afterwards is the real one, with its parameters
    route = fresh.get_command(ctx, "route")
    assert route is not None and [p.name for p in route.params][:2] == ["request", "file"]


STAND_IN_CHECK = """
import sys
import coordinator.cli.app
import typer.rich_utils as ru
assert "rich.markdown" not in sys.modules and "rich.traceback" not in sys.modules
assert not [f for f in sys.meta_path if "lazyrich" in type(f).__module__]  # used once
# a stand-in builds the real thing on first use; later imports get the real modules
text = ru._make_rich_text(text="# Title *x*", markup_mode="markdown")
from rich.markdown import Markdown
assert type(text) is Markdown, type(text)
from rich.console import Console
shown = []
for renderable in (text, Markdown("# Title *x*")):
    console = Console(width=40, force_terminal=True, record=True)
    console.print(renderable)
    shown.append(console.export_text(styles=True))
assert shown[0] == shown[1], shown
try:
    raise ValueError("boom")
except ValueError as exc:
    from rich.traceback import Traceback
    shown = ru.get_traceback(exc, ru.DeveloperExceptionConfig(), [])
    assert type(shown) is Traceback and ru.Traceback.__name__ == "Traceback"
print(sys.modules["rich.markdown"].__file__)
"""


def test_stand_ins_become_the_real_classes() -> None:
    """A markdown help text (not coord's, but typer's mode) and typer's pretty traceback
    still work: each stand-in builds an instance of the real class."""
    proc = zygote.run(
        [sys.executable, "-c", STAND_IN_CHECK],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        light=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("rich/markdown.py")


def test_reference_data_is_complete() -> None:
    """Every command and subcommand has its reference help (a new command needs one)."""
    from test_cli_help import command_paths

    listed = {tuple(c["args"][:-1]) for c in CASES if c["args"][-1:] == ["--help"]}
    assert {tuple(p) for p in command_paths()} <= listed
