"""Choose and build the provider for a run. Imports the SDK only when called."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from coordinator.config import Settings
from coordinator.errors import UserError
from coordinator.providers.base import Provider, is_loopback

KINDS = ("anthropic", "scripted")
NO_KEY_HINT = "set it, or try the offline demo: coord demo (or --provider scripted --script FILE)"


def make_provider(
    kind: str | None,
    settings: Settings,
    *,
    script: Path | None = None,
    base_url: str | None = None,
) -> Provider:
    """The provider for ``kind`` ("anthropic", "scripted" or None for "anthropic").

    ``base_url`` (a flag) wins over ``settings.base_url`` (config or ``ANTHROPIC_BASE_URL``).
    A loopback ``base_url`` (a local Messages API server such as Ollama or llama.cpp) works
    without a key. The model is chosen per request (``ModelRequest.model``), not here.
    """
    if kind is not None and kind not in KINDS:
        raise UserError(f"unknown provider '{kind}'", hint=f"use one of: {', '.join(KINDS)}")
    if kind == "scripted":
        if script is None:
            raise UserError(
                "the scripted provider needs a script", hint="pass --script FILE (YAML)"
            )
        from coordinator.providers.scripted import ScriptedProvider

        return ScriptedProvider.from_file(script)
    url = base_url or settings.base_url
    api_key = os.environ.get("ANTHROPIC_API_KEY") or None
    auth_token = os.environ.get("ANTHROPIC_AUTH_TOKEN") or None
    if api_key is None and auth_token is None:
        if url is None or not is_loopback(urlparse(url).hostname or ""):
            raise UserError("no ANTHROPIC_API_KEY is set", hint=NO_KEY_HINT)
        api_key = "local-server"
    from coordinator.providers.anthropic import AnthropicProvider

    return AnthropicProvider(api_key=api_key, auth_token=auth_token, base_url=url)
