"""tidy51 (2026-12-04): rough edges tidy48-50 and daily18 left.

- ``coord run`` and ``coord resume`` printed the agent's final text as written: an agent
  could print a fake result panel (``complete  session … exit 0``) or a fake ``Answer
  with: coord resume …`` line. Its lines now stand behind the transcript's gutter.
- ``coord log``'s tree cut a request, a waiting reason, a hook's note and a failure
  mid-word ("everyon…", "paymen…"): now after a whole word, as it cuts a Blocker.
- ``coord agents new --dir`` where every other command says ``--agents-dir``: it takes
  ``--agents-dir`` (``--dir`` still works, out of the help).
- ``coord resume --here`` (drive a shared store's session in this process, not queue it)
  read as ``coord log --here`` / ``coord sessions --here`` (this workspace's sessions):
  its help now says which it is, and that resume takes this workspace's newest either way.
- A new user's day: ``coord sessions --here`` and ``coord stats --here`` in a folder with
  no sessions said "no sessions" (as if there were none anywhere), ``--search``
  unnamed: now which filters, where, and how to see every workspace's. ``coord log ID``
  found nowhere read "(this folder has no sessions, nor in the session index)". ``coord
  agents list`` said "3 problem(s), 2 file(s) skipped" and named the skipped files to
  validate, not the one with the warning. A malformed ``--script`` named the entry
  (``agents.backend[1]``), not its line. Six million tokens read ``6000.0k`` and the
  budget's wait ``(session used 6000000 tokens (max_session_tokens 5000000))``. A batch's
  table cut its requests mid-word (``th…``), as ``coord sessions`` no longer does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli import coord
from kit import (
    away_from_workspace,
    blocked,
    report,
    run_from_elsewhere,
    session_in,
    write_agents,
    write_script,
)

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


# ---- coord log: the tree's long lines cut after a whole word -------------------------------

REQUEST = (
    "Add an endpoint that returns each task with the email address of its owner and the names"
    " of everyone who watches it"
)
REFUSAL = (
    "The request was refused because the conversation holds more tokens than the model"
    " accepts in one call"
)
HELD = (
    "a release manager must look at each write to the payments module before it lands in the"
    " main repository of record"
)


def _cut_after_a_word(lines: list[str], head: str, whole: str) -> None:
    """The line starting with ``head`` shows a clipped ``whole``, cut after a word."""
    (line,) = [line.strip() for line in lines if line.strip().startswith(head)]
    shown = line[line.index(whole[:20]) :].rstrip("”")
    assert shown.endswith("…") and whole.startswith(shown[:-1] + " "), line


def _log_lines(setup: dict[str, Any], ran: Any) -> list[str]:
    """``coord log`` of the session ``ran`` (``--json``) started, 300 columns wide."""
    sid = json.loads(ran.stdout)["session"]
    shown = coord("log", sid, "--workspace", setup["ws"], env={"COLUMNS": "300"})
    assert shown.returncode == 0, shown.stderr
    return shown.stdout.splitlines()


def test_the_log_tree_cuts_long_lines_after_a_whole_word(tmp_path: Path) -> None:
    """A request, a failure, a hook's note and a waiting reason over 100 characters."""
    setup = away_from_workspace(tmp_path)
    error = {"error": {"status": 400, "message": REFUSAL}}
    lines = _log_lines(setup, run_from_elsewhere(setup, {"backend": [error]}, REQUEST, "--json"))
    _cut_after_a_word(lines, "└── “Add an", REQUEST)
    refused = f"the model API returned an error: 400 invalid_request_error: {REFUSAL}"
    _cut_after_a_word(lines, "└── ✘ Failed", refused)

    hook = {"hookSpecificOutput": {"hookEventName": "PreToolUse",
            "permissionDecision": "defer", "permissionDecisionReason": HELD}}  # fmt: skip
    command = {"type": "command", "command": f"echo '{json.dumps(hook)}'"}
    settings = setup["ws"] / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps({"hooks": {"PreToolUse": [{"hooks": [command]}]}}))
    write = {"name": "Write", "input": {"file_path": "notes.txt", "content": "hi"}}
    script = {"backend": [{"tool_calls": [write]}]}  # workspace hooks run with --allow-bash
    lines = _log_lines(setup, run_from_elsewhere(setup, script, "W", "--allow-bash", "--json"))
    _cut_after_a_word(lines, "└── ⏸ waiting:", f"a PreToolUse hook deferred its Write call: {HELD}")
    _cut_after_a_word(lines, "├── hook PreToolUse", HELD)


