"""A config file's bad value is named with the file and the line of its key, as an unknown
key is (it named the file alone: "coord.yaml: invalid setting 'max_turns'") (daily29)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import coord


@pytest.mark.parametrize(
    ("line", "setting"),
    [("max_turns: 0", "max_turns"), ("prices: {x: 1}", "prices.x"), ("router: smart", "router")],
)
def test_a_bad_value_names_its_line(tmp_path: Path, line: str, setting: str) -> None:
    config = tmp_path / "coord.yaml"
    config.write_text(f"# my settings\n\nmax_depth: 3\n{line}\n", encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = coord("config", "--config", config, "--workspace", ws)
    assert ran.returncode == 4
    assert ran.stderr.startswith(f"error: {config}:4: invalid setting '{setting}': ")
