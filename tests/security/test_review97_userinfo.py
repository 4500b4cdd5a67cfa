"""A URL's user information where the URL cannot be parsed, or its password repeats its
user name (review97 of traces95): its token is still masked where shown and scrubbed from
what coord keeps. An http hook's URL is shown masked (``https://***@host``) in the
warning that refuses it, in listings and in the log, whatever its token's length."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coordinator import sanitize
from coordinator.runtime.hooks import HookEvent, load_hooks


@pytest.mark.parametrize(
    "url",
    [
        "http://me@corp.example:r97Tok3nAtSign@[::1",  # an unclosed IPv6 host, '@' in user
        "https://me@corp.example:r97Tok3nAtSign@[::1/v1/traces",
    ],
)
def test_an_unparsable_urls_password_after_an_at_sign_is_masked(url: str) -> None:
    """``urlsplit`` fails on the host; the user information still ends at the last ``@``
    before the path, as it would have once parsed: nothing of it is shown."""
    for shown in (sanitize.masked_url(url), sanitize.scrub_diagnostic(f"Failed: {url}")):
        assert "r97Tok3nAtSign" not in shown and "corp.example" not in shown, shown


def test_an_unparsable_urls_user_token_is_scrubbed_once_registered() -> None:
    """``OTEL_EXPORTER_OTLP_ENDPOINT=http://TOKEN@[::1`` (a typo): the exporter refuses it,
    yet the token, registered, never reaches what coord keeps (a request quoting it)."""
    sanitize.register_url_credentials("http://glc_r97UnparsedTok@[::1/v1/traces")
    assert sanitize.safe_text("use glc_r97UnparsedTok here") == "use [redacted] here"
    assert sanitize.url_secrets("postgresql://app:r97-pg-pass@[::1/db") == [
        "r97-pg-pass",
        "r97-pg-pass",
    ]  # (a PostgreSQL URL's role stays no secret)


def test_a_token_repeated_as_the_password_is_still_a_credential() -> None:
    """``https://TOKEN:TOKEN@host`` (HTTP Basic, both parts the token): a password repeating
    the user name is no secret of its own, yet a user name of an http URL is one."""
    url = "https://r97RepeatedToken:r97RepeatedToken@otlp.example"
    assert "r97RepeatedToken" in sanitize.url_secrets(url)
    sanitize.register_url_credentials(url)
    assert "r97RepeatedToken" not in sanitize.safe_text("token r97RepeatedToken")
    assert sanitize.url_secrets("postgresql://postgres:postgres@db/x") == []


def test_an_http_hooks_url_is_shown_masked_refused_or_listed(tmp_path: Path) -> None:
    """``allowedHttpHookUrls`` refuses one hook (its URL is never registered: the warning
    named its token as written) and keeps another whose token is short (never scrubbed
    by value): both are shown masked, as ``coord config`` shows a base URL."""
    home, ws, managed = tmp_path / "home", tmp_path / "ws", tmp_path / "managed.json"
    entries = [
        {"type": "http", "url": "https://glc_r97RefusedHook@elsewhere.example/x"},
        {"type": "http", "url": "https://r97k@hooks.corp.example/a"},
    ]
    files = {
        managed: {"allowedHttpHookUrls": ["https://*hooks.corp.example/*"]},
        home / ".claude/settings.json": {"hooks": {"Stop": [{"hooks": entries}]}},
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data), encoding="utf-8")
    ws.mkdir()
    found = load_hooks(ws, home=home, managed=managed)
    [warning] = [sanitize.safe_text(w) for w in found.warnings if "allowedHttpHookUrls" in w]
    assert "http hook https://***@elsewhere.example/x matches no" in warning
    assert "r97RefusedHook" not in warning
    [label] = [h.label() for h in found.for_event(HookEvent.STOP, "x")]
    assert label.endswith("POST https://***@hooks.corp.example/a") and "r97k" not in label


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://app:pw123456@db/x", "postgresql+psycopg://app:***@db/x"),
        ("mongodb+srv://reader:pw123456@cluster/x", "mongodb+srv://reader:***@cluster/x"),
        ("https://glc_tokentoken@otlp.example/v1", "https://***@otlp.example/v1"),
    ],
)
def test_a_database_urls_role_stays_shown_and_any_other_user_is_masked(
    url: str, shown: str
) -> None:
    """A database URL's user name is its role (shown, whatever driver suffix it carries);
    any other URL's user name may be the token and is masked."""
    assert sanitize.masked_url(url) == shown
