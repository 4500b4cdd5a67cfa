"""Plain dataclass records with the two pydantic-style helpers their callers use.

The roster's and the router's records are read on every ``coord route``; as dataclasses they
cost nothing to define, where a pydantic model costs pydantic's import and schema build at
start-up. Their values are already checked by whoever builds them (the roster loader
normalises every field), so nothing here validates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from enum import Enum
from pathlib import PurePath
from typing import Any, Literal, Self


class Record:
    """Mixin for a dataclass: ``model_copy(update=...)`` and ``model_dump(mode=...)``, the
    pydantic spellings the call sites already use."""

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with ``update``'s fields replaced (the original is unchanged)."""
        return dataclasses.replace(self, **dict(update or {}))  # type: ignore[type-var]

    def model_dump(
        self, *, mode: Literal["python", "json"] = "python", exclude: Collection[str] = ()
    ) -> dict[str, Any]:
        """The fields as a dict, nested records as dicts; ``mode="json"``: JSON values."""
        return {
            f.name: plain(getattr(self, f.name), json=mode == "json")
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if f.name not in exclude
        }


def plain(value: Any, *, json: bool = True) -> Any:
    """``value`` with records, lists and dicts as plain containers; with ``json``, paths as
    strings and enums as their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), json=json) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v, json=json) for v in value]
    if isinstance(value, dict):
        return {k: plain(v, json=json) for k, v in value.items()}
    if json and isinstance(value, PurePath):
        return str(value)
    if json and isinstance(value, Enum):
        return value.value
    return value
