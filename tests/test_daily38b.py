"""daily38b: rough edges a demanding user met walking the tour and every ``--help``."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import write_agent

from coordinator.errors import EXIT_USER_ERROR


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


def test_a_bad_router_names_the_choices_and_the_value_given(tmp_path: Path) -> None:
    """``--router fast`` said pydantic's "Input should be 'lexical' or 'llm'" without the
    value; it now reads like ``--provider``'s and ``--concurrency``'s refusals."""
    ran = coord("run", "x", "--router", "fast", "--json", "--workspace", tmp_path, cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    said = "--router: must be 'lexical' or 'llm' (got 'fast')"
    assert ran.stderr == f"error: {said}\n"
    assert json.loads(ran.stdout)["error"] == said
    (tmp_path / "c.yaml").write_text("router: 3\n", encoding="utf-8")
    ran = coord("route", "hi", "--config", "c.yaml", cwd=tmp_path)
    assert ran.returncode == EXIT_USER_ERROR
    assert ran.stderr.startswith(
        "error: c.yaml:1: invalid setting 'router': must be 'lexical' or 'llm' (got 3)"
    )


def test_agents_new_into_a_file_says_the_file_is_no_folder(tmp_path: Path) -> None:
    """``--dir notes.txt`` (a file) said "cannot write notes.txt/pay.md: File exists": the
    file in the way is named as no folder, also when it is a folder above ``--dir``."""
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    for folder in ("notes.txt", "notes.txt/sub/deeper"):
        ran = coord("agents", "new", "pay", "--domain", "Payments", "-t", "stripe",
                    "--dir", folder, cwd=tmp_path)  # fmt: skip
        assert ran.returncode == EXIT_USER_ERROR
        assert ran.stderr == f"error: cannot write {folder}/pay.md: notes.txt is not a folder\n"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
