"""mend109: the ``resume`` argument list a result hands back works from any folder."""

from __future__ import annotations

import json
from pathlib import Path

from cli import coord
from kit import blocked, report, workspace, write_agents, write_script

ASK = blocked("Payments", "the merchant id", blocker="No merchant id configured")


def test_the_resume_argv_continues_the_session_from_another_folder_without_the_index(
    tmp_path: Path,
) -> None:
    """A CI script ran ``coord run -w ws1 --json`` from its checkout's root and ran the
    ``resume`` list it was handed from there: the list named no store, only the user-level
    index found the session, and with that index unusable (here: a file where its folder
    goes, as a read-only HOME leaves it) the answer was refused, "unknown session" (exit
    4). The list (and every one a result or listing hands back from there) names
    ``--workspace WS``; run as given from that folder, it answers."""
    ws, agents = workspace(tmp_path), write_agents(tmp_path / "agents")
    script = write_script(
        tmp_path / "s.yaml", {"backend": [{"text": ASK}, {"text": report("Complete", "Charged")}]}
    )
    root, blocker = tmp_path / "checkout", tmp_path / "not-a-folder"
    root.mkdir()
    blocker.write_text("", encoding="utf-8")
    env = {"XDG_DATA_HOME": str(blocker)}  # the index cannot be made or read
    ran = coord(
        "run", "Charge the card", "--agent", "backend", "-w", ws, "--agents-dir", agents,
        "--only", "--script", script, "--json", cwd=root, env=env,
    )  # fmt: skip
    assert ran.returncode == 3, ran.stderr
    argv = json.loads(ran.stdout)["resume"]
    [listed] = json.loads(coord("sessions", "-w", ws, "--json", cwd=root, env=env).stdout)
    assert listed["resume"] == argv
    done = coord(*argv[1:], "--json", cwd=root, env=env, stdin="merchant 42\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["status"] == "complete"
