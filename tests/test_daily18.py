"""Daily use, eighteenth round: a flag that changes nothing is refused, one piece of routing
evidence is shown once, and ``coord agents list`` fits a terminal of 80 columns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli import coord
from kit import blocked, waiting_on, workspace, write_agents

from coordinator.roster.loader import load_registry
from coordinator.routing.lexical import route

BUNDLED = Path(__file__).resolve().parents[1] / "agents"


@pytest.mark.parametrize(
    "extra",
    [("Add an endpoint",), ("Add an endpoint", "--agent", "backend")],
    ids=["routed", "named agent"],
)
def test_concurrency_on_a_single_run_is_refused(tmp_path: Path, extra: tuple[str, ...]) -> None:
    """A single run has one model call in flight: ``--concurrency 8`` was accepted and did
    nothing; it is a batch's setting."""
    agents = write_agents(tmp_path / "agents")
    ran = coord(
        "run", *extra, "--concurrency", "8", "--workspace", workspace(tmp_path / "ws"),
        "--agents-dir", agents, "--only", "--provider", "scripted",
    )  # fmt: skip
    assert ran.returncode == 4
    assert "--concurrency sets a batch run's model calls in flight" in ran.stderr
    assert "--batch FILE" in ran.stderr and "Traceback" not in ran.stderr
    assert not (tmp_path / "ws" / ".coordinator").exists()  # refused before a store was made


def test_one_request_word_shows_one_trigger() -> None:
    """The database agent lists "Postgres" and "PostgreSQL" (and "slow query" and "Why is the
    query slow"): one request word fired both, and the explanation named both."""
    registry = load_registry([BUNDLED], only=True, cache=False)
    decision = route("the postgres query is slow", registry)
    assert decision.agent == "database-engineer"
    triggers = [m for m in decision.matched if m.startswith("trigger ")]
    assert len([t for t in triggers if "Postgres" in t]) == 1, decision.matched
    assert len([t for t in triggers if "slow" in t]) == 1, decision.matched
    # two different words keep two triggers
    both = route("the postgres table is locked", registry)
    shown = [m for m in both.matched if m.startswith("trigger ")]
    assert any("Postgres" in t for t in shown) and any("table" in t for t in shown), shown


def test_agents_list_names_each_folder_once(tmp_path: Path) -> None:
    """At 80 columns the source column broke every path mid-word; it now shows the kind (and
    a sub-folder or another file name) and each kind's folder once, whole, below the table."""
    root = tmp_path / "team"
    write_agents(root, "backend")
    write_agents(root / "deploy", "ops")
    (root / "odd-file.md").write_text(
        "---\nname: dba\ndescription: Database schema and SQL.\n---\nYou design tables.\n",
        encoding="utf-8",
    )
    shown = coord("agents", "list", "--agents-dir", root, "--only")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    cells = [line.split("│") for line in lines if "│" in line]
    rows = {cell[1].strip(): cell[-2].strip() for cell in cells}
    kind = rows["backend"]
    assert rows["ops"] == f"{kind}: deploy/" and rows["dba"] == f"{kind}: odd-file.md"
    (folder,) = [line for line in lines if line.startswith(f"{kind}: ")]
    assert folder.endswith("team/") and str(root.name) in folder
    assert not any(str(tmp_path) in line for line in lines if "│" in line)  # no path in a cell
    listed = json.loads(coord("agents", "list", "--agents-dir", root, "--only", "--json").stdout)
    paths = {a["name"]: a["path"] for a in listed["agents"]}  # --json keeps whole paths
    assert paths["dba"] == str(root / "odd-file.md")
    assert re.search(r"deploy[/\\]ops\.md$", paths["ops"])


def test_resume_with_a_config_on_a_shared_store_says_the_workers_use_their_own(
    tmp_path: Path, pg_url: str
) -> None:
    """``coord resume --config F`` queued the session for the workers and said nothing,
    though no worker reads F: the file only found the store."""
    sid, _, _ = waiting_on(tmp_path, pg_url, blocked("Payments", "Id?"))
    config = tmp_path / "coord.yaml"
    config.write_text(f"db: {pg_url}\nmax_turns: 3\n", encoding="utf-8")
    queued = coord("resume", sid, "--config", config, "--context", "merchant 42")
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.strip() == sid
    assert f"session {sid}: --config: the workers drive the session with their own" in (
        queued.stderr
    )
    plain = coord("resume", sid, "--db", pg_url, "--context", "merchant 43")
    assert "--config:" not in plain.stderr  # said only when a file was given


def test_agents_list_with_a_relative_and_an_absolute_folder(tmp_path: Path) -> None:
    """Review: one kind's folders given one relative, one absolute ended in a traceback
    (their common folder could not be worked out)."""
    write_agents(tmp_path / "here", "backend")
    write_agents(tmp_path / "there", "ops")
    shown = coord(
        "agents", "list", "--agents-dir", "here", "--agents-dir", tmp_path / "there", "--only",
        cwd=tmp_path,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    rows = [line.split("│") for line in shown.stdout.splitlines() if "│" in line]
    cells = {row[1].strip(): row[-2].strip() for row in rows if row[1].strip()}  # first lines
    kind = cells["backend"].split(":")[0]
    assert cells == {"backend": f"{kind}: here/", "ops": f"{kind}: there/"}
