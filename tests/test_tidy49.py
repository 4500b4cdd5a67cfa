"""tidy49 (2026-12-04): rough edges daily18's new user met.

- ``coord run`` with no fitting agent said one idea twice ("no agent fits this request: no
  specialist fits: …"): one sentence, the reason kept.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord


def test_run_with_no_fitting_agent_says_so_once_with_the_reason(tmp_path: Path) -> None:
    done = coord("run", "bake a chocolate cake for my birthday", cwd=tmp_path)
    assert done.returncode == 4
    assert done.stderr.splitlines()[0] == (
        'error: no agent fits this request: "bake" is about everyday life, not software'
    )
    as_json = coord("run", "bake a chocolate cake for my birthday", "--json", cwd=tmp_path)
    assert json.loads(as_json.stdout)["error"].startswith('no agent fits this request: "bake"')
