"""review129: claude110's ``@server:uri`` mentions reviewed: a Windows drive is no URI
scheme (``@res:C:\\dir`` of a listed server is text, not a read that refuses the request),
and a request that is only mentions says so when no agent fits (not "no words")."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import InstantTurns, needs_mcp
from test_claude108_mcp_resources import TOKEN
from test_claude110_mcp_mentions import goes_as_written

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.mentions import mentions, unmentioned
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.routing.lexical import route
from coordinator.store.db import Store


@pytest.mark.parametrize(
    "text",
    ["open @res:C:\\Users\\me\\a.txt", "open @res:c:/Users/me/a.txt", "@res:D:\\logs now"],
)
def test_a_windows_drive_is_no_uri_scheme(text: str) -> None:
    """``@server:C:\\path``: one letter before ``:`` is a drive, not a scheme: no mention,
    and routing reads the path as written."""
    assert mentions(text) == []
    assert unmentioned(text) == text


def test_forms_that_only_look_like_mentions_stay_text() -> None:
    """Guard (held on the start tree): an e-mail with a port, scp's ``user@host:/path``,
    an npm scope with a version: none is a mention."""
    for text in (
        "mail a@b.com:8080/x",
        "mail ops@res:docs://readme",
        "scp user@host:/srv .",
        "scp deploy@res:web:/srv .",
        "npm i @scope/pkg@1.2:x",
        "npm i @res/pkg@res:docs://x",
    ):
        assert mentions(text) == [] and unmentioned(text) == text
    assert [m.said for m in mentions("see @res:docs://readme.")] == ["@res:docs://readme"]


@needs_mcp
@pytest.mark.xdist_group("mcp")
async def test_a_windows_path_of_a_listed_server_goes_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``@res:C:\\temp\\a.txt`` with ``res`` the agent's own server: the request runs as
    written (on the start tree it was read as the URI ``C:\\temp\\a.txt``, which the server
    does not hold, and the whole request was refused)."""
    monkeypatch.setenv("CL108_TOKEN", TOKEN)
    await goes_as_written(tmp_path, "Copy @res:C:\\temp\\a.txt to the share")


def _registry() -> Registry:
    return Registry(
        [
            AgentSpec(name="backend", description="Backend API handlers and login endpoints"),
            AgentSpec(name="writer", description="Documentation: readme docs, guides"),
        ]
    )


def test_a_request_of_only_mentions_says_so() -> None:
    """``coord route "@docs:docs://readme"``: no agent fits, and the reason says the
    request's only words are mentions, which routing leaves out (not "no words")."""
    decision = route("@docs:docs://readme/docs/guides", _registry())
    assert decision.agent is None
    assert "besides its MCP resource mentions (@server:uri)" in decision.reason
    assert route("", _registry()).reason == "the request has no words to route on"


async def test_coord_run_of_only_mentions_says_so(tmp_path: Path) -> None:
    """``coord run "@docs:docs://readme"``: the error names the mentions as the reason."""
    from coordinator.runtime.extras import session_extras

    ws = tmp_path / "ws"
    ws.mkdir()
    store = Store.open(tmp_path / "s.db")
    conf, registry = Settings(), _registry()
    extras = session_extras(ws, conf, registry, home=tmp_path, managed=None)
    engine = extras.engine(registry, InstantTurns({}), store, conf, ws, model=None)
    try:
        with pytest.raises(UserError) as caught:
            await engine.choose_agent("@docs:docs://readme/docs/guides")
    finally:
        store.close()
    assert "besides its MCP resource mentions" in str(caught.value)
