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

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kit import Harness, report
from test_hooks_http import Server, one_hook, payload
from test_review22_secrets import _repo_with_token_remote, shown, stored_text

from coordinator import sanitize
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook

HERE = Path(__file__).parent  # an http hook's HookEnv: it reads no folder


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
    run = await run_hook(one_hook("Stop", hook_server.url), payload("Stop"), HookEnv(HERE))
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
    run = await run_hook(hook, payload("Stop"), HookEnv(HERE))
    assert run.outcome == Outcome.ERROR and "header value" in run.stderr, run.stderr
    assert "t100Key" not in run.stderr and 'Q"z9' not in run.stderr, run.stderr
    assert hook_server.requests == []


def stored(text: str) -> Any:
    """``text`` as the store keeps it (its parameters) and the terminal shows it."""
    kept = sanitize.safe_params((text,))[0]
    assert sanitize.safe_text(text) == kept
    return kept


ORDINARY = (
    "git@github.com:acme/app.git",
    "ssh deploy@build.example.com",
    "mail t100.reviewer2024@example.com",
    "ssh://git@github.com/acme/app.git",
    "https://alice@bitbucket.org/team/app.git",
    "postgresql://t100_app_role_2024@db.example/app",
    "https://medium.com/@t100author2024writes",
)


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed")
async def test_a_bare_token_urls_user_is_scrubbed_from_an_answer_and_a_tools_output(
    tmp_path: Path,
) -> None:
    """A git remote ``https://TOKEN@github.com/...`` (no password: the token is the user
    name) that coord never registered: ``git remote -v`` in Bash printed it, the agent's
    answer quoted it, and the store and ``coord log`` kept it whole. Ordinary text holding
    an ``@`` is kept as written."""
    token = "ghp_t100BareUserTok3n0001"
    answer = f"Pushed to https://{token}@github.com/acme/app.git; " + "; ".join(ORDINARY)
    spec = AgentSpec(name="ops", description="devops", domain="devops", tools=["Bash"],
                     body="You are ops.")  # fmt: skip
    bash = {"name": "Bash", "input": {"command": "git remote -v"}, "id": "toolu_bash"}
    script = {"ops": [{"tool_calls": [bash]}, {"text": report("Complete", answer)}]}
    h = Harness(tmp_path, script, registry=Registry([spec]), allow_bash=True)
    _repo_with_token_remote(h.ws, f"https://{token}@github.com/a/b")
    result = await h.engine.start("Check the remote", agent="ops")
    [call] = h.store.all_tool_calls(result.session_id)
    assert "https://[redacted]@github.com/a/b" in (call.result or ""), call.result
    for text in (stored_text(h.db), shown(h.db, result.session_id)):
        assert token not in text
        for ordinary in ORDINARY:
            assert ordinary in text, ordinary
    h.close()


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_with_an_at_sign_is_kept_as_written(text: str) -> None:
    """What the shape of a token user name must leave alone: a login, an email address,
    a short user name, a database URL's role, an ``@`` in a URL's path."""
    assert stored(text) == text


def test_a_user_name_of_digits_is_scrubbed_as_a_number_of_its_own_only(tmp_path: Path) -> None:
    """An OTLP endpoint ``https://73019264:glc_…@otlp.example`` (an instance's number as
    the user name, 8+ characters: registered as a credential): every number holding it
    (``1730192648``, an id, a count) became ``1[redacted]8`` in the log and the store. It is
    now scrubbed where it stands alone, and the password wherever it stands."""
    sanitize.register_url_credentials("https://73019264:glc_t100PassW0rd@otlp.example/v1")
    text = "ids 1730192648 and 730192640; user 73019264, 'u=73019264'; glc_t100PassW0rd!"
    kept = stored(text)
    assert kept == ("ids 1730192648 and 730192640; user [redacted], 'u=[redacted]'; [redacted]!"), (
        kept
    )
    assert sanitize.scrub(text) == kept
    assert sanitize.scrubbed_line("took 9730192641 ms\n", 80) == "took 9730192641 ms"
