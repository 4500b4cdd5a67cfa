"""The one interface between the engine and a model.

"Give the model this system prompt, these tools and this conversation; return the
assistant message and its usage." Messages and content blocks are plain Anthropic
Messages API JSON (dicts), so a conversation can be stored and resumed verbatim.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from coordinator.errors import RunFailure, UserError

JSON = dict[str, Any]

#: Environment switch: when set to "0", any model request that would leave this machine
#: fails (tests set it; see tests/conftest.py). Loopback and injected transports stay allowed.
ALLOW_ENV = "COORDINATOR_ALLOW_MODEL_REQUESTS"
#: The values of :data:`ALLOW_ENV` that let requests leave (unset or empty does too); any
#: other (``0``, ``false``, ``off``, a typo) keeps them in: a no-network switch fails closed.
ALLOW_VALUES = frozenset({"1", "true", "yes", "on"})


def model_requests_allowed() -> bool:
    """False when the no-network switch is on (inside tests): :data:`ALLOW_ENV` set, and
    not to one of :data:`ALLOW_VALUES`."""
    value = os.environ.get(ALLOW_ENV, "").strip().lower()
    return value == "" or value in ALLOW_VALUES


def requests_switched_off() -> str:
    """How the switch was set, for the error of a request it refused: ``ALLOW_ENV=false``
    (the value as given, clipped)."""
    value = os.environ.get(ALLOW_ENV, "")
    shown = value if len(value) <= 20 else value[:20] + "..."
    return f"{ALLOW_ENV}={shown!r}: only {', '.join(sorted(ALLOW_VALUES))} or unset allow them"


def is_loopback(host: str) -> bool:
    """True only for ``localhost`` and loopback addresses (127.0.0.0/8, ::1).

    Names under ``.localhost`` are not trusted: whether they resolve to loopback depends on
    the resolver, and this check guards where credentials may go.
    """
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ProviderKind(StrEnum):
    """The model providers coord can run an agent on (``--provider``; stored with a session
    and named in its events and traces)."""

    ANTHROPIC = "anthropic"  # the Messages API through the official SDK
    SCRIPTED = "scripted"  # a script's answers, offline


class StopReason(StrEnum):
    """Why the model stopped, as the Messages API says it (a reply's ``stop_reason``; the
    runs table keeps the plain string the reply held)."""

    END_TURN = "end_turn"
    MAX_TOKENS = "max_tokens"
    STOP_SEQUENCE = "stop_sequence"
    TOOL_USE = "tool_use"
    PAUSE_TURN = "pause_turn"
    REFUSAL = "refusal"
    CONTEXT_EXCEEDED = "model_context_window_exceeded"


@dataclass
class Usage:
    """Token counts of one or more model calls (a plain dataclass: the session listing and
    ``coord log`` read usage without loading pydantic)."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cache_creation_input_tokens=self.cache_creation_input_tokens
            + other.cache_creation_input_tokens,
            cache_read_input_tokens=self.cache_read_input_tokens + other.cache_read_input_tokens,
        )

    @property
    def total_tokens(self) -> int:
        return (
            self.input_tokens
            + self.output_tokens
            + self.cache_creation_input_tokens
            + self.cache_read_input_tokens
        )


@dataclass(frozen=True, init=False)
class ModelRequest:
    """One call to the model. ``agent`` names the specialist (for scripts, logs, headers)."""

    agent: str
    model: str
    system: str
    tools: list[JSON]
    messages: list[JSON]
    max_tokens: int = 8192
    #: ``output_config.effort`` (low … max) for models that take it; None sends none.
    effort: str | None = None

    def __init__(
        self,
        agent: str,
        model: str,
        system: str,
        tools: list[JSON],
        messages: list[JSON],
        max_tokens: int = 8192,
        effort: str | None = None,
    ) -> None:
        # The fields stored into the instance's own __dict__ (the generated frozen __init__
        # sets each through object.__setattr__: 3-4x the cost; one object.__setattr__ of a
        # whole __dict__ still goes through the wrapper descriptor); the instance stays
        # frozen. Built positionally where it is hot (``AgentRunner._request``): a class
        # called with keywords gets them as a dict, unpacked again for ``__init__``.
        fields = self.__dict__
        fields["agent"] = agent
        fields["model"] = model
        fields["system"] = system
        fields["tools"] = tools
        fields["messages"] = messages
        fields["max_tokens"] = max_tokens
        fields["effort"] = effort


@dataclass
class ModelResponse:
    """The assistant turn: content blocks as Messages API JSON, why it stopped, usage."""

    content: list[JSON]
    stop_reason: str | None
    usage: Usage
    model: str = ""
    request_id: str | None = None
    #: The message's id the Messages API gave it (``msg_...``; None: none given).
    response_id: str | None = None
    #: Where it came from: ``host:port`` of the provider's base URL ("": no server).
    server: str = ""

    @property
    def text(self) -> str:
        """All text blocks joined: the agent's final message when it stops."""
        return "\n".join(b.get("text", "") for b in self.content if b.get("type") == "text")

    @property
    def tool_uses(self) -> list[JSON]:
        return [b for b in self.content if b.get("type") == "tool_use"]


