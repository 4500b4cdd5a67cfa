"""review132: redteam112's trust-boundary mends, from an agent's position and a user's.

1. A user's hook still ran the agent's code as the user when its own variable reached the
   workspace through what redteam112's expansion did not read: ``a+=user``, an operation
   on the value (``${a#x}``, ``${a%x}``, ``${a/X/u}``, ``${a:1}``, ``${a,,}``), an
   indirect ``${!b}``, a chain of more than three variables, a reference (``declare -n``),
   a ``${a:=w}`` that assigns, an ANSI-C quoted ``$'\\x2epyuser'`` (no variable at all:
   split as ``$\\x2epyuser``). Each is read now (:mod:`coordinator.tools.shell_vars`), in
   time linear in a chain's length; a hook's word longer than a file name may be
   (``jq '<long filter>'``) no longer raises out of the check.
2. ``LD_LIBRARY_PATH=$PWD/build/lib`` (a developer running a project's build) had the
   whole of ``build/lib`` protected: no agent could build the project. Only the
   libraries coord's own process loads are protected there now (``libc.so.6``: coord's
   next start would load the agent's), and also where the list leads to the workspace
   itself (``LD_LIBRARY_PATH=$PWD``, an empty entry: start protected nothing there).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import DONE, backend, bash, workspace
from hostile import run as session
from test_redteam107 import write
from test_redteam108 import HOOK_DATA, _users_hook
from test_review125 import _user_site

from coordinator.runtime.hook_run import HookEnv, Outcome, run_hook
from coordinator.runtime.hooks import command_words
from coordinator.tools.home_files import home_files_inside
from coordinator.tools.shell_vars import assigned_words

RUN = "/usr/bin/python3 -c pass"


@pytest.mark.parametrize(
    "command",
    [
        f"a=.py; a+=user; PYTHONUSERBASE=$a {RUN}",
        f"a=x.pyuser; PYTHONUSERBASE=${{a#x}} {RUN}",
        f"a=.pyuser/x; PYTHONUSERBASE=${{a%/*}} {RUN}",
        f"a=.pyXser; PYTHONUSERBASE=${{a/X/u}} {RUN}",
        f"a=x.pyuser; PYTHONUSERBASE=${{a:1}} {RUN}",
        f"a=.PYUSER; PYTHONUSERBASE=${{a,,}} {RUN}",
        f"b=a; a=.pyuser; PYTHONUSERBASE=${{!b}} {RUN}",
        f"a=.pyuser; b=$a; c=$b; d=$c; e=$d; PYTHONUSERBASE=$e {RUN}",
        f"declare -n r=a; a=.pyuser; PYTHONUSERBASE=$r {RUN}",
        f": ${{a:=.pyuser}}; PYTHONUSERBASE=$a {RUN}",
        f"PYTHONUSERBASE=$'\\x2epyuser' {RUN}",
        f"bash -c \"PYTHONUSERBASE=$'.pyuser' {RUN}\"",
    ],
)
async def test_a_users_hook_reaching_the_workspace_through_an_operation_runs_confined(
    tmp_path: Path, command: str
) -> None:
    """Each ran the agent's ``.pth`` (Python's user site in the workspace) as the user."""
    ws = tmp_path / "ws"
    ws.mkdir()
    ran = tmp_path / "ran-as-the-user"
    _user_site(ws, ran)
    hooked = await run_hook(_users_hook(tmp_path, command), HOOK_DATA, HookEnv(ws))
    assert not ran.exists(), "the agent's code ran as the user"
    assert hooked.outcome == Outcome.SKIPPED and hooked.hook.confined, hooked


async def test_a_users_hook_with_a_word_longer_than_a_file_name_runs(tmp_path: Path) -> None:
    """``jq '<a filter of 400 characters>'``: asking whether the word named a workspace
    file raised ENAMETOOLONG out of the hook's run (an OSError, a traceback)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    command = "printf %s '" + ".tool_input | " * 30 + ".file_path' >/dev/null"
    hooked = await run_hook(_users_hook(tmp_path, command), HOOK_DATA, HookEnv(ws))
    assert hooked.outcome == Outcome.OK and not hooked.hook.confined, hooked


