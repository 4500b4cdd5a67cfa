"""A SIGINT landing between coord opening a pipe and its wait on it (daily14's limit: Python
runs a handler between bytecodes, and a plain read then blocked until data came): coord
waits in ``poll`` beside a wake-up fd, so the signal ends the wait, exit 130 at once.

The signal is put exactly in that window by a preloaded shim: the first ``read`` or
``poll`` of the FIFO raises SIGINT in coord, then makes the call."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli import finish
from kit import report, workspace, write_agents, write_script

SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int raised;

/* Whether fd is the FIFO named by $SHIM_FIFO: then SIGINT is raised (once), and
   $SHIM_RAISED created, just before the call that would wait on it. */
static void maybe_raise(int fd) {
    const char *path = getenv("SHIM_FIFO");
    struct stat a, b;
    if (raised || !path || fstat(fd, &a) || stat(path, &b)) return;
    if (a.st_dev != b.st_dev || a.st_ino != b.st_ino) return;
    raised = 1;
    raise(SIGINT);
    close(open(getenv("SHIM_RAISED"), O_CREAT | O_WRONLY, 0600));
}

ssize_t read(int fd, void *buf, size_t n) {
    static ssize_t (*real)(int, void *, size_t);
    if (!real) real = dlsym(RTLD_NEXT, "read");
    maybe_raise(fd);
    return real(fd, buf, n);
}

int poll(struct pollfd *fds, nfds_t n, int timeout) {
    static int (*real)(struct pollfd *, nfds_t, int);
    if (!real) real = dlsym(RTLD_NEXT, "poll");
    for (nfds_t i = 0; i < n; i++) maybe_raise(fds[i].fd);
    return real(fds, n, timeout);
}
"""


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("gcc") is None:
        pytest.skip("no C compiler for the preloaded shim")
    folder = tmp_path_factory.mktemp("shim")
    (folder / "shim.c").write_text(SHIM, encoding="utf-8")
    lib = folder / "shim.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", lib, folder / "shim.c", "-ldl"], check=True)
    return lib


def _open_to_write(fifo: Path) -> int:
    """The FIFO opened to write (returns once coord has opened it to read)."""
    return os.open(fifo, os.O_WRONLY)


@pytest.mark.parametrize("how", ["--file", "--batch"])
def test_a_sigint_before_the_wait_on_a_pipe_ends_coord_at_once(
    tmp_path: Path, shim: Path, how: str
) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    fifo, raised = tmp_path / "request", tmp_path / "raised"
    os.mkfifo(fifo)
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    env = {"LD_PRELOAD": str(shim), "SHIM_FIFO": str(fifo), "SHIM_RAISED": str(raised)}
    args = ["run", how, fifo, "--agent", "backend", "--workspace", ws, "--agents-dir", agents,
            "--only", "--provider", "scripted", "--script", script]  # fmt: skip
    proc = subprocess.Popen(  # a new program (not the zygote's fork): the shim is loaded
        [sys.executable, "-m", "coordinator", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1", **env},
    )
    opened: list[int] = []
    opening = threading.Thread(target=lambda: opened.append(_open_to_write(fifo)), daemon=True)
    opening.start()
    try:
        wchan = Path(f"/proc/{proc.pid}/wchan")
        deadline = time.monotonic() + 60  # a safety net, not a wait
        while proc.poll() is None:  # the kernel's state is the event; the wait only paces
            if raised.exists() and "pipe_read" in wchan.read_text(errors="replace"):
                raise AssertionError("coord waits in read() with a SIGINT already noted")
            assert time.monotonic() < deadline, "coord neither ended nor blocked in read()"
            threading.Event().wait(0.01)
        _, err = finish(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        opening.join(timeout=5)
        for fd in opened:
            os.close(fd)
    assert raised.exists()
    assert proc.returncode == 130, err
    assert err.splitlines() == ["interrupted before a session started"], err
