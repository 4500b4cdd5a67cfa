"""Claude Code's ``http`` hooks: the hook's input POSTed as JSON to the hook's URL.

As Claude Code sends it: ``Content-Type: application/json``, plus the hook's ``headers``,
whose ``$VAR`` and ``${VAR}`` are filled from the environment only for the names listed in
its ``allowedEnvVars`` (any other reference becomes empty). Coord's own API credentials are
never filled in (a hook's environment never has them either). Redirects are not followed.
What the answer means is read by :mod:`coordinator.runtime.hook_run`: a 2xx body like a
command hook's stdout; a non-2xx status, a connection failure or the timeout a non-blocking
error.

Trust: http hooks are loaded only from files an agent cannot write (the user's and managed
settings, agent files outside the workspace); see :mod:`coordinator.runtime.hooks`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx2

from coordinator.providers.proxies import proxy_problem, with_proxies
from coordinator.sanitize import (
    REDACTED,
    configured_secrets,
    register_header,
    register_sent,
    safe_cut,
    scrub_cut_off,
    scrub_diagnostic,
    scrub_logging,
)

scrub_logging()  # httpx's log records (a user's DEBUG logging)

_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


@dataclass(frozen=True)
class HttpAnswer:
    """An http hook's answer: its status and body, or why there is none (``error``)."""

    status: int | None
    body: str = ""
    error: str | None = None

    @property
    def ok(self) -> bool:
        """A 2xx status."""
        return self.status is not None and 200 <= self.status < 300


def interpolate(
    value: str, allowed: Iterable[str], environ: Mapping[str, str] | None = None
) -> str:
    """``value`` with ``$VAR``/``${VAR}`` filled for the ``allowed`` names (the others, and
    coord's own credentials, empty)."""
    env = os.environ if environ is None else environ
    names = set(allowed)
    secrets = configured_secrets(env)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        found = env.get(name, "") if name in names else ""
        if found in secrets:
            return ""
        register_sent(name, found, header=True)  # sent in a header: scrubbed from what is kept
        return found

    return _VAR.sub(fill, value)


def request_headers(
    headers: Iterable[tuple[str, str]],
    allowed: Iterable[str],
    environ: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The headers an http hook sends: JSON's content type, then the hook's own (its
    variables from ``environ``, default coord's environment)."""
    names = list(allowed)
    found = {"Content-Type": "application/json"}
    found.update({key: interpolate(value, names, environ) for key, value in headers})
    for key, value in found.items():
        register_header(key, value)  # Authorization: Bearer <a literal token>
    return found


async def post(
    url: str, headers: Mapping[str, str], data: Any, seconds: float, limit: int
) -> HttpAnswer:
    """POST ``data`` as JSON to ``url``; the status and up to ``limit`` characters of the
    body, scrubbed before it is cut (:func:`safe_cut`; past ``4 * limit`` bytes the rest is
    not read: :func:`scrub_cut_off`), or the error; each step waits at most ``seconds``
    (the caller bounds the whole exchange too)."""
    body = json.dumps(data, ensure_ascii=False).encode()
    try:
        async with (
            httpx2.AsyncClient(timeout=seconds, follow_redirects=False) as client,
            client.stream("POST", url, content=body, headers=dict(headers)) as response,
        ):
            raw = bytearray()
            async for chunk in response.aiter_bytes():
                raw.extend(chunk)
                if len(raw) > limit * 4:
                    break
            text = raw.decode("utf-8", errors="replace")
            cut = len(raw) > limit * 4
            return HttpAnswer(
                response.status_code,
                safe_cut(scrub_cut_off(text), limit) if cut else safe_cut(text, limit),
            )
    except httpx2.TimeoutException:
        raise TimeoutError from None
    except (httpx2.HTTPError, httpx2.InvalidURL, ValueError, OverflowError) as exc:
        return HttpAnswer(None, error=error_text(exc, headers.values()))
    except ImportError as exc:  # (a SOCKS proxy without the socksio package)
        return HttpAnswer(None, error=proxy_problem(exc))
    except ExceptionGroup as group:  # (anyio's connect: OverflowError, a port past 65535)
        failed, other = group.split(_NO_ANSWER)
        if failed is None or other is not None:
            raise
        return HttpAnswer(None, error=error_text(_first(failed), headers.values()))


#: What a connection's task group raises, wrapped, when a request cannot be made.
_NO_ANSWER = (httpx2.HTTPError, OSError, ValueError, OverflowError)


def _first(group: BaseExceptionGroup[Exception]) -> Exception:
    """The first error ``group`` holds (through the groups it holds)."""
    found: BaseException = group
    while isinstance(found, BaseExceptionGroup):
        found = found.exceptions[0]
    return found if isinstance(found, Exception) else RuntimeError(str(found))


def error_text(error: Exception, sent: Iterable[str]) -> str:
    """``error``, why an http hook had no answer, fit to keep and show: each header value
    ``sent`` redacted where the library quotes it (``Illegal header value b'Bearer ab1\\r\\n'``:
    escaped, where no scrub of the value itself finds it), then :func:`scrub_diagnostic`
    (a URL's user information and key or token query values by their shape: a proxy's
    ``socks://TOKEN@host`` a library echoes; each credential coord knows). A port out of
    range (``OverflowError``) names the proxy settings too: the hook's own URL is checked
    when its settings are read."""
    text = f"{type(error).__name__}: {error}".rstrip(": ")
    forms = {form for value in sent if value.strip() for form in _quoted(value)}
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, REDACTED)
    return with_proxies(text) if isinstance(error, OverflowError) else scrub_diagnostic(text)


def _quoted(value: str) -> set[str]:
    """``value`` as a library's message quotes it: its ``repr`` as text and as bytes,
    quotes and all (control characters and non-ASCII escaped). Not the value as written:
    a short one (``X-Version: 2``) stands in ordinary words (``127.0.0.1:8002``), and a
    credential is scrubbed as written anyway (it was registered as sent)."""
    return {repr(value), repr(value.encode("utf-8", "surrogateescape"))}