# ---- coord agents new --agents-dir, as every other command spells it -----------------------


def test_agents_new_takes_agents_dir_as_the_other_commands_do(tmp_path: Path) -> None:
    made = coord("agents", "new", "pay", "--domain", "Payments", "-t", "stripe",
                 "--agents-dir", "mine", cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "mine" / "pay.md").is_file()
    assert "coord route stripe --agents-dir mine" in made.stdout  # the same flag to try it
    shown = coord("agents", "show", "pay", "--agents-dir", "mine", "--json", cwd=tmp_path)
    assert json.loads(shown.stdout)["name"] == "pay"
    old = coord("agents", "new", "refunds", "--domain", "Refunds", "-t", "refund",
                "--dir", "mine", cwd=tmp_path)  # fmt: skip
    assert old.returncode == 0, old.stderr
    assert (tmp_path / "mine" / "refunds.md").is_file()
    both = coord("agents", "new", "x", "--domain", "X", "-t", "x",
                 "--agents-dir", "a", "--dir", "b", cwd=tmp_path)  # fmt: skip
    assert (both.returncode, both.stderr) == (
        4,
        "error: give --agents-dir or its old name --dir, not both\n",
    )
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    helped = coord("agents", "new", "--help", env={"COLUMNS": "100"}).stdout
    assert "--agents-dir" in helped and "--dir " not in helped


# ---- coord resume --here: what it means, beside log's and sessions' --here -----------------


def _waiting_in(folder: Path, tmp_path: Path) -> tuple[str, Path]:
    """A session waiting for a person in ``folder`` (made), run from there, and ``folder``."""
    folder.mkdir()
    agents = write_agents(tmp_path / "agents", "backend")
    turns = [{"text": blocked("Payments", "Which provider")}, {"text": report("Complete")}]
    script = write_script(tmp_path / f"{folder.name}.yaml", {"backend": turns})
    ran = coord("run", "Add it", "--agents-dir", agents, "--only", "--agent", "backend",
                "--script", script, "--json", cwd=folder)  # fmt: skip
    assert ran.returncode == 3, ran.stdout + ran.stderr
    return str(json.loads(ran.stdout)["session"]), folder


def test_resume_here_says_it_drives_in_this_process_not_that_it_filters(tmp_path: Path) -> None:
    """``--here`` filters log, sessions and stats; resume's drives a shared store's session
    in this process. Its help says so, and that resume keeps to this workspace without
    it: what a user reading ``coord log --here`` expects of ``coord resume --here``."""
    helped = coord("resume", "--help", env={"COLUMNS": "100"}).stdout
    row = helped[helped.index("│ --here ") :].split("│ --")[1]  # "here" and its wrapped lines
    said = " ".join(row.replace("│", " ").split())
    assert "in this process, not queue it for the workers" in said
    assert "without SESSION, resume takes this workspace's newest session either way" in said
    for flags in ((), ("--here",)):
        ours = _waiting_in(tmp_path / f"a{len(flags)}", tmp_path)
        _waiting_in(tmp_path / f"b{len(flags)}", tmp_path)  # newer, in another workspace
        resumed = coord("resume", "--context", "Stripe", "--json", *flags, cwd=ours[1])
        assert json.loads(resumed.stdout)["session"] == ours[0], resumed.stderr


# ---- a new user's day: what an empty list says -------------------------------------------


def test_an_empty_list_says_which_filters_and_where(tmp_path: Path) -> None:
    session_in(tmp_path / "project", tmp_path, "Add a health check")
    (tmp_path / "elsewhere").mkdir()
    here = tmp_path / "elsewhere"
    for command in ("sessions", "stats"):
        shown = coord(command, "--here", cwd=here)
        assert (shown.returncode, shown.stdout) == (0, (
            f"no sessions in this workspace ({here}); `coord {command}` shows every"
            " workspace's\n"
        ))  # fmt: skip
    searched = coord("sessions", "--status", "needs-review", "--search", "[red]x", cwd=here)
    assert searched.stdout == "no sessions with status needs review, matching '[red]x'\n"
    none = coord("sessions", "--agent", "worker", "--search", "zzz", "-w", "project", cwd=tmp_path)
    assert none.stdout == "no sessions where worker ran, matching 'zzz' in workspace project\n"


