"""daily72: the leftovers of the last walks and a third walk's rough edges: one voice for a
file's unknown keys, one wording for "no agent fits", ``sessions rm`` naming what it
removed, spans in seconds, MCP arguments said in coord's words, ``coord mcp`` checking its
script before the SDK, the workflow span's request (opt-in), ``coord stats`` narrow."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from cli import coord
from kit import needs_mcp

from coordinator.errors import EXIT_USER_ERROR

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "tour-script.yaml"


# ---- 1. a file's unknown keys in one voice ------------------------------------------------------


def test_a_batch_items_misspelt_key_is_said_as_other_did_you_means(tmp_path: Path) -> None:
    """``unknown key(s): agnt (did you mean agent?)`` kept a parenthesis where every other
    "did you mean" line (an unknown agent, option, command, setting) says "; did you mean
    X?"."""
    batch = tmp_path / "tasks.yaml"
    batch.write_text("- request: add an index\n  agnt: database-engineer\n", encoding="utf-8")
    said = coord("run", "--batch", batch, "--script", TOUR, cwd=tmp_path)
    assert said.returncode == EXIT_USER_ERROR
    assert said.stderr.splitlines()[0].endswith("; unknown key 'agnt'; did you mean agent?")


def test_a_cases_files_unknown_keys_name_the_key_meant_for_each(tmp_path: Path) -> None:
    cases = tmp_path / "c.yaml"
    cases.write_text(
        "- {request: add an index, expect: database-engineer}\n"
        "- {request: hi, expct: none, zzz: 1}\n",
        encoding="utf-8",
    )
    said = coord("agents", "eval", cases, cwd=tmp_path)
    assert said.returncode == EXIT_USER_ERROR
    assert said.stderr.splitlines()[0] == (
        f"error: {cases}:2: entry 2: unknown keys 'expct' and 'zzz'; did you mean expect for expct?"
    )


# ---- 2. "no agent fits" in one wording ----------------------------------------------------------


def test_route_json_says_no_agent_fits_in_the_texts_words(tmp_path: Path) -> None:
    """``route --json``'s reason said "no specialist fits: …" while the text (and ``coord
    run``'s error) said "No agent fits this request: …"."""
    import json

    request = "what should I cook for dinner tonight"
    as_json = json.loads(coord("route", "--json", request, cwd=tmp_path).stdout)
    text = coord("route", request, cwd=tmp_path).stdout.splitlines()[0]
    assert as_json["reason"] == "no agent fits this request: " + text.split(": ", 1)[1]
    assert text.startswith("No agent fits this request: ")


# ---- 3. sessions rm names what it removed -------------------------------------------------------


def _stored(tmp_path: Path, request: str) -> str:
    """A session a scripted run leaves (waiting for a person): its id."""
    import json

    ran = coord("run", request, "--script", TOUR, "--json", cwd=tmp_path)
    return str(json.loads(ran.stdout)["session"])


def test_sessions_rm_names_the_session_it_removed(tmp_path: Path) -> None:
    sid = _stored(tmp_path, "Add GET /tasks/{id} returning the owner's email")
    removed = coord("sessions", "rm", sid[:6], cwd=tmp_path)
    assert (removed.returncode, removed.stdout) == (0, f"removed 1 session: {sid}\n")


def test_sessions_rm_names_at_most_ten_and_counts_the_rest() -> None:
    from coordinator.runtime.lookup import removed_line

    ids = [f"{n:012x}" for n in range(12)]
    assert removed_line(ids) == (
        f"removed 12 sessions: {', '.join(ids[:10])} and 2 more (--json lists every id)"
    )
    assert removed_line([]) == "removed 0 sessions"


# ---- 4. a span in seconds -----------------------------------------------------------------------


def test_a_span_may_be_written_in_seconds() -> None:
    from coordinator.store.time_words import since_epoch

    for span in ("90s", "90 sec", "90 seconds ago", "last 90 secs"):
        assert since_epoch(span, now=1000.0, flag="--older-than") == 910.0, span


def test_older_than_one_second_is_read_not_refused(tmp_path: Path) -> None:
    removed = coord("sessions", "rm", "--older-than", "1s", "--here", cwd=tmp_path)
    assert (removed.returncode, removed.stderr) == (0, "")
    assert removed.stdout.startswith("removed ")
    refused = coord("sessions", "--since", "1x", cwd=tmp_path)
    assert "Use a span such as 30s, 30m, 3h" in refused.stderr


