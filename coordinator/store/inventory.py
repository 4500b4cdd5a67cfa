"""Every path coordinator uses for a workspace, for ``coord config``: config files, the
session database, the user-level session index, caches and agent folders, each with whether
it exists (a PostgreSQL store is named by its URL, without the password; whether it
exists is not checked: ``coord config`` connects to nothing), and the user's Claude Code
files coord reads. Whether a path exists is asked as ``os.path`` asks it: one that may not be
looked at (a folder on its way this user may not search) is shown as missing, never a
traceback."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from coordinator.claude_home import VARIABLE, ClaudeHome, claude_home
from coordinator.config import SettingsExplained
from coordinator.roster.cache import cache_file
from coordinator.roster.loader import bundled_agents_dir, project_agents_dir
from coordinator.sanitize import masked_url
from coordinator.store.paths import db_path, index_path


@dataclass(frozen=True)
class PathInUse:
    """One path: what it is for, where it is, and whether it exists now (None: a database
    server's URL, not checked)."""

    what: str
    path: Path | str
    exists: bool | None

    def to_json(self) -> dict[str, object]:
        """As ``coord config --json`` lists it."""
        return {"what": self.what, "path": str(self.path), "exists": self.exists}


def paths_in_use(
    explained: SettingsExplained,
    workspace: Path,
    *,
    agents_dirs: list[Path],
    only: bool,
) -> list[PathInUse]:
    """Config files considered, the database, the session index (where every workspace's
    sessions are), the caches and the agent folders (highest precedence first), for
    ``workspace`` (its project agents: the ``.claude/agents`` nearest to it)."""
    labels = (
        ["config (--config)"]
        if len(explained.files) == 1
        else ["config (user)", "config (workspace)"]
    )
    found = [
        PathInUse(label, path, exists)
        for label, (path, exists) in zip(labels, explained.files, strict=True)
    ]
    if isinstance(explained.settings.db, str):  # a shared PostgreSQL store: its URL
        found.append(PathInUse("session database", masked_url(explained.settings.db), None))
    else:
        db = db_path(workspace, explained.settings.db)
        found.append(PathInUse("session database", db, os.path.isfile(db)))
    index = index_path()
    found.append(PathInUse("session index", index, os.path.isfile(index)))
    roster_cache = cache_file()
    found.append(PathInUse("agent file cache", roster_cache, os.path.isfile(roster_cache)))
    found.append(
        PathInUse("routing index cache", roster_cache.parent, os.path.isdir(roster_cache.parent))
    )
    folders = [("agents (--agents-dir)", d) for d in agents_dirs]
    folders += [("agents (config)", d) for d in explained.settings.agents_dirs]
    user = claude_home()
    if not only:
        project = project_agents_dir(workspace) or workspace / ".claude" / "agents"
        folders += [
            ("agents (project)", project),
            ("agents (user)", user.agents),
            ("agents (bundled)", bundled_agents_dir()),
        ]
    found += [PathInUse(what, path, os.path.exists(path)) for what, path in folders]
    return found + project_claude_paths(workspace) + claude_paths(user)


def project_claude_paths(workspace: Path) -> list[PathInUse]:
    """The project's Claude Code files coord reads in ``workspace``: its instructions, its
    settings (hooks, permission rules, MCP servers), its skills and its MCP servers."""
    claude = workspace / ".claude"
    return [
        PathInUse(what, path, os.path.exists(path))
        for what, path in (
            ("claude instructions (project)", workspace / "CLAUDE.md"),
            ("claude settings (project)", claude / "settings.json"),
            ("claude settings (local)", claude / "settings.local.json"),
            ("claude skills (project)", claude / "skills"),
            ("mcp servers (project)", workspace / ".mcp.json"),
        )
    ]


def claude_paths(user: ClaudeHome) -> list[PathInUse]:
    """The user's Claude Code files coord reads (:mod:`coordinator.claude_home`): the folder
    (``CLAUDE_CONFIG_DIR`` when it moves it), its settings and skills, the user file."""
    where = VARIABLE if user.moved else "user"
    return [
        PathInUse(what, path, os.path.exists(path))
        for what, path in (
            (f"claude code ({where})", user.folder),
            ("claude settings (user)", user.settings),
            ("claude skills (user)", user.skills),
            ("mcp servers (user)", user.user_file),
        )
    ]
