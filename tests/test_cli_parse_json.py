"""`coord parse --json` carries line ranges, file groups and bullet structure (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coordinator.cli.app import app

REPORT = """\
⛔ Checkout half done

**Files:**
- Created:
  - `frontend/src/Cart.tsx:10-42` — component, styles, tests
- `frontend/src/api.ts:7`

**Status:** Blocked
**Domain:** Backend
**Required:**
- The POST /orders contract:
  - request body
  - error responses
- Price format
"""


def test_json_keeps_line_ranges_groups_and_nested_bullets(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] == ["frontend/src/Cart.tsx", "frontend/src/api.ts"]
    assert data["file_lines"] == {"frontend/src/Cart.tsx": "10-42", "frontend/src/api.ts": "7"}
    assert data["file_groups"] == {"frontend/src/Cart.tsx": "Created"}
    assert data["required"] == (
        "- The POST /orders contract:\n  - request body\n  - error responses\n- Price format"
    )


def test_rich_view_shows_a_file_with_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 0, result.output
    assert "frontend/src/Cart.tsx:10-42" in result.stdout


def test_report_only_inside_a_python_fence_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(f"Fixture:\n\n```python\nTEXT = '''\n{REPORT}'''\n```\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    assert "inside a code block" in result.output