def test_a_long_chain_of_variables_is_followed_to_its_end() -> None:
    """A chain of 400 (``v1=$v0; v2=$v1 ...``) is read to its first value (the start tree
    followed three, in time growing as the square of the line's: 0.7 s for 400; now
    38 ms); a loop (``a=$b; b=$a``) and a doubling (``a=$a$a``) end."""
    chain = "; ".join(f"v{i}=$v{i - 1}" for i in range(1, 400))
    words = command_words(f"v0=.pyuser; {chain}; PYTHONUSERBASE=$v399 true")
    assert "PYTHONUSERBASE=.pyuser" in assigned_words(words)[0]
    looped = command_words("a=$b; b=$a; " + "c=$c$c; " * 30 + "PYTHONUSERBASE=$a$c true")
    assert all(len(word) <= 2 * 4096 + 20 for word in assigned_words(looped)[0])


def test_an_agent_builds_into_the_folder_ld_library_path_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``LD_LIBRARY_PATH=$PWD/build/lib`` in the user's shell: the agent's build output (a
    Write, then a sandboxed command) was refused there."""
    ws, home = workspace(tmp_path)
    monkeypatch.setenv("LD_LIBRARY_PATH", f"{ws}/build/lib")
    built = "mkdir -p build/lib && echo built > build/lib/libproject.so"
    session(ws, home, backend(), [write("build/lib/version.txt", "1\n"), bash(built), DONE])
    assert (ws / "build/lib/version.txt").read_text() == "1\n"
    assert (ws / "build/lib/libproject.so").read_text() == "built\n"


@pytest.mark.parametrize("value", ["{ws}/build/lib", "{ws}", "/opt/none:", "."])
def test_the_libraries_coord_loads_are_protected_where_ld_library_path_leads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """coord's own next start loads ``libc.so.6`` from the first folder of the list that
    has one; the folder itself stays the agents' (build output)."""
    ws = tmp_path.resolve()
    monkeypatch.chdir(ws)
    monkeypatch.setenv("LD_LIBRARY_PATH", value.format(ws=ws))
    where = Path(value.format(ws=ws)) if value.startswith("{ws}") else ws
    found = set(home_files_inside(ws))
    assert where / "libc.so.6" in found, found
    assert ws / "build/lib" not in found, found


#: Ordinary hooks taking their own variables apart (Claude Code's documented shapes, and
#: prettier/ruff/black/cmake ones): none names what the workspace holds for a loader.
ORDINARY = [
    'f=$(cat); case "${f##*.}" in py) echo "${f%.py}" >/dev/null;; esac',
    'FILE=$(cat); ext="${FILE##*.}"; name=${FILE%.*}; echo "$name.$ext" >/dev/null',
    "OUT=${OUT:-build/lib}; mkdir -p $OUT",
    'msg="done: ${USER^^} ${HOME//\\//-}"; echo "$msg" >/dev/null',
    "grep -q '$' /etc/hostname && printf $'ok\\n' >/dev/null",
    "d=src; for f in $d/*.py; do echo ${f#./} >/dev/null; done",
]


async def test_ordinary_hooks_taking_their_own_variables_apart_run_as_the_user(
    tmp_path: Path,
) -> None:
    """(A guard.) Unconfined on both trees, in a workspace with a project's usual folders
    (fails on a tree confining any line using an operation on a variable: shown)."""
    ws = tmp_path / "ws"
    for folder in ("src", "tests", "build/lib", ".venv/bin"):
        (ws / folder).mkdir(parents=True)
    (ws / "src/app.py").write_text("")
    (ws / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    for command in ORDINARY:
        hooked = await run_hook(_users_hook(tmp_path, command), HOOK_DATA, HookEnv(ws))
        assert hooked.outcome == Outcome.OK and not hooked.hook.confined, (command, hooked)