# ---- 5. an MCP call's arguments said in coord's words -------------------------------------------


@needs_mcp
@pytest.mark.parametrize(
    ("tool", "arguments", "said"),
    [
        ("route", {}, "route: missing argument `request` (route takes request)"),
        ("run", {"request": 5}, "run: `request` should be a valid string (run takes request,"
         " [agent])"),
        ("resume", {"session": "x", "question": [1]}, "resume: `question` should be a valid"
         " string or a valid integer (resume takes session, [context], [question],"
         " [retry_consult])"),
        ("log", {"sesion": "x"}, "log: unknown argument `sesion`; did you mean session? (log"
         " takes session)"),
    ],
)  # fmt: skip
def test_an_mcp_calls_bad_arguments_are_said_with_what_the_tool_takes(
    tmp_path: Path, tool: str, arguments: dict[str, object], said: str
) -> None:
    """A missing argument answered pydantic's report: ``1 validation error for
    routeArguments`` / ``Field required [type=missing, input_value={}, …]`` and an
    errors.pydantic.dev URL; an unknown one (a typo) was dropped without a word."""
    from mcp.server.mcpserver.exceptions import ToolError

    from coordinator.serve.mcp_server import build_server
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    server = build_server(CoordinatorService(ServiceOptions(tmp_path)))
    with pytest.raises(ToolError) as caught:
        asyncio.run(server.call_tool(tool, arguments))
    assert str(caught.value) == f"Error executing tool {said}"


# ---- 6. coord mcp checks its script before the SDK loads ----------------------------------------


def test_coord_mcp_with_a_missing_script_fails_before_loading_the_sdk(tmp_path: Path) -> None:
    """``coord mcp --script nope.yaml`` imported the MCP SDK (4-8 s under load) before it
    said the file is missing."""
    from cli import coord_probe

    probe = coord_probe("mcp", "--script", tmp_path / "nope.yaml", cwd=tmp_path)
    assert probe.returncode == EXIT_USER_ERROR, probe.stderr
    assert "nope.yaml" in probe.stderr.splitlines()[0]
    assert "Traceback" not in probe.stderr
    assert not {m for m in probe.modules if m == "mcp" or m.startswith(("mcp.", "pydantic"))}


# ---- 7. the workflow span's request: Opt-In, scrubbed -------------------------------------------


def _workflow_span(capture: bool, request: str) -> dict[str, object]:
    """The attributes of the workflow span a recorder makes of a session routed with
    ``request``."""
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from coordinator import events as ev
    from coordinator.telemetry.otel import recorder

    exporter = InMemorySpanExporter()
    rec = recorder(exporter, capture=capture)
    rec(ev.Routed("s1", None, request=request, agent="backend"))
    rec.close()
    (span,) = exporter.get_finished_spans()
    return dict(span.attributes or {})


def test_the_workflow_span_carries_the_request_scrubbed_when_opted_in() -> None:
    """The GenAI conventions put a workflow's input in ``gen_ai.input.messages``, Opt-In
    (user text); the span had no request at all. Now: with the instrumentations' switch,
    the request scrubbed of a secret as the store keeps it; without it, nothing."""
    import json

    key = "sk-ant-api03-" + "Zq7" * 30
    request = f"Add GET /health; the key is {key}"
    attrs = _workflow_span(True, request)
    (message,) = json.loads(str(attrs["gen_ai.input.messages"]))
    assert message["role"] == "user"
    (part,) = message["parts"]
    assert part["type"] == "text" and part["content"].startswith("Add GET /health; the key is")
    assert key not in part["content"] and "Zq7Zq7" not in part["content"]
    assert "gen_ai.input.messages" not in _workflow_span(False, request)


def test_content_capture_is_off_unless_the_environment_opts_in() -> None:
    pytest.importorskip("opentelemetry.sdk")
    from coordinator.telemetry.otel import CAPTURE_VAR, captures_content

    assert not captures_content({})
    assert not captures_content({CAPTURE_VAR: "NO_CONTENT"})
    assert not captures_content({CAPTURE_VAR: "EVENT_ONLY"})
    assert all(captures_content({CAPTURE_VAR: v}) for v in ("true", "SPAN_ONLY", "span_and_event"))


