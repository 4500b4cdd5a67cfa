"""An agent definition as the store keeps it: the parsed spec as canonical JSON, and its hash.

Each run records the definition it used (:meth:`coordinator.store.db.Store.save_definition`),
so a resume on another machine, or after the agent file changed or was removed, drives the
run with the same definition. The snapshot is the parsed :class:`AgentSpec` (frontmatter
fields, body, derived domain and triggers, source path), not the file's bytes: restoring it
needs no parser and gives back exactly what the run was started with. The hash is the SHA-256
of the canonical JSON, so equal definitions are stored once however many runs use them.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coordinator.roster.spec import AgentSpec

if TYPE_CHECKING:
    from pydantic import TypeAdapter


@dataclass(frozen=True)
class Snapshot:
    """One agent definition: ``digest`` (hex SHA-256 of ``text``), name, source file, JSON."""

    digest: str
    name: str
    source: str | None
    text: str


def snapshot(spec: AgentSpec) -> Snapshot:
    """The canonical JSON of ``spec`` and its digest (keys sorted; values JSON-safe)."""
    data: dict[str, Any] = spec.model_dump(mode="json")
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    source = str(spec.source) if spec.source is not None else None
    return Snapshot(digest, spec.name, source, text)


class SnapshotError(ValueError):
    """A stored definition that no longer reads as an agent spec."""


def restore(text: str) -> AgentSpec:
    """The spec a snapshot's JSON describes; :class:`SnapshotError` when it cannot be read."""
    from pydantic import ValidationError

    try:
        return _spec_adapter().validate_json(text)
    except (ValidationError, ValueError) as exc:
        raise SnapshotError(str(exc).splitlines()[0]) from None


@functools.cache
def _spec_adapter() -> TypeAdapter[AgentSpec]:
    """pydantic's validator of :class:`AgentSpec`, built once a process (a build costs ~3 ms;
    a resume restores each run's definition)."""
    from pydantic import TypeAdapter

    return TypeAdapter(AgentSpec)
