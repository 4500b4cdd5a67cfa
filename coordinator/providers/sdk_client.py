"""The SDK client coordinator builds for itself: ``anthropic.AsyncAnthropic`` with one memo.

Every model call of an agent is the same request but for its body: same method, URL,
headers (version, auth, ``x-stainless-*``, the agent's header), timeout. The SDK folds its
header layers and merges them with the HTTP client's (≈ 30 case-insensitive header writes,
each normalised by ``httpx2``), parses the URL and builds the timeout extension on every
attempt: about a third of the SDK's own cost per call. :class:`LeanAsyncAnthropic` lets the
SDK build the first request of each kind, keeps it as a template, and builds the next ones
from it with their own body: an ``httpx2.Request`` with the template's headers (``Host``
included) and this body's ``Content-Length`` last, where httpx puts it.

Everything else is the SDK's: ``request`` and its retry loop (a retry is its own kind: its
``x-stainless-retry-count`` differs), ``_prepare_options``/``_prepare_request`` hooks,
``custom_auth`` applied at send time, timeouts, typed errors. The memo applies only where
the SDK's build depends on nothing else: a bytes body with no JSON, files, query or extra
body; no per-request timeout or idempotency header; an absolute URL; SDK debug logging off
(it logs each request's options). Anything else is built by the SDK as it always is. The
key holds the credentials and the client's timeout; the ``Cookie`` header follows the HTTP
client's jar on every call. Not followed: headers written into the HTTP client's own
``headers`` after its first request (coordinator never does; the SDK passes its own).
"""

from __future__ import annotations

import logging
from typing import Any, cast

import anthropic
import httpx2
from anthropic._models import FinalRequestOptions
from anthropic._types import NotGiven

from coordinator.sanitize import scrub_logging

scrub_logging()  # the SDK's and httpx's log records (a user's DEBUG logging)

#: Kinds of request kept (agents by attempts); past this the memo starts again.
MAX_TEMPLATES = 512

#: The logger the SDK checks before logging each request's options.
_sdk_log = logging.getLogger("anthropic._base_client")

#: Method, URL, headers (no ``Content-Length``, no ``Cookie``), extensions, and the client's
#: timeout the key names by ``id`` (kept here so that the id stays its own).
_Template = tuple[str, httpx2.URL, httpx2.Headers, dict[str, Any], object]


class LeanAsyncAnthropic(anthropic.AsyncAnthropic):
    """``AsyncAnthropic`` that builds each kind of request once; see the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._templates: dict[tuple[Any, ...], _Template] = {}

    def _build_request(
        self, options: FinalRequestOptions, *, retries_taken: int = 0
    ) -> httpx2.Request:
        key = self._template_key(options, retries_taken)
        if key is None:
            return super()._build_request(options, retries_taken=retries_taken)
        template = self._templates.get(key)
        if template is None:
            request = super()._build_request(options, retries_taken=retries_taken)
            self._remember(key, request)
            return request
        method, url, headers, extensions, _ = template
        body = cast(bytes, options.content)  # the key says so
        cookies = self._client.cookies
        if cookies or not body:
            # The HTTP client's cookie jar as ``build_request`` passes it: the ``Cookie`` header
            # follows the jar (a server may set cookies between calls).
            return httpx2.Request(
                method, url, headers=headers, content=body, cookies=cookies, extensions=extensions
            )
        # What ``content=body`` gives, without rebuilding every header a second time: the
        # length last, as httpx appends it, and the body read. The headers' encoding is the
        # template's (httpx would find it again by decoding every header).
        request = httpx2.Request(
            method, url, headers=headers, stream=httpx2.ByteStream(body), extensions=extensions
        )
        request.headers.encoding = headers.encoding
        request.headers["Content-Length"] = str(len(body))
        request.read()
        return request

    def _template_key(
        self, options: FinalRequestOptions, retries_taken: int
    ) -> tuple[Any, ...] | None:
        """What the SDK's build of ``options`` depends on, or None when it depends on more."""
        if (
            type(options.content) is not bytes
            or options.json_data is not None
            or options.files is not None
            or options.params
            or options.extra_json is not None
            or not isinstance(options.timeout, NotGiven)
            or self._idempotency_header is not None
            or not options.url.startswith(("https://", "http://"))
            or _sdk_log.isEnabledFor(logging.DEBUG)
        ):
            return None
        headers = options.headers
        if isinstance(headers, NotGiven):
            items: tuple[tuple[str, Any], ...] = ()
        elif type(headers) is dict and all(type(v) is str for v in headers.values()):
            items = tuple(headers.items())
        else:
            return None  # an ``Omit`` to fold, or a mapping of another kind
        auth = (self.api_key, self.auth_token)
        return (options.method, options.url, items, retries_taken, auth, id(self.timeout))

    def _remember(self, key: tuple[Any, ...], request: httpx2.Request) -> None:
        if len(self._templates) >= MAX_TEMPLATES:
            self._templates.clear()
        headers = httpx2.Headers(request.headers)
        headers.pop("content-length", None)  # httpx sets it for each body
        headers.pop("cookie", None)  # and this one from the jar of the moment
        extensions = dict(request.extensions)
        self._templates[key] = (request.method, request.url, headers, extensions, self.timeout)
