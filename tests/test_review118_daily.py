"""review118 on daily107: the way a refused ``coord agents validate -w PROJECT`` points to
is one coord takes. "Name them: coord agents validate DIR" sent the user to
``coord agents validate PROJECT``, refused: "no agent files in PROJECT"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli import coord


@pytest.mark.parametrize("flag", ["-w", "--workspace"])
def test_validate_workspace_hint_names_a_command_coord_takes(tmp_path: Path, flag: str) -> None:
    project = tmp_path / "shop"
    agents = project / ".claude" / "agents"
    agents.mkdir(parents=True)
    (agents / "db-helper.md").write_text(
        "---\nname: db-helper\ndescription: Helps with databases\n---\nYou help.\n",
        encoding="utf-8",
    )
    refused = coord("agents", "validate", flag, project, cwd=tmp_path)
    assert refused.returncode != 0 and f"No such option: {flag}" in refused.stderr
    said = " ".join(refused.stderr.split())
    way = re.search(r"coord agents validate (\S+)", said)
    assert way is not None, said
    args = way.group(1).replace("DIR", str(project), 1)
    taken = coord("agents", "validate", args, cwd=tmp_path)
    assert taken.returncode == 0, taken.stderr
    assert "1 agent" in taken.stdout, taken.stdout
