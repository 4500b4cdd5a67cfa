"""Providers kept for a process's lifetime, one per distinct client (``coord worker``).

A worker drives many sessions; building a provider for each builds a new ``anthropic`` SDK
client with its own HTTP connection pool and TLS context, and closes it after. A
:class:`ProviderPool` builds one provider per :class:`ProviderKey` (everything that makes
two sessions' clients differ: provider kind, where requests go, which credentials they
carry, which script answers them) and hands it to every session with that key; sessions
share it concurrently (one event loop: the SDK client, its connection pool and the
provider's memos are safe to share there). :meth:`ProviderPool.aclose` closes them all.

The model is chosen per request (``ModelRequest.model``), so it is not part of the key;
neither are timeouts or retries, which :func:`~coordinator.providers.factory.make_provider`
does not vary. Credentials (the API key, the auth token, a password inside the base URL)
enter the key only as a keyed digest (HMAC-SHA256 under a random per-process key): the key
can be printed, logged or compared without holding them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from coordinator.config import Settings
from coordinator.providers.base import Provider, ProviderKind

#: The HMAC key of the credentials digest: random per process, never stored.
_DIGEST_KEY = secrets.token_bytes(32)


@dataclass(frozen=True)
class ProviderKey:
    """What makes two sessions' providers differ, without any credential in clear.

    ``url``: the base URL without user info, query or fragment; ``secret``: a per-process
    digest of the full URL and of the credentials from the environment; ``script`` and
    ``stamp``: the resolved script path and its modification time and size (an edited
    script gets a provider of its own).
    """

    kind: str
    url: str | None = None
    script: str | None = None
    stamp: tuple[int, int] | None = None
    secret: str = field(default="", repr=False)

    def describe(self) -> str:
        """One line for a log: the kind and where requests go or which script answers."""
        return f"{self.kind} {self.script or self.url or 'default API'}"


def provider_key(
    kind: str | None,
    settings: Settings,
    *,
    script: Path | None = None,
    base_url: str | None = None,
) -> ProviderKey:
    """The key of the provider :func:`~coordinator.providers.factory.make_provider` builds
    for the same arguments (the same choice of URL and credentials)."""
    if kind == ProviderKind.SCRIPTED:
        if script is None:  # make_provider says why
            return ProviderKey(ProviderKind.SCRIPTED)
        path = script.resolve()
        try:
            info = path.stat()
            stamp: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = None  # make_provider says why
        return ProviderKey(ProviderKind.SCRIPTED, script=str(path), stamp=stamp)
    url = base_url or settings.base_url
    credentials = "\0".join(
        (
            url or "",
            os.environ.get("ANTHROPIC_API_KEY") or "",
            os.environ.get("ANTHROPIC_AUTH_TOKEN") or "",
        )
    )
    digest = hmac.new(_DIGEST_KEY, credentials.encode(), hashlib.sha256).hexdigest()
    return ProviderKey(kind or ProviderKind.ANTHROPIC, url=_public(url), secret=digest)


def _public(url: str | None) -> str | None:
    """``url`` without user info, query or fragment (where credentials may be)."""
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port is not None else host
    except ValueError:
        return "(unparsable URL)"  # make_provider or the SDK says why
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class ProviderPool:
    """One provider per :class:`ProviderKey`, built on first use, closed by :meth:`aclose`."""

    def __init__(self) -> None:
        self._providers: dict[ProviderKey, Provider] = {}

    def __len__(self) -> int:
        return len(self._providers)

    def keys(self) -> list[ProviderKey]:
        """The keys of the providers built so far."""
        return list(self._providers)

    def get(
        self,
        kind: str | None,
        settings: Settings,
        *,
        script: Path | None = None,
        base_url: str | None = None,
        script_from: str = "--script",
    ) -> Provider:
        """The provider for these arguments: the one built before for the same key, else a
        new one (UserError as :func:`~coordinator.providers.factory.make_provider`, the
        script named by ``script_from``)."""
        from coordinator.providers.factory import make_provider

        key = provider_key(kind, settings, script=script, base_url=base_url)
        provider = self._providers.get(key)
        if provider is None:  # no await between the look-up and the insert: no race
            provider = make_provider(
                kind, settings, script=script, base_url=base_url, script_from=script_from
            )
            self._providers[key] = provider
        return provider

    async def aclose(self) -> None:
        """Close every provider (each once, even when one fails) and forget them."""
        providers, self._providers = list(self._providers.values()), {}
        errors: list[BaseException] = []
        for provider in providers:
            try:
                await provider.aclose()
            except Exception as exc:  # close the others first
                errors.append(exc)
        if errors:
            raise errors[0]
