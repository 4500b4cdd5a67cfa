"""Where the user's own Claude Code files are: the folder (``~/.claude``: settings, agents,
skills, agent memory) and the user file (``~/.claude.json``: MCP servers, per-project
approvals), and where the administrator's managed settings are (:data:`MANAGED_SETTINGS`).
This module is the only place that answers it; every reader asks here.

Claude Code moves both to ``$CLAUDE_CONFIG_DIR`` when that variable is set: "every
``~/.claude`` path lives under that directory instead", and the user file becomes
``$CLAUDE_CONFIG_DIR/.claude.json`` (beside ``settings.json``, no longer in the home
folder). coord follows it, with two choices where Claude Code's behaviour is no model:

* an empty value is unset (Claude Code's user file reads it so: ``CLAUDE_CONFIG_DIR || ~``);
* ``~`` or ``~/x`` is the home folder's (the shell did not expand it: a unit file, an
  ``.env``); Claude Code takes it as ``./~/x`` from the folder it runs in, a known bug;
* any other relative value is not followed: it would be read from the folder coord runs
  in, the workspace an agent writes (whose ``.claude`` is read as the project's already).
  coord reads ``~/.claude`` and ``~/.claude.json`` then, and :attr:`ClaudeHome.note` says so
  (``coord config``, a run's warnings).

The trust code protects what coord reads here when it lies in a workspace
(:func:`coordinator.tools.home_files.home_files_inside`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Claude Code's managed (policy) settings on Linux, the administrator's: read for permission
#: rules, hooks and enabled plugins, over every other file.
MANAGED_SETTINGS = Path("/etc/claude-code/managed-settings.json")
#: The folder of drop-in managed settings files beside the managed settings file, merged
#: after it in the order of their names (Claude Code's "Split a file-based policy across
#: teams"): :func:`read_managed`.
DROP_INS = "managed-settings.d"
#: The keys whose later value replaces an earlier one whole (a chain), and the one whose
#: later entry of a name replaces the earlier entry whole.
_WHOLE = frozenset({"fallbackModel"})
_BY_NAME = frozenset({"extraKnownMarketplaces"})
#: The variable that moves Claude Code's user folder and user file.
VARIABLE = "CLAUDE_CONFIG_DIR"
#: The user folder's name in the home folder, and the user file's name.
FOLDER = ".claude"
USER_FILE = ".claude.json"


@dataclass(frozen=True)
class ClaudeHome:
    """The user's Claude Code folder and user file, and the variable's value."""

    folder: Path
    user_file: Path
    #: True when ``CLAUDE_CONFIG_DIR`` moved them.
    moved: bool
    #: The value of ``CLAUDE_CONFIG_DIR`` ("": unset), as spelled.
    value: str = ""

    @property
    def ignored(self) -> str:
        """The value of a ``CLAUDE_CONFIG_DIR`` coord does not follow (relative), else ""."""
        return "" if self.moved else self.value

    @property
    def settings(self) -> Path:
        """The user's settings file (permissions, hooks, MCP servers)."""
        return self.folder / "settings.json"

    @property
    def agents(self) -> Path:
        """The user's agent files."""
        return self.folder / "agents"

    @property
    def skills(self) -> Path:
        """The user's skills (``NAME/SKILL.md``)."""
        return self.folder / "skills"

    @property
    def commands(self) -> Path:
        """The user's custom commands (``NAME.md``: skills named by their file, claude105)."""
        return self.folder / "commands"

    @property
    def agent_memory(self) -> Path:
        """The memory of the user's agents (``memory: user``), one folder per agent."""
        return self.folder / "agent-memory"

    @property
    def named(self) -> str:
        """The folder as messages name it: ``~/.claude``, or ``$CLAUDE_CONFIG_DIR``."""
        return f"${VARIABLE}" if self.moved else f"~/{FOLDER}"

    @property
    def named_user_file(self) -> str:
        """The user file as messages name it: ``~/.claude.json``, or in the moved folder."""
        return f"${VARIABLE}/{USER_FILE}" if self.moved else f"~/{USER_FILE}"

    @property
    def note(self) -> str | None:
        """Why the variable is not followed, or None."""
        if not self.ignored:
            return None
        return (
            f"{VARIABLE}={self.ignored!r} is a relative path: coord does not follow it (it "
            f"would read your Claude Code files from the folder it runs in, which agents can "
            f"write) and reads {self.folder} and {self.user_file}; set it to an absolute path"
        )


