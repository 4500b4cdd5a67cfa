"""daily27: the manual against the product: what a user who trusts the README tried and got
otherwise, each checked through ``coord`` where the user meets it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import zygote
from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

from coordinator.cli.views import scope_note
from coordinator.config import Settings
from coordinator.runtime.detach import SESSION_ENV, handed_session_id
from coordinator.runtime.options import ModelChoice, SessionOptions


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    return {"tmp": tmp_path, "ws": workspace(tmp_path), "agents": write_agents(tmp_path / "a")}


def base(setup: dict[str, Any]) -> list[str | Path]:
    return ["--workspace", setup["ws"], "--agents-dir", setup["agents"], "--only"]


def script(setup: dict[str, Any], turns: list[dict[str, Any]]) -> Path:
    return write_script(setup["tmp"] / "s.yaml", {"backend": turns})


# ---- coord sessions: one row per session, whatever the request holds ---------------------


def test_a_multi_line_request_is_one_row_of_coord_sessions(setup: dict[str, Any]) -> None:
    request = setup["tmp"] / "request.txt"
    request.write_text("Add pagination\nto GET /users\n", encoding="utf-8")
    done = script(setup, [{"text": report("Complete", "Paginated")}])
    ran = coord("run", "--file", request, *base(setup), "--script", done, "--agent", "backend")
    assert ran.returncode == 0, ran.stderr
    # piped: the table takes COLUMNS (80 when unset would cut this row's request)
    listed = coord("sessions", "--workspace", setup["ws"], env={"COLUMNS": "200"})
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split()[-1] == "request"
    assert len(rows) == 1 and rows[0].endswith("Add pagination to GET /users"), listed.stdout


# ---- --script belongs to the scripted provider -------------------------------------------


def test_script_beside_another_provider_is_refused_not_dropped(setup: dict[str, Any]) -> None:
    done = script(setup, [{"text": report("Complete")}])
    ran = coord(
        "run", "Add an endpoint", *base(setup), "--provider", "anthropic", "--script", done,
        "--json",
    )  # fmt: skip
    assert ran.returncode == 4, ran.stdout
    error = json.loads(ran.stdout)
    assert error["error"] == "--script is for the scripted provider, not --provider anthropic"
    assert "--script alone runs offline" in error["hint"]
    assert not (setup["ws"] / ".coordinator" / "coordinator.db").exists()  # nothing started


def test_a_resume_on_another_provider_leaves_the_remembered_script() -> None:
    saved = SessionOptions(provider="scripted", script="/scripts/s.yaml")
    _, _, online = saved.resumed_with(Settings(), choice=ModelChoice("anthropic"))
    assert (online.kind, online.script) == ("anthropic", None)
    _, _, same = saved.resumed_with(Settings(), choice=ModelChoice())
    assert (same.kind, same.script) == ("scripted", Path("/scripts/s.yaml"))


# ---- coord resume --context where nothing asks -------------------------------------------


def test_resume_context_with_no_question_here_says_how_to_find_one(
    setup: dict[str, Any],
) -> None:
    elsewhere = workspace(setup["tmp"] / "other")
    waits = script(setup, [{"text": blocked("Product", "Which field")}])
    asked = coord("run", "Expose a field", *base(setup), "--script", waits, "--agent", "backend")
    assert asked.returncode == 3, asked.stderr
    ran = coord("resume", "--context", "the email", "--json", cwd=elsewhere)
    assert ran.returncode == 4
    error = json.loads(ran.stdout)
    assert error["error"] == f"no waiting session to answer in this workspace ({elsewhere})"
    listed = coord("sessions", "--status", "waiting", "--json", cwd=elsewhere)
    (waiting,) = json.loads(listed.stdout)
    assert waiting["request"] == "Expose a field"
    assert error["hint"] == (  # daily30: the one waiting elsewhere, named
        f"The newest waiting one is in {setup['ws']}: coord resume {waiting['session']}"
        ' --context "…" (`coord sessions` lists every workspace\'s).'
    )


# ---- a run's MCP line ---------------------------------------------------------------------


def test_the_mcp_line_names_its_servers_and_counts_tools_in_words() -> None:
    refused = {"servers": [], "tools": [], "problems": ["server 'x' is not approved"]}
    assert scope_note("mcp_servers", refused) == (
        "MCP servers: 0 tools (server 'x' is not approved)"
    )
    one = {"servers": ["conventions"], "tools": ["mcp__conventions__convention"]}
    assert scope_note("mcp_servers", one) == "MCP conventions: 1 tool"


# ---- background: true names its session ---------------------------------------------------


def test_a_background_run_names_the_session_it_stores(
    setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    zygote.fork_detached_runs(monkeypatch)
    (setup["agents"] / "backend.md").write_text(
        "---\nname: backend\ndescription: Backend specialist: FastAPI endpoints.\n"
        "background: true\n---\nYou are the backend specialist.\n",
        encoding="utf-8",
    )
    done = script(setup, [{"text": report("Complete", "Done")}])
    ran = coord("run", "Add a FastAPI endpoint", *base(setup), "--script", done)
    assert ran.returncode == 0, ran.stderr
    said = " ".join(ran.stdout.split())
    found = re.search(r"process (\d+), as session ([0-9a-f]{12});", said)
    assert found is not None, said
    pid, sid = int(found.group(1)), found.group(2)
    assert f"Follow it with `coord log -f {sid} --workspace " in said  # run from elsewhere
    _, status = zygote.waitpid(pid)
    assert os.waitstatus_to_exitcode(status) == 0
    listed = json.loads(coord("sessions", "--workspace", setup["ws"], "--json").stdout)
    assert [(s["session"], s["status"]) for s in listed] == [(sid, "complete")]
    assert SESSION_ENV not in os.environ  # this process's own runs choose their own ids


def test_the_handed_session_id_is_taken_out_of_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SESSION_ENV, "0123456789ab")
    assert handed_session_id() == "0123456789ab"
    assert SESSION_ENV not in os.environ  # no hook, server or command it starts inherits it
    monkeypatch.setenv(SESSION_ENV, "../../etc")
    assert handed_session_id() is None and SESSION_ENV not in os.environ


# ---- docs/commands.md's synopsis names only flags the commands take -----------------------


def _synopsis() -> list[tuple[str, list[str]]]:
    """Each ``coord WORDS`` line of docs/commands.md's synopsis block, with the flags written on
    it and on its continuation lines (comments included: they name the command's flags)."""
    page = Path(__file__).resolve().parent.parent / "docs" / "commands.md"
    block = page.read_text(encoding="utf-8").split("# Commands\n\n```\n", 1)[1].split("\n```")[0]
    entries: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("coord "):
            words = []
            for token in line.split()[1:3]:  # `coord sessions rm`, `coord agents list|show`
                if not re.fullmatch(r"[a-z]+(\|.*)?", token):
                    break
                words.append(token)  # `list|show`: both commands
            entries.append((" ".join(words), []))
        entries[-1][1].extend(re.findall(r"(?<![\w-])--[a-z][a-z-]*", line))
    return entries


def test_every_flag_of_the_synopsis_exists() -> None:
    import typer.core
    import typer.main

    from coordinator.cli.app import app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    ctx = group.context_class(group)

    def flags(command: Any) -> set[str]:
        found = {opt for p in command.params for opt in p.opts}
        if isinstance(command, typer.core.TyperGroup):
            for name in command.list_commands(ctx):
                found |= flags(command.get_command(ctx, name))
        return found

    checked = 0
    for words, written in _synopsis():
        first, _, second = words.partition(" ")
        command = group.get_command(ctx, first) if first else group
        if isinstance(command, typer.core.TyperGroup) and second == "rm":
            command = command.get_command(ctx, "rm")
        assert command is not None, words
        missing = set(written) - flags(command) - {"--install-completion"}
        assert not missing, f"docs/commands.md: coord {words} names {sorted(missing)}"
        checked += 1
    assert checked >= 15


def test_every_flag_of_each_command_is_in_its_synopsis() -> None:
    """The other way round: each flag a command takes is on its line of the synopsis (the
    README left out `coord worker --stop-grace`, `agents eval --min-accuracy`, `--version`
    and `--config` of `log`, `stats` and `sessions rm`)."""
    import typer.core
    import typer.main

    from coordinator.cli.app import app

    written: dict[tuple[str, ...], set[str]] = {}
    for words, flags in _synopsis():
        first, _, second = words.partition(" ")
        for alternative in second.split("|"):
            key = tuple(w for w in (first, alternative) if w)
            written.setdefault(key, set()).update(flags)
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    ctx = group.context_class(group)
    missing: list[str] = []
    walked: list[tuple[str, ...]] = []

    def walk(command: Any, key: tuple[str, ...]) -> None:
        walked.append(key)
        taken = {
            opt
            for param in command.params
            if not getattr(param, "hidden", False)
            for opt in param.opts
            if opt.startswith("--") and opt != "--help"
        }
        if lacking := taken - written.get(key, set()):
            missing.append(f"coord {' '.join(key)}: {sorted(lacking)}")
        if isinstance(command, typer.core.TyperGroup):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), (*key, name))

    walk(group, ())
    assert ("worker",) in walked and ("agents", "eval") in walked, walked
    assert missing == [], "docs/commands.md's synopsis lacks:\n" + "\n".join(missing)


