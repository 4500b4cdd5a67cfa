"""daily112: rough edges met in daily use, mended where they live (the core), met as a user
meets them (in-process ``coord`` on the real SDK against the loopback fake where a model is
called).

A 403/404's hint (what to fix before resuming, stored with the interruption since mend111)
is shown by ``coord sessions`` (under its table, ``--json``'s ``fix``), ``coord log --json``
(``fix``) and the one-line progress of a batch, whose item names the session it
interrupted as ``coord run --json`` does. SIGTERM while ``coord demo`` sets up (copying its
sample, loading its specialists, opening its store) stops it as Ctrl-C does: exit 143,
its temporary folder removed (it stayed behind: SIGTERM killed the process there).
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import pytest
import zygote
from cli import coord as run_coord
from fake_messages_server import FakeMessagesServer, error
from test_provider108_api import KEY, NOPE_AGENT, workspace

#: What a 404 for nope-expert's own ``model:`` says to fix (the file and line).
FIX = "nope-expert's model comes from `model: claude-nope-9` in {agents}/nope-expert.md:4"
NOT_FOUND = "the API found no such model (404 not_found_error: model: claude-nope-9)"


def _nope_workspace(tmp_path: Path) -> tuple[Path, Path]:
    ws = workspace(tmp_path)
    agents = ws / ".claude" / "agents"
    agents.mkdir(parents=True)
    (agents / "nope-expert.md").write_text(NOPE_AGENT)
    return ws, agents


def _batch(tmp_path: Path, ws: Path, *flags: str) -> tuple[int, str, str]:
    (tmp_path / "b.yaml").write_text("- request: Fix nope\n  agent: nope-expert\n")
    with FakeMessagesServer(strict=True) as server:
        server.reply(error(404, "not_found_error", "model: claude-nope-9"))
        ran = run_coord(
            "run", "--batch", tmp_path / "b.yaml", "--base-url", server.base_url, "-w", ws,
            *flags, env={"ANTHROPIC_API_KEY": KEY, "COLUMNS": "400"},
        )  # fmt: skip
    return ran.returncode, ran.stdout, ran.stderr


def test_a_404s_fix_is_shown_by_sessions_and_log_json(tmp_path: Path) -> None:
    """``coord sessions`` listed the interrupted session with no word of what to fix (only
    ``coord log`` showed it): now a line under the table says it, and ``--json`` of both
    ``sessions`` and ``log`` has it as ``fix``."""
    ws, agents = _nope_workspace(tmp_path)
    code, out, _ = _batch(tmp_path, ws, "--json")
    assert code == 4, out
    session = json.loads(out)["items"][0]["session"]
    fix = FIX.format(agents=agents)
    listed = run_coord("sessions", "-w", ws, "--here", env={"COLUMNS": "400"})
    assert listed.returncode == 0, listed.stderr
    (said,) = [line for line in listed.stderr.splitlines() if line.startswith(session)]
    assert said.startswith(f"{session} was interrupted: {NOT_FOUND}. To fix: {fix}"), said
    (row,) = json.loads(run_coord("sessions", "-w", ws, "--here", "--json").stdout)
    assert row["fix"].startswith(fix) and row["reason"] == NOT_FOUND
    logged = json.loads(run_coord("log", session, "-w", ws, "--json").stdout)
    assert logged["fix"] == row["fix"]


def test_a_batch_item_a_404_interrupted_names_its_session_and_fix(tmp_path: Path) -> None:
    """A batch item a 404 stopped was ``user error`` with no session (its JSON ``session``
    null, ``coord run --json`` names it), its progress line and table said nothing of what
    to fix: now the item is the interrupted session, its line and the table's next steps
    say the fix and the resume."""
    ws, agents = _nope_workspace(tmp_path)
    code, out, err = _batch(tmp_path, ws)
    fix = FIX.format(agents=agents)
    assert code == 4, out + err
    (line,) = [x for x in err.splitlines() if "] interrupted" in x]
    assert line.endswith(f"interrupted: {NOT_FOUND}. To fix: {fix}: fix it there (or give"
                         " --model, which every run then calls)"), line  # fmt: skip
    row = out.splitlines()[1].split()
    session = row[1]
    assert row[:3] == ["1", session, "interrupted"] and len(session) == 12, out
    assert f"#1 {fix}" in out and f"   Once that is fixed, `coord resume {session}`" in out
    code, out, _ = _batch(tmp_path, ws, "--json")
    (item,) = json.loads(out)["items"]
    assert item["status"] == "interrupted" and item["exit_code"] == 4
    assert len(item["session"]) == 12 and fix in item["hint"]


#: A ``coord demo`` process that sends itself SIGTERM as its setup reaches ``argv[2]`` (a
#: module and a function of it, called from there), its temporary folders in ``argv[1]``.
_TERM_AT = """
import importlib, os, signal, sys, tempfile
tempfile.tempdir = sys.argv[1]
module, name = sys.argv[2].rsplit(".", 1)
where = importlib.import_module(module)
real = getattr(where, name)
def terminated_here(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGTERM)
    return real(*args, **kwargs)
