"""The Anthropic Messages API provider, on the official ``anthropic`` SDK.

One :meth:`AnthropicProvider.complete` call is one Messages API request; the engine owns the
tool loop. This module imports the SDK, so import it only when a run starts.

* The request is the body ``messages.create`` would send, encoded as JSON bytes (each
  agent's fixed part, the system prompt and tools, encoded once: :mod:`.body`) and sent
  through the SDK client (``client.request`` with the options ``client.post`` would build,
  copied from the agent's: its headers, auth, retries, timeouts and typed errors); the reply
  is read as JSON. The typed method's copy of the whole history on every call and its
  response models are skipped (``tests/test_provider_lean_post.py``). The client coordinator
  builds itself is :class:`~.sdk_client.LeanAsyncAnthropic`, which builds each kind of
  request once.

* Prompt caching: ``cache_control`` breakpoints on the last tool, the system prompt and the
  last block of the last message (3 of the API's 4).
* Retries: the SDK retries 408/409/429/5xx/529 and connection errors ``max_retries`` times,
  honouring ``retry-after``; on top, ``retry_budget`` more rounds with exponential backoff
  (or the server's ``retry-after``), then :class:`RetriesExhausted` (resumable).
* No-network switch: with ``COORDINATOR_ALLOW_MODEL_REQUESTS=0`` a request to a host that is
  not loopback fails before any I/O, unless the caller injected its own client/transport.
* Every configured secret is scrubbed from the errors this module raises (and its repr)
  and from the requests it sends; lone surrogates are replaced by U+FFFD in both
  directions (:mod:`coordinator.sanitize`), so a reply with ``"\\ud800"`` can be stored.
* A rejected key (401) raises :class:`~coordinator.providers.base.KeyRejected`, a key
  without access (403) :class:`~coordinator.providers.base.AccessRefused`, an unknown model
  (404) :class:`~coordinator.providers.base.ModelNotFound`: user errors, one line at
  the CLI, before or in the middle of a run (the session is left interrupted).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import ssl
import warnings
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import quote

import anthropic
import httpx2
from anthropic import RequestOptions
from anthropic._models import FinalRequestOptions

from coordinator.errors import CoordinatorError, UserError
from coordinator.providers.base import (
    JSON,
    AccessRefused,
    ApiError,
    ContextWindowExceeded,
    KeyRejected,
    ModelNotFound,
    ModelRefused,
    ModelRequest,
    ModelResponse,
    ProviderError,
    ProviderKind,
    RetriesExhausted,
    StopReason,
    Usage,
    is_loopback,
    model_requests_allowed,
    requests_switched_off,
)
from coordinator.providers.body import (
    BodyEncoder,
    sendable_messages,
    static_params,
    with_message_breakpoint,
)
from coordinator.providers.proxies import proxy_problem
from coordinator.providers.sdk_client import LeanAsyncAnthropic
from coordinator.sanitize import clean_json, safe_cut, safe_json, scrub

log = logging.getLogger(__name__)

#: Header naming the specialist on every request (the scripted provider routes on it).
AGENT_HEADER = "x-coordinator-agent"
#: Keys coordinator itself passes where no credential is needed: not secrets.
PLACEHOLDER_KEYS = frozenset({"scripted", "local-server"})
_TOO_LONG = ("prompt is too long", "exceed context limit", "context window")
MESSAGES_PATH = "/v1/messages"
ACCESS_HINT = (
    "use a key whose workspace may use this model (https://console.anthropic.com/settings/keys), "
    "or another model (--model)"
)
MODEL_HINT = (
    "check the model's name (--model, the agent's `model:`, `default_model` in settings) and "
    "the base URL (--base-url, ANTHROPIC_BASE_URL)"
)
AUTH_HINT = (
    "set ANTHROPIC_API_KEY to a valid key (https://console.anthropic.com/settings/keys), "
    "or try the offline demo: coord demo --offline"
)


class PassThrough(anthropic.AnthropicError):
    """Carries a coordinator error raised below the SDK (a transport or request hook) up
    through it unchanged: the SDK neither wraps nor retries its own error types."""

    def __init__(self, error: CoordinatorError):
        super().__init__(str(error))
        self.error = error


async def network_guard(request: httpx2.Request) -> None:
    """httpx request hook: refuse non-loopback hosts while model requests are switched off."""
    host = request.url.host
    if model_requests_allowed() or is_loopback(host):
        return
    raise PassThrough(
        ProviderError(
            f"model requests to {host} are switched off ({requests_switched_off()}); "
            "only loopback servers and injected transports are allowed"
        )
    )


def guarded_http_client(**kwargs: Any) -> httpx2.AsyncClient:
    """The SDK's default HTTP client (its timeouts, limits, proxies) plus the network guard.

    Clients share one TLS context per CA setting: building one reads the whole CA bundle
    (~40 ms of CPU), which a worker would otherwise pay for every session it drives.
    """
    kwargs.setdefault(
        "verify",
        shared_ssl_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")),
    )
    client: httpx2.AsyncClient = anthropic.DefaultAsyncHttpxClient(
        event_hooks={"request": [network_guard]}, **kwargs
    )
    return client


def _http_client(timeout: float) -> httpx2.AsyncClient:
    """:func:`guarded_http_client`; a proxy setting httpx cannot use (a SOCKS proxy without
    socksio, a port that is no number, another scheme) is a UserError naming those settings
    (review127: a traceback)."""
    try:
        return guarded_http_client(timeout=timeout)
    except (httpx2.InvalidURL, ValueError, ImportError) as exc:
        raise UserError(
            f"cannot reach the model API through the proxy: {proxy_problem(exc)}",
            hint="fix or unset that proxy setting of the environment",
        ) from None


@functools.lru_cache(maxsize=4)
def shared_ssl_context(cafile: str | None, capath: str | None) -> ssl.SSLContext:
    """The TLS context httpx2 builds by default, once per process for each pair of
    ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` values (the cache key; httpx2 reads them itself)."""
    return httpx2.create_ssl_context()


#: The stop reasons of a reply that was billed but ends its run (:class:`ModelRefused`,
#: :class:`ContextWindowExceeded`).
_BILLED_FAILURES = frozenset({StopReason.REFUSAL, StopReason.CONTEXT_EXCEEDED})
#: The port of a base URL that names none, by scheme.
_DEFAULT_PORTS = {"https": 443, "http": 80}


def server_of(url: httpx2.URL) -> str:
    """``host:port`` of ``url`` (an IPv6 host in brackets; the scheme's port when it names
    none): what a trace's ``server.address`` and ``server.port`` say, never its user, password,
    path or query. "" when it names no host."""
    host = url.host
    if not host:
        return ""
    port = url.port or _DEFAULT_PORTS.get(url.scheme, 0)
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{port}" if port else shown


class AnthropicProvider:
    """A :class:`~coordinator.providers.base.Provider` over ``anthropic.AsyncAnthropic``.

    Pass ``client`` to use a ready client (its retries and transport are used as they are),
    or ``transport`` to serve requests from an ``httpx2`` transport (tests, the scripted
    provider), or neither to talk to ``base_url`` (default: the SDK's, i.e. the API).
    Each response names its server: ``host:port`` of the base URL (:func:`server_of`).
    """

    #: Whether its responses name the server of its base URL (the scripted one has none).
    has_server: ClassVar[bool] = True

    def __init__(
        self,
        *,
        client: anthropic.AsyncAnthropic | None = None,
        api_key: str | None = None,
        auth_token: str | None = None,
        base_url: str | None = None,
        transport: httpx2.AsyncBaseTransport | None = None,
        max_retries: int = 2,
        retry_budget: int = 2,
        backoff: float = 2.0,
        max_backoff: float = 60.0,
        timeout: float = 600.0,
        name: str = ProviderKind.ANTHROPIC.value,
    ):
        self.name = name
        self._retry_budget = max(0, retry_budget)
        self._backoff = backoff
        self._max_backoff = max_backoff
        if client is None:
            http = (
                httpx2.AsyncClient(transport=transport, timeout=timeout)
                if transport is not None
                else _http_client(timeout)
            )
            client = LeanAsyncAnthropic(
                api_key=api_key,
                auth_token=auth_token if api_key is None else None,
                base_url=base_url,
                max_retries=max_retries,
                timeout=timeout,
                http_client=http,
            )
        self._client = client
        self.call_bound = _call_bound(client, self._retry_budget, max_backoff)
        self._agent_options: dict[tuple[str, str], FinalRequestOptions] = {}
        self._bodies = BodyEncoder()
        self._url_base: httpx2.URL | None = None
        self._url = ""
        self._server = ""
        # Every credential is scrubbed, whatever its length; coordinator's placeholders are not.
        self._secrets = [
            s for s in (client.api_key, client.auth_token) if s and s not in PLACEHOLDER_KEYS
        ]

    #: The longest one :meth:`complete` may take by its own bounds (None: unbounded), for a
    #: worker's stall watch (:func:`~coordinator.providers.base.call_bound`).
    call_bound: float | None

    def __repr__(self) -> str:
        url = self._scrub(str(self._client.base_url))
        return f"AnthropicProvider(name={self.name!r}, base_url={url!r})"

    @property
    def base_url(self) -> str:
        """Where requests go."""
        return str(self._client.base_url)

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.close()

    async def complete(self, request: ModelRequest) -> ModelResponse:
        """One ``messages.create`` call, with retries; see the module docstring."""
        _warn_if_deprecated(request.model)
        body = self._bodies.encode(request)
        template = self._final_options(request.agent)
        attempts = self._retry_budget + 1
        for attempt in range(attempts):
            try:
                # The body as JSON bytes and the response as httpx's: the engine builds plain
                # JSON and stores plain JSON, so the typed wrapper's copy of the whole history
                # (``copy_tree``) and its Message models are skipped. The SDK's client still
                # sends it: its headers, auth, retries, timeouts, error types. The options are
                # what ``client.post`` would construct, copied from the agent's with this body.
                options = template.model_copy(update={"content": body})
                response = await self._client.request(httpx2.Response, options)
                message, known_clean = _read_json(response.content)
                request_id = response.headers.get("request-id")
            except PassThrough as exc:
                raise exc.error from None
            except anthropic.APIError as exc:
                if not _transient(exc):
                    raise self._permanent_error(exc) from None
                if attempt + 1 >= attempts:
                    exhausted = RetriesExhausted(
                        self._scrub(
                            f"the model API kept failing after {attempts} attempt"
                            f"{'s' if attempts > 1 else ''} (each with the SDK's own retries): "
                            f"{_describe(exc)}; try again later, the run can be resumed"
                        )
                    )
                    exhausted.api_error = api_error(exc)
                    raise exhausted from None
                delay = self._delay(attempt, exc)
                why = self._scrub(_describe(exc))
                log.info("model call failed (%s); retrying in %.2f s", why, delay)
                await asyncio.sleep(delay)
                continue
            return self._response(message, request_id, known_clean)
        raise RuntimeError("unreachable: the retry loop always returns or raises")

    def _messages_url(self) -> str:
        """``/v1/messages`` under the client's base URL, merged as the SDK merges a path,
        but once per base URL: the SDK then parses one absolute URL instead of two."""
        base = self._client.base_url
        if base is not self._url_base:
            self._url = str(base.copy_with(raw_path=base.raw_path + MESSAGES_PATH[1:].encode()))
            self._url_base = base
            self._server = server_of(base) if self.has_server else ""
        return self._url

    def _options(self, agent: str) -> RequestOptions:
        """The request options for ``agent``'s calls, as ``client.post`` takes them."""
        return {"headers": {AGENT_HEADER: quote(agent, safe="")}}

    def _final_options(self, agent: str) -> FinalRequestOptions:
        """What ``client.post`` would construct for ``agent``'s calls but the body, built once
        per agent and base URL (``FinalRequestOptions.construct`` costs ~40 µs, a copy ~5)."""
        url = self._messages_url()
        options = self._agent_options.get((agent, url))
        if options is None:
            # No SDK span of its own: coordinator's traces have a ``chat`` span per call.
            options = FinalRequestOptions.construct(method="post", url=url, **self._options(agent))
            self._agent_options[(agent, url)] = options
        return options

    def _delay(self, attempt: int, exc: anthropic.APIError) -> float:
        retry_after = _retry_after(exc)
        if retry_after is not None:
            return min(retry_after, self._max_backoff)
        return float(min(self._backoff * (2**attempt), self._max_backoff))

    def _response(self, message: Any, request_id: str | None, known_clean: bool) -> ModelResponse:
        if not isinstance(message, dict) or not isinstance(message.get("content"), list):
            raise ProviderError(f"the model API answered with no message content: {message!r:.200}")
        u = message.get("usage") or {}
        blocks = [
            {k: v for k, v in block.items() if v is not None}
            for block in message["content"]
            if isinstance(block, dict)
        ]
        # Both built positionally, in their fields' order (a class called with keywords is
        # given them as a dict, unpacked again for its ``__init__``: ~4 K instructions each).
        usage = Usage(
            u.get("input_tokens") or 0,
            u.get("output_tokens") or 0,
            u.get("cache_creation_input_tokens") or 0,  # cache_creation_input_tokens
            u.get("cache_read_input_tokens") or 0,  # cache_read_input_tokens
        )
        response = ModelResponse(
            blocks if known_clean else [clean_json(block) for block in blocks],  # content
            message.get("stop_reason"),
            usage,
            message.get("model") or "",
            request_id,
            message.get("id") if isinstance(message.get("id"), str) else None,  # response_id
            self._server,
        )
        if response.stop_reason in _BILLED_FAILURES:
            raise self._billed_failure(response)
        return response

    def _billed_failure(self, response: ModelResponse) -> ProviderError:
        """The error of a reply that was billed but ends the run (:data:`_BILLED_FAILURES`),
        naming the server that gave it (never its credentials, path or query), with its
        usage, stop reason, message id and server for its ``model_call`` event."""
        at = f"from {self._server}" if self._server else ""
        if response.stop_reason == StopReason.REFUSAL:
            said = f"stop_reason: refusal; {at}" if at else "stop_reason: refusal"
            error: ProviderError = ModelRefused(f"the model declined to continue ({said})")
        else:
            said = f" ({at})" if at else ""
            error = ContextWindowExceeded(
                f"the conversation no longer fits the model's context window{said}"
            )
        error.usage, error.stop_reason = response.usage, response.stop_reason
        error.response_id, error.server = response.response_id, response.server
        return error

    def _permanent_error(self, exc: anthropic.APIError) -> CoordinatorError:
        if isinstance(exc, anthropic.AuthenticationError):
            kind = self._scrub(exc.type or "authentication_error")
            return KeyRejected(f"the API rejected the key ({exc.status_code} {kind})", AUTH_HINT)
        text = self._scrub(_describe(exc))
        if isinstance(exc, anthropic.PermissionDeniedError):
            return AccessRefused(f"the API refused the call ({text})", ACCESS_HINT)
        if isinstance(exc, anthropic.NotFoundError):
            return ModelNotFound(f"the API found no such model ({text})", MODEL_HINT)
        if isinstance(exc, anthropic.BadRequestError) and _too_long(exc):
            return ContextWindowExceeded(f"the conversation is too long for the model: {text}")
        error = ProviderError(f"the model API returned an error: {text}")
        error.api_error = api_error(exc)
        return error

    def _scrub(self, text: str) -> str:
        return scrub(text, self._secrets)


def _read_json(raw: bytes) -> tuple[Any, bool]:
    """The reply parsed, and whether it is known to hold no lone surrogate: strict UTF-8
    with no ``\\ud…`` escape (``json.loads`` would turn either into one). A reply that is not
    JSON (a proxy's HTML page, a cut-off body) is a :class:`ProviderError`."""
    try:
        try:
            text = raw.decode()
        except UnicodeDecodeError:
            return json.loads(raw), False
        return json.loads(text), "\\ud" not in text and "\\uD" not in text
    except ValueError:  # JSONDecodeError, or bytes in no encoding JSON allows
        # (scrubbed whole: cut first, a scrub that shortens what came before, a URL's
        # long password, moved a key the cut went through into the 120 shown)
        shown = safe_cut(raw.decode("utf-8", "replace"), 120)
        raise ProviderError(
            f"the model API answered with a body that is not JSON: {shown!r}", resumable=True
        ) from None


def _deprecated_models() -> Mapping[str, str]:
    """The SDK's table of models near their end of life (empty if a later SDK moves it)."""
    try:
        from anthropic._data import DEPRECATED_MODELS
    except ImportError:  # the warning is a courtesy: never a reason to fail a call
        return {}
    return DEPRECATED_MODELS


DEPRECATED_MODELS = _deprecated_models()


def _warn_if_deprecated(model: str) -> None:
    """The warning ``messages.create`` gives for a model near its end of life."""
    if model in DEPRECATED_MODELS:
        warnings.warn(
            f"The model '{model}' is deprecated and will reach end-of-life on "
            f"{DEPRECATED_MODELS[model]}.\nPlease migrate to a newer model. Visit "
            "https://docs.anthropic.com/en/docs/resources/model-deprecations for more information.",
            DeprecationWarning,
            stacklevel=3,
        )


#: The SDK's errors that are the account's spending, not the request rate.
_BILLING = (
    anthropic.PaymentRequiredError,
    anthropic.ContractSpendLimitReachedError,
    anthropic.EnforcedSpendLimitReachedError,
    anthropic.LinkedOrganizationSpendLimitReachedError,
    anthropic.LinkedOrganizationBillingUnavailableError,
    anthropic.OrganizationOnHoldError,
)
#: One SDK error class, or several.
_Classes = type[anthropic.APIError] | tuple[type[anthropic.APIError], ...]
#: The SDK's error classes and what Claude Code calls them (:class:`ApiError`), the first
#: that an error is an instance of (billing before rate limits: spend limits are 429s).
_API_ERRORS: tuple[tuple[_Classes, ApiError], ...] = (
    (_BILLING, ApiError.BILLING_ERROR),
    (anthropic.RateLimitError, ApiError.RATE_LIMIT),
    (
        (anthropic.AuthenticationError, anthropic.PermissionDeniedError),
        ApiError.AUTHENTICATION_FAILED,
    ),
    (anthropic.NotFoundError, ApiError.MODEL_NOT_FOUND),
    (anthropic.InternalServerError, ApiError.SERVER_ERROR),
)


#: What the API's answer to an account out of credit says: a 400 ``invalid_request_error``
#: ("Your credit balance is too low to access the Anthropic API"), Claude Code's billing error.
_NO_CREDIT = "credit balance is too low"


def api_error(exc: anthropic.APIError) -> ApiError:
    """What Claude Code calls the model API failure ``exc`` (a StopFailure hook's
    ``error``): its SDK class's, else by its answer (``billing_error``, 402 or a credit
    balance too low billing, 5xx a server error, another 4xx but 408/409 an invalid
    request), else ``unknown`` (no connection, a timeout)."""
    for classes, found in _API_ERRORS:
        if isinstance(exc, classes):
            return found
    if not isinstance(exc, anthropic.APIStatusError):
        return ApiError.UNKNOWN
    said = (exc.api_message or exc.message or "").lower()
    if exc.type == "billing_error" or exc.status_code == 402 or _NO_CREDIT in said:
        return ApiError.BILLING_ERROR
    if exc.status_code >= 500:
        return ApiError.SERVER_ERROR
    if exc.status_code in (408, 409):
        return ApiError.UNKNOWN
    return ApiError.INVALID_REQUEST


def _transient(exc: anthropic.APIError) -> bool:
    if isinstance(exc, anthropic.APIConnectionError):
        return True
    if isinstance(exc, anthropic.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def _describe(exc: anthropic.APIError) -> str:
    if isinstance(exc, anthropic.APIStatusError):
        kind = exc.type or "error"
        return f"{exc.status_code} {kind}: {exc.api_message or exc.message}"
    if isinstance(exc, anthropic.APITimeoutError):
        return "the request timed out"
    if isinstance(exc, anthropic.APIConnectionError):
        # httpx's errors of a connection reset mid-reply say nothing (``ReadError('')``):
        # the SDK's own message then (``Connection to HOST failed: [Errno 104] ...``)
        cause = exc.__cause__
        return f"connection error ({str(cause or '') or exc.message})"
    return exc.message


def _too_long(exc: anthropic.APIStatusError) -> bool:
    text = (exc.api_message or exc.message or "").lower()
    return any(marker in text for marker in _TOO_LONG)


def _retry_after(exc: anthropic.APIError) -> float | None:
    if not isinstance(exc, anthropic.APIStatusError):
        return None
    headers = exc.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is not None:
            try:
                return max(0.0, float(value) * scale)
            except ValueError:
                continue
    return None


def build_params(request: ModelRequest) -> JSON:
    """The ``messages.create`` arguments for ``request``, with cache breakpoints.

    The caller's tools and messages are never mutated: changed dicts are copies. Text is
    sent safe: secrets scrubbed, lone surrogates replaced (:func:`~coordinator.sanitize.safe_json`).
    """
    params: JSON = {
        "model": request.model,
        "max_tokens": request.max_tokens,
        "messages": with_message_breakpoint(sendable_messages(safe_json(request.messages))),
    }
    params.update(static_params(request))
    return params


def _call_bound(
    client: anthropic.AsyncAnthropic, retry_budget: int, max_backoff: float
) -> float | None:
    """The longest one call through ``client`` may take by its own bounds: each round's SDK
    attempts (``client.max_retries`` + 1), each up to the client's timeout (its longest
    phase's; per read: a reply still streaming in is not bounded), the SDK's waits between
    them (a ``retry-after`` counted as ``max_backoff``), and the waits between the
    ``retry_budget`` more rounds. None when the client has no timeout."""
    timeout = client.timeout
    if isinstance(timeout, httpx2.Timeout):
        phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        timeout = max((p for p in phases if p is not None), default=None)
    if not isinstance(timeout, int | float):
        return None
    retries = client.max_retries
    per_round = (retries + 1) * timeout + retries * max_backoff
    return (retry_budget + 1) * per_round + retry_budget * max_backoff
