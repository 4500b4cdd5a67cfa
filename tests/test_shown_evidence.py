"""A decision's evidence names what the router read, never its internal joined words
(codereview, apipath, outcometwice): in ``coord route --json``, the MCP server's route tool
and the ``routed`` event a session stores (daily29, item 1)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from cli import coord
from kit import REPO, Harness, report

from coordinator.roster.loader import load_registry
from coordinator.routing import concepts, outcomes, signatures
from coordinator.routing.shown import shown
from coordinator.serve.service import CoordinatorService, ServiceOptions

#: Requests whose evidence held joined words, and what each now reads as instead.
CASES = {
    "do a code review of my PR": ("codereview", 'phrase "code review"'),
    "Create a POST /tasks endpoint that returns 201": ("apipath", 'API path "POST /tasks"'),
    "stripe webhooks arrive twice and we charge customers double": (
        "outcometwice",
        'situation "idempotency retry api backend"',  # the words the agent holds (polish101)
    ),
}


def _everything_matched(data: dict[str, object]) -> list[str]:
    candidates = data["candidates"]
    assert isinstance(candidates, list)
    return [*data["matched"], *(m for c in candidates for m in c["matched"])]  # type: ignore[misc]


def test_route_json_shows_what_the_joined_words_stand_for(tmp_path: Path) -> None:
    for request, (joined, readable) in CASES.items():
        proc = coord("route", "--json", request, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        matched = _everything_matched(json.loads(proc.stdout))
        assert joined not in matched, request
        assert readable in matched, (request, matched)
        assert not [m for m in matched if m.startswith(("outcome", "phrase:"))], matched
        text = coord("route", request, cwd=tmp_path).stdout
        assert joined not in text and readable in text


def test_the_mcp_route_tool_shows_them_too(tmp_path: Path) -> None:
    service = CoordinatorService(ServiceOptions(tmp_path))
    found = service.route("please do a code review of my PR")
    assert isinstance(found, dict)
    matched = _everything_matched(found)
    assert "codereview" not in matched and 'phrase "code review"' in matched


def test_the_routed_event_stores_them_readable(tmp_path: Path) -> None:
    request = "POST /tasks returns 500 when the title is missing"
    bundled = load_registry([REPO / "agents"], only=True, cwd=tmp_path, cache=False)
    script = {"fastapi-backend-expert": [{"text": report("Complete")}]}
    rig = Harness(tmp_path, script, registry=bundled)
    result = asyncio.run(rig.engine.start(request))
    routed = next(e for e in rig.store.events(result.session_id) if e.kind == "routed")
    assert routed.data["agent"] == "fastapi-backend-expert"
    assert 'API path "POST /tasks"' in routed.data["matched"]
    assert "apipath" not in routed.data["matched"]
    rig.close()
    log = coord("log", "--json", result.session_id, "--db", str(rig.db), cwd=tmp_path)
    events = json.loads(log.stdout)["events"]
    assert 'API path "POST /tasks"' in next(e for e in events if e["kind"] == "routed")["matched"]


def test_each_kind_of_joined_word_reads_as_what_it_stands_for() -> None:
    tokens = "can you review my pr please".split()
    assert "codereview" in concepts.phrases(tokens)
    assert shown("codereview", tokens) == 'phrase "review my pr"'
    assert shown("codereview") == "codereview"  # no request to read it from: as it is
    assert shown("phrase:cannot read properties of undefined") == (
        'phrase "cannot read properties of undefined"'
    )
    assert outcomes.ENTRIES["outcometwice"].split()[0] == "idempotency"
    assert shown("outcometwice").startswith('situation "idempotency ')
    body = "upload it as multipart/form-data to the API"
    assert signatures.http_marks(body) == (signatures.BODY_ENCODING,)
    assert shown(signatures.BODY_ENCODING, (), body) == 'body encoding "multipart/form-data"'
    assert shown("react") == "react" and shown('trigger "React"') == 'trigger "React"'


def test_a_routed_event_stored_before_reads_as_shown_now(tmp_path: Path) -> None:
    """A session stored before (its ``routed`` event holding the router's joined words):
    ``coord log --json`` shows them as a decision shows them now."""
    import sqlite3
    from contextlib import closing

    request = "please do a code review of POST /tasks, stripe webhooks arrive twice"
    bundled = load_registry([REPO / "agents"], only=True, cwd=tmp_path, cache=False)
    script = {"fastapi-backend-expert": [{"text": report("Complete")}]}
    rig = Harness(tmp_path, script, registry=bundled)
    result = asyncio.run(rig.engine.start(request, agent="fastapi-backend-expert"))
    rig.close()
    joined = ['trigger "webhook"', "codereview", "outcometwice", "apipath", "tasks"]
    old = {"request": request, "agent": "fastapi-backend-expert", "score": 1.0, "matched": joined}
    with closing(sqlite3.connect(rig.db)) as db, db:
        db.execute("UPDATE events SET data = ? WHERE kind = 'routed'", (json.dumps(old),))
    log = coord("log", "--json", result.session_id, "--db", str(rig.db), cwd=tmp_path)
    routed = next(e for e in json.loads(log.stdout)["events"] if e["kind"] == "routed")
    assert routed["matched"] == [
        'trigger "webhook"',
        'phrase "code review"',
        'situation "idempotency retry duplicate api"',
        'API path "POST /tasks"',
        "tasks",
    ]
