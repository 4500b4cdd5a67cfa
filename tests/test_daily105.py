"""daily105: bad input at the CLI gets one clear message and a non-zero exit.

1. ``coord sessions`` passed over, silently and with exit 0, a database the index knows
   whose path became a folder (or another non-file): it warns naming the path, still lists
   every other workspace's sessions, and exits 4.
2. A PostgreSQL store that cannot be reached names the kind of failure (refused, unknown
   host, authentication, no such database, ...) and what to check for it, and the PG*
   variables libpq took what the URL left out from (a password's only as set).
3. A session interrupted by a model outage that outlasted the retries exited 1, as a
   failed one does: a CI script could not tell "retry later" from "the agent failed". It
   exits 75 (EX_TEMPFAIL), in ``run``, ``resume``, ``log -f``, ``--json``'s ``exit_code``
   and a batch (1 > 75 > 3 among its items).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from cli import coord
from kit import report, session_in, workspace, write_agents, write_script
from pgcluster import PG_GROUP


@pytest.mark.parametrize("kind", ["folder", "device"])
def test_sessions_names_a_known_database_that_is_no_file_and_fails(
    tmp_path: Path, kind: str
) -> None:
    session_in(tmp_path / "a", tmp_path, "here")
    other = session_in(tmp_path / "b", tmp_path, "in another project")
    db = tmp_path / "a" / ".coordinator" / "coordinator.db"
    for made in db.parent.glob("coordinator.db*"):
        made.unlink()
    if kind == "folder":
        db.mkdir()
    else:
        os.symlink(os.devnull, db)
    for args in (["sessions"], ["sessions", "--json"]):
        shown = coord(*args, cwd=tmp_path / "b")
        assert shown.returncode == 4, shown.stderr
        assert other in shown.stdout  # the other workspace's sessions are still listed
        (line,) = shown.stderr.splitlines()
        assert line.startswith(f"warning: session database {db} is not a file; skipped (")
    listed = json.loads(shown.stdout)["sessions"]  # mend105: in the error object
    assert [s["session"] for s in listed] == [other]


def test_a_store_from_the_environment_that_refuses_names_the_kind_and_the_variables(
    tmp_path: Path,
) -> None:
    env = {"PGHOST": "127.0.0.1", "PGPORT": "1", "PGPASSWORD": "s3cret-pass-105"}
    ran = coord("sessions", "--db", "postgresql://", cwd=tmp_path, env=env)
    assert ran.returncode == 4
    error, hint = ran.stderr.splitlines()
    assert error.startswith(
        "error: cannot connect to the session database postgresql:// (with PGHOST=127.0.0.1,"
        " PGPORT=1, PGPASSWORD set from the environment): connection refused ("
    )
    assert hint == "Check the host and port, and that PostgreSQL is running there."
    assert "s3cret" not in ran.stderr


@pytest.mark.xdist_group(PG_GROUP)
def test_a_database_named_by_pgdatabase_that_is_not_there_is_said_so(
    tmp_path: Path, pg_server: str
) -> None:
    url = pg_server.rsplit("/", 1)[0]  # no database: libpq takes PGDATABASE's
    ran = coord("sessions", "--db", url, cwd=tmp_path, env={"PGDATABASE": "nosuch105"})
    assert ran.returncode == 4
    error, hint = ran.stderr.splitlines()
    assert error.startswith(
        f"error: cannot connect to the session database {url} (with PGDATABASE=nosuch105 from"
        " the environment): no such database ("
    )
    assert hint == "Create it (`createdb NAME`) or name one that exists."


OUTAGE = {"error": {"status": 529, "message": "Overloaded", "retry_after": 0}}


def test_an_outage_exits_75_in_run_resume_log_follow_and_json(tmp_path: Path) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"backend": [OUTAGE, OUTAGE]})
    flags = ("--agents-dir", agents, "--only", "--script", script)
    ran = coord("run", "Charge the card", "--agent", "backend", *flags, "--json", cwd=ws)
    data = json.loads(ran.stdout)
    assert (ran.returncode, data["status"], data["exit_code"]) == (75, "interrupted", 75)
    followed = coord("log", "-f", data["session"], cwd=ws)
    assert followed.returncode == 75, followed.stderr
    again = coord("resume", data["session"], *flags, cwd=ws)
    assert again.returncode == 75, again.stderr  # the outage outlasted the retries again


@pytest.mark.parametrize(("other", "code"), [("Complete", 75), ("Failed", 1)])
def test_a_batch_orders_an_outage_after_a_failure(tmp_path: Path, other: str, code: int) -> None:
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [OUTAGE], "dba": [{"text": report(other)}]}
    )
    tasks = tmp_path / "tasks.yaml"
    tasks.write_text(
        yaml.safe_dump(
            [{"request": "Charge", "agent": "backend"}, {"request": "Schema", "agent": "dba"}]
        )
    )
    ran = coord(
        "run", "--batch", tasks, "--workspace", ws, "--agents-dir", agents, "--only",
        "--provider", "scripted", "--script", script, "--json",
    )  # fmt: skip
    assert ran.returncode == code, ran.stderr
    assert [i["exit_code"] for i in json.loads(ran.stdout)["items"]] == [75, 1 if code == 1 else 0]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (
            b"router:\n  mode: lexical\n# caf\xe9\n",
            "c.yaml:3: config is not UTF-8 text (byte 0xe9)",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "c.yaml:3: config is not UTF-8 text (byte 0x00; a binary file?)",
        ),
    ],
)
def test_a_config_that_is_not_utf8_names_its_line_and_byte(
    tmp_path: Path, data: bytes, said: str
) -> None:
    """A config file saved in Latin-1 (or a binary file given as one) was refused as "config
    is not UTF-8 text" with no line, or as YAML's "unacceptable character #x0000"; it names
    the line and byte, as a batch file, a script or a report does."""
    config = tmp_path / "c.yaml"
    config.write_bytes(data)
    ran = coord("route", "Add an endpoint", "--config", config, cwd=tmp_path)
    assert ran.returncode == 4
    assert ran.stderr.splitlines()[0] == f"error: {tmp_path / said}"
