"""daily45: a new user's first hour on a clean checkout, with agents of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord
from kit import report, write_agent, write_script

from coordinator.config import DEFAULT_PRICES, Price
from coordinator.errors import EXIT_USER_ERROR
from coordinator.pricing import price_of


@pytest.mark.parametrize(
    ("model", "listed"),
    [
        ("claude-sonnet-4-20250514", "claude-sonnet-4"),
        ("claude-opus-4-1-20250805", "claude-opus-4"),
        ("claude-opus-4-1@20250805", "claude-opus-4"),
    ],
)
def test_a_dated_claude_4_model_has_its_own_price(model: str, listed: str) -> None:
    """136 of the 534 shared agent files name ``model: claude-sonnet-4-20250514``: it had no
    price, so each run said "no known price" and counted the highest price of the table."""
    assert price_of(model, DEFAULT_PRICES) == DEFAULT_PRICES[listed]


def test_a_dated_id_takes_its_longest_listed_prefix_whatever_the_order() -> None:
    """With ``claude-opus-4`` listed before ``claude-opus-4-5`` (a user's ``prices:`` table
    adds to the built-in one in its own order), Opus 4.5 took Opus 4's price, three times
    its own: the first prefix in the table won."""
    opus4 = Price(input=15.0, output=75.0, cache_write=18.75, cache_read=1.50)
    opus45 = Price(input=5.0, output=25.0, cache_write=6.25, cache_read=0.50)
    for table in ({"claude-opus-4": opus4, "claude-opus-4-5": opus45},
                  {"claude-opus-4-5": opus45, "claude-opus-4": opus4}):  # fmt: skip
        assert price_of("claude-opus-4-5-20251101", table) == opus45
        assert price_of("claude-opus-4-20250514", table) == opus4


def test_an_agent_on_claude_sonnet_4_runs_at_its_price_without_a_warning(
    tmp_path: Path,
) -> None:
    """An agent copied from a shared collection (``model: claude-sonnet-4-20250514``) ran
    with "model ... has no known price" on stderr and a cost counted at the highest price."""
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "docker-expert.md").write_text(
        "---\nname: docker-expert\ndescription: Dockerfiles and images.\n"
        "model: claude-sonnet-4-20250514\n---\nYou write Dockerfiles.\n",
        encoding="utf-8",
    )
    usage = {"input_tokens": 1_000_000, "output_tokens": 0}
    script = write_script(
        tmp_path / "s.yaml", {"docker-expert": [{"text": report("Complete"), "usage": usage}]}
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = coord(
        "run", "Write a Dockerfile", "--agents-dir", agents, "--only", "--script", script,
        "--workspace", ws, "--json",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "no known price" not in ran.stderr
    assert json.loads(ran.stdout)["cost_usd"] == pytest.approx(3.0)


def _examples(*command: str) -> list[list[str]]:
    """The example command lines of ``coord COMMAND --help``, as argument lists."""
    import shlex

    lines = coord(*command, "--help", env={"COLUMNS": "80"}).stdout.splitlines()
    start = [line.strip() for line in lines].index("Examples:")
    block = lines[start + 1 : start + 1 + [ln.strip() for ln in lines[start + 1 :]].index("")]
    return [shlex.split(line)[1:] for line in block]


def test_every_example_of_agents_new_runs_as_written(tmp_path: Path) -> None:
    """``coord agents new reviewer --domain Review --not-for SQL=database-engineer``, the
    help's second example, gave no trigger: outside a terminal it failed (exit 4, "give at
    least one trigger word"). Each example now writes its agent, and the file loads."""
    examples = _examples("agents", "new")
    assert len(examples) == 2
    for args in examples:
        made = coord(*args, cwd=tmp_path)
        assert made.returncode == 0, (args, made.stderr)
        name = args[2]
        shown = coord("agents", "show", name, "--json", cwd=tmp_path)
        assert shown.returncode == 0 and json.loads(shown.stdout)["name"] == name, shown.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("route", "Add login", "--explain"), "`coord route` explains its choice by itself"),
        (("route", "Add login", "-v"), "`coord route` explains its choice by itself"),
        (("run", "Add login", "--dry-run"), "`coord route REQUEST` shows which specialist"),
        (("run", "Add login", "--api-key", "k"), "export ANTHROPIC_API_KEY="),
        (("resume", "--api-key", "k"), "export ANTHROPIC_API_KEY="),
        (("route", "Add login", "-w", "."), "`coord route` reads the agents of the project"),
        (("agents", "list", "--workspace", "."), "`coord agents list` reads the agents of"),
    ],
)
def test_a_guessed_flag_is_told_what_does_that(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    """``coord route "..." --explain`` said only "No such option: --explain" (route explains
    by itself); ``coord run --api-key`` the same, with no word of the environment variable.
    The error says what to do instead, also as ``--json``'s hint; exit 4 as before."""
    said = coord(*args, cwd=tmp_path, env={"COLUMNS": "200"})
    assert said.returncode == EXIT_USER_ERROR
    flat = " ".join(said.stderr.replace("│", " ").split())
    assert f"No such option: {args[-2] if args[-1] in ('k', '.') else args[-1]}" in flat
    assert says in flat, said.stderr
    data = json.loads(coord(*args, "--json", cwd=tmp_path).stdout)
    assert says in data["hint"] and data["exit_code"] == EXIT_USER_ERROR


def test_every_guessed_flag_is_one_its_command_lacks() -> None:
    """A guess naming a flag the command has would never be said: each is refused by click."""
    from coordinator.guessed import _FLAGS

    for command, flags in _FLAGS.items():
        for flag in flags:
            said = coord(*command.split(), flag, "x", "--json")
            assert json.loads(said.stdout)["error"].startswith(f"No such option: {flag}"), (
                command,
                flag,
            )


def test_a_missing_file_names_the_near_one_beside_it(tmp_path: Path) -> None:
    """``--script offline.yml`` beside ``offline.yaml``, or ``--agents-dir ~/myagent`` beside
    ``~/myagents``, said only "Check the path": the user had to list the folder to see the
    slip. The hint names the near name; none comes close, it is as before."""
    (tmp_path / "offline.yaml").write_text("agents: {}\n", encoding="utf-8")
    (tmp_path / "myagents").mkdir()
    ran = coord("run", "hi", "--script", "offline.yml", "--json", cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert json.loads(ran.stdout)["hint"] == (
        f"Check the path (relative to {tmp_path.resolve()}): did you mean offline.yaml?"
    )
    listed = coord("agents", "list", "--agents-dir", tmp_path / "myagent", cwd=tmp_path)
    assert listed.returncode == EXIT_USER_ERROR
    assert f"Check the path: did you mean {tmp_path / 'myagents'}?" in listed.stderr
    far = coord("parse", "nothing-like-it.md", "--json", cwd=tmp_path)
    assert json.loads(far.stdout)["hint"] == f"Check the path (relative to {tmp_path.resolve()})."


def test_an_example_file_run_from_another_folder_names_the_repository_copy(
    tmp_path: Path,
) -> None:
    """``coord parse examples/report-blocked.md`` and ``coord agents eval
    examples/routing-cases.yaml``, the help's examples, run from a project's folder (not the
    clone) said only "Check the path". The hint names this install's copy, which runs."""
    import coordinator

    examples = Path(coordinator.__file__).resolve().parents[1] / "examples"
    said = coord("parse", "examples/report-blocked.md", "--json", cwd=tmp_path)
    assert said.returncode == EXIT_USER_ERROR
    copy = examples / "report-blocked.md"
    assert json.loads(said.stdout)["hint"].endswith(f": did you mean {copy}?")
    assert coord("parse", copy, cwd=tmp_path).returncode == 0
    cases = coord("agents", "eval", "examples/routing-cases.yaml", "--json", cwd=tmp_path)
    assert str(examples / "routing-cases.yaml") in json.loads(cases.stdout)["hint"]


def test_route_says_when_it_chose_a_bundled_agent_over_the_users_own(tmp_path: Path) -> None:
    """A user pointing ``coord route`` at a folder of their own agents saw
    ``→ database-engineer`` (an agent they never wrote: the bundled ones join every roster)
    and had to find out where it came from. A line on stderr says so, and how to keep only
    their folders; with ``--only``, or with no agents of their own, nothing is added.
    (own48: a request one of theirs fits goes to it; this one none of theirs fits.)"""
    mine = write_agent(tmp_path / "mine", "postgres-expert", "PostgreSQL queries.").parent
    request = "Add an index to the users table"
    routed = coord("route", request, "--agents-dir", mine, cwd=tmp_path, env={"COLUMNS": "300"})
    assert routed.returncode == 0 and "→ database-engineer" in routed.stdout
    assert (
        "note: database-engineer is one of coord's bundled specialists, not one of your agents"
        " (--only keeps just your --agents-dir folders;" in routed.stderr
    )
    only = coord("route", request, "--agents-dir", mine, "--only", cwd=tmp_path)
    assert "database-engineer" not in only.stdout and "note:" not in only.stderr
    bundled_alone = coord("route", request, cwd=tmp_path)
    assert "→ database-engineer" in bundled_alone.stdout and "note:" not in bundled_alone.stderr


def test_an_empty_roster_names_a_file_given_as_agents_dir_as_a_file(tmp_path: Path) -> None:
    """``--agents-dir README.md --only`` (a file with no frontmatter): the error named the
    file as a folder, ``searched: .../README.md/``."""
    readme = tmp_path / "README.md"
    readme.write_text("# My agents\n", encoding="utf-8")
    said = coord("route", "Add login", "--agents-dir", readme, "--only", "--json", cwd=tmp_path)
    assert said.returncode == EXIT_USER_ERROR
    assert json.loads(said.stdout)["error"].endswith("(searched: README.md)")


@pytest.mark.parametrize("relative", [False, True])
def test_problems_in_many_sub_folders_point_at_the_agents_dir_that_holds_them(
    tmp_path: Path, relative: bool
) -> None:
    """``coord agents list --agents-dir corpus`` (a collection of many sub-folders) said
    "`coord agents validate` shows why": a bare validate reads the roster without
    ``--agents-dir``, so it showed none of those problems. It names the folder given."""
    corpus = tmp_path / "corpus"
    for team in ("a", "b", "c", "d"):
        folder = corpus / team / "agents"
        folder.mkdir(parents=True)
        (folder / f"{team}-broken.md").write_text("no frontmatter\n", encoding="utf-8")
        (folder / f"{team}-ok.md").write_text(
            f"---\nname: {team}-ok\ndescription: Helps with {team}.\n---\nBody.\n",
            encoding="utf-8",
        )
    given = "corpus" if relative else str(corpus)
    listed = coord("agents", "list", "--agents-dir", given, cwd=tmp_path, env={"COLUMNS": "300"})
    assert listed.returncode == 0, listed.stderr
    command = "coord agents validate corpus"  # (a path below the working folder: relative)
    assert f"4 agent files skipped: `{command}` shows why" in listed.stdout
    shown = coord(*command.split()[1:], "--json", cwd=tmp_path)
    assert json.loads(shown.stdout)["error_count"] == 4


def test_run_says_when_it_routed_to_a_bundled_agent_over_the_users_own(tmp_path: Path) -> None:
    """``coord run`` routed the same request to the bundled ``database-engineer`` with only
    ``routed to database-engineer``: the note ``coord route`` gives is on stderr here too
    (own48: for a request none of the user's agents fits)."""
    mine = write_agent(tmp_path / "mine", "postgres-expert", "PostgreSQL queries.").parent
    script = write_script(
        tmp_path / "s.yaml", {"database-engineer": [{"text": report("Complete")}]}
    )
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = coord(
        "run", "Add an index to the users table", "--agents-dir", mine, "--script", script,
        "--workspace", ws, "--json", env={"COLUMNS": "300"},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["agent"] == "database-engineer"
    assert "note: database-engineer is one of coord's bundled specialists" in ran.stderr
