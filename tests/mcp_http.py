"""Start a process that serves MCP over streamable HTTP on loopback; wait until it listens.

Synchronised on the server's own "Uvicorn running on" line (printed once the socket is
bound), never on sleeps. Another process (an xdist worker's server, any outgoing connection)
may take the probed port before the server binds it: then the server is started again on a
new one.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import zygote

from tests.kit import workspace, write_agents


def coord_mcp_argv(tmp_path: Path) -> Callable[[int], list[str]]:
    """``coord mcp --http PORT``'s argv for a port, over a fresh demo workspace and the
    agents ``backend`` and ``dba`` (``--only``)."""
    ws = workspace(tmp_path)
    agents = write_agents(tmp_path / "agents", "backend", "dba")

    def argv(port: int) -> list[str]:
        return [
            sys.executable, "-m", "coordinator", "mcp", "--http", str(port),
            "--workspace", str(ws), "--agents-dir", str(agents), "--only",
        ]  # fmt: skip

    return argv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def http_server(
    argv: Callable[[int], list[str]], env: dict[str, str] | None = None, attempts: int = 3
) -> Iterator[tuple[int, str]]:
    """Run ``argv(port)`` (which serves on ``port``); yield the port and the log so far."""
    seen: list[str] = []
    for _ in range(attempts):
        port = free_port()
        proc = zygote.Popen(  # coord is forked by the test zygote, other servers exec'd
            argv(port), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
        )
        assert proc.stderr is not None
        seen = []
        for line in proc.stderr:
            seen.append(line)
            if "Uvicorn running on" in line:
                break
        else:
            proc.wait(timeout=120)  # a safety net
            proc.stderr.close()
            if "address already in use" in "".join(seen).lower():
                continue  # taken since the probe: another port
            raise RuntimeError("the server exited before listening:\n" + "".join(seen))
        try:
            yield port, "".join(seen)
        finally:
            proc.terminate()
            proc.wait(timeout=120)  # a safety net
            proc.stderr.close()
        return
    raise RuntimeError(f"no free port after {attempts} attempts:\n" + "".join(seen))
