"""review115: two defects of claude107's changes, with real hook processes and real files.

1. A PostToolUse hook printing every field of its output type, ``"updatedToolOutput":
   null`` among them (as typed hook libraries do), replaced the tool's output with the
   text ``null``: the model lost the Read's or Bash's output, and the log said
   ``updated output``. A ``null`` field now gives no output.
2. ``command_files`` walked every folder below a commands folder, 8 levels deep, bounded
   only by the count of ``.md`` files: a repository whose ``.claude/commands`` links to
   ``/`` (or holds thousands of folders) held every start and every skill pass for 25 s on
   this machine. At most :data:`COMMAND_DIRS` folders are read now (0.1-0.2 s for ``/``).
"""

from __future__ import annotations

from pathlib import Path

from kit import report
from test_claude105_commands import command
from test_hooks import Run, hook, py_hook

from coordinator.runtime.preload import COMMAND_DIRS, command_files

DONE = report("Complete", "Done")

#: A hook answering every field of its output, the output it does not replace as null.
NULLS = (
    "print(json.dumps({'hookSpecificOutput': {'hookEventName': 'PostToolUse',"
    " 'additionalContext': 'checked', 'updatedToolOutput': None,"
    " 'updatedMCPToolOutput': None}}))\n"
)


async def test_a_null_updated_tool_output_keeps_the_tools_output(tmp_path: Path) -> None:
    agents = {
        "backend": [
            {"tool_calls": [{"name": "Read", "input": {"file_path": "notes.txt"}}]},
            {"expect": "the notes: 42", "text": DONE},
        ]
    }
    r = Run(tmp_path, agents, hook("PostToolUse", py_hook(tmp_path, "n.py", NULLS), "Read"))
    (r.ws / "notes.txt").write_text("the notes: 42\n", encoding="utf-8")
    result = await r.engine.start("Read the notes", agent="backend")
    assert result.status == "complete", result.reason
    [ran] = r.hook_events(result.session_id)
    assert "updated output" not in ran["decision"], ran


def test_command_files_read_at_most_the_bound_of_folders(tmp_path: Path) -> None:
    folder = tmp_path / "commands"
    command(folder, "top", "t")
    for i in range(COMMAND_DIRS):  # empty folders, read before ``zz`` (by name)
        (folder / f"d{i:04}").mkdir(parents=True)
    command(folder / "zz", "late", "l")
    names = [p.relative_to(folder).as_posix() for p in command_files(folder)]
    assert names == ["top.md"], names[:5]
