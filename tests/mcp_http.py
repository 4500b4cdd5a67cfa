"""Start a process that serves MCP over streamable HTTP on loopback; wait until it listens.

Synchronised on the server's own "Uvicorn running on" line (printed once the socket is
bound), never on sleeps.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def http_server(argv: list[str], env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``argv`` (which serves on the port it was given); yield nothing but the log."""
    proc = subprocess.Popen(
        argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    seen: list[str] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            seen.append(line)
            if "Uvicorn running on" in line:
                break
        else:
            raise RuntimeError("the server exited before listening:\n" + "".join(seen))
        yield "".join(seen)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()
