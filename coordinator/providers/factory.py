"""Choose and build the provider for a run. Imports the SDK only when called (a command
that only queues sessions: at its first model call, :class:`BuiltLater`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from coordinator.config import Settings
from coordinator.errors import UserError, cannot_read
from coordinator.providers.base import (
    ModelRequest,
    ModelResponse,
    Provider,
    ProviderError,
    ProviderKind,
    call_bound,
    is_loopback,
)
from coordinator.request_text import reads_stdin
from coordinator.sanitize import register_secret, url_secrets

if TYPE_CHECKING:
    from coordinator.providers.script import ScriptedModel

KINDS = tuple(ProviderKind)
NO_KEY_HINT = (
    "Set it (export ANTHROPIC_API_KEY=…), or try the offline demo: `coord demo`"
    " (or --provider scripted --script FILE)."
)
#: How a message names the script a resumed session remembers (not a ``--script`` the
#: user typed): :attr:`~coordinator.runtime.options.ModelChoice.script_from`.
REMEMBERED_SCRIPT = "the session's remembered script"


def make_provider(
    kind: str | None,
    settings: Settings,
    *,
    script: Path | None = None,
    base_url: str | None = None,
    script_from: str = "--script",
) -> Provider:
    """The provider for ``kind`` ("anthropic", "scripted" or None for "anthropic"):
    :func:`prepare_provider`, then built."""
    ready = prepare_provider(
        kind, settings, script=script, base_url=base_url, script_from=script_from
    )
    return ready.build()


@dataclass(frozen=True)
class ReadyProvider:
    """A provider's input, read and checked (:func:`prepare_provider`): the scripted
    provider's script, or the Anthropic one's credentials and base URL. :meth:`build` makes
    the provider, and only it imports the SDK."""

    script: ScriptedModel | None = None
    api_key: str | None = field(default=None, repr=False)
    auth_token: str | None = field(default=None, repr=False)
    base_url: str | None = None
    #: No key here, and none needed: the command only queues sessions for the workers,
    #: which call the model with their own (:class:`KeyElsewhere`).
    key_elsewhere: bool = False

    def build(self) -> Provider:
        """The provider (the SDK imported now)."""
        if self.key_elsewhere:
            return KeyElsewhere()
        if self.script is not None:
            from coordinator.providers.scripted import ScriptedProvider

            return ScriptedProvider(self.script)
        from coordinator.providers.anthropic import AnthropicProvider

        return AnthropicProvider(
            api_key=self.api_key, auth_token=self.auth_token, base_url=self.base_url
        )

    def build_later(self) -> Provider:
        """The provider of a command that only queues sessions for the workers: built (the
        SDK imported) at its first call, if one is made here (a prompt hook, ``router:
        llm``); a command that makes none never imports the SDK. Its input was checked
        already (:func:`prepare_provider`); what only building finds (a proxy setting httpx
        cannot use) is then that first call's error, as it would be the workers' own."""
        return KeyElsewhere() if self.key_elsewhere else BuiltLater(self)


class BuiltLater:
    """A provider built from its :class:`ReadyProvider` at its first :meth:`complete`
    (:meth:`ReadyProvider.build_later`); its name is known before."""

    def __init__(self, ready: ReadyProvider):
        self._ready = ready
        self._built: Provider | None = None
        kind = ProviderKind.SCRIPTED if ready.script is not None else ProviderKind.ANTHROPIC
        self.name: str = kind.value

    @property
    def call_bound(self) -> float | None:
        """The built provider's bound on one call (None: not built yet, or it names none)."""
        return None if self._built is None else call_bound(self._built)

    async def complete(self, request: ModelRequest) -> ModelResponse:
        """Build the provider on the first call (no await between the check and the build,
        so concurrent first calls build one), then send ``request`` through it."""
        if self._built is None:
            self._built = self._ready.build()
        return await self._built.complete(request)

    async def aclose(self) -> None:
        """Close the provider, if it was built."""
        if self._built is not None:
            await self._built.aclose()


class KeyElsewhere:
    """The provider of a command that only queues sessions (``--detach``, a resume on a
    shared store) on a machine without a key: the workers call the model with theirs. A
    call made here anyway (a prompt hook, ``router: llm``) fails as a model outage does:
    the hook's error does not block, the router falls back to the lexical choice."""

    name: str = ProviderKind.ANTHROPIC.value

    async def complete(self, request: ModelRequest) -> ModelResponse:
        """Refuse the call: no key on this machine."""
        raise ProviderError(
            "no ANTHROPIC_API_KEY is set on this machine: it only queues the session "
            "(the workers call the model with their own key)"
        )

    async def aclose(self) -> None:
        """Nothing to release."""


