"""review102: what trust100 left or got wrong in http hooks and in scrubbing by shape.

* An http hook on a user's own settings raised out of the hook's run (a traceback, the
  session's turn lost): a URL's port past 65535 (anyio's ``OverflowError`` in an
  ``ExceptionGroup``), a port out of range in ``HTTP_PROXY``, a ``socks5://`` proxy without
  the ``socksio`` package (``ImportError``). Now the URL is refused when the settings are
  read (one line naming the file, the event and the URL) and a proxy's failure is the
  hook's error, naming the proxy setting.
* An http hook's error had every header value it sent redacted wherever it stood, so a
  short one (``X-Api-Version: 1``) cut ``':1'`` out of the error's text.
* A bare-token URL user with an empty password (``https://TOKEN:@github.com``, which git
  takes) was kept whole; an Azure DevOps clone URL (``https://ORG@dev.azure.com/ORG/…``)
  and a dotted login (``https://first.last2024@host``) lost their names.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_hooks_http import Server, http_hook, one_hook, payload

from coordinator import sanitize
from coordinator.runtime.hook_http import error_text
from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from coordinator.runtime.hooks import HookSource, parse_hooks

PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")

HERE = Path(__file__).parent  # an http hook's HookEnv: it reads no folder


@pytest.fixture
def hook_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """A loopback HTTP server for an http hook (:class:`test_hooks_http.Server`), no proxy."""
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    found = Server()
    found.thread.start()
    yield found
    found.httpd.shutdown()
    found.httpd.server_close()


def test_a_hook_url_with_a_port_out_of_range_is_one_line_naming_it() -> None:
    """``http://127.0.0.1:99999/h`` was loaded, and its POST raised an ExceptionGroup out of
    the hook's run; now the settings' reader names the file, the event and the port."""
    settings = Path("/u/settings.json")
    for url in ("http://127.0.0.1:99999/h", "https://hooks.example:-1/x", "http://[::1/h"):
        hooks, problems = parse_hooks(http_hook("Stop", url), HookSource.USER, settings, False)
        assert hooks == [], url
        [problem] = problems
        assert str(problem).startswith(f"{settings}: Stop: http hook 'url' "), problem
        assert "(entry ignored)" in str(problem) and "Traceback" not in str(problem)
    _, problems = parse_hooks(
        http_hook("Stop", "http://127.0.0.1:99999/h"), HookSource.USER, settings, False
    )
    assert "Port out of range 0-65535" in str(problems[0]), problems


async def test_a_proxys_port_out_of_range_is_the_hooks_error_naming_the_setting(
    hook_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``HTTP_PROXY=http://127.0.0.1:99999``: the hook's POST raised an ExceptionGroup
    (OverflowError) out of ``run_hook``; now it is the hook's error, naming the setting."""
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:99999")
    run = await run_hook(one_hook("Stop", hook_server.url), payload("Stop"), HookEnv(HERE))
    assert run.outcome == Outcome.ERROR, run
    assert "port must be 0-65535" in run.stderr and "HTTP_PROXY" in run.stderr, run.stderr
    assert hook_server.requests == []


@pytest.mark.skipif(importlib.util.find_spec("socksio") is not None, reason="socksio installed")
async def test_a_socks_proxy_without_its_package_is_the_hooks_error(
    hook_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ALL_PROXY=socks5://…`` without ``socksio``: an ImportError out of ``run_hook``
    (telling the user to install ``httpx[socks]``, a package coord does not use); now the
    hook's error says what is missing and which setting asked for it."""
    monkeypatch.setenv("ALL_PROXY", "socks5://r102ProxyTok3n@127.0.0.1:1080")
    run = await run_hook(one_hook("Stop", hook_server.url), payload("Stop"), HookEnv(HERE))
    assert run.outcome == Outcome.ERROR, run
    assert "socksio" in run.stderr and "ALL_PROXY" in run.stderr, run.stderr
    assert "r102ProxyTok3n" not in run.stderr and "httpx[socks]" not in run.stderr


def test_a_short_header_value_is_not_cut_out_of_an_error() -> None:
    """A hook sending ``X-Api-Version: 1`` and ``Content-Type: application/json``: its
    error ``Invalid port: ':1'`` read ``':[redacted]'``; a value the library quotes (an
    illegal one) is still redacted, as text and as bytes."""
    sent = ["1", "application/json"]
    error = ValueError("Invalid port: ':1' (sent as application/json)")
    assert error_text(error, sent) == "ValueError: Invalid port: ':1' (sent as application/json)"
    quoted = ValueError("Illegal header value b'r102Tok\\n' and 'r102Tok\\n'")
    assert error_text(quoted, [*sent, "r102Tok\n"]) == (
        "ValueError: Illegal header value [redacted] and [redacted]"
    )


def test_a_bare_token_user_with_an_empty_password_is_scrubbed() -> None:
    """``https://TOKEN:@github.com/x`` (git takes an empty password) was kept whole."""
    token = "ghp_r102EmptyPassTok3n0001"
    for text in (f"remote https://{token}:@github.com/a/b.git", f"git+https://{token}:@gh.example"):
        kept = sanitize.safe_text(text)
        assert token not in kept and "[redacted]:@" in kept, kept
        assert sanitize.has_url_password(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://contosoengineering2024@dev.azure.com/contosoengineering2024/app/_git/app",
        "https://jonathan.smith1987@bitbucket.org/team/app.git",
        "https://first.last.2024.example@git.example.com/x",
    ],
)
def test_an_account_name_shaped_like_a_login_is_kept(text: str) -> None:
    """An Azure DevOps clone URL names its organisation as the user and again in its path;
    a login written with dots (an email's own part) is no token: both were redacted."""
    assert sanitize.safe_text(text) == text
    assert not sanitize.has_url_password(text)


def test_a_token_user_named_nowhere_else_is_still_scrubbed() -> None:
    """What the login shapes leave to the token shape: an organisation-like name not
    repeated in the path, a long dotted token (a JWT)."""
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.r102SigNatureX"
    for user in ("contosoengineering2024", jwt):
        kept = sanitize.safe_text(f"https://{user}@dev.azure.com/other/app/_git/app")
        assert user not in kept, kept
