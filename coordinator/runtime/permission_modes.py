"""The permission modes the settings set: ``permissions.defaultMode`` by Claude Code's
precedence (managed, then local > project > user), a workspace file's only when
narrower than the user's (:func:`_default_mode`), and the switches that turn
``bypassPermissions`` and ``auto`` off from any file (:data:`MODE_SWITCHES`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinator.config import is_inside
from coordinator.roster.fields import MODE_ALIASES, PERMISSION_MODES, PermissionMode

if TYPE_CHECKING:
    from coordinator.runtime.permissions import PermissionRules


#: The settings (``permissions.``) that turn a mode off, by the mode (their one value:
#: ``"disable"``).
MODE_SWITCHES: dict[str, str] = {
    PermissionMode.BYPASS_PERMISSIONS: "disableBypassPermissionsMode",
    PermissionMode.AUTO: "disableAutoMode",
}


def _mode_switches(found: PermissionRules, path: Path, block: Mapping[str, Any]) -> None:
    """Read ``permissions.disableBypassPermissionsMode`` and ``disableAutoMode``:
    ``"disable"`` from any file turns the mode off (it only narrows, as Claude Code reads
    them from every scope)."""
    for mode, key in MODE_SWITCHES.items():
        value = block.get(key)
        if value == "disable":
            found.modes_off.setdefault(mode, path)
        elif value is not None:
            found.warnings.append(
                f'{path}: permissions.{key} {value!r} is not "disable" (its one value): ignored'
            )


def _mode_setting(
    modes: dict[Path, str], warnings: list[str], path: Path, block: Mapping[str, Any]
) -> None:
    """Keep ``path``'s ``permissions.defaultMode`` in ``modes`` (a bad one: a warning)."""
    mode = block.get("defaultMode")
    mode = MODE_ALIASES.get(mode, mode) if isinstance(mode, str) else mode
    if mode in PERMISSION_MODES:
        modes[path] = str(mode)
    elif mode is not None:
        warnings.append(
            f"{path}: permissions.defaultMode {mode!r} is not a permission mode "
            f"({', '.join(PERMISSION_MODES)}): ignored"
        )


#: How far each mode narrows what an agent may do (lower: narrower); others widen nothing.
_NARROWER: dict[str, int] = {PermissionMode.PLAN: 0, PermissionMode.DONT_ASK: 1}


def _default_mode(modes: dict[Path, str], managed: Path | None, workspace: Path) -> str | None:
    """``defaultMode`` by Claude Code's precedence (managed, then local > project > user),
    except that a workspace file's mode applies only when it is narrower than the mode of
    the user's own file: an agent that can write it must not widen its powers with it."""
    if managed is not None and managed in modes:
        return modes[managed]
    own = [m for p, m in modes.items() if not is_inside(p, workspace)]
    inside = [m for p, m in modes.items() if is_inside(p, workspace)]
    trusted = own[-1] if own else None
    chosen = inside[-1] if inside else None
    if chosen is not None and _rank(chosen) < _rank(trusted):
        return chosen
    return trusted


def _rank(mode: str | None) -> int:
    return _NARROWER.get(mode or "", len(_NARROWER))
