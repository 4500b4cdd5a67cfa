"""badinput108: the cells of the bad-input matrix (bench/badinput108.py, bench/RESULTS.md)
that failed on the start tree: a traceback, or a message naming the wrong reason or no
file. Each is checked where it is decided, and through ``coord`` (in process) where the
command's words are the point."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from cli import coord, coord_process

from coordinator.demo.demo import prepare_workspace
from coordinator.errors import UserError, nul_argument
from coordinator.roster.loader import check_agent_paths, load_registry
from coordinator.routing.evaluate import Case, evaluate

GOOD = "---\nname: good-agent\ndescription: Handles payments and invoices.\n---\nPayments.\n"
BROKEN = "---\nname: bad-agent\ndescription: x\ntools: [Read,\nmodel: sonnet\n---\nBody.\n"


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


# ---- a NUL byte in an argument: one error naming it, never ValueError's traceback --------


def test_nul_argument_names_its_place_and_option_not_its_value() -> None:
    said = nul_argument(["run", "x", "--db", "postgresql://u:pw\x00@h/d"])
    assert said is not None and "argument 4 (the value of --db) holds a NUL byte" in str(said)
    assert "pw" not in str(said)  # a URL's password is not echoed
    joined = nul_argument(["config", "--workspace=a\x00b"])
    assert joined is not None and "(the value of --workspace)" in str(joined)
    assert nul_argument(["route", "refund the payment"]) is None


@pytest.mark.parametrize(
    "args",
    [
        ["config", "-w", "a\x00b"],
        ["agents", "validate", "a\x00b"],
        ["agents", "eval", "a\x00b"],
        ["run", "refund it", "--config", "a\x00b"],
        ["run", "refund it", "--agents-dir", "a\x00b"],
        ["run", "refund it", "--script", "a\x00b"],
        ["demo", "-w", "a\x00b", "--offline"],
        ["mcp", "-w", "a\x00b"],
        ["route", "a\x00b", "--json"],
    ],
)
def test_a_nul_in_an_argument_is_one_error(tmp_path: Path, args: list[str]) -> None:
    """Each was `ValueError: embedded null byte` with its traceback (exit 1) on the start
    tree, from the first stat of the path; a request was cut at the NUL."""
    done = coord(*args, cwd=tmp_path)
    assert done.returncode == 4, done.stderr
    assert done.stderr.startswith("error: argument "), done.stderr
    assert "holds a NUL byte" in done.stderr
    assert "Traceback" not in done.stderr
    assert not any(p.name.startswith("a") for p in tmp_path.iterdir())  # nothing made


# ---- `coord demo -w` a path that is not UTF-8 --------------------------------------------


def test_demo_refuses_a_workspace_path_that_is_not_utf8_before_copying(tmp_path: Path) -> None:
    """The copy was made, then the store's ownership note failed to encode the path:
    UnicodeEncodeError with its traceback, and the half-made demo folder left behind.
    `coord run -w` in such a folder already said it (store.paths.storable)."""
    target = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9"))
    with pytest.raises(UserError, match=r"caf\\xe9: its path is not UTF-8"):
        prepare_workspace(target)
    assert list(tmp_path.iterdir()) == []
    done = coord("demo", "-w", target, "--offline", cwd=tmp_path)
    assert done.returncode == 4
    assert done.stderr.startswith("error: --workspace ") and "not UTF-8" in done.stderr
    assert [p for p in tmp_path.iterdir() if p.name != "cache"] == []


# ---- --agents-dir a link loop: says the loop, not "No such file or directory" -----------


def test_an_agents_dir_link_loop_is_named_as_one(tmp_path: Path) -> None:
    os.symlink("loop2", tmp_path / "loop1")
    os.symlink("loop1", tmp_path / "loop2")
    with pytest.raises(UserError, match="Too many levels of symbolic links") as caught:
        check_agent_paths([tmp_path / "loop1"], "--agents-dir")
    assert "No such file" not in str(caught.value)
    done = coord("route", "refund it", "--agents-dir", tmp_path / "loop1", cwd=tmp_path)
    assert done.returncode == 4
    assert "loop1: Too many levels of symbolic links" in done.stderr.splitlines()[0]
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="is not a folder of agent files nor an agent file"):
        check_agent_paths([tmp_path / "notes.txt"], "--agents-dir")


# ---- `agents eval`: a case expecting an agent whose file was skipped ---------------------


def test_eval_says_the_expected_agents_file_was_skipped(tmp_path: Path) -> None:
    """Was "expected agent not in the roster: bad-agent; did you mean good-agent?", a typo's
    words for a file that is there but broken, and no word of the skipped file at all."""
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "good-agent.md").write_text(GOOD, encoding="utf-8")
    (folder / "bad-agent.md").write_text(BROKEN, encoding="utf-8")
    registry = load_registry([folder], only=True)
    result = evaluate([Case(request="refund the payment", expect=["bad-agent"])], registry)
    assert result.warnings[0].startswith("1 agent file skipped (coord agents validate ")
    said = result.warnings[1]
    assert said.startswith("expected agent not in the roster: bad-agent: its file ")
    assert "bad-agent.md was skipped (" in said and "bad-agent.md:4: 'tools'" in said
    assert "did you mean" not in said


def test_agents_eval_warns_of_a_skipped_file(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "good-agent.md").write_text(GOOD, encoding="utf-8")
    (folder / "bad-agent.md").write_text(BROKEN, encoding="utf-8")
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {request: refund the payment, expect: good-agent}\n", encoding="utf-8")
    done = coord("agents", "eval", cases, "--agents-dir", folder, "--only", cwd=tmp_path)
    assert done.returncode == 0
    assert "warning: 1 agent file skipped (coord agents validate " in done.stdout + done.stderr


# ---- files this user may not read (root drops its DAC override for the process) -----------


def _as_plain_user(*args: str | Path, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """``coord ARGS`` in a new process that file modes bind: as root, without the
    capabilities that override them (setpriv), as any other user, as it is."""
    program: tuple[str, ...] = (sys.executable, "-m", "coordinator")
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("needs setpriv to drop root's override of file modes")
        program = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search", *program)
    done = coord_process(*args, cwd=cwd, env=env, program=program, fresh=True)
    return done.returncode, done.stderr


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A workspace holding one waiting session, and the environment its commands use."""
    ws = tmp_path / "ws"
    (ws / ".claude" / "agents").mkdir(parents=True)
    (ws / ".claude" / "agents" / "good-agent.md").write_text(GOOD, encoding="utf-8")
    script = tmp_path / "script.yaml"
    script.write_text(
        "agents:\n  good-agent:\n    - text: |\n        Which currency?\n\n"
        "        **Status:** Blocked\n        **Domain:** Product\n        **Blocker:** b\n"
        "        **Required:** r\n",
        encoding="utf-8",
    )
    env = {
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    done = coord("run", "refund the payment", "--script", script, cwd=ws, env=env)
    assert done.returncode == 3, done.stderr
    return ws, env


def test_an_unsearchable_coordinator_folder_is_named_not_a_traceback(
    seeded: tuple[Path, dict[str, str]],
) -> None:
    """Path.is_file() raised PermissionError on .coordinator/config.yaml: every command in
    the workspace (run, log, sessions, config) ended in a traceback."""
    ws, env = seeded
    folder = ws / ".coordinator"
    folder.chmod(0o600)  # readable, not searchable: its files cannot be looked at
    try:
        for args in (["sessions", "--here"], ["config"]):
            code, err = _as_plain_user(*args, cwd=ws, env=env)
            assert code == 4, err
            assert "Traceback" not in err
            assert err.startswith(f"error: cannot read config {folder}/config.yaml: Permission")
    finally:
        folder.chmod(0o755)
    assert coord("sessions", "--here", cwd=ws, env=env).stdout.count("waiting") == 1


def test_an_unreadable_database_is_not_called_read_only(
    seeded: tuple[Path, dict[str, str]],
) -> None:
    """Mode 000 was "is a read-only file" with "Make it writable": its reader was told
    nothing of the permission it lacked."""
    ws, env = seeded
    db = ws / ".coordinator" / "coordinator.db"
    db.chmod(0)
    try:
        for args in (["sessions", "--here"], ["log"], ["resume", "--context", "euro"]):
            code, err = _as_plain_user(*args, cwd=ws, env=env)
            assert code == 4, err
            first = err.splitlines()[0]
            assert first == f"error: cannot open session database {db}: permission denied " + (
                "(this user may not read it)"
            ), err
            assert "read-only" not in err
    finally:
        db.chmod(0o644)
    assert coord("sessions", "--here", cwd=ws, env=env).stdout.count("waiting") == 1


_FOLDER = "agent folder .claude/agents cannot be read (coord agents validate shows why)"
_FILE = ".claude/agents/good-agent.md"


@pytest.mark.parametrize(
    ("folder", "mode", "warned", "shown"),
    [
        (
            ".claude/agents",
            0o600,
            f"1 agent file skipped (coord agents validate {_FILE} shows why)",
            [
                f"its file {_FILE} was skipped",
                f"{_FILE}:1: cannot read the file: Permission denied; skipped",
            ],
        ),
        (
            ".claude",
            0o600,
            _FOLDER,
            [
                "the agent folder .claude/agents cannot be read",
                ".claude/agents: cannot read the folder: Permission denied",
            ],
        ),
        (
            ".claude/agents",
            0,
            _FOLDER,
            [
                "the agent folder .claude/agents cannot be read",
                ".claude/agents: cannot read the folder: Permission denied",
            ],
        ),
    ],
)
def test_an_agents_folder_that_cannot_be_read_is_named(
    seeded: tuple[Path, dict[str, str]], folder: str, mode: int, warned: str, shown: list[str]
) -> None:
    """A listable, unsearchable .claude/agents was a PermissionError traceback (its files'
    is_dir), then each file "left out: a command running in the workspace may have made
    it"; an unsearchable .claude a traceback in every command (config too); an
    unreadable folder's agents were gone in silence ("5 agents, all valid: 5 bundled")."""
    ws, env = seeded
    (ws / folder).chmod(mode)
    try:
        code, err = _as_plain_user("route", "refund the payment", cwd=ws, env=env)
        assert code == 4 and "Traceback" not in err  # (no agent left fits it)
        assert err.splitlines()[0] == f"warning: {warned}", err
        code, err = _as_plain_user("agents", "show", "good-agent", cwd=ws, env=env)
        assert code == 4
        assert err.splitlines()[:2] == [f"error: unknown agent: good-agent: {shown[0]}", shown[1]]
        code, err = _as_plain_user("agents", "validate", cwd=ws, env=env)
        assert code == 1 and "Traceback" not in err
        code, err = _as_plain_user("config", cwd=ws, env=env)
        assert code == 0 and "Traceback" not in err, err
    finally:
        (ws / folder).chmod(0o755)
    assert coord("agents", "validate", ws / ".claude" / "agents", cwd=ws, env=env).returncode == 0