# ---- coord mcp: its model flags are checked when it starts --------------------------------


@pytest.mark.parametrize(
    ("flags", "error"),
    [
        (["--provider", "bogus"], "unknown provider 'bogus'"),
        (["--provider", "scripted"], "the scripted provider needs a script"),
        (["--provider", "anthropic", "--script", "s.yaml"], "--script is for the scripted"),
    ],
)
def test_coord_mcp_refuses_bad_model_flags_at_start(
    tmp_path: Path, flags: list[str], error: str
) -> None:
    pytest.importorskip("mcp")
    (tmp_path / "s.yaml").write_text("agents: {}\n", encoding="utf-8")
    ran = coord("mcp", "--workspace", tmp_path, *flags, cwd=tmp_path)
    assert ran.returncode == 4
    assert ran.stderr.startswith(f"error: {error}"), ran.stderr


# ---- coord agents new: the report protocol names the domains as reports write them -------


def test_a_new_agent_names_the_other_domains_as_reports_write_them(tmp_path: Path) -> None:
    ran = coord("agents", "new", "docs-writer", "--domain", "Docs", "--trigger", "README",
                cwd=tmp_path)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    text = (tmp_path / ".claude" / "agents" / "docs-writer.md").read_text(encoding="utf-8")
    assert "**Domain:** Backend | Frontend | Database | Tests | DevOps | ML" in text


