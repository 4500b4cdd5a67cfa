"""ops84: ``coord sessions rm`` of a session queued for the workers leaves it (a worker may
fetch it at any moment) and says what ends it: a worker whose root holds its workspace,
or ``coord resume ID --here``, which takes it out of the queue and drives it here (a
session queued to a workspace outside every worker's roots waits for ever; "wait for it
to stop first" was all ``rm`` said). The hint is followed to the end: then ``rm`` removes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord
from test_ops84_roles_pg import detach

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_rm_of_a_queued_session_names_what_ends_it(tmp_path: Path, pg_url: str) -> None:
    queued = detach(tmp_path, pg_url, "ws")
    assert queued.returncode == 0, queued.stderr
    sid = queued.stdout.strip()
    left = coord("sessions", "rm", sid, "--db", pg_url)
    assert left.returncode == 4
    assert f"session {sid} is queued for the workers: not removed" in left.stderr
    assert f"`coord resume {sid} --here` takes it out of the queue" in left.stderr
    here = coord("resume", sid, "--here", "--db", pg_url)
    assert here.returncode == 0, here.stderr
    assert (tmp_path / "roots" / "ws" / "out.txt").read_text() == "x"
    removed = coord("sessions", "rm", sid, "--db", pg_url)
    assert removed.returncode == 0, removed.stderr
