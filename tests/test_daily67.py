# ruff: noqa: RUF001 - Ukrainian text is intended
"""daily67: a first day with coordinator from a clean clone; the rough edges mended.

A Domain written as code (```Database` ``) kept its closing backtick; the "your agents
first" note said a bundled specialist "scored higher" when it scored lower; ``coord route``
showed a candidates table without the agent it had chosen; a copied agent file that kept
another's ``name`` silently hid the file named for that agent; ``--otel`` without the extra
said to unset a variable nobody set; ``coord run`` from a project's sub-folder worked in
the sub-folder alone without a word.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from cli import coord
from kit import write_agent, write_script

from coordinator.roster.loader import load_registry
from coordinator.routing.decision import RouteDecision
from coordinator.routing.sources import own_first
from protocols import parse_report

SHARED = Path(__file__).resolve().parents[2] / "shared"

#: Two agents of the user's own, in the seed's style (Ukrainian triggers, a NOT-for block).
FLASK = """---
name: flask-backend-expert
description: |-
  Розробка та ревʼю Python backend коду на Flask. Спеціалізація: REST API, blueprints.

  ТРИГЕРИ:
  - Ключові слова: "Flask", "endpoint", "blueprint", "REST API", "jsonify", "backend"
  - Запити: "Додай endpoint", "Створи маршрут у Flask", "Перевір Flask код"

  НЕ для:
  - Схема бази даних, SQL запити → sqlite-db-expert
model: sonnet
---

Працюй автономно в межах backend домену (Flask, Python).
"""
SQLITE = """---
name: sqlite-db-expert
description: |-
  Проєктування схеми SQLite, міграції, оптимізація SQL запитів та індексів.

  ТРИГЕРИ:
  - Ключові слова: "SQLite", "schema", "migration", "SQL query", "index", "таблиця"
  - Запити: "Додай колонку", "Створи міграцію", "Оптимізуй запит"

  НЕ для:
  - API endpoints → flask-backend-expert
model: sonnet
---