@runtime_checkable
class Provider(Protocol):
    """A model behind the Messages API shape."""

    name: str

    async def complete(self, request: ModelRequest) -> ModelResponse:
        """Send one request; raise :class:`ProviderError` subclasses on failure."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


def call_bound(provider: Provider) -> float | None:
    """The seconds one ``provider.complete`` call may take within its own timeouts, retries
    and waits between them (its ``call_bound``; None: it names none, such as a scripted
    model's, or a value that is not a number). A worker's stall watch counts no time within
    it (:attr:`~coordinator.runtime.stopping.StepStop.within`)."""
    bound = getattr(provider, "call_bound", None)
    if isinstance(bound, int | float) and not isinstance(bound, bool):
        return float(bound)
    return None


class ApiError(StrEnum):
    """Why a run's model calls failed, in Claude Code's words: a ``StopFailure`` hook's
    ``error`` (and its matcher's subject), the Agent SDK's ``SDKAssistantMessageError``."""

    RATE_LIMIT = "rate_limit"
    AUTHENTICATION_FAILED = "authentication_failed"
    BILLING_ERROR = "billing_error"
    INVALID_REQUEST = "invalid_request"
    MODEL_NOT_FOUND = "model_not_found"
    SERVER_ERROR = "server_error"
    MAX_OUTPUT_TOKENS = "max_output_tokens"
    UNKNOWN = "unknown"


class ProviderError(RunFailure):
    """A model call failed. ``resumable`` says whether trying again later may succeed.

    ``usage`` is set when the failing call was billed anyway (a refusal, a context window
    overflow reported as a stop reason), with the ``stop_reason`` it ended with, its
    ``response_id`` and ``server``, so the engine still counts it as a model call.
    ``api_error``: what failed, as Claude Code names it (set by the provider from the API's
    answer); None: no model API failed.
    """

    kind = "provider_error"
    usage: Usage | None = None
    stop_reason: str | None = None
    #: A billed failure's message id (``msg_...``) and server (``host:port`` of the
    #: provider's base URL), as a reply's (:class:`ModelResponse`); None, "": none.
    response_id: str | None = None
    server: str = ""
    api_error: ApiError | None = ApiError.UNKNOWN


class RetriesExhausted(ProviderError):
    """Transient errors (429, 5xx, 529, network) outlasted the retry budget."""

    kind = "retries_exhausted"

    def __init__(self, message: str):
        super().__init__(message, resumable=True)


class ModelRefused(ProviderError):
    """The model stopped with ``refusal``."""

    kind = "refusal"


class ContextWindowExceeded(ProviderError):
    """The conversation no longer fits the model's context window."""

    kind = "context_window_exceeded"
    api_error = ApiError.INVALID_REQUEST


class OutputLimit(ProviderError):
    """A run's replies kept hitting the output token limit (``max_tokens``), past the
    "continue" prompts it may send."""

    kind = "max_tokens"
    api_error = ApiError.MAX_OUTPUT_TOKENS


class ScriptError(ProviderError):
    """A scripted provider got a call its script does not cover (or left steps unused).

    An ``expect`` not met is ``resumable``: the script is the user's, so its mistake is a
    user error (:meth:`as_user_error`, exit 4, not an outage's 75); the call it could not
    answer was not stored, so the session is left interrupted and once the script is fixed
    ``coord resume ID`` (``--script FILE`` for another file) makes that call again. A script
    with no turn left for an agent fails its run, as scenarios script a specialist that
    gives up (a consult failing leaves its asker waiting)."""

    kind = "script_error"
    api_error = None

    def as_user_error(self) -> UserError:
        """This mismatch as the user's error, with what to fix."""
        fix = "Correct the script (or name another with `--script FILE`)."
        return UserError(self.message, hint=fix)


class AccessRefused(UserError):
    """The API refused a call for what the user sets outside a session: the key (401),
    what it may use (403), the model or base URL (404). A user error before or in the
    middle of a run: the session is left interrupted, nothing of it lost, and once that is
    fixed ``coord resume`` (``--model`` for another model) continues it; the same call
    would be refused again, so it is never retried. ``kind`` is the machine-readable
    reason (as :attr:`RunFailure.kind`) for whoever records it."""

    kind = "access_refused"
    api_error: ApiError | None = ApiError.AUTHENTICATION_FAILED

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message, hint=hint, tool_hint=hint)


class KeyRejected(AccessRefused):
    """The API rejected the credentials (401).

    Its message names the status and error type only, never the key.
    """

    kind = "key_rejected"

    def __init__(self, message: str, hint: str | None = None):
        UserError.__init__(self, message, hint=hint, tool_hint=KEY_TOOL_HINT)


class ModelNotFound(AccessRefused):
    """The API knows no such model, or none at that base URL (404)."""

    kind = "model_not_found"
    api_error = ApiError.MODEL_NOT_FOUND


def api_error_of(exc: BaseException) -> ApiError | None:
    """What model API failure ended a run with ``exc``; None when it ended otherwise (a
    hook, a limit, a scripted provider's script)."""
    if isinstance(exc, ProviderError | AccessRefused):
        return exc.api_error
    return None


#: What a client of ``coord mcp`` is told of a rejected key: the server's, read when it
#: started (a resume through the same server would be rejected again).
KEY_TOOL_HINT = (
    "the key is this MCP server's own (read when it started): restart it with a valid "
    "ANTHROPIC_API_KEY"
)
