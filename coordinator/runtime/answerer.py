"""Who answered a waiting question: the person recorded with their answer (audit106).

An answer (``coord resume --context``, ``--context-file``, the MCP server's ``resume``) is
kept with who gave it, in its ``resumed`` event (``person``), for whoever audits the chain:
``coord resume --as NAME`` when given; else the user's own git identity (``user.name`` and
``user.email`` of the global or system configuration: ``Name <email>``, or either alone;
never the workspace repository's own, which an agent's command can write: review136); else
the operating system's user name. Never a credential: it is read from no
environment variable but the OS user's (``LOGNAME``, ``USER``, as :func:`getpass.getuser`
reads them), and what is kept is one line of at most :data:`LONGEST` characters with
every configured secret redacted. The MCP ``resume`` tool takes no name: the model that
calls it would choose it, so the server's own user is recorded. A label the person gives
or their machine says: it proves nothing, as a commit's author proves nothing.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from coordinator.errors import UserError
from coordinator.sanitize import clean_text, scrubbed_line

#: The longest name kept (characters).
LONGEST = 200


def answering_person(workspace: Path, given: str | None = None) -> str | None:
    """Who answers a question of a session of ``workspace``: ``given`` (``--as``, checked:
    UserError when empty), else the user's own git identity (not the workspace
    repository's), else the OS user; None when none is known."""
    if given is not None:
        name = kept_name(given)
        if not name:
            raise UserError("--as names nobody", hint="Give who answers: --as 'Olena Petrenko'")
        return name
    found = _git_person(workspace) or _os_user()
    return kept_name(found) if found else None


def kept_name(name: str) -> str:
    """``name`` as the store keeps it: encodable, secrets redacted, one line, at most
    :data:`LONGEST` characters ("" when nothing is left)."""
    return scrubbed_line(clean_text(name).strip(), LONGEST).strip()


def _git_person(workspace: Path) -> str:
    """``Name <email>`` (or either alone) of the user's own git identity as git in
    ``workspace`` sees it (:func:`~coordinator.runtime.worktree.own_identity`); "" when
    none is set or git cannot run."""
    from coordinator.runtime.worktree import WorktreeUnavailable, own_identity

    try:
        name, email = own_identity(workspace)
    except WorktreeUnavailable:
        return ""
    if name and email:
        return f"{name} <{email}>"
    return name or email


def _os_user() -> str:
    """The operating system's user name; "" when it has none (a container's bare uid)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # (KeyError before Python 3.13)
        return ""
