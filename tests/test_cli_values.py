"""Command-line values and settings without pydantic on the start path: plain values arrive
converted as typer would convert them, bad ones get typer's own message (one that is no number:
in a user's words), and settings given by a file or flag are still checked."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Annotated

import pytest
import typer
import typer.main
from cli import coord
from typer._click.exceptions import UsageError

from coordinator.cli.app import COMMANDS, CoordGroup, _in_our_words
from coordinator.cli.coerce import PlainParam, use_plain_coercion
from coordinator.config import InvalidSetting, Price, Settings, validated


def probe_app() -> typer.Typer:
    """One command taking every plain kind of value, echoing what it received."""
    app = typer.Typer()

    @app.command()
    def probe(
        name: Annotated[str, typer.Argument()],
        count: Annotated[int, typer.Option(min=1, max=9)] = 3,
        ratio: Annotated[float, typer.Option()] = 0.5,
        where: Annotated[Path | None, typer.Option()] = None,
        dirs: Annotated[list[Path] | None, typer.Option("--dir")] = None,
        tags: Annotated[list[str] | None, typer.Option("--tag")] = None,
        flag: Annotated[bool, typer.Option("--flag")] = False,
    ) -> None:
        values = [name, count, ratio, where, dirs, tags, flag]
        typer.echo(repr([(type(v).__name__, v) for v in values]))

    return app


def run_probe(args: list[str], *, plain: bool) -> str:
    """What the probe printed, or ``error: <message>`` for a value it refused, said as
    ``coord`` says it (daily70: ``--count: …``, not click's ``Invalid value for '--count'``)."""
    command = typer.main.get_command(probe_app())
    if plain:
        use_plain_coercion(command)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            command.main(args, prog_name="probe", standalone_mode=False)
    except UsageError as exc:
        return f"error: {_in_our_words(exc)}"
    return out.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["n", "--count", "7", "--ratio", "2", "--where", "a/b", "--dir", "x", "--dir", "y"],
        ["n", "--tag", "t1", "--tag", "t2", "--flag", "--ratio", "-.25", "--count", "+4"],
        ["n"],
    ],
    ids=["paths and numbers", "lists and flags", "defaults"],
)
def test_plain_values_arrive_as_typer_converts_them(args: list[str]) -> None:
    plain = run_probe(args, plain=True)
    assert plain == run_probe(args, plain=False)
    assert plain.startswith("[('str', 'n'), ('int', ")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["n", "--count", "12"], "must be at most 9 (got 12)"),
        (["n", "--count", "0"], "must be at least 1 (got 0)"),
    ],
    ids=["above", "below"],
)
def test_a_value_out_of_range_is_said_in_words(args: list[str], said: str) -> None:
    """daily40: not pydantic's "Input should be less than or equal to 9", which typer's own
    converter says (it was left to it)."""
    assert run_probe(args, plain=True) == f"error: --count: {said}"
    assert "Input should be" in run_probe(args, plain=False)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["n", "--count", "abc"], "'abc' is not a whole number"),
        (["n", "--count", "1e3"], "'1e3' is not a whole number"),
        (["n", "--ratio", "x"], "'x' is not a number"),
    ],
    ids=["not a number", "exponent", "bad float"],
)
def test_a_value_that_is_no_number_is_said_in_words(args: list[str], said: str) -> None:
    """daily30: not pydantic's "Input should be a valid integer, unable to parse string as
    an integer", which typer's own converter says."""
    assert run_probe(args, plain=True) == f"error: --{args[1][2:]}: {said}"
    assert "Input should be" in run_probe(args, plain=False)


def test_every_plain_option_of_coord_gets_the_plain_converter() -> None:
    """The commands a user runs most convert their values without a TypeAdapter."""
    root = CoordGroup(name="coord")
    for name in ("route", "sessions", "log", "stats"):
        command = root.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None
        kinds = {type(p._runtime_param) for p in command.params}  # type: ignore[attr-defined]
        assert kinds == {PlainParam}, f"coord {name}: {kinds}"


def test_commands_load_on_demand_and_every_listed_command_exists() -> None:
    root = CoordGroup(name="coord")
    assert root.commands == {}
    assert root.get_command(None, "log") is not None  # type: ignore[arg-type]
    assert set(root.commands) == {"log", "sessions"}  # one module: sessions_cmd
    for name in COMMANDS:
        assert root.get_command(None, name) is not None, name  # type: ignore[arg-type]
    assert set(root.commands) == set(COMMANDS), "a module registers a command help omits"
    assert root.list_commands(None) == list(COMMANDS)  # type: ignore[arg-type]


def test_a_bad_value_on_coord_is_one_message_with_exit_code_4(tmp_path: Path) -> None:
    ran = coord("sessions", "--limit", "many", "--workspace", tmp_path)
    assert ran.returncode == 4
    assert "--limit: 'many' is not a whole number" in ran.stderr and "Traceback" not in ran.stderr


def test_settings_with_nothing_given_are_the_defaults() -> None:
    assert validated({}) == Settings()


def test_given_settings_are_converted_and_checked() -> None:
    settings = validated(
        {
            "db": "sessions.db",
            "agents_dirs": ["team"],
            "bash_timeout": 5,
            "prices": {"m": {"input": 1, "output": 2, "cache_write": 1, "cache_read": 0.1}},
        }
    )
    assert settings.db == Path("sessions.db") and settings.agents_dirs == [Path("team")]
    assert isinstance(settings.bash_timeout, float)
    assert settings.prices["m"] == Price(input=1, output=2, cache_write=1, cache_read=0.1)
    assert validated({"db": "postgresql://h/db"}).db == "postgresql://h/db"
    assert Settings(db="x.db").db == Path("x.db")  # built in code: a file too, as before


@pytest.mark.parametrize(
    ("data", "key", "reason"),
    [
        ({"concurrency": 0}, "concurrency", "must be at least 1 (got 0)"),
        ({"db_timeout": 0}, "db_timeout", "must be above 0 (got 0)"),
        ({"max_turns": "many"}, "max_turns", "must be a whole number (got 'many')"),  # tidy52
        ({"router": "magic"}, "router", "'lexical' or 'llm'"),
        ({"prices": {"m": {"input": 1}}}, "prices.m.output", "required"),
        (
            {"prices": {"m": {"input": 1, "output": 1, "cache_write": 1, "cache_read": 1, "x": 1}}},
            "prices.m.x",
            "Unexpected keyword",
        ),
    ],
)
def test_bad_settings_name_the_key(data: dict[str, object], key: str, reason: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        validated(data)
    assert caught.value.key == key and reason in caught.value.reason
