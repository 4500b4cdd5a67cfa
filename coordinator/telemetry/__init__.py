"""Optional exports of what sessions did: OpenTelemetry traces (the ``otel`` extra).

Nothing here imports OpenTelemetry until tracing is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from coordinator.clip import counted
from coordinator.errors import UserError
from coordinator.sanitize import masked_url, register_sent, register_url_credentials
from coordinator.status import SessionStatus

if TYPE_CHECKING:
    from coordinator.store.db import Store
    from coordinator.telemetry.otel import TraceRecorder

#: Environment variables that turn tracing on (the OTLP exporter's own).
ENDPOINT_VARS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def tracing_requested(flag: bool, env: Mapping[str, str] = os.environ) -> bool:
    """True with ``--otel`` or when an OTLP endpoint is set in the environment."""
    return flag or any(env.get(name) for name in ENDPOINT_VARS)


def start_tracing(
    flag: bool,
    env: Mapping[str, str] = os.environ,
    warn: Callable[[str], None] | None = None,
) -> TraceRecorder | None:
    """A trace recorder exporting OTLP/HTTP when tracing is requested, else None; ``warn``
    gets one line when it closes if spans could not be sent (none of the exporter's own).

    UserError when it is requested but the ``otel`` extra is not installed.
    """
    if not tracing_requested(flag, env):
        return None
    register_exporter_credentials(env)
    try:
        from coordinator.telemetry.otel import otlp_recorder
    except ImportError:
        raise UserError(
            "OpenTelemetry tracing needs the otel extra",
            hint=f"Install it: pip install 'coordinator[otel]' (or {_tracing_off(flag, env)}).",
        ) from None
    return otlp_recorder(env, warn)


def _tracing_off(flag: bool, env: Mapping[str, str]) -> str:
    """What turns tracing off again: what turned it on (``--otel``, the endpoint variables
    set), not a variable the user never set."""
    undo = ["run without --otel"] if flag else []
    names = [name for name in ENDPOINT_VARS if env.get(name)]
    if names:
        undo.append(f"unset {' and '.join(names)}")
    return " and ".join(undo)


#: The OTLP exporter's headers (``key=value,...``, values URL-encoded), sent with each export.
HEADER_VARS = ("OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS")


def register_exporter_credentials(env: Mapping[str, str]) -> None:
    """Scrub, from now on, the credentials the exporter sends: its endpoints' passwords and
    key or token query values, and its headers' values (a header is how a credential is
    sent: :func:`~coordinator.sanitize.register_sent`), as written and as sent."""
    for name in ENDPOINT_VARS:
        register_url_credentials(env.get(name))
    for name in HEADER_VARS:
        for pair in (env.get(name) or "").split(","):
            key, _, value = pair.partition("=")
            for form in {value.strip(), unquote(value.strip())}:
                register_sent(key.strip(), form, header=True)


#: How the otel extra is installed (said when it is missing).
INSTALL_HINT = "Install it: pip install 'coordinator[otel]'"


@dataclass(frozen=True)
class Exported:
    """What :func:`export_stored` sent: ``spans`` of session ``session_id`` to ``endpoint``
    (its password and key masked); ``running``: the session had not stopped (the part so
    far)."""

    session_id: str
    spans: int
    endpoint: str
    running: bool

    def line(self) -> str:
        """The one line ``coord log --otel`` prints."""
        part = " (still running: the part so far)" if self.running else ""
        sent = counted(self.spans, "span")
        return f"session {self.session_id}: {sent} sent to {self.endpoint}{part}"


def export_stored(
    store: Store,
    session_id: str,
    endpoint: str | None = None,
    env: Mapping[str, str] = os.environ,
) -> Exported:
    """Rebuild session ``session_id``'s trace from its stored events and export it over
    OTLP/HTTP, as the live recorder would have (same ids, names, attributes, links; the
    log's times). ``endpoint``: where (``--otel-endpoint``: a base URL, ``/v1/traces``
    appended unless its path ends so), else the exporter's environment as a live trace's.
    UserError when the otel extra is missing or the spans could not be sent."""
    env = dict(env)
    register_exporter_credentials(env)
    try:
        from coordinator.telemetry.otel import (
            captures_content,
            logged_events,
            otlp_delivery,
            recorder,
            traces_url,
        )
    except ImportError:
        raise UserError("exporting a trace needs the otel extra", hint=f"{INSTALL_HINT}.") from None
    if endpoint is not None:
        register_url_credentials(endpoint)
        given = _checked_endpoint(endpoint)
        path = given.split("?")[0]
        env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = (
            given if path.endswith("/v1/traces") else traces_url(given)
        )
    rows = store.events(session_id)
    events = logged_events(rows)  # all read before anything is sent: a bad one sends nothing
    told: list[str] = []
    delivery, timeout = otlp_delivery(env, told.append)
    if endpoint is not None:
        delivery.set_by = "--otel-endpoint"
    rec = recorder(
        delivery,
        timeout_s=timeout,
        delivery=delivery,
        capture=captures_content(env),
        queue=max(2048, 2 * len(rows) + 2),  # every span waits at once: none dropped for room
    )
    rec.describe_from(store)
    try:
        rec.replay(events)
    finally:
        rec.close()
    if told:
        raise UserError(told[0])
    running = store.session(session_id).status == SessionStatus.RUNNING
    return Exported(session_id, delivery.sent, delivery.endpoint, running)


def _checked_endpoint(endpoint: str) -> str:
    """``--otel-endpoint``'s URL without its trailing ``/``; UserError (the URL masked)
    unless it is an http or https URL naming a host."""
    given = endpoint.strip().rstrip("/")
    try:
        parts = urlsplit(given)
        fits = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 (a port that is no number raises here)
    except ValueError:
        fits = False
    if not fits:
        raise UserError(
            f"--otel-endpoint: not an http(s) URL: {masked_url(endpoint)!r}",
            hint="Give the collector's base URL, e.g. http://localhost:4318.",
        )
    return given
