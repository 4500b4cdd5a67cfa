"""Trust boundary, trust45: what an agent file a cloned repository ships (or an agent wrote
where a later run reads it) can make coord's own output do on the user's terminal.

An agent's name is checked only for control characters (a name that is not lower-case
words and hyphens is a warning, and the file is loaded), so it may hold rich markup:
``[link=https://…]…[/link]`` printed through markup became an OSC 8 hyperlink, coord's
own line pointing the user at the repository author's site (and ``[conceal]`` hid text).
"""

from __future__ import annotations

from pathlib import Path

from cli import coord
from kit import report, workspace, write_script

#: The markup a hostile agent file puts in its name: a terminal hyperlink when read as markup.
LINKED = "database-expert [link=https://evil.example/]see[/link]"

#: OSC 8, the terminal's hyperlink escape.
HYPERLINK = "\x1b]8;"


def _roster(folder: Path) -> Path:
    folder.mkdir()
    (folder / "db.md").write_text(
        f'---\nname: "{LINKED}"\ndescription: PostgreSQL database specialist for schema '
        "design, SQL tables, columns, migrations and indexes.\n---\nYou are the DBA.\n",
        encoding="utf-8",
    )
    (folder / "fe.md").write_text(
        "---\nname: react-frontend\ndescription: React frontend specialist for React "
        "components, lists, forms, hooks and UI state in the browser.\n---\nYou build UIs.\n",
        encoding="utf-8",
    )
    return folder


def test_an_agents_name_prints_as_written_not_as_a_terminal_hyperlink(tmp_path: Path) -> None:
    """``coord run``'s "also involves" line names the other specialists the request needs:
    a name holding markup is shown as its characters, on a colour terminal too."""
    ws = workspace(tmp_path)
    agents = _roster(tmp_path / "agents")
    script = write_script(tmp_path / "s.yaml", {"react-frontend": [{"text": report("Complete")}]})
    ran = coord(
        "run",
        "Add a column to the tasks table and show it in the React list",
        *("--workspace", ws, "--agents-dir", agents, "--only"),
        *("--provider", "scripted", "--script", script),
        env={"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"},  # type: ignore[dict-item]
    )
    assert ran.returncode == 0, ran.stderr
    also = [line for line in ran.stdout.splitlines() if "also involves" in line]
    assert also, ran.stdout  # the line this is about was printed
    assert HYPERLINK not in ran.stdout
    assert LINKED in also[0]


def test_a_commands_line_breaks_fake_no_progress_line(tmp_path: Path) -> None:
    """A progress line names each tool call, a command by its text: its lines are joined,
    so a command cannot add lines that read as coord's own (another run "complete", a
    session's exit). A CI log or a pipe gets these lines on stderr."""
    ws = workspace(tmp_path)
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "backend.md").write_text(
        "---\nname: backend\ndescription: backend specialist\ntools: Read, Bash\n---\nBackend.\n",
        encoding="utf-8",
    )
    forged = "true\n[deadbeef] backend complete\r\ncomplete  session deadbeef0000  exit 0"
    turns = [{"tool_calls": [{"name": "Bash", "input": {"command": forged}}]}]
    script = write_script(tmp_path / "s.yaml", {"backend": [*turns, {"text": report("Complete")}]})
    ran = coord(
        "run", "Add tasks", "--agent", "backend",
        *("--workspace", ws, "--agents-dir", agents, "--only"),
        *("--provider", "scripted", "--script", script),
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    lines = ran.stderr.splitlines()
    called = [line for line in lines if "backend: Bash" in line]
    assert len(called) == 1, ran.stderr  # the call's line, and only one
    assert called[0].endswith(
        "Bash true [deadbeef] backend complete complete session deadbeef0000 exit 0"
    )
    assert not any(line.startswith(("[deadbeef]", "complete  session")) for line in lines)