# ---- 8. coord stats below 75 columns ------------------------------------------------------------


@pytest.mark.parametrize("width", [75, 70, 64])
def test_stats_keeps_a_models_short_name_whole_below_75_columns(width: int) -> None:
    """Below ~75 columns the model came out ``clau…line)``: the agent's name gave way only
    down to 16 characters, and only if that made room for the name and its mark on one
    line. Now the mark takes a line of its own, and the agent's name gives way further."""
    from rich.console import Console

    from coordinator.cli import views
    from coordinator.store.spend import StatsRow

    rows = [
        StatsRow("2026-12-06", "fastapi-backend-expert", "claude-sonnet-5-5", 2, 1200, 300,
                 15000, 2000, 0.0442, offline=True),
        StatsRow("2026-12-06", "database-engineer", "claude-sonnet-5-5", 1, 1200, 300, 15000,
                 2000, 0.0122, offline=True),
    ]  # fmt: skip
    console = Console(width=width, force_terminal=True, color_system=None, record=True)
    console.print(views.stats_table(rows, width))
    lines = console.export_text().splitlines()
    assert all(len(line) <= width for line in lines), lines
    body = [line for line in lines[1:] if line.strip() and not line.startswith("total")]
    assert sum("sonnet-5-5" in line for line in body) == 2, lines
    assert sum("(offline)" in line for line in body) == 2, lines
    assert "$0.0442" in lines[1] and "$0.0564" in lines[-1]  # no number cut


# ---- walk: what a new user met ------------------------------------------------------------------


def test_a_scripted_expect_miss_shows_the_answer_it_looked_in(tmp_path: Path) -> None:
    """The tour's script expects "email column" in the person's answer; answered otherwise,
    the error showed the resume message's first 120 characters, its preamble ("A person
    answered your blocker. Their answer follows, quoted: …"), never the answer."""
    import json

    sid = _stored(tmp_path, "Add GET /tasks/{id} returning the owner's email")
    ran = coord("resume", sid, "--context", "Use contact_email", "--json", cwd=tmp_path)
    said = json.loads(ran.stdout)["error"]  # (mend110: a user error, the session interrupted)
    assert said.endswith("expects 'email column' in the last user message, which quoted:"
                         f" 'Use contact_email'; session {sid} is interrupted"), said  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "opened"),
    [
        ("agents:\n  a:\n    - text: [unclosed\n", 3, "[list]"),
        ("- Add login\n- {request: Add logout\n", 2, "{mapping}"),
        ('- "Add login\n\n', 1, "quoted text"),
    ],
)
def test_a_yaml_file_ending_inside_a_bracket_names_the_line_that_opened_it(
    tmp_path: Path, text: str, line: int, opened: str
) -> None:
    """A three-line script with an unclosed ``[`` was said to be wrong on line 4 (the line
    after its last: where YAML met the end); now the line the ``[`` opened on."""
    batch = tmp_path / "b.yaml"
    batch.write_text(text, encoding="utf-8")
    said = coord("run", "--batch", batch, "--script", TOUR, cwd=tmp_path)
    assert said.returncode == EXIT_USER_ERROR
    first = said.stderr.splitlines()[0]
    assert first.startswith(f"error: {batch}:{line}: batch file is not valid YAML ("), first
    assert first.endswith(f"the {opened} opened here is not closed)"), first


def test_a_yaml_mistake_at_the_end_names_a_line_the_file_has(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("model: [\n", encoding="utf-8")
    said = coord("config", "--config", config, cwd=tmp_path)
    assert said.returncode == EXIT_USER_ERROR
    assert said.stderr.startswith(f"error: {config}:1: config is not valid YAML ("), said.stderr


def test_agents_new_names_every_missing_option_at_once(tmp_path: Path) -> None:
    """``coord agents new my-dev`` said "give the agent's domain"; given it, "give at least
    one trigger word": a user met the second only after fixing the first."""
    said = coord("agents", "new", "my-dev", cwd=tmp_path)
    assert said.returncode == EXIT_USER_ERROR
    assert said.stderr.splitlines() == [
        "error: give the agent's domain (--domain) and at least one trigger word (--trigger"
        " WORD, repeatable)",
        "For example: coord agents new my-dev --domain Payments --trigger refund --trigger invoice",
    ]
    assert not (tmp_path / ".claude").exists()
