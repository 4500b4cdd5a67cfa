"""review135: mcp112's shared MCP connections, reviewed with the real resource server of
claude108's tests and the real anthropic SDK against the fake Messages API. An answer a
UserPromptSubmit hook blocks reads none of its mentions (a request's are read only once
its hooks let it through: the answer's now are too)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from kit import blocked
from test_claude108_mcp_resources import DONE, LIST, TOKEN, call, results, run_with
from test_claude110_mcp_mentions import reads
from test_mcp112_mentions import starts

from coordinator.errors import UserError

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]

#: Blocks any prompt saying "secret"; adds "ctx: ticket-42" to the others.
GUARD = (
    'input=$(cat); case "$input" in *secret*) echo "no secrets in answers" >&2; exit 2;; esac; '
    "echo 'ctx: ticket-42'"
)
HOOKS = {"hooks": {"UserPromptSubmit": [{"hooks": [{"type": "command", "command": GUARD}]}]}}


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CL108_TOKEN", TOKEN)


async def test_an_answer_a_hook_blocks_reads_none_of_its_mentions(tmp_path: Path) -> None:
    """The person's answer mentions a resource and a UserPromptSubmit hook blocks it: the
    session waits as it was and the agent's server is neither started nor read (on the
    start tree the answer's mention was read before its hooks ran). Answered again, the
    resource is read once, after the hook's context."""
    turns = [{"text": blocked("Docs", "Which style guide")}, {"text": DONE}]
    with run_with(tmp_path, turns, HOOKS) as (engine, store, fake, _):
        first = await engine.start("Summarise the docs", agent="backend")
        assert first.status == "waiting", first.reason
        ran = starts(tmp_path)  # (the run's own drive)
        with pytest.raises(UserError, match="blocked by a UserPromptSubmit hook"):
            await engine.resume(first.session_id, context="the secret @res:docs://readme")
        assert (reads(tmp_path), starts(tmp_path)) == ([], ran)
        assert store.session(first.session_id).status == "waiting"
        done = await engine.resume(first.session_id, context="Ours: @res:docs://readme")
        assert done.status == "complete", done.reason
        answer = fake.requests[-1].body["messages"][-1]["content"]
        said = answer if isinstance(answer, str) else "".join(b.get("text", "") for b in answer)
    assert (reads(tmp_path), starts(tmp_path)) == (["docs://readme"], ran + 1)
    assert said.index("ctx: ticket-42") < said.index("Resources are read-only data.")


async def test_resources_filling_the_listing_still_say_the_templates_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's resources fill the listing's room exactly (its five, the room five
    here for 500) and it has a template besides: the listing says that more of the
    server's are not listed (on the start tree the template was left out unsaid: it was
    not asked for once the resources filled the room)."""
    monkeypatch.setattr("coordinator.mcp.resources.MAX_RESOURCES", 5)
    turns = [{"tool_calls": [call(LIST)]}, {"text": DONE}]
    with run_with(tmp_path, turns) as (engine, store, _fake, _):
        result = await engine.start("List the resources", agent="backend")
        assert result.status == "complete", result.reason
        [(_, listed, _)] = results(store, result.session_id)
    found, _, notes = listed.partition("\n]")
    assert len(json.loads(found + "\n]")) == 5 and "uriTemplate" not in found
    assert notes.strip() == "(more resources of 'res' not listed: 5 at most)"
