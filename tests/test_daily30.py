"""daily30: rough edges a demanding daily user of ``coord`` met, each checked where the user
meets it (the command's output and exit code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli import coord
from kit import workspace, write_agents

from coordinator.errors import UserError


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    return {"tmp": tmp_path, "ws": workspace(tmp_path), "agents": write_agents(tmp_path / "a")}


# ---- a number below its flag's range: the flag, the range and the value -----------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--concurrency", "0"], "error: --concurrency: must be at least 1 (got 0)"),
        (["--concurrency", "-3"], "error: --concurrency: must be at least 1 (got -3)"),
        (["--workers", "0"], "error: --workers: must be at least 1 (got 0)"),
    ],
)
def test_a_batch_flag_below_its_range_is_named_with_the_range(
    setup: dict[str, Any], args: list[str], message: str
) -> None:
    batch = setup["tmp"] / "b.yaml"
    batch.write_text("- Add an endpoint\n", encoding="utf-8")
    ran = coord("run", "--batch", batch, "--workspace", setup["ws"], *args)
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [message]  # one line: no pydantic wording


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--concurrency", "0"], "--concurrency: must be at least 1 (got 0)"),
        (["--lease", "0.2"], "--lease: must be at least 0.5 seconds (got 0.2)"),
        (["--poll", "0"], "--poll: must be above 0 seconds (got 0)"),
        (["--poll", "nan"], "--poll: must be a number (got nan)"),
        (["--lease", "inf"], "--lease: must be a finite number of seconds (got inf)"),
    ],
)
def test_a_worker_flag_out_of_range_is_the_one_named(args: list[str], message: str) -> None:
    ran = coord("worker", "--db", "postgresql://nowhere.invalid/db", *args)
    assert ran.returncode == 4
    assert ran.stderr.splitlines() == [f"error: {message}"]  # not all three flags at once


def test_a_setting_below_its_range_says_the_range_and_the_value(tmp_path: Path) -> None:
    from coordinator.config import load_settings

    config = tmp_path / "outside" / "c.yaml"
    config.parent.mkdir()
    ws = workspace(tmp_path)
    for text, reason in [
        ("max_turns: 0\n", "'max_turns': must be at least 1 (got 0)"),
        ("db_timeout: .nan\n", "'db_timeout': must be a number (got nan)"),  # was accepted
    ]:
        config.write_text(text, encoding="utf-8")
        with pytest.raises(UserError) as caught:
            load_settings(ws, config)
        assert caught.value.message == f"{config}:1: invalid setting {reason}"
