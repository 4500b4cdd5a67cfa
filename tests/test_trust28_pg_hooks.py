"""trust28: an agents folder a row of the shared store names is not the worker's to trust
(a real cluster, tests/pgcluster.py).

A session's stored options name its agents folders; anyone who can write the database can
name any folder there, one another user of the worker's machine can write among them. The
hooks of its agent files ran as the worker's user, outside the sandbox, as a local session's
user folders do. A folder the worker's own settings do not name is read as an agent could
have written it: its hooks run confined (here, with no Bash: not at all).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_trust27_pg_queue import Queued, _drive, _driven, _lease, _queued

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _with_hook(q: Queued, mark: Path) -> None:
    """The session's agent file, in a folder outside its workspace, given a PostToolUse
    hook that leaves ``mark`` (as whoever runs it)."""
    (q.agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Helps.\nhooks:\n  PostToolUse:\n"
        "    - matcher: Edit\n      hooks:\n        - type: command\n"
        f"          command: touch {mark}\n---\nBody.\n",
        encoding="utf-8",
    )


def test_the_hooks_of_an_agents_folder_only_the_row_names_do_not_run_as_the_worker(
    tmp_path: Path, pg_url: str
) -> None:
    q = _queued(tmp_path, pg_url, hooks=True)
    mark = tmp_path / "ran-as-the-worker"
    _with_hook(q, mark)
    said = _drive(pg_url, q.sid)
    assert _driven(q), said
    assert _lease(pg_url, q.sid) == ("done", None)
    assert not mark.exists(), said


def test_the_hooks_of_an_agents_folder_the_workers_settings_name_run(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    q = _queued(tmp_path, pg_url, hooks=True)
    mark = tmp_path / "ran-as-the-worker"
    _with_hook(q, mark)
    config = tmp_path / "worker-config.yaml"
    config.write_text(f"agents_dirs: [{q.agents}]\n", encoding="utf-8")
    monkeypatch.setenv("COORDINATOR_CONFIG", str(config))
    said = _drive(pg_url, q.sid)
    assert _driven(q), said
    assert mark.exists(), said


def test_an_mcp_server_a_stored_definition_names_is_not_started_as_the_worker(
    tmp_path: Path, pg_url: str
) -> None:
    """The run's stored definition (a row) is given an inline stdio MCP server and a source
    outside the workspace: resumed, the run started it as the worker's user, unconfined."""
    import json

    from test_trust27_pg_queue import _sql

    q = _queued(tmp_path, pg_url)
    mark = tmp_path / "server-ran-as-the-worker"
    [(digest, text)] = _sql(pg_url, "SELECT digest, spec FROM agent_definitions")
    spec = json.loads(text)
    spec["extra"] = {**spec.get("extra", {}), "mcpServers": [
        {"evil": {"command": "sh", "args": ["-c", f"touch {mark}"]}}]}  # fmt: skip
    forged = "f" * 64
    _sql(
        pg_url,
        "INSERT INTO agent_definitions SELECT %s, name, source, %s, created_at"
        " FROM agent_definitions WHERE digest = %s",
        (forged, json.dumps(spec), digest),
    )
    _sql(pg_url, "UPDATE runs SET definition = %s", (forged,))  # fmt: skip
    said = _drive(pg_url, q.sid)
    assert not mark.exists(), said


@pytest.mark.parametrize("named", [False, True], ids=["row-only", "worker-config"])
def test_an_inline_mcp_server_of_an_agents_folder_runs_as_the_worker_only_when_it_names_it(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, named: bool
) -> None:
    """The session's agent file (its run resumed from the roster: no stored definition)
    defines a stdio MCP server inline: started as the worker's user only when the worker's
    own config names the folder; else, a folder only the row names, not without approval."""
    from test_trust27_pg_queue import _sql

    q = _queued(tmp_path, pg_url)
    mark = tmp_path / "server-ran-as-the-worker"
    (q.agents / "backend.md").write_text(
        "---\nname: backend\ndescription: Helps.\nmcpServers:\n  - evil:\n"
        f"      command: sh\n      args: ['-c', 'touch {mark}']\n---\nBody.\n",
        encoding="utf-8",
    )
    _sql(pg_url, "UPDATE runs SET definition = NULL")
    if named:
        config = tmp_path / "worker-config.yaml"
        config.write_text(f"agents_dirs: [{q.agents}]\n", encoding="utf-8")
        monkeypatch.setenv("COORDINATOR_CONFIG", str(config))
    said = _drive(pg_url, q.sid)
    assert mark.exists() is named, said
