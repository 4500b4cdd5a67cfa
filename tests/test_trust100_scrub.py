"""trust100: secrets in text coord keeps or prints, recognised by their shape.

* An http hook's "no answer" error (httpx's message) went to the log, the store and the
  terminal as the library wrote it: a proxy URL's token it echoed, a header value it
  quoted escaped (where no scrub of the value itself finds it).
* A URL whose user information is a bare token (``https://ghp_…@github.com/x``, as ``git
  remote -v`` prints a remote) in free text coord never registered (an agent's answer, a
  tool's output) was kept and shown as written; ordinary text (``git@github.com:x/y``,
  email addresses, ``ssh user@host``) must stay as it is, and a database URL keeps its
  role's name.
* A registered user name of 8+ digits was scrubbed out of every number holding it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_hooks_http import Server, one_hook, payload

from coordinator import sanitize
from coordinator.runtime.hook_run import Outcome, run_hook


@pytest.fixture
def hook_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """A loopback HTTP server for an http hook (:class:`test_hooks_http.Server`), no proxy."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    found = Server()
    found.thread.start()
    yield found
    found.httpd.shutdown()
    found.httpd.server_close()


async def test_an_http_hooks_error_never_carries_a_proxys_token(
    hook_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ALL_PROXY=socks4://TOKEN@proxy`` (a scheme httpx does not speak): its error named
    the proxy URL with the token, which the hook's run kept as its error."""
    monkeypatch.setenv("ALL_PROXY", "socks4://t100ProxyTok3n@127.0.0.1:1080")
    run = await run_hook(one_hook("Stop", hook_server.url), payload("Stop"), None)  # type: ignore[arg-type]
    assert run.outcome == Outcome.ERROR
    assert "t100ProxyTok3n" not in run.stderr, run.stderr
    assert "proxy URL" in run.stderr and "127.0.0.1:1080" in run.stderr, run.stderr


async def test_an_http_hooks_error_never_quotes_a_header_value(
    hook_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header value httpx refuses (a newline a token file ended with, a quote in it) is
    quoted escaped in its error: the registered value, as written, was not found there."""
    monkeypatch.setenv("HOOK_KEY", "t100Key'Q\"z9\n")
    hook = one_hook(
        "Stop", hook_server.url, headers={"X-Api-Key": "${HOOK_KEY}"}, allowedEnvVars=["HOOK_KEY"]
    )
    run = await run_hook(hook, payload("Stop"), None)  # type: ignore[arg-type]
    assert run.outcome == Outcome.ERROR and "header value" in run.stderr, run.stderr
    assert "t100Key" not in run.stderr and "Q\"z9" not in run.stderr, run.stderr
    assert hook_server.requests == []


def stored(text: str) -> Any:
    """``text`` as the store keeps it (its parameters) and the terminal shows it."""
    kept = sanitize.safe_params((text,))[0]
    assert sanitize.safe_text(text) == kept
    return kept
