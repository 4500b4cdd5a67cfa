"""Optional exports of what sessions did: OpenTelemetry traces (the ``otel`` extra).

Nothing here imports OpenTelemetry until tracing is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import unquote

from coordinator.errors import UserError
from coordinator.sanitize import register_sent, register_url_credentials

if TYPE_CHECKING:
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