# ---- coord sessions rm ID --here: refused, not ignored ------------------------------------


def test_sessions_rm_of_ids_refuses_here_instead_of_ignoring_it(setup: dict[str, Any]) -> None:
    done = script(setup, [{"text": report("Complete")}])
    ran = coord("run", "Document the API", *base(setup), "--script", done, "--json")
    sid = json.loads(ran.stdout)["session"]
    elsewhere = workspace(setup["tmp"] / "other")
    refused = coord("sessions", "rm", sid, "--here", "--json", cwd=elsewhere)
    assert refused.returncode == 4
    assert json.loads(refused.stdout)["error"].startswith("--here narrows --older-than")
    listed = coord("sessions", "--workspace", setup["ws"], "--json")
    assert [s["session"] for s in json.loads(listed.stdout)] == [sid]  # still there


# ---- a request a UserPromptSubmit hook refuses: its result names the routed agent ----------


def test_a_refused_request_names_the_agent_it_was_routed_to(setup: dict[str, Any]) -> None:
    settings = Path(os.environ["HOME"]) / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    hook = {"type": "command", "command": "echo 'not today' >&2; exit 2"}
    settings.write_text(json.dumps({"hooks": {"UserPromptSubmit": [{"hooks": [hook]}]}}))
    done = script(setup, [{"text": report("Complete")}])
    ran = coord("run", "Document the API", *base(setup), "--script", done, "--agent", "backend",
                "--json")  # fmt: skip
    assert ran.returncode == 1, ran.stderr
    result = json.loads(ran.stdout)
    assert (result["status"], result["agent"]) == ("failed", "backend")
    assert result["reason"] == "the request was blocked by a UserPromptSubmit hook: not today"


# ---- an unknown session in a folder with no sessions names no database -------------------


def test_an_unknown_session_in_a_folder_without_sessions_names_no_database(
    setup: dict[str, Any],
) -> None:
    looked = coord("log", "abcdef12", "--workspace", setup["ws"])
    assert looked.returncode == 4
    assert (
        "unknown session: abcdef12 (not in this workspace, which has no sessions" in looked.stderr
    )
    assert "coordinator.db" not in looked.stderr  # a file that is not there
    assert not (setup["ws"] / ".coordinator").exists()


# ---- a resume of an ended session says only that it has ended ----------------------------


def test_a_resume_of_an_ended_session_notes_nothing_before_refusing(
    setup: dict[str, Any],
) -> None:
    done = script(setup, [{"text": report("Complete", "Paginated")}])
    ran = coord(
        "run", "Add pagination", *base(setup), "--script", done, "--agent", "backend", "--json"
    )
    assert ran.returncode == 0, ran.stderr
    sid = json.loads(ran.stdout)["session"]
    setup["agents"].rename(setup["tmp"] / "moved-agents")  # a note a live session would get
    again = coord("resume", sid, "--workspace", setup["ws"], "--script", done)
    assert again.returncode == 0  # ops103: a finished session's own code, not an error
    assert again.stderr.startswith(f"session {sid} had already ended: complete at ")
    assert "not on this machine" not in again.stderr
