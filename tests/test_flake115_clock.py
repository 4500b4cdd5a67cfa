"""flake115: :func:`kit.past_the_clock` under load. Its bound (a clock that never moves)
was read before each probe: a test process not scheduled for longer than the bound (a
machine running many test runs on two CPUs) found it passed and failed without probing
again, though the file system's clock had moved on meanwhile."""

from __future__ import annotations

import time
from pathlib import Path

import kit
import pytest


def test_a_process_paused_past_the_bound_still_sees_the_clock_move_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process pauses right after setting its bound, for longer than the bound and
    across a tick of the file system's clock (forced: the monotonic clock it reads jumps
    past the bound once a file made meanwhile is stamped later): the next probe is stamped
    later, so the wait ends, with no failure."""
    made = tmp_path / "made"
    made.touch()
    reads = iter([0.0])

    def paused() -> float:
        start = next(reads, None)
        if start is not None:
            return start  # (the bound is set)
        scratch = tmp_path / "scratch"
        while True:  # (paused until the file system's clock moved past ``made``)
            scratch.touch()
            later = scratch.lstat().st_ctime_ns > made.lstat().st_ctime_ns
            scratch.unlink()
            if later:
                return kit.CLOCK_MOVES_IN + 1.0

    monkeypatch.setattr(time, "monotonic", paused)
    kit.past_the_clock(tmp_path, made)


def test_a_clock_that_does_not_move_still_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard: a file system whose clock stamps every probe no later than the paths (set
    back) still fails the wait, once the bound has passed."""
    made = tmp_path / "made"
    made.touch()
    reads = iter([0.0, 0.0, 0.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(reads, kit.CLOCK_MOVES_IN + 1.0))
    real_lstat = Path.lstat
    ahead = real_lstat(made).st_ctime_ns + 10**12

    class Stamped:
        def __init__(self, info: object) -> None:
            self.info = info

        @property
        def st_ctime_ns(self) -> int:
            return ahead

    def lstat(path: Path) -> object:
        return Stamped(real_lstat(path)) if path == made else real_lstat(path)

    monkeypatch.setattr(Path, "lstat", lstat)
    with pytest.raises(AssertionError, match="did not move on"):
        kit.past_the_clock(tmp_path, made)
