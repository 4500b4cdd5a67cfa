"""review128: what a review of badinput108 found, and what badinput108 left.

- ``nul_argument`` named ``--`` (the end of the options) as the option whose value held
  the NUL (``argument 4 (the value of --)``), and named no option for ``-wVALUE``.
- A request or answer holding NUL given through ``coord mcp`` (or the HTTP API, or a
  batch file's YAML escape) ran; ``check_size`` (every request's and answer's gate) refuses it.
- ``coord config`` listed a broken or unreadable ``settings.json`` as "yes", in silence,
  while ``coord run`` refuses it: it warns with run's words (and lists them in ``notes``).
- ``COORDINATOR_ALLOW_MODEL_REQUESTS=false`` (or ``off``, ``no``, a typo) let requests
  leave: only ``1``/``true``/``yes``/``on`` or unset do; any other value keeps them in,
  and the refusal names the value read.
- ``coord sessions rm ID`` of a session whose database is now a folder said "removed":
  it says it forgot the session (the index entry alone), naming the database.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import pytest
from cli import coord
from kit import session_in

from coordinator.errors import UserError, nul_argument
from coordinator.providers.anthropic import PassThrough, network_guard
from coordinator.providers.base import ALLOW_ENV, model_requests_allowed
from coordinator.request_text import check_request, check_size


@pytest.fixture(autouse=True)
def _homes_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


# ---- the NUL argument's option ----------------------------------------------------------


def test_a_nul_after_double_dash_is_no_option_value_and_a_joined_short_one_is() -> None:
    after = nul_argument(["agents", "validate", "--", "a\x00b"])
    assert after is not None and str(after).startswith("argument 4 holds a NUL byte")
    joined = nul_argument(["config", "-wa\x00b"])
    assert joined is not None and "argument 2 (the value of -w) holds" in str(joined)
    flag = nul_argument(["route", "--json", "--", "a\x00b"])
    assert flag is not None and "(the value of" not in str(flag)


def test_a_request_or_answer_holding_nul_is_refused_where_every_one_is_checked() -> None:
    """Through ``coord mcp`` (and the HTTP API, and a batch file's YAML ``"\\0"``) a request
    holding NUL ran, stored with it, while ``coord run`` refuses the same argument."""
    with pytest.raises(UserError, match=r"^the request holds a NUL byte") as info:
        check_request("add an endpoint\x00 secret", 1000)
    assert "secret" not in str(info.value)
    with pytest.raises(UserError, match=r"^the answer holds a NUL byte"):
        check_size("use 404\x00", 1000, "the answer")


def test_a_backslash_zero_written_out_is_text() -> None:
    """Guard: the two characters ``\\0`` are no NUL (passes on both trees)."""
    assert check_request("match \\0 in the regex", 1000) == "match \\0 in the regex"
    assert nul_argument(["route", "match \\0 in the regex"]) is None


# ---- coord config: a settings file run refuses is named ------------------------------------


@pytest.mark.parametrize("broken", ["text", "folder"])
def test_config_warns_of_a_settings_file_run_refuses(tmp_path: Path, broken: str) -> None:
    ws = tmp_path / "ws"
    settings = ws / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    if broken == "folder":
        settings.mkdir()
        said = f"cannot read the settings file {settings}"
    else:
        settings.write_text('{"hooks": {')
        said = f"{settings}:1: invalid JSON"
    ran = coord("run", "refund the payment", "--workspace", ws)
    assert ran.returncode == 4 and said in ran.stderr  # what run refuses ...
    shown = coord("config", "--workspace", ws)
    assert shown.returncode == 0
    assert any(line.startswith(f"warning: {said}") for line in shown.stderr.splitlines())
    listed = coord("config", "--workspace", ws, "--json")  # ... config names, as a note
    assert any(note.startswith(said) for note in json.loads(listed.stdout)["notes"])


def test_config_says_nothing_of_good_settings(tmp_path: Path) -> None:
    """Guard: a readable settings file adds no warning (passes on both trees)."""
    ws = tmp_path / "ws"
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text('{"permissions": {"deny": []}}')
    shown = coord("config", "--workspace", ws)
    assert (shown.returncode, shown.stderr) == (0, "")


# ---- the no-network switch --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "allowed"),
    [("0", False), ("false", False), ("OFF", False), ("no", False), ("maybe", False),
     ("1", True), ("true", True), (" Yes ", True), ("on", True), ("", True)],
)  # fmt: skip
def test_the_switch_reads_false_and_refuses_unknown_values(
    value: str, allowed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOW_ENV, value)
    assert model_requests_allowed() is allowed


async def test_a_refused_request_names_the_value_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_ENV, "false")
    with pytest.raises(PassThrough) as info:
        await network_guard(httpx2.Request("POST", "https://api.example.com/v1/messages"))
    said = str(info.value.error)
    assert "api.example.com are switched off" in said and f"{ALLOW_ENV}='false'" in said


# ---- sessions rm of a session whose database is a folder now ----------------------------


def test_rm_says_it_only_forgot_a_session_whose_database_is_a_folder(tmp_path: Path) -> None:
    gone = session_in(tmp_path / "a", tmp_path, "here")
    kept = session_in(tmp_path / "b", tmp_path, "in another project")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    for made in db.parent.glob("coordinator.db*"):
        made.unlink()
    db.mkdir()
    would = coord("sessions", "rm", gone, kept, "--dry-run", "--json", cwd=tmp_path / "b")
    assert json.loads(would.stdout) == {"would_remove": [gone, kept], "forgotten": [gone]}
    forgot = coord("sessions", "rm", gone, cwd=tmp_path / "b")
    assert forgot.returncode == 0, forgot.stderr
    said = "".join(forgot.stdout.split())  # (the console folds a long path)
    meant = f"forgot 1 session: {gone} (its database {db} is gone or no file: only the session"
    assert said.startswith("".join(meant.split()))
    assert "removed" not in said and db.is_dir()  # what is there is left alone