def test_an_unknown_session_says_where_it_was_looked_for_in_a_sentence(tmp_path: Path) -> None:
    looked = coord("log", "abcdef12", cwd=tmp_path)
    assert looked.stderr.splitlines()[0] == (
        "error: unknown session: abcdef12 (not in this workspace, which has no sessions, nor"
        " in the session index)"
    )


def test_agents_list_names_every_file_with_a_problem_to_validate(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "pay.md").write_text(
        "---\nname: pay\ndescription: Stripe\ntools: Read, Frob\n---\nBody\n", encoding="utf-8"
    )
    (folder / "notes.md").write_text("no frontmatter\n", encoding="utf-8")
    listed = coord("agents", "list", "--agents-dir", folder, "--only", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[-1] == (
        "1 agent file skipped, 1 warning: `coord agents validate agents/notes.md agents/pay.md`"
        " shows why"
    )
    validated = coord("agents", "validate", "agents/notes.md", "agents/pay.md", cwd=tmp_path)
    assert "notes.md:1: error" in validated.stdout and "pay.md:4: warning" in validated.stdout
    (folder / "notes.md").unlink()
    listed = coord("agents", "list", "--agents-dir", folder, "--only", cwd=tmp_path)
    assert (
        listed.stdout.splitlines()[-1]
        == "1 warning: `coord agents validate agents/pay.md` shows why"
    )


def test_a_malformed_script_names_its_line(tmp_path: Path) -> None:
    script = tmp_path / "s.yaml"
    script.write_text("agents:\n  backend:\n    - text: hi\n    - text: b\n      txt: c\n")
    agents = write_agents(tmp_path / "agents", "backend")
    ran = coord("run", "Add it", "--agent", "backend", "--agents-dir", agents, "--only",
                "--script", script, cwd=tmp_path)  # fmt: skip
    assert (ran.returncode, ran.stderr) == (
        4, f"error: {script}:5: agents.backend[1]: unknown key 'txt'; did you mean text?\n"
    )  # fmt: skip


def test_millions_of_tokens_read_as_millions(tmp_path: Path) -> None:
    setup = away_from_workspace(tmp_path)
    spent = {"text": "Working", "usage": {"input_tokens": 6_000_000}}
    ran = run_from_elsewhere(setup, {"backend": [spent]}, "Spend it")
    assert ran.returncode == 3, ran.stderr
    assert "6000.0k" not in ran.stdout
    head = ran.stdout.splitlines()[0]
    assert "  waiting  " in head and head.endswith("  6.0M tokens · $12.0000"), head
    why = "session used 6,000,000 tokens; max_session_tokens is 5000000"
    assert f"stopped before its next model call ({why})." in ran.stdout
    logged = coord("log", "-w", setup["ws"], cwd=setup["elsewhere"], env={"COLUMNS": "200"})
    assert f"⏸ waiting for a raised budget: {why}" in logged.stdout
    listed = coord("sessions", "-w", setup["ws"], cwd=setup["elsewhere"])
    assert " 6.0M " in listed.stdout.splitlines()[1]


def test_the_batch_table_cuts_a_request_after_a_whole_word(tmp_path: Path) -> None:
    setup = away_from_workspace(tmp_path)
    request = "Add a GET /health/db endpoint that checks the database connection and the cache"
    batch = tmp_path / "tasks.yaml"
    batch.write_text(f"- request: {request}\n  agent: backend\n", encoding="utf-8")
    script = write_script(tmp_path / "b.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord("run", "--batch", batch, "--workspace", setup["ws"], "--agents-dir",
                setup["agents"], "--only", "--script", script)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    row = ran.stdout.splitlines()[1]
    shown = row[row.index(" Add a GET") + 1 :].rstrip()
    assert shown.endswith("…") and request.startswith(shown[:-1] + " "), row
