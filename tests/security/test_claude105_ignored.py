"""claude105: a file an agent hides with an ignore rule it wrote is still among its changes.

A Bash command's changes are what ``git status`` lists, and ``git status`` leaves out what
the ignore rules match: a ``.gitignore`` (any folder's, one ignoring itself too) or
``.git/info/exclude``, files any command can write. A command writing ``secret.txt`` and a
rule naming it, or the rule first and the file in a later command, left the file out of
the run's changed files (``bash_changed`` events: ``coord log``, Files). Now a file only a
rule written since the session's first command ignores is listed as any other; what the
user's own rules ignored then (``node_modules``, ``*.log``) is not followed, as before.

Real git, real ``bwrap``, the real engine with scripted turns, the session in real SQLite.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from hostile import DONE, backend, bash, run

pytestmark = [
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git not installed"),
]


def repository(tmp_path: Path, ignore: str = "") -> tuple[Path, Path]:
    """A workspace that is a git repository with one commit (its ``.gitignore``:
    ``ignore``, when given), and a home."""
    ws, home = (tmp_path / "ws").resolve(), tmp_path / "home"
    (ws / "sub").mkdir(parents=True)
    (home / ".claude").mkdir(parents=True)
    (ws / "app.py").write_text("ok\n")
    (ws / "sub/keep.py").write_text("ok\n")
    if ignore:
        (ws / ".gitignore").write_text(ignore)
    git = ["git", "-c", "user.name=a", "-c", "user.email=a@a"]
    subprocess.run([*git, "init", "-q"], cwd=ws, check=True)
    subprocess.run([*git, "add", "."], cwd=ws, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=ws, check=True)
    return ws, home


def changed_files(ws: Path) -> list[list[str]]:
    """The files the run's Bash commands changed, as its ``bash_changed`` events name them."""
    with sqlite3.connect(ws / ".coordinator" / "coordinator.db") as db:
        rows = db.execute("SELECT data FROM events WHERE kind = 'bash_changed' ORDER BY seq")
        return [f for (data,) in rows for f in json.loads(data)["files"]]


@pytest.mark.parametrize(
    ("rules", "shown"),
    [
        (".gitignore", [[".gitignore", "created"]]),
        ("sub/.gitignore", [["sub/.gitignore", "created"]]),  # (it ignores itself too)
        (".git/info/exclude", []),  # (git's own folder: never listed)
    ],
)
def test_a_file_hidden_by_a_rule_the_agent_wrote_is_listed(
    tmp_path: Path, rules: str, shown: list[list[str]]
) -> None:
    ws, home = repository(tmp_path)
    mine = "sub/.gitignore" if rules == "sub/.gitignore" else ""
    names = ["secret.txt", "made.txt", "out/", ".gitignore"] if mine else ["secret.txt"]
    first = f"mkdir -p .git/info && printf '%s\\n' {' '.join(names)} >> {rules}"
    folder = "sub/" if mine else ""
    turns = [
        bash(f"{first} && echo hi > {folder}secret.txt"),  # the rule and the file at once
        bash(f"printf 'made.txt\\nout/\\n' >> {rules}"),  # a rule first,
        bash(f"echo x > {folder}made.txt && mkdir {folder}out && echo a > {folder}out/a.txt"),
        bash(f"echo more >> {folder}secret.txt"),  # a hidden file changed again
        DONE,
    ]
    run(ws, home, backend(), turns)

    assert changed_files(ws) == [
        *shown,
        [f"{folder}secret.txt", "created"],
        *([[rules, "updated"]] if shown else []),
        [f"{folder}made.txt", "created"],
        [f"{folder}out/a.txt", "created"],
        [f"{folder}secret.txt", "updated"],
    ]


def test_what_the_users_own_rules_ignored_stays_unfollowed(tmp_path: Path) -> None:
    """Once an agent adds a rule, only what the new rules hide is listed: a folder and a
    file the user's committed rules ignored at the session's start are not followed."""
    ws, home = repository(tmp_path, "node_modules/\n*.log\n")
    turns = [
        bash("echo 'tmp/' >> .gitignore && mkdir tmp && echo t > tmp/t.txt"),
        bash("mkdir -p node_modules/pkg && echo m > node_modules/pkg/x.js && echo l > a.log"),
        DONE,
    ]
    run(ws, home, backend(), turns)

    assert changed_files(ws) == [[".gitignore", "updated"], ["tmp/t.txt", "created"]]
