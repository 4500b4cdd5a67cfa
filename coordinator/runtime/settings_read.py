"""Reading Claude Code's settings files as a run reads them (:func:`read_settings`): a
file there but unreadable, not UTF-8 or not a JSON object is a UserError naming it. Kept
apart from :mod:`coordinator.runtime.permission_files` (the rules built from them, a
heavier import) so ``coord config`` can warn of the files a run would refuse
(:func:`settings_problems`) without loading the permission engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coordinator.claude_home import MANAGED_SETTINGS, claude_home, read_managed
from coordinator.errors import UserError, cannot_read
from coordinator.roster.registry import Registry
from coordinator.roster.spec import Problem, Severity
from coordinator.runtime.agent_tool import settings_layers
from coordinator.tools.running import MadeMeanwhile, read_unmade


def settings_problems(workspace: Path, *, managed: Path | None = MANAGED_SETTINGS) -> list[str]:
    """Why a run in ``workspace`` would refuse (or go without) its settings files, one line
    each, as :func:`load_permissions` reads them: ``coord config`` warns with them where it
    lists the files (a file there but unreadable or not JSON is no mere "yes")."""
    problems: list[str] = []
    for path in settings_layers(workspace, claude_home().settings, managed):
        try:
            read_layer(path, managed, problems)
        except UserError as exc:
            problems.append(str(exc))
    return problems


def add_run_refusals(
    registry: Registry, workspace: Path, *, managed: Path | None = MANAGED_SETTINGS
) -> None:
    """Add to ``registry``'s problems, as errors, the settings files a run in ``workspace``
    refuses to start with (there but unreadable, not UTF-8, not a JSON object: as
    :func:`read_settings` reads them), each in place of the loader's warning for the same
    file (its plugins skipped): ``coord agents validate`` fails where ``coord run`` would."""
    refused: list[Problem] = []
    for path in settings_layers(workspace, claude_home().settings, managed):
        try:
            read_layer(path, managed, [])
        except UserError as exc:
            line, why = _placed(exc.message, path)
            said = f"{why}; `coord run` refuses to start until it is fixed"
            refused.append(Problem(path=path, line=line, severity=Severity.ERROR, message=said))
    paths = {p.path for p in refused}
    registry.problems = [*refused, *(p for p in registry.problems if p.path not in paths)]


def _placed(message: str, path: Path) -> tuple[int, str]:
    """A settings error's line and its words without the path (:class:`Problem` shows it):
    ``PATH:3: invalid JSON: ...`` is line 3, ``cannot read the settings file PATH: ...``
    line 1."""
    line, said = 1, message.replace(f" {path}:", ":")
    said = said.removeprefix(f"{path}:")
    number, colon, rest = said.partition(":")
    if colon and number.isdigit():
        line, said = int(number), rest
    return line, said.strip()


def read_layer(
    path: Path, managed: Path | None, problems: list[str]
) -> tuple[dict[str, Any] | None, str | None]:
    """The settings file ``path`` and its text; the ``managed`` one with its drop-in files
    merged, and its own text (a line in ``problems`` for one a command may have made)."""
    if path != managed:
        return settings_text(path, problems)
    texts: dict[Path, str | None] = {}

    def read(file: Path) -> dict[str, Any] | None:
        data, texts[file] = settings_text(file, problems)
        return data

    merged: dict[str, Any] | None = read_managed(path, read)
    return merged, texts.get(path)


def read_settings(path: Path, problems: list[str]) -> dict[str, Any] | None:
    """A settings file as a mapping; None when absent, and when a sandboxed command still
    running may have made it (a line in ``problems``: :func:`read_unmade`); UserError when
    it is there but cannot be read (it may hold hooks or deny rules the run must not go
    without)."""
    return settings_text(path, problems)[0]


def settings_text(path: Path, problems: list[str]) -> tuple[dict[str, Any] | None, str | None]:
    """:func:`read_settings`'s mapping and the text it was read from (None: none)."""
    try:
        raw = read_unmade(path)
        text = None if raw is None else raw.decode("utf-8")
    except MadeMeanwhile as exc:
        problems.append(f"{path}: {exc}")
        return None, None
    except OSError as exc:
        raise cannot_read("the settings file", path, exc) from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: invalid settings: not UTF-8 text") from None
    if text is None:
        return None, None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise UserError(f"{path}: invalid settings: nested too deeply to read") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: settings must be a JSON object")
    return data, text
