"""A one-shot ``coord`` process collects garbage at a slower pace (its start-up objects live
until it exits); a long-running command gets Python's default pace back before it starts."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest
import typer.main
import zygote

from coordinator.cli.app import COMMANDS, LONG_RUNNING, CoordGroup, app
from coordinator.gcpace import COLLECTIONS, OneShotCollections


@pytest.fixture
def default_pace() -> Iterator[tuple[int, int, int]]:
    """This process's thresholds, put back after the test whatever it did."""
    before = gc.get_threshold()
    yield before
    COLLECTIONS.restore()
    gc.set_threshold(*before)


def test_start_raises_the_youngest_threshold_once_and_restore_undoes_it(
    default_pace: tuple[int, int, int],
) -> None:
    pace = OneShotCollections()
    pace.start()
    raised = gc.get_threshold()
    assert raised == (max(default_pace[0], pace.THRESHOLD), *default_pace[1:])
    pace.start()  # a second start keeps what the first one saved
    pace.restore()
    assert gc.get_threshold() == default_pace
    pace.restore()
    assert gc.get_threshold() == default_pace


@pytest.mark.parametrize("module", sorted(set(COMMANDS.values())))
def test_long_running_commands_restore_the_default_pace(
    module: str, default_pace: tuple[int, int, int]
) -> None:
    COLLECTIONS.start()
    raised = gc.get_threshold()
    assert raised != default_pace
    group = typer.main.get_command(app)
    assert isinstance(group, CoordGroup)
    group._load(module)
    assert gc.get_threshold() == (default_pace if module in LONG_RUNNING else raised)


@pytest.mark.parametrize(
    ("args", "raised"),
    [(["route", "Створи endpoint для задач"], True), (["run", "--help"], False)],
    ids=["route", "run"],
)
def test_a_coord_process_paces_the_collector(args: list[str], raised: bool) -> None:
    """In a real ``coord`` process (``coordinator.__main__``, what the script runs): route
    keeps the slower pace to the end, ``run`` is back to the default before it starts."""
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('threshold', gc.get_threshold()[0], file=sys.stderr))\n"
        f"sys.argv = ['coord', *{args!r}]\n"
        "from coordinator.__main__ import main\n"
        "main()\n"
    )
    proc = zygote.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        light=True,
    )
    assert proc.returncode == 0, proc.stderr
    shown = int(proc.stderr.rsplit("threshold", 1)[1])
    assert (shown >= OneShotCollections.THRESHOLD) is raised, proc.stderr
