"""Workspace confinement and output limits shared by every tool.

Every path a tool touches goes through :func:`resolve_in_workspace`: relative paths are
relative to the workspace root, and the fully resolved path (``..`` and symlinks followed)
must stay inside the root. Escapes are refused with a :class:`ToolError` the model can read.
"""

from __future__ import annotations

from pathlib import Path

from coordinator.tools.base import ToolError

#: Bytes read to decide whether a file is binary (a NUL byte in them means binary).
BINARY_SNIFF_BYTES = 8192

#: Default cap on what any one tool result may contain, in characters.
MAX_OUTPUT_CHARS = 30_000


def resolve_in_workspace(root: Path, path: str | Path) -> Path:
    """Resolve ``path`` against ``root``; raise ToolError when it leads outside ``root``.

    Relative paths are relative to ``root``; absolute paths must point inside it. ``..``
    and symlinks are resolved first (``Path.resolve(strict=False)``), so a symlink inside
    the workspace that points outside it is refused too.
    """
    text = str(path)
    if "\x00" in text:
        raise ToolError(f"path '{text}' contains a NUL byte")
    base = root.resolve(strict=False)
    candidate = Path(text).expanduser() if text.startswith("~") else Path(text)
    if not candidate.is_absolute():
        candidate = base / candidate
    try:
        resolved = candidate.resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # symlink loops
        raise ToolError(f"path '{text}' cannot be resolved: {exc}") from None
    if resolved != base and not resolved.is_relative_to(base):
        raise ToolError(f"path '{text}' is outside the workspace")
    return resolved


def display_path(root: Path, path: Path) -> str:
    """``path`` relative to the workspace root, POSIX style ("." for the root itself)."""
    try:
        rel = path.relative_to(root.resolve(strict=False))
    except ValueError:
        return str(path)
    return rel.as_posix() or "."


def is_binary(path: Path) -> bool:
    """True when the start of the file contains a NUL byte."""
    with path.open("rb") as fh:
        return b"\x00" in fh.read(BINARY_SNIFF_BYTES)


def cap_text(text: str, limit: int = MAX_OUTPUT_CHARS, *, what: str = "output") -> str:
    """``text`` cut to ``limit`` characters, with a note saying how much was cut."""
    if len(text) <= limit:
        return text
    cut = len(text) - limit
    return f"{text[:limit]}\n\n[{what} truncated: {cut:,} of {len(text):,} characters cut]"