setattr(where, name, terminated_here)
from coordinator.cli.app import main
sys.argv = ["coord", "demo", "--offline"]
main()
"""


@pytest.mark.parametrize(
    "at",
    [
        "shutil.copy2",
        "coordinator.demo.demo.demo_registry",
        "coordinator.runtime.drive.open_drive_store",
    ],
    ids=["copying", "loading-agents", "opening-store"],
)  # fmt: skip
def test_sigterm_while_the_demo_sets_up_leaves_no_folder(tmp_path: Path, at: str) -> None:
    """SIGTERM (``timeout``, CI) before the demo's session started killed the process with
    its temporary sample project in the temporary directory: only the drive took SIGTERM
    as Ctrl-C. Now its setup does too: the folder is removed, exit 143, one line said."""
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    ran = zygote.run(
        [sys.executable, "-c", _TERM_AT, str(temp), at],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)},
    )  # fmt: skip
    assert ran.returncode == 128 + signal.SIGTERM, (ran.returncode, ran.stderr)
    assert "terminated (SIGTERM)" in ran.stderr and "Traceback" not in ran.stderr
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["route", "--json", "a\x00b"], "argument 3 (the request)"),
        (["log", "-f", "a\x00b"], "argument 3 (the session)"),  # log's -f is a flag
        (["run", "-f", "a\x00b"], "argument 3 (the value of -f)"),  # run's -f takes FILE (guard)
        (["sessions", "rm", "--here", "a\x00b"], "argument 4 (the ids)"),
        (["run", "--db=x.db", "--json", "--", "-a\x00"], "argument 5 (the request)"),
    ],
)
def test_a_nul_names_the_argument_not_a_flag_before_it(args: list[str], said: str) -> None:
    """``coord route --json 'a\\0b'`` named "the value of --json": any option before the
    argument was taken to take a value. The command's own options say which take none;
    an argument is named as the command calls it."""
    ran = run_coord(*args)
    assert ran.returncode == 4
    assert f"error: {said} holds a NUL byte (U+0000)" in ran.stderr, ran.stderr


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[1]", ".claude/settings.json:1: error: settings must be a JSON object"),
        ('{\n"hooks": }', ".claude/settings.json:2: error: invalid JSON: Expecting value"),
    ],
)
def test_agents_validate_fails_on_settings_a_run_refuses(
    tmp_path: Path, text: str, said: str
) -> None:
    """``coord run`` refuses to start with a project settings file that is not a JSON
    object (its hooks, deny rules must not be gone without); ``coord agents validate``
    said all was valid, exit 0. Now it is an error there too: exit 1, file and line."""
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text(text)
    ran = run_coord("agents", "validate", cwd=tmp_path)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert f"{said}; `coord run` refuses to start until it is fixed" in ran.stdout + ran.stderr
    listed = json.loads(run_coord("agents", "validate", "--json", cwd=tmp_path).stdout)
    assert (listed["error_count"], listed["exit_code"]) == (1, 1)
    script = tmp_path / "s.yaml"
    script.write_text(
        "agents:\n  llm-ml-engineer:\n    - text: 'Done.\\n\\n**Status:** Complete'\n"
    )
    run = run_coord("run", "x", "--agent", "llm-ml-engineer", "--script", script, cwd=tmp_path)
    assert run.returncode == 4 and "settings" in run.stderr, run.stderr  # as run refuses


def test_agents_validate_fails_on_a_mode_000_settings_file(tmp_path: Path) -> None:
    """Mode 000 (the file modes bind: a user, or root without its override): validate
    warned "cannot be read; plugins skipped" and exited 0, run refused it. One error now,
    in place of that warning."""
    from test_badinput108 import _as_plain_user

    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text("{}")
    settings.chmod(0)
    try:
        code, err = _as_plain_user("agents", "validate", "--json", cwd=tmp_path, env={})
    finally:
        settings.chmod(0o644)
    assert code == 1, err


@pytest.mark.parametrize(
    "args",
    [("sessions",), ("sessions", "--json"), ("stats",), ("sessions", "rm", "--older-than", "1d")],
)
def test_a_named_workspace_nothing_ran_in_lists_none(tmp_path: Path, args: tuple[str, ...]) -> None:
    """``coord sessions --here`` in a fresh project says "no sessions", exit 0; the same
    workspace named with ``-w`` was "error: no session database at …", exit 4: a CI step
    listing its workspace before any run failed. Now both list none (a ``--db`` file named
    that does not exist stays an error: a typo; guard in test_walk14 for a missing DIR)."""
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    ran = run_coord(*args, "-w", fresh, cwd=tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "error" not in ran.stderr
    if "--json" in args:
        assert json.loads(ran.stdout) == []
    assert not (fresh / ".coordinator").exists()  # nothing made by looking
    missing = run_coord("sessions", "--db", fresh / "typo.db", cwd=tmp_path)
    assert missing.returncode == 4 and "no session database at" in missing.stderr