def claude_home(home: Path | None = None, environ: Mapping[str, str] | None = None) -> ClaudeHome:
    """The user's Claude Code folder and user file for the home folder ``home`` (default:
    the user's) and the environment ``environ`` (default: coord's)."""
    env = os.environ if environ is None else environ
    top = home if home is not None else Path.home()
    value = env.get(VARIABLE, "")
    if value == "~" or value.startswith("~/"):
        folder = top / value[2:]
    else:
        folder = Path(os.path.expanduser(value)) if value.startswith("~") else Path(value)
    if not value or not folder.is_absolute():
        return ClaudeHome(top / FOLDER, top / USER_FILE, False, value)
    return ClaudeHome(folder, folder / USER_FILE, True, value)


def drop_ins(managed: Path) -> list[Path]:
    """The drop-in files of the managed settings file ``managed``: each ``*.json`` of
    ``managed-settings.d`` beside it that is not hidden, in the order of their names."""
    folder = managed.parent / DROP_INS
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    shown = (n for n in names if n.endswith(".json") and not n.startswith("."))
    return [folder / n for n in shown if (folder / n).is_file()]


def read_managed(managed: Path, read: Callable[[Path], Any]) -> Any:
    """The managed settings: ``managed`` read with ``read`` (a mapping, or None when
    missing or not read), then each of its :func:`drop_ins` merged over it as Claude Code
    merges them: a later single value replaces, lists combine without duplicates, nested
    blocks merge key by key; ``fallbackModel`` is replaced whole, an
    ``extraKnownMarketplaces`` entry by its name. A later ``null``, or a later value of
    another kind than an earlier block or list, changes nothing (Claude Code drops a key
    that fails its check from that file: it never erases an earlier file's restriction).
    None when no file gives a mapping."""
    data = read(managed)
    for path in drop_ins(managed):
        more = read(path)
        if isinstance(more, dict):
            data = _merged(data, more) if isinstance(data, dict) else dict(more)
    return data


def key_source(managed: Path, key: str) -> Path:
    """The file of the managed settings (``managed`` or one of its :func:`drop_ins`) whose
    value of the top-level ``key`` the merge kept (:func:`read_managed`): the last that sets
    it, or, when none can be read to say, the last that names it; ``managed`` when none
    does. Lines about the key name that file."""
    import json  # (only when a line about a managed key is written)

    found, kept = managed, None
    for path in (managed, *drop_ins(managed)):
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if f'"{key}"'.encode() not in raw:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            found = path  # (it cannot be read as settings: it may set it)
            continue
        value = data.get(key)
        if value is not None and not _other_kind(kept, value):
            found, kept = path, value
    return found


def _merged(base: Mapping[str, Any], later: Mapping[str, Any], top: bool = True) -> dict[str, Any]:
    """``later`` merged over ``base`` (:func:`read_managed`'s rules; ``top``: the files'
    top level, where the keys with rules of their own are)."""
    out = dict(base)
    for key, value in later.items():
        old = out.get(key)
        if value is None or _other_kind(old, value):
            continue  # (that file's key dropped, as Claude Code drops a key that fails its
            # check before the merge: the earlier value stands)
        if top and key in _WHOLE:
            out[key] = value
        elif top and key in _BY_NAME and isinstance(old, dict) and isinstance(value, dict):
            out[key] = {**old, **value}
        elif isinstance(old, dict) and isinstance(value, dict):
            out[key] = _merged(old, value, top=False)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = [*old, *(v for v in value if v not in old)]
        else:
            out[key] = value
    return out


def _other_kind(old: Any, value: Any) -> bool:
    """Whether ``value`` would replace the block or list ``old`` with another kind of
    value (``"permissions": []``, ``"deniedMcpServers": "x"``)."""
    return (isinstance(old, dict) and not isinstance(value, dict)) or (
        isinstance(old, list) and not isinstance(value, list)
    )
