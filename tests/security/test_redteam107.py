"""redteam107: a hostile agent against what coord itself imports.

1. coord's default workspace is the folder it is started in, and ``python -m coordinator``
   puts that folder first on ``sys.path``: a ``typer.py`` the agent wrote there with Write
   ran at the next ``python -m coordinator`` started there, as the user, outside the
   sandbox, with the API key in its environment. A ``PYTHONPATH`` entry in that folder
   (``PYTHONPATH=src``, a project's ``.envrc``) did the same for the ``coord`` script.
   A coord process now drops them from its path first (``importpath.confine``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import DONE, backend, run, said, workspace

import coordinator
from coordinator.importpath import confined

#: Where the coordinator under test is imported from (a checkout: its packages' folder).
REPO = Path(coordinator.__file__).resolve().parents[1]
#: What the agent writes where coord imports from: it leaves ``{mark}`` when imported.
PLANTED = "import pathlib\npathlib.Path({mark!r}).write_text('ran as the user')\n"


def write(path: str, content: str) -> dict[str, object]:
    """A turn that writes ``content`` to ``path`` with the Write tool."""
    return {"tool_calls": [{"name": "Write", "input": {"file_path": path, "content": content}}]}


def coord(cwd: Path, *argv: str, pythonpath: str) -> subprocess.CompletedProcess[str]:
    """``argv`` run with the Python coord runs under, in ``cwd``, with ``PYTHONPATH``."""
    env = {**os.environ, "PYTHONPATH": pythonpath}
    return subprocess.run(
        [sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_python_m_coordinator_imports_no_module_an_agent_wrote_in_its_folder(
    tmp_path: Path,
) -> None:
    """The agent's ``typer.py`` (Write, in the workspace) was imported by the next
    ``python -m coordinator`` started in the workspace; now coord's start never imports
    from its working folder."""
    ws, home = workspace(tmp_path)
    mark = tmp_path / "imported"
    provider = run(ws, home, backend(), [write("typer.py", PLANTED.format(mark=str(mark))), DONE])
    assert (ws / "typer.py").is_file(), said(provider, 1)
    done = coord(ws, "-m", "coordinator", "--version", pythonpath=str(REPO))
    assert not mark.exists(), done.stderr
    assert done.returncode == 0 and "coord" in done.stdout, done.stderr


@pytest.mark.parametrize("entry", ["src", "{ws}/src", ""])
def test_a_pythonpath_folder_in_the_working_folder_gives_coord_no_module(
    tmp_path: Path, entry: str
) -> None:
    """``PYTHONPATH=src`` (relative, absolute, or an empty entry: the working folder) with
    the ``coord`` script: the agent's ``src/typer.py`` was imported as coord's."""
    ws, home = workspace(tmp_path)
    mark = tmp_path / "imported"
    (ws / "src").mkdir()
    turns = [write("src/typer.py", PLANTED.format(mark=str(mark))), DONE]
    run(ws, home, backend(), turns)
    (ws / "typer.py").write_text((ws / "src" / "typer.py").read_text())  # for ""
    script = tmp_path / "bin" / "coord"  # as the installed script is: outside the workspace
    script.parent.mkdir()
    script.write_text("import sys\nfrom coordinator.__main__ import main\nsys.exit(main())\n")
    path = os.pathsep.join([str(REPO), entry.format(ws=ws)])
    done = coord(ws, str(script), "--version", pythonpath=path)
    assert not mark.exists(), done.stderr
    assert done.returncode == 0 and "coord" in done.stdout, done.stderr


def test_the_path_keeps_coords_own_folder_and_folders_elsewhere(tmp_path: Path) -> None:
    """What is kept: the folder coord's packages come from (a checkout run with
    ``PYTHONPATH=$PWD``), folders outside the working folder (the standard library,
    site-packages, an absolute ``PYTHONPATH`` entry elsewhere)."""
    cwd, own, lib = tmp_path / "proj", tmp_path / "proj" / "checkout", tmp_path / "lib"
    for folder in (cwd / "src", own, lib):
        folder.mkdir(parents=True)
    path = ["", str(cwd), str(own), str(cwd / "src"), str(lib), "/usr/lib/python3.11"]
    kept = confined(path, str(cwd), os.pathsep.join([str(own), "src", str(lib)]), str(own))
    assert kept == [str(own), str(lib), "/usr/lib/python3.11"]
