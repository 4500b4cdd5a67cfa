"""ops73: the environment a worker's hooks get. A hook of the user's own settings runs with
the user's environment, as Claude Code's hooks do (``PGPASSWORD`` included: the user's
own), without coord's store URL (``COORD_DB``); a hook an agent could write (the
workspace's project settings) runs confined and sees none of the store's credentials."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import spawn
from kit import write_agents, write_script
from test_workers_pg import chain, line_with, submit

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

STORE_PASSWORD = "storepw73x"
PG_PASSWORD = "pgpw73secretx"


def dumped(path: Path) -> dict[str, str]:
    """The environment a hook wrote with ``env -0``."""
    pairs = [item.partition("=") for item in path.read_text().split("\0") if item]
    return {name: value for name, _, value in pairs}


def hook(event_file: str) -> dict[str, object]:
    return {"PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command",
            "command": f"env -0 > {event_file}"}]}]}  # fmt: skip


def test_a_workers_hooks_see_the_store_credentials_only_where_the_user_sent_them(
    tmp_path: Path, pg_url: str
) -> None:
    agents = write_agents(tmp_path / "agents", "backend")
    script = write_script(tmp_path / "s.yaml", chain(hops=1, latency_ms=0))
    ws = tmp_path / "roots" / "ws0"
    (ws / ".claude").mkdir(parents=True)
    (ws / ".claude" / "settings.json").write_text(json.dumps({"hooks": hook("project.env")}))
    home = tmp_path / "claude-home"
    home.mkdir()
    (home / "settings.json").write_text(json.dumps({"hooks": hook("user.env")}))
    [sid] = submit(tmp_path, pg_url, script, agents, 1, 0, "--allow-bash")
    with_password = pg_url.replace("://postgres@", f"://postgres:{STORE_PASSWORD}@")
    assert STORE_PASSWORD in with_password  # (the cluster trusts any password)
    env = {"COORD_DB": with_password, "PGPASSWORD": PG_PASSWORD, "CLAUDE_CONFIG_DIR": str(home)}
    proc = spawn("worker", "--workspace-root", tmp_path / "roots", "--drain", env=env)
    try:
        line_with(proc, f"ended {sid} complete")
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
    user, project = dumped(ws / "user.env"), dumped(ws / "project.env")
    assert user["PGPASSWORD"] == PG_PASSWORD  # the user's own environment
    assert "COORD_DB" not in user
    assert STORE_PASSWORD not in json.dumps(user)
    assert project["CLAUDE_PROJECT_DIR"] == str(ws)  # (it ran, confined)
    assert "PGPASSWORD" not in project and "COORD_DB" not in project
    assert STORE_PASSWORD not in json.dumps(project) and PG_PASSWORD not in json.dumps(project)
