"""An http or sse server's ``headersHelper``: a command that prints its request headers.

Claude Code's MCP page: ``headersHelper`` is a shell command run at connection time (each
connection: no caching), with ``CLAUDE_CODE_MCP_SERVER_NAME`` and
``CLAUDE_CODE_MCP_SERVER_URL`` set; it prints a JSON object of string header values, merged
over the definition's ``headers`` (a header it names replaces the static one); it has 10
seconds; a project or local scope's helper runs only once the workspace is trusted.

coord (:func:`connection_headers`, at each connection of such a server: an agent's run, an
mcp_tool hook's call): runs it with ``sh -c`` in the folder the server's tools work in, with
the user's environment less coord's own credentials and store URL (as a user's hook gets
it), for :data:`HELPER_SECONDS`, reading at most :data:`HELPER_BYTES` of its output (one
printing more is killed: review103); a helper that fails, times out or prints anything but
such an object stops the server from starting, its MCP line (its stderr scrubbed) saying
why. Every value it prints (of :data:`~coordinator.sanitize.MIN_CREDENTIAL` characters or
more), as a variable expanded into a header, is scrubbed from what coord stores and shows,
and a credential-named header's (``Authorization``) whatever its length: a helper prints
what it fetched, a tenant's key under any name (``X-Scope-OrgID``), which a server may echo
(audit102: it reached the store in a tool's result). Trust
(:func:`~coordinator.mcp.config._confine`): the helper of a definition an agent could have
written is never run (such an HTTP server is not started); a helper that would run a
workspace file an agent can rewrite (``./get-token.sh``) keeps its server from starting; the
workspace's ``.mcp.json`` (a protected path) runs its helper only for a server the user
approved, as Claude Code waits for the trust dialog.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Mapping
from pathlib import Path

from coordinator.clip import clip
from coordinator.config import DB_ENV
from coordinator.sanitize import (
    configured_secrets,
    register_header,
    register_sent,
    scrubbed_log_line,
    shown_name,
)
from coordinator.tools.programs import kill_group

#: The seconds a helper may take (Claude Code's).
HELPER_SECONDS = 10.0
#: The most bytes of a helper's output read.
HELPER_BYTES = 65_536


class HelperFailed(RuntimeError):
    """A ``headersHelper`` that gave no headers: why (its server is not started)."""


async def connection_headers(
    name: str, url: str, static: Mapping[str, str], helper: str, cwd: Path
) -> dict[str, str]:
    """The headers of server ``name`` at ``url`` for one connection: ``static`` (its
    definition's), with those its ``helper`` prints over them (no helper: ``static``)."""
    headers = dict(static)
    if not helper:
        return headers
    printed = await _run(name, url, helper, cwd)
    for key, value in printed.items():
        for old in [k for k in headers if k.lower() == key.lower()]:
            del headers[old]
        headers[key] = value
        register_sent(key, value, header=True)  # (as a variable expanded into a header)
        register_header(key, value)
    return headers


async def _run(name: str, url: str, helper: str, cwd: Path) -> dict[str, str]:
    """What ``helper`` printed: a JSON object of text values; HelperFailed otherwise."""
    loop = asyncio.get_running_loop()
    transport, printed = await loop.subprocess_exec(
        lambda: _Printed(loop),
        "/bin/sh",
        "-c",
        helper,
        cwd=cwd,
        env=_environment(name, url),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
    )
    try:
        await asyncio.wait_for(_ended(transport.get_pid(), printed), HELPER_SECONDS)
    except TimeoutError:
        kill_group(transport.get_pid(), signal.SIGKILL)
        await printed.exited  # (killed: at once)
        raise HelperFailed(f"its headersHelper took more than {HELPER_SECONDS:g} s") from None
    finally:
        transport.close()  # its pipes too: a process that left its group may hold them
    out, err = printed.output
    if len(out) > HELPER_BYTES:
        raise HelperFailed(f"its headersHelper printed more than {HELPER_BYTES} bytes")
    if returncode := transport.get_returncode():
        said = scrubbed_log_line(clip(err.decode("utf-8", "replace").strip(), 200))
        detail = f": {shown_name(said)}" if said else ""
        raise HelperFailed(f"its headersHelper exited {returncode}{detail}")
    return _parsed(bytes(out))


async def _ended(pid: int, printed: _Printed) -> None:
    """Until the helper's output has ended, or gone past :data:`HELPER_BYTES` (its group
    then killed: review103, all of it was read, a helper printing without end filled
    coord's memory in its 10 s), and its process ``pid`` has exited. Its exit is awaited on
    its own: asyncio's ``Process.wait`` waits for the pipes' end too, and a stream reader
    left over its limit stops reading them (flake104: one helper in a dozen so cut off held
    coord for its whole time), as a process that left its group keeps them open."""
    await printed.ended
    if any(len(kept) > HELPER_BYTES for kept in printed.output):
        kill_group(pid, signal.SIGKILL)
    await printed.exited


class _Printed(asyncio.SubprocessProtocol):
    """A helper's process as coord watches it: the first :data:`HELPER_BYTES` (and one) of
    its stdout and of its stderr (:attr:`output`; the rest is dropped as it comes, never
    buffered); :attr:`ended`, done once both have ended or one has gone past that; and
    :attr:`exited`, done once its process has."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.output = (bytearray(), bytearray())
        self.ended: asyncio.Future[None] = loop.create_future()
        self.exited: asyncio.Future[None] = loop.create_future()
        self._open = {1, 2}

    def pipe_data_received(self, fd: int, data: bytes) -> None:
        kept = self.output[fd - 1]
        kept += data[: HELPER_BYTES + 1 - len(kept)]
        if len(kept) > HELPER_BYTES:
            _settle(self.ended)

    def pipe_connection_lost(self, fd: int, exc: Exception | None) -> None:
        self._open.discard(fd)
        if not self._open:
            _settle(self.ended)

    def process_exited(self) -> None:
        _settle(self.exited)


def _settle(future: asyncio.Future[None]) -> None:
    """Mark ``future`` done, if it is not yet."""
    if not future.done():
        future.set_result(None)


def _parsed(out: bytes) -> dict[str, str]:
    """The headers a helper printed (``out``); HelperFailed when they are not a JSON object
    of text values."""
    try:
        data = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise HelperFailed("its headersHelper did not print a JSON object") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise HelperFailed("its headersHelper must print a JSON object of text values")
    if any("\n" in k or "\r" in k or "\n" in v or "\r" in v for k, v in data.items()):
        raise HelperFailed("its headersHelper printed a header with a line break")
    return {str(k): v for k, v in data.items()}


def _environment(name: str, url: str) -> dict[str, str]:
    """The user's environment less coord's credentials and store URL, with the server's
    name and URL (Claude Code's variables)."""
    secrets = configured_secrets()
    env = {k: v for k, v in os.environ.items() if v not in secrets and k != DB_ENV}
    env["CLAUDE_CODE_MCP_SERVER_NAME"] = name
    env["CLAUDE_CODE_MCP_SERVER_URL"] = url
    return env
