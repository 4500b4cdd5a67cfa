"""review135: mcp112's shared MCP connections, reviewed with the real resource server of
claude108's tests and the real anthropic SDK against the fake Messages API. An answer a
UserPromptSubmit hook blocks reads none of its mentions (a request's are read only once
its hooks let it through: the answer's now are too)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from kit import blocked
from test_claude108_mcp_resources import DONE, TOKEN, run_with
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
