"""hooks114: a user's hook whose command computes, as it runs, what it runs.

review132 left open the values a hook's line makes only when it runs: ``a=$(echo .pyuser);
PYTHONUSERBASE=$a``, ``read a <<< ./wrap; sh "$a"``, ``printf -v a``, ``set -- ./wrap;
sh "$1"``, an array, ``eval``, ``source <(...)``, ``$(cat file)`` as the program. The
checks of what a hook runs read its words, so each ran the agent's file as the user. Where
such a value reaches the program a command runs, an interpreter's script or code, or a
loader variable, the hook now fails closed: it runs as a workspace hook (sandboxed, only
with ``--allow-bash``), one warning naming the settings file, the hook and the word
(:mod:`coordinator.tools.run_time_words`). Ordinary hooks (``jq ... | grep``, ``$(date)``
in an echo, a protected ``.claude/hooks`` script) run as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import DONE, backend, bash, workspace
from hostile import run as session
from kit import needs_bwrap
from test_redteam108 import HOOK_DATA, _users_hook

from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from coordinator.runtime.hooks import load_hooks

#: What the agent's sandboxed command leaves: ``wrap`` (a script touching ``{ran}``, the
#: mark outside the workspace), ``cmd`` naming it, and Python's user site under
#: ``.pyuser`` whose ``.pth`` touches it too.
PLANTED = (
    "printf '#!/bin/sh\\ntouch {ran}\\n' > wrap && chmod +x wrap && echo ./wrap > cmd && "
    "for m in 9 10 11 12 13 14; do d=.pyuser/lib/python3.$m/site-packages; mkdir -p $d && "
    "echo 'import pathlib; pathlib.Path(\"{ran}\").touch()' > $d/agent.pth; done"
)
#: Each ran ``wrap`` (or the ``.pth``) as the user on the start tree.
COMPUTED = [
    "a=$(echo .pyuser); PYTHONUSERBASE=$a /usr/bin/python3 -c pass",
    'read a <<< ./wrap; sh "$a"',
    "printf -v a %s ./wrap; sh $a",
    'set -- ./wrap; sh "$1"',
    'a=(./wrap); sh "${a[0]}"',
    "mapfile -t a <<< ./wrap; sh ${a[0]}",
    "a=`echo ./wrap`; $a",
    'eval "$(echo sh ./wrap)"',
    "eval 'sh ./wrap'",
    "source <(echo sh ./wrap)",
    "$(cat cmd)",
    "ls | grep ^wra | xargs sh",
]


@needs_bwrap
@pytest.mark.parametrize("command", COMPUTED)
def test_a_users_hook_running_what_it_computes_never_runs_the_agents_file_as_the_user(
    tmp_path: Path, command: str
) -> None:
    """The user's ``~/.claude/settings.json`` PostToolUse hook, a real session."""
    assert_never_runs_the_agents_file(tmp_path, command)


def assert_never_runs_the_agents_file(tmp_path: Path, command: str) -> None:
    """A real session with ``command`` as the user's ``~/.claude/settings.json`` PostToolUse
    hook: the agent's sandboxed command plants ``wrap``; the hook, fired after it, must not
    have run it as the user."""
    ws, home = workspace(tmp_path)
    ran = tmp_path / "ran-as-the-user"
    hook = {"type": "command", "command": command}
    settings = {"hooks": {"PostToolUse": [{"matcher": "Bash", "hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    session(ws, home, backend(), [bash(PLANTED.format(ran=ran)), DONE])
    assert (ws / "wrap").is_file(), "the agent's command planted nothing"
    assert not ran.exists(), "the agent's file ran as the user"


def test_the_warning_names_the_settings_file_the_hook_and_the_word(tmp_path: Path) -> None:
    """One line, as the hooks are read: the file, the event, the hook's command, what it
    computes and where it goes, and what to do."""
    ws, home = workspace(tmp_path)
    hook = {"type": "command", "command": 'read a <<< ./wrap; sh "$a"'}
    settings = {"hooks": {"PostToolUse": [{"hooks": [hook]}]}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    found = load_hooks(ws, home=home, managed=None)
    [hooked] = found.hooks
    [line] = [w for w in found.warnings if "computes" in w]
    assert hooked.confined
    assert line.startswith(f"{home / '.claude' / 'settings.json'}: PostToolUse: hook "), line
    assert "'read a <<< ./wrap; sh \"$a\"'" in line and "the script sh runs, $a," in line, line
    assert "--allow-bash" in line and "write the path" in line, line


#: Ordinary hooks computing values where no check looks (the documented shapes).
ORDINARY = [
    "jq -r .tool_input.command | grep -q 'rm -rf' && exit 2 || exit 0",
    'echo "$(date): $(jq -r .tool_name)" >> {tmp}/tool.log',
    '"$CLAUDE_PROJECT_DIR"/.claude/hooks/x.sh',
    'f=$(jq -r .tool_input.file_path); [ "${{f##*.}}" = py ] && echo "$f" >> {tmp}/py.log; true',
    "read -r line; printf '%s\\n' \"$line\" >> {tmp}/input.log",
    'n=$(git rev-parse --short HEAD 2>/dev/null || echo none); echo "$n" > /dev/null',
    "cat | python3 -c 'import json, sys; json.load(sys.stdin)'",
]


async def test_ordinary_hooks_computing_values_run_as_the_user(tmp_path: Path) -> None:
    """(A guard.) Unconfined on both trees, in a workspace with a project's usual folders
    and a protected ``.claude/hooks/x.sh`` (fails on a tree confining every line with a
    substitution: shown)."""
    ws = tmp_path / "ws"
    for folder in ("src", "tests", ".venv/bin", ".claude/hooks"):
        (ws / folder).mkdir(parents=True)
    (ws / ".claude/hooks/x.sh").write_text("#!/bin/sh\n")
    (ws / ".claude/hooks/x.sh").chmod(0o755)
    (ws / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    for command in ORDINARY:
        hooked = await run_hook(
            _users_hook(tmp_path, command.format(tmp=tmp_path)), HOOK_DATA, HookEnv(ws)
        )
        assert hooked.outcome == Outcome.OK and not hooked.hook.confined, (command, hooked)


def test_a_value_computed_through_a_long_chain_in_any_order_is_followed() -> None:
    """``v0=$v1; v1=$v2; ...; read v2000; sh "$v0"``: each variable's value uses the next,
    the last read as the line runs (found by a walk once along the chain, not a pass per
    link: 2,000 took 15 s so; now 0.2 s); a chain ending in a value written out is none."""
    from coordinator.tools.run_time_words import run_time_word

    chain = "; ".join(f"v{i}=$v{i + 1}" for i in range(2000))
    assert run_time_word(f'{chain}; read v2000; sh "$v0"') == (
        "the script sh runs, $v0, which the shell computes only when the line runs"
    )
    assert run_time_word(f'{chain}; v2000=./check.sh; sh "$v0"') is None
