"""daily38b: rough edges a demanding user met walking the tour and every ``--help``."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import write_agent


def test_validate_describes_the_name_rule_its_own_warning_applies(tmp_path: Path) -> None:
    """The fields table said names are "lower-case letters and hyphens" while a name with
    digits (``agents new`` makes them) loads without a warning: the note names digits too."""
    folder = tmp_path / "agents"
    write_agent(folder, "agent2", "Handles invoices.")
    write_agent(folder, "bad-one", "Handles refunds.").write_text(
        "---\nname: Bad_One\ndescription: Handles refunds.\n---\nBody.\n", encoding="utf-8"
    )
    done = coord("agents", "validate", str(folder), "--json", cwd=tmp_path)
    data = json.loads(done.stdout)
    [warning] = [p["message"] for p in data["problems"]]
    assert warning == "name 'Bad_One' should be lower-case letters, digits and hyphens"
    [name] = [f["note"] for f in data["fields"] if f["field"] == "name"]
    assert name == "the agent's name (lower-case letters, digits and hyphens)"
