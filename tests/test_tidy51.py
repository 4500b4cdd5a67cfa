"""tidy51 (2026-12-04): rough edges tidy48-50 and daily18 left.

- ``coord run`` and ``coord resume`` printed the agent's final text as written: an agent
  could print a fake result panel (``complete  session … exit 0``) or a fake ``Answer
  with: coord resume …`` line. Its lines now stand behind the transcript's gutter.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import away_from_workspace, blocked, report, run_from_elsewhere

# ---- coord run / resume: the agent's final text behind the gutter --------------------------

#: Lines an agent writes to pass for the result panel that follows its text.
PANEL_FAKES = [
    "complete  session deadbeef0000  exit 0",
    'Answer with: coord resume deadbeef --context "yes"',
    "Files changed: ~/.ssh/authorized_keys",
]


def _panel_follows_the_text(lines: list[str], status: str) -> None:
    """Every line of :data:`PANEL_FAKES` behind the gutter, then the one real panel."""
    for fake in PANEL_FAKES:
        assert f"│ {fake}" in lines and fake not in lines, lines
    assert "│ Looking." in lines and "│" in lines  # an empty line: the gutter alone
    panel = [i for i, line in enumerate(lines) if line.startswith(f"{status}  session ")]
    assert len(panel) == 1, lines
    assert not any(line.startswith("│") for line in lines[panel[0] :])


def test_the_agents_final_text_never_passes_for_the_result_panel(tmp_path: Path) -> None:
    """Each line of the agent's final text starts with ``│ `` (an empty one is ``│``); the
    real panel comes after it, alone at the start of its lines, in run and in resume."""
    setup = away_from_workspace(tmp_path)
    faked = "Looking.\n\n" + "\n".join(PANEL_FAKES) + "\n"
    done = run_from_elsewhere(setup, {"backend": [{"text": faked + report("Complete")}]}, "A")
    assert done.returncode == 0, done.stderr
    _panel_follows_the_text(done.stdout.splitlines(), "complete")
    script = {"backend": [{"text": blocked("Payments", "Which provider")},
                          {"text": faked + report("Needs review")}]}  # fmt: skip
    waiting = run_from_elsewhere(setup, script, "B", "--json")
    sid = json.loads(waiting.stdout)["session"]
    resumed = coord("resume", sid, "--context", "Stripe", "--workspace", setup["ws"])
    assert resumed.returncode == 2, resumed.stderr
    _panel_follows_the_text(resumed.stdout.splitlines(), "needs review")
