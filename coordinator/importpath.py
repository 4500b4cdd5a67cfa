"""Where a ``coord`` process imports its own code from (standard library only: confined
before typer and the rest are imported).

Not from the folder it was started in, nor from a ``PYTHONPATH`` entry that is relative or
lies in that folder: the working folder is the default workspace, every agent's to write.
``python -m coordinator`` puts it first on ``sys.path`` (before the standard library and
site-packages), and ``PYTHONPATH=src`` (a project's ``.envrc``) puts ``src`` there, so a
``typer.py`` an agent wrote ran as the user, outside the sandbox and with the API key, at
the next ``coord`` started there, and a module coord imports late (``mcp``,
``opentelemetry``) in the same process once the agent wrote it (redteam107). Nor from one
in a workspace the command line names (``coord run -w ~/proj`` started elsewhere with
``PYTHONPATH=~/proj/src``: review117). The folder coord's own packages come from stays
(``PYTHONPATH=$PWD`` running a checkout of coord), but when it lies in the working folder
or a workspace named (developing coord with coord, in its checkout) it gives coord its own
packages only (:class:`OwnPackages`): a ``typer.py`` an agent wrote beside them there was
imported as coord's (redteam108).
"""

import os
import sys
from importlib.machinery import ModuleSpec, PathFinder  # (-m loaded it already)
from types import ModuleType

#: The options naming a workspace (``coord run -w DIR``, ``--workspace DIR``) or a folder
#: of them (``coord worker --workspace-root DIR``).
_WORKSPACE_OPTIONS = ("-w", "--workspace", "--workspace-root")
#: coord's own top-level packages (the wheel's, ``pyproject.toml``).
OWN_PACKAGES = ("coordinator", "protocols")


def confined(
    path: list[str], cwd: str, pythonpath: str, own: str, workspaces: tuple[str, ...] = ()
) -> list[str]:
    """``path`` (``sys.path``) without ``""`` (the working folder ``cwd`` for ``-c``), the
    working folder itself (``-m``), and each entry of ``pythonpath`` (the variable's value)
    that is relative or lies in ``cwd`` or in one of the ``workspaces`` named (relative to
    ``cwd``); ``own``, the folder coord's packages come from, kept."""
    here = os.path.realpath(cwd)
    places = [here, *(os.path.realpath(os.path.join(cwd, w)) for w in workspaces)]
    dropped = {here}
    for entry in pythonpath.split(os.pathsep) if pythonpath else ():
        real = os.path.realpath(os.path.join(cwd, entry))
        if not os.path.isabs(entry) or any(_inside(real, place) for place in places):
            dropped.add(real)
    own_real = os.path.realpath(own)
    return [e for e in path if e == own or (e and os.path.realpath(e) not in dropped - {own_real})]


def own_in_workspace(cwd: str, own: str, workspaces: tuple[str, ...] = ()) -> bool:
    """Whether ``own``, the folder coord's packages come from, is a checkout (not installed:
    in no prefix of the interpreter, nor the user's site-packages, which the tools keep from
    agents whole) lying in the working folder ``cwd`` or one of the ``workspaces`` named
    (relative to ``cwd``): agents write there."""
    real = os.path.realpath(own)
    site = sys.modules.get("site")
    user = getattr(site, "getusersitepackages", lambda: "")() if site else ""
    prefixes = {sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix}
    if any(_inside(real, os.path.realpath(p)) for p in prefixes) or (
        user and real == os.path.realpath(user)
    ):
        return False
    places = [cwd, *(os.path.join(cwd, w) for w in workspaces)]
    return any(_inside(real, os.path.realpath(place)) for place in places)


class OwnPackages:
    """A finder (``sys.meta_path``) of :data:`OWN_PACKAGES` only, from ``folder``: coord's
    own folder when it lies in a workspace, taken off ``sys.path`` (:func:`confine`), so
    that no other module there is imported as coord's."""

    def __init__(self, folder: str):
        self.folder = folder

    def find_spec(
        self, name: str, path: object = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        """The spec of one of coord's own top-level packages in the folder; None else."""
        if path is not None or name not in OWN_PACKAGES:
            return None
        return PathFinder.find_spec(name, [self.folder], target)


def _inside(real: str, place: str) -> bool:
    return real == place or real.startswith(place.rstrip("/") + "/")


def named_workspaces(argv: list[str]) -> tuple[str, ...]:
    """The folders ``argv`` (a command line after the program) names with ``-w``,
    ``--workspace`` or ``--workspace-root`` (``-w DIR``, ``-wDIR``, ``--workspace=DIR``), read
    before the CLI parses it: whatever a later word means, a folder so named is kept off
    the path."""
    found: list[str] = []
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word in _WORKSPACE_OPTIONS and index + 1 < len(argv):
            found.append(argv[index + 1])
        elif word.partition("=")[0] in _WORKSPACE_OPTIONS[1:] and "=" in word:
            found.append(word.partition("=")[2])
        elif word.startswith("-w") and not word.startswith("--") and len(word) > 2:
            found.append(word[2:])
    return tuple(w for w in found if w)


def confine() -> None:
    """Confine this process's ``sys.path`` (:func:`confined`), in place; coord's own folder,
    when it lies in a workspace (:func:`own_in_workspace`), only through
    :class:`OwnPackages`."""
    try:
        cwd = os.getcwd()
    except OSError:  # a working folder removed: nothing there to import from
        return
    own = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    named = named_workspaces(sys.argv[1:])
    sys.path[:] = confined(sys.path, cwd, os.environ.get("PYTHONPATH", ""), own, named)
    if own_in_workspace(cwd, own, named):
        real = os.path.realpath(own)
        sys.path[:] = [e for e in sys.path if os.path.realpath(e) != real]
        sys.meta_path.insert(0, OwnPackages(own))
