"""What a proxy setting of the environment that httpx cannot use is, in words fit to show:
the settings named, a proxy URL's password never shown (the model API's client and http hooks
share it, so it sits below both)."""

from __future__ import annotations

import os

from coordinator.sanitize import scrub_diagnostic

_SOCKS = "a SOCKS proxy needs the Python package socksio, which is not installed"
#: The environment's proxy settings httpx reads (a proxy's URL is the user's setting too).
_PROXY_VARS = ("ALL_PROXY", "HTTPS_PROXY", "HTTP_PROXY", "all_proxy", "https_proxy", "http_proxy")


def proxy_problem(exc: Exception) -> str:
    """Why no HTTP client could be made with the environment's proxy settings (a SOCKS
    proxy without the socksio package, a proxy URL httpx cannot read), naming them,
    scrubbed (a proxy URL's password never shown)."""
    if isinstance(exc, ImportError):
        return with_proxies(_SOCKS if "socks" in str(exc).lower() else str(exc))
    return with_proxies(f"{type(exc).__name__}: {exc}")


def with_proxies(text: str) -> str:
    """``text``, an error, naming the proxy settings of the environment (their names: a
    SOCKS proxy needs a package, a proxy's port may be out of range), scrubbed."""
    names = [name for name in _PROXY_VARS if os.environ.get(name)]
    return scrub_diagnostic(f"{text} (proxy settings: {', '.join(names) or 'none'})")