Працюй автономно в межах домену бази даних (SQLite, SQL).
"""


def project(tmp_path: Path, **files: str) -> Path:
    """A project folder with these agent files in its ``.claude/agents``."""
    agents = tmp_path / "proj" / ".claude" / "agents"
    agents.mkdir(parents=True)
    for name, text in files.items():
        (agents / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path / "proj"


# ---- 1. a Domain written as code ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "written"),
    [("`Database`", "Database"), ("`k8s` (EKS)", "k8s (EKS)"), ("**`Backend`**", "Backend")],
)
def test_a_domain_written_as_code_keeps_no_backtick(line: str, written: str) -> None:
    """``**Domain:** `Database` `` gave ``domain_written`` ``Database` ``: the opening
    backtick was dropped as a symbol, the closing one stayed (the consult reads its words)."""
    for summary in ("Need the schema.", "✅ Need the schema"):  # the parser's and the seed's
        report = parse_report(
            f"{summary}\n\n**Changes:**\n- none\n\n**Files:** a.py\n\n**Status:** Blocked\n"
            f"**Domain:** {line}\n**Blocker:** x\n**Required:** y\n"
        )
        assert report.domain_written == written


# ---- 2. "scored higher" only when it did ----------------------------------------------------


def test_the_own_first_note_says_scored_higher_only_when_it_did() -> None:
    """The roster may choose a bundled specialist that scored lower (a near tie): the note
    said it "scored higher (2.47)" beside the user's agent's 2.62."""
    bundled = RouteDecision(agent="fastapi-backend-expert", score=2.47)
    mine = own_first(bundled, RouteDecision(agent="flask-backend-expert", score=2.62), _no_kinds())
    assert "scored higher" not in mine.reason
    assert "bundled fastapi-backend-expert was the roster's choice (2.47)" in mine.reason
    higher = RouteDecision(agent="fastapi-backend-expert", score=8.23)
    mine = own_first(higher, RouteDecision(agent="flask-backend-expert", score=7.45), _no_kinds())
    assert "bundled fastapi-backend-expert scored higher (8.23)" in mine.reason


def _no_kinds() -> object:
    from coordinator.roster.registry import Registry

    return Registry([])


def test_coord_route_s_note_is_true_of_the_scores_it_shows(tmp_path: Path) -> None:
    """On the seed-style roster, "make the flask endpoint less slow" went to the user's
    flask agent (2.43) over the bundled database-engineer that "scored higher (2.36)"."""
    ws = project(tmp_path, **{"flask-backend-expert": FLASK, "sqlite-db-expert": SQLITE})
    ran = coord("route", "make the flask endpoint less slow", cwd=ws)
    assert ran.returncode == 0, ran.stderr
    found = re.search(r"fits \(([\d.]+)\); bundled \S+ (.+?) \(([\d.]+)\)", ran.stderr)
    assert found is not None, ran.stderr
    mine, how, theirs = float(found[1]), found[2], float(found[3])
    assert (how == "scored higher") == (theirs > mine), ran.stderr


# ---- 3. the chosen agent is among the candidates shown --------------------------------------


def test_the_candidates_include_the_agent_chosen(tmp_path: Path) -> None:
    """ "Напиши тести для app.py" went to test-automator (0.79), which the table of five
    candidates, all scoring more, left out: the table now ends with it."""
    tester = SHARED / "corpus/lst97__claude-code-sub-agents/agents/quality-testing"
    if not tester.is_dir():
        pytest.skip("../shared is not present (only CI and developers have it)")
    ws = project(
        tmp_path,
        **{
            "test-automator": (tester / "test-automator.md").read_text(encoding="utf-8"),
            "python-app-dev": "---\nname: python-app-dev\ndescription: Python developer for"
            " the app: writes py modules of the app, its scripts and its tools.\n---\nBody.\n",
            "docs-writer": "---\nname: docs-writer\ndescription: Writes the docs of the app:"
            " py docstrings, README, guides. Напиши документацію.\n---\nBody.\n",
        },
    )
    ran = coord("route", "Напиши тести для app.py", "--json", cwd=ws)
    decision = json.loads(ran.stdout)
    listed = [c["agent"] for c in decision["candidates"]]
    assert decision["agent"] in listed and len(listed) == 5, decision
    table = coord("route", "Напиши тести для app.py", cwd=ws).stdout
    assert table.count(decision["agent"]) == 1  # the choice, its evidence said once (tidy86)
    assert all(agent in table for agent in listed)  # and the others it was chosen over


# ---- 4. a copy that kept another agent's name -----------------------------------------------


def test_the_file_named_for_an_agent_wins_in_its_folder(tmp_path: Path) -> None:
    """``dup.md``, a copy of the SQLite agent that kept ``name: flask-backend-expert``, hid
    ``flask-backend-expert.md`` (first by path), and run and route said nothing."""
    ws = project(
        tmp_path,
        **{
            "flask-backend-expert": FLASK,
            "dup": SQLITE.replace("name: sqlite-db-expert", "name: flask-backend-expert"),
        },
    )
    registry = load_registry([], cwd=ws)
    assert registry.get("flask-backend-expert").source.name == "flask-backend-expert.md"
    (hidden,) = [s for s in registry.shadowed if s.name == "flask-backend-expert"]
    assert hidden.path.name == "dup.md" and hidden.same_folder
    ran = coord("route", "Додай endpoint DELETE /notes/{id}", cwd=ws)
    assert ran.returncode == 0
    assert ran.stdout.startswith("→ flask-backend-expert")
    (line,) = [line for line in ran.stderr.splitlines() if line.startswith("warning:")]
    assert line == (
        "warning: .claude/agents/dup.md ignored: flask-backend-expert.md in the same folder"
        " gives the same name, flask-backend-expert (rename one)"
    )
    shown = coord("agents", "validate", ".claude/agents", cwd=ws).stdout
    assert "dup.md:1: warning: duplicate agent name 'flask-backend-expert' (defined in the" in shown


def test_copies_that_kept_names_are_counted_on_one_line(tmp_path: Path) -> None:
    """Two such copies: one line with their count and the command that names them."""
    folder = tmp_path / "agents"
    write_agent(folder, "api", "Builds the HTTP API.")
    for copy in ("copy1", "copy2"):
        (folder / f"{copy}.md").write_text("---\nname: api\ndescription: X.\n---\nB.\n")
    ran = coord("route", "build the HTTP API", "--agents-dir", folder, "--only", cwd=tmp_path)
    (line,) = [line for line in ran.stderr.splitlines() if line.startswith("warning:")]
    assert line.startswith("warning: 2 agent files ignored: each gives the name of another")
    assert "coord agents validate agents/copy1.md agents/copy2.md shows which" in line


# ---- 5. --otel without the extra ------------------------------------------------------------


def test_otel_without_the_extra_names_what_turned_tracing_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--otel`` alone: the hint said "(or unset OTEL_EXPORTER_OTLP_ENDPOINT)", a variable
    not set; a traces endpoint variable set: it named the other one."""
    monkeypatch.setitem(sys.modules, "coordinator.telemetry.otel", None)  # not installed
    for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    agents = tmp_path / "agents"
    write_agent(agents, "api", "Builds the HTTP API.")
    script = write_script(tmp_path / "s.yaml", {"api": [{"text": "x"}]})
    flags = ("--agent", "api", "--agents-dir", agents, "--only", "--script", script)
    ran = coord("run", "build it", *flags, "--otel", cwd=tmp_path)
    assert ran.returncode == 4
    assert "needs the otel extra" in ran.stderr
    assert "(or run without --otel)" in ran.stderr and "unset" not in ran.stderr
    traces = {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:9"}
    ran = coord("run", "build it", *flags, cwd=tmp_path, env=traces)
    assert "(or unset OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)" in ran.stderr, ran.stderr


# ---- 6. a run from a project's sub-folder ---------------------------------------------------


def test_a_run_from_a_sub_folder_of_a_workspace_says_so(tmp_path: Path) -> None:
    """``coord run`` in ``src/notes`` of a project coord ran in worked in ``src/notes``
    alone (the agent's Read of ``src/notes/app.py`` failed, a second ``.coordinator``
    appeared, ``coord resume`` there found nothing), without a word."""
    ws = project(tmp_path, **{"flask-backend-expert": FLASK})
    script = write_script(
        tmp_path / "s.yaml",
        {"flask-backend-expert": [{"text": "Done.\n\n**Status:** Complete"}] * 3},
    )
    first = coord("run", "Додай endpoint", "--script", script, cwd=ws)
    assert first.returncode == 0 and "inside the workspace" not in first.stderr
    sub = ws / "src" / "notes"
    sub.mkdir(parents=True)
    ran = coord("run", "Додай endpoint", "--script", script, cwd=sub)
    assert ran.returncode == 0, ran.stderr
    (note,) = [line for line in ran.stderr.splitlines() if "inside the workspace" in line]
    assert note == (
        f"note: the workspace is this folder, {sub}, inside the workspace {ws}: the agents"
        f" see only this folder and its sessions are kept apart (-w {ws} works on the whole"
        " project; -w . keeps this folder and says nothing)"
    )
    quiet = coord("run", "Додай endpoint", "--script", script, "-w", ".", cwd=sub)
    assert quiet.returncode == 0 and "inside the workspace" not in quiet.stderr
