"""A private PostgreSQL cluster for the tests (Debian's binaries), started once per run.

``pg_url`` is a fresh database on it for each test; tests skip with a reason when the
binaries or psycopg are absent (CI installs both: `.ci/run`). As root, the data and socket
folders belong to the ``postgres`` user and the server runs as that user.

The cluster lives in memory (``/dev/shm``) where that is a tmpfs with room: a run creates
~150 databases (~11,000 files, ~1 GB), and removing them from a disk mounted with ``discard``
took 29-39 s at the end of the session, holding the last worker (and so the run) that long.
Elsewhere it lives in the temporary folder and is removed by a process of its own after the
server stopped, so the session ends without waiting for the disk.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: The xdist group of every test on the private cluster: one cluster per run, not per worker
#: (conftest.py puts the tests that ask for ``pg_server`` in the group of this name).
PG_GROUP = "postgres"


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


#: The memory-backed folder a cluster prefers, and the room it must have left there.
SHM = Path("/dev/shm")
SHM_ROOM = 4 << 30


def _parent() -> str | None:
    """``/dev/shm`` where it is a writable tmpfs with room; None: the temporary folder."""
    try:
        st = os.statvfs(SHM)
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            kinds = {line.split()[1]: line.split()[2] for line in mounts if line.count(" ") >= 3}
    except OSError:
        return None
    if kinds.get(str(SHM)) != "tmpfs" or not os.access(SHM, os.W_OK | os.X_OK):
        return None
    return str(SHM) if st.f_bavail * st.f_frsize >= SHM_ROOM else None


def _remove(root: Path) -> None:
    """Remove the stopped cluster's folder: at once in memory; on a disk, by an ``rm`` of its
    own that this process does not wait for (unlinking ~11,000 files there took up to 39 s)."""
    if str(root).startswith(str(SHM) + os.sep):
        shutil.rmtree(root, ignore_errors=True)
        return
    try:
        subprocess.Popen(
            ["rm", "-rf", "--", str(root)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(root, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.getuid() == 0 else argv


def _start(pg_ctl: list[str], root: Path, sock: Path, attempts: int = 3) -> int:
    """Start the server on a free port; another process (an xdist worker's cluster) may take
    the port between the probe and the server's bind, so a failed start tries a new one."""
    log = root / "log"
    for _ in range(attempts):
        port = _free_port()
        opts = f"-k {sock} -p {port} -h 127.0.0.1 -c fsync=off -c max_connections=200"
        start = [*pg_ctl, "-l", str(log), "-o", opts, "-w", "start"]
        if subprocess.run(_as_owner(start), capture_output=True).returncode == 0:
            return port
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise RuntimeError(f"the private PostgreSQL cluster did not start:\n{tail}")


@contextmanager
def private_cluster() -> Iterator[str]:
    """Start a throwaway cluster; yields the URL of its ``postgres`` database."""
    bindir = _bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL binaries absent (/usr/lib/postgresql/*/bin/initdb)")
    root = Path(tempfile.mkdtemp(prefix="coord-pg-", dir=_parent()))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.getuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    user = "postgres" if os.getuid() == 0 else os.environ.get("USER", "postgres")
    initdb = [str(bindir / "initdb"), "-N", "-A", "trust", "-U", user, "-D", str(data)]
    subprocess.run(_as_owner(initdb), check=True, capture_output=True)
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data)]
    port = _start(pg_ctl, root, sock)
    try:
        yield f"postgresql://{user}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_owner([*pg_ctl, "-m", "immediate", "stop"]), capture_output=True)
        _remove(root)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of the private cluster's ``postgres`` database."""
    if _bindir() is None:
        pytest.skip("PostgreSQL binaries absent (/usr/lib/postgresql/*/bin/initdb)")
    pytest.importorskip("psycopg", reason="psycopg absent: pip install 'coordinator[postgres]'")
    with private_cluster() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A new, empty database on the private cluster."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(pg_server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return pg_server.rsplit("/", 1)[0] + "/" + name
