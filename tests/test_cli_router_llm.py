"""``coord run --router llm``: a small model settles a close lexical call, through the same
provider path as the agents (scripted here), and the session records why."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord

AGENT = """---
name: {name}
description: {verb} REST API endpoints and request handlers.
---
You {verb_lower} REST API endpoints.
"""

REPORT = "✅ Reviewed the endpoints\\n\\n**Files:** none\\n\\n**Status:** Complete"

SCRIPT = f"""
agents:
  coordinator-router:
    - text: "api-reviewer"
  api-reviewer:
    - text: "{REPORT}"
"""


def make_roster(tmp_path: Path) -> Path:
    agents = tmp_path / "agents"
    agents.mkdir()
    for name, verb in (("api-builder", "Builds"), ("api-reviewer", "Reviews")):
        text = AGENT.format(name=name, verb=verb, verb_lower=verb.lower())
        (agents / f"{name}.md").write_text(text, encoding="utf-8")
    return agents


def test_llm_router_settles_a_tie_and_the_reason_is_logged(tmp_path: Path) -> None:
    agents = make_roster(tmp_path)
    (tmp_path / "script.yaml").write_text(SCRIPT, encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    common = ["--agents-dir", str(agents), "--only", "--workspace", str(ws)]
    request = "look at the REST API endpoints"

    lexical = coord("route", request, "--agents-dir", str(agents), "--only", "--json", cwd=tmp_path)
    assert json.loads(lexical.stdout)["agent"] == "api-builder"  # a tie, first by name

    proc = coord(
        "run",
        request,
        *common,
        "--router",
        "llm",
        "--provider",
        "scripted",
        "--script",
        "script.yaml",
        "--json",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    log = coord("log", result["session"], "--workspace", str(ws), "--json", cwd=tmp_path)
    routed = [e for e in json.loads(log.stdout)["events"] if e["kind"] == "routed"]
    assert routed[0]["agent"] == "api-reviewer"
    assert "LLM router" in routed[0]["reason"]


def test_bad_router_value_is_a_user_error(tmp_path: Path) -> None:
    proc = coord("run", "anything", "--router", "magic", "--workspace", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 4
    assert "router" in proc.stderr and "Traceback" not in proc.stderr


#: A script with no turn for the router: the model cannot be asked.
NO_ROUTER_SCRIPT = f"""
agents:
  api-builder:
    - text: "{REPORT}"
"""


def test_a_router_that_cannot_settle_it_is_said_once_and_in_the_json(tmp_path: Path) -> None:
    """--router llm asked for, the model unavailable (here: no turn scripted for it): the
    lexical choice stands, and the user is told so once on stderr and in --json (daily29)."""
    agents = make_roster(tmp_path)
    (tmp_path / "no-router.yaml").write_text(NO_ROUTER_SCRIPT, encoding="utf-8")
    (tmp_path / "script.yaml").write_text(SCRIPT, encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    common = ["--agents-dir", agents, "--only", "--workspace", ws, "--router", "llm", "--json"]
    request = "look at the REST API endpoints"
    ran = coord("run", request, *common, "--script", "no-router.yaml", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout)
    assert result["agent"] == "api-builder"  # the lexical choice
    fallback = result["router_fallback"]
    assert fallback.startswith("the LLM router failed (script_error: ")
    assert fallback.endswith("; kept the lexical choice")
    warnings = [line for line in ran.stderr.splitlines() if "--router llm" in line]
    assert warnings == [f"warning: --router llm: {fallback}"]
    log = coord("log", result["session"], "--workspace", ws, "--json", cwd=tmp_path)
    routed = [e for e in json.loads(log.stdout)["events"] if e["kind"] == "routed"]
    assert routed[0]["router_fallback"] == fallback

    settled = coord("run", request, *common, "--script", "script.yaml", cwd=tmp_path)
    assert settled.returncode == 0, settled.stderr
    assert json.loads(settled.stdout)["agent"] == "api-reviewer"
    assert "router_fallback" not in json.loads(settled.stdout)
    assert "--router llm" not in settled.stderr


def test_coord_route_says_when_coord_run_would_ask_the_model(tmp_path: Path) -> None:
    """Under router: llm, coord route shows the lexical decision; on a close call it says
    that coord run asks the model, whose choice may differ (daily29)."""
    agents = make_roster(tmp_path)
    ws = tmp_path / "ws"
    (ws / ".coordinator").mkdir(parents=True)
    (ws / ".coordinator" / "config.yaml").write_text("router: llm\n", encoding="utf-8")
    common = ["--agents-dir", agents, "--only"]
    close = coord("route", "look at the REST API endpoints", *common, cwd=ws)
    assert close.returncode == 0, close.stderr
    assert "note: router: llm is set, and this is a close call" in close.stderr
    clear = coord("route", "Build REST API endpoints for users", *common, "--json", cwd=ws)
    assert json.loads(clear.stdout)["agent"] == "api-builder"
    assert "note:" not in clear.stderr
    (ws / ".coordinator" / "config.yaml").write_text("router: lexical\n", encoding="utf-8")
    lexical = coord("route", "look at the REST API endpoints", *common, cwd=ws)
    assert "note:" not in lexical.stderr
