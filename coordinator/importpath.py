"""Where a ``coord`` process imports its own code from (standard library only: confined
before typer and the rest are imported).

Not from the folder it was started in, nor from a ``PYTHONPATH`` entry that is relative or
lies in that folder: the working folder is the default workspace, every agent's to write.
``python -m coordinator`` puts it first on ``sys.path`` (before the standard library and
site-packages), and ``PYTHONPATH=src`` (a project's ``.envrc``) puts ``src`` there, so a
``typer.py`` an agent wrote ran as the user, outside the sandbox and with the API key, at
the next ``coord`` started there, and a module coord imports late (``mcp``,
``opentelemetry``) in the same process once the agent wrote it (redteam107). The folder
coord's own packages come from stays (``PYTHONPATH=$PWD`` running a checkout of coord).
"""

import os
import sys


def confined(path: list[str], cwd: str, pythonpath: str, own: str) -> list[str]:
    """``path`` (``sys.path``) without ``""`` (the working folder ``cwd`` for ``-c``), the
    working folder itself (``-m``), and each entry of ``pythonpath`` (the variable's value)
    that is relative or lies in ``cwd``; ``own``, the folder coord's packages come from,
    kept."""
    here = os.path.realpath(cwd)
    dropped = {here}
    for entry in pythonpath.split(os.pathsep) if pythonpath else ():
        real = os.path.realpath(os.path.join(cwd, entry))
        if not os.path.isabs(entry) or real == here or real.startswith(here.rstrip("/") + "/"):
            dropped.add(real)
    own_real = os.path.realpath(own)
    return [e for e in path if e == own or (e and os.path.realpath(e) not in dropped - {own_real})]


def confine() -> None:
    """Confine this process's ``sys.path`` (:func:`confined`), in place."""
    try:
        cwd = os.getcwd()
    except OSError:  # a working folder removed: nothing there to import from
        return
    own = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path[:] = confined(sys.path, cwd, os.environ.get("PYTHONPATH", ""), own)