def prepare_provider(
    kind: str | None,
    settings: Settings,
    *,
    script: Path | None = None,
    base_url: str | None = None,
    key_elsewhere: bool = False,
    script_from: str = "--script",
) -> ReadyProvider:
    """What the provider for ``kind`` is built from, its bad input a UserError now: a
    malformed script, a missing key. No SDK import and no file made, so a command checks
    it before it makes its store (nothing is left behind) and before the SDK loads.

    ``base_url`` (a flag) wins over ``settings.base_url`` (``ANTHROPIC_BASE_URL``, else a
    config file outside the workspace: see :mod:`coordinator.config`). Credentials inside
    the URL are scrubbed from everything coordinator stores or prints.
    A loopback ``base_url`` (a local Messages API server such as Ollama or llama.cpp) works
    without a key. The model is chosen per request (``ModelRequest.model``), not here.
    ``key_elsewhere``: the command only queues sessions for the workers, so no key is
    needed here (:class:`KeyElsewhere` when there is none). ``script_from``: how an error
    names the script (the flag, or :data:`REMEMBERED_SCRIPT`).
    """
    check_provider(kind, script, script_from)
    if kind == ProviderKind.SCRIPTED and script is not None:
        from coordinator.providers.script import load_script

        return ReadyProvider(script=load_script(script, flag=script_from))
    url = base_url or settings.base_url
    for secret in url_secrets(url):
        register_secret(secret)
    api_key = os.environ.get("ANTHROPIC_API_KEY") or None
    auth_token = os.environ.get("ANTHROPIC_AUTH_TOKEN") or None
    if api_key is None and auth_token is None:
        if key_elsewhere:
            return ReadyProvider(base_url=url, key_elsewhere=True)
        if url is None or not is_loopback(urlparse(url).hostname or ""):
            raise UserError("no ANTHROPIC_API_KEY is set", hint=NO_KEY_HINT)
        api_key = "local-server"
    return ReadyProvider(api_key=api_key, auth_token=auth_token, base_url=url)


def check_provider(kind: str | None, script: Path | None, script_from: str = "--script") -> None:
    """UserError for provider flags that cannot work: an unknown provider, the scripted one
    without a script, a script given to another provider, or a script that cannot be
    opened (named by ``script_from``: the flag, or :data:`REMEMBERED_SCRIPT` with what to
    do). Cheap (no SDK, no YAML), so a command checks it before routing: a bad flag is
    named as such, not as "no agent fits"."""
    if kind is not None and kind not in KINDS:
        raise UserError(f"unknown provider '{kind}'", hint=f"Use one of: {', '.join(KINDS)}.")
    if kind != ProviderKind.SCRIPTED:
        if kind is not None and script is not None:  # dropped silently, the run online
            raise UserError(
                f"--script is for the scripted provider, not --provider {kind}",
                hint="Drop --provider (--script alone runs offline), or drop --script.",
            )
        return
    if script is None:
        raise UserError("the scripted provider needs a script", hint="Pass --script FILE (YAML).")
    if reads_stdin(script):  # the one file flag that does not read standard input
        raise UserError(
            f"{script_from} -: a script is read from a file (coord resume reads it again)",
            hint="Save it to a file and pass --script FILE.",
        )
    try:
        script.open("rb").close()
    except OSError as exc:
        error = cannot_read(script_from, script, exc)
        if script_from != REMEMBERED_SCRIPT:
            raise error from None
        raise UserError(
            error.message,
            hint="Put it back, pass --script FILE to resume with another, or --provider"
            " anthropic to resume with the model.",
        ) from None


def resumed_base_url(stored: str | None, settings: Settings) -> str | None:
    """The base URL a session was started with (kept in its database), to resume it there.

    The database is a file, so the stored value is trusted only where it cannot leak the
    key: a loopback server, or the address the user's settings name anyway. Any other
    address must be passed again with ``--base-url`` (UserError saying so).
    """
    if (
        stored is None
        or is_loopback(urlparse(stored).hostname or "")
        or stored == settings.base_url
    ):
        return stored
    raise UserError(
        f"this session was started with --base-url {stored}",
        hint=f"To resume it there, pass --base-url {stored} again (the key goes only to "
        "addresses you name, never to one read back from a file).",
    )
