"""The managed ``availableModels`` allowlist on the models coord's runs call (Claude Code's
model-config page, "Restrict model selection": it "applies everywhere a user can specify a
model", the ``model`` field of sub-agent frontmatter and ``--model`` among them).

* An entry matches a model family (``sonnet``), a version prefix (``claude-sonnet-4-5``) or
  a full model id; an entry naming a model of a family disables that family's entry
  (``["sonnet", "claude-sonnet-4-5"]`` permits Sonnet 4.5 only).
* A run whose agent's ``model`` (or ``--model``) the list does not permit runs on the model
  it would inherit, coord's default model, with a line naming both; a blocked family alias
  (``opus``) runs on the newest version of that family the list permits, when one is
  (among the list's own ids and the models coord knows the prices of). The same, with a
  line in the same words, for a prompt or agent hook's ``model`` (or the hooks' default,
  Haiku) and the LLM router's model (``coord run``'s notice) and a resumed run's stored
  model (``coord resume``'s notes) (Claude Code: "the model restored when resuming a
  session"; "model changes Claude Code makes on your behalf are checked the same way").
* The default model is left alone unless ``enforceAvailableModels`` is true (and the list
  not empty): then a default the list does not permit becomes the first entry naming a
  permitted model.
* Read from the managed settings only (Claude Code: "Deploy it in managed settings to
  enforce it"; a list in the user's or a workspace file restricts nothing here). A value
  that is not a list is read as ``[]`` (Claude Code's "Keys that fail closed": only the
  default model), entries that are not text are left out, and a non-boolean
  ``enforceAvailableModels`` is read as ``true``, each with a line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coordinator.claude_home import key_source
from coordinator.config import DEFAULT_PRICES, Settings

KEY = "availableModels"
ENFORCE_KEY = "enforceAvailableModels"
#: The family aliases an entry (or an agent's ``model``) may name.
FAMILIES = ("opus", "sonnet", "haiku", "fable")
#: What an agent's ``model`` says when it names no model of its own.
_INHERIT = ("", "inherit", "default")
#: The version numbers in a model id (a date suffix is no version).
_VERSION = re.compile(r"-(\d{1,3})(?=-|$)")


@dataclass(frozen=True)
class ModelPolicy:
    """The managed allowlist: its entries, its file, and whether it binds the default."""

    entries: tuple[str, ...]
    path: Path
    enforce_default: bool = False

    @classmethod
    def read(cls, data: Mapping[str, Any], path: Path, warnings: list[str]) -> ModelPolicy | None:
        """The allowlist of the managed settings ``data`` (read from ``path``), None when
        it sets none; what is read as stricter than written goes to ``warnings``."""
        if KEY not in data:
            return None
        value = data[KEY]
        if not isinstance(value, list):
            warnings.append(
                f"{key_source(path, KEY)}: {KEY} must be a list of model aliases or ids; read"
                " as [] (agents run on the default model)"
            )
            value = []
        entries = tuple(v.strip() for v in value if isinstance(v, str) and v.strip())
        if len(entries) < len(value):
            warnings.append(
                f"{key_source(path, KEY)}: {KEY}: entries that are not model names left out"
            )
        enforce = data.get(ENFORCE_KEY)
        if enforce is not None and not isinstance(enforce, bool):
            warnings.append(
                f"{key_source(path, ENFORCE_KEY)}: {ENFORCE_KEY} must be true or false; read as"
                " true"
            )
        return cls(entries, path, enforce is not None and enforce is not False)

    def permits(self, model: str) -> bool:
        """Whether an entry matches the model id ``model``; a family entry (``sonnet``)
        counts only while no entry names a model of that family (``claude-sonnet-4-5``
        disables it: Claude Code's "Merge behavior")."""
        named = [e for e in self.entries if e not in FAMILIES]
        wild = [e for e in self.entries if e in FAMILIES and not any(_matches(e, n) for n in named)]
        return any(_matches(entry, model) for entry in (*named, *wild))

    def model_for(self, requested: str | None, settings: Settings) -> tuple[str, str | None]:
        """The model a run asking for ``requested`` (an agent's ``model``, or ``--model``)
        calls, and a line when it is not the one asked for (None: it is)."""
        default = self.default_model(settings)
        if (requested or "").strip() in _INHERIT:
            return default, None
        asked = settings.resolve_model(requested)
        if self.permits(asked):
            return asked, None
        family = (requested or "").removesuffix("[1m]")
        model = self._newest(family, settings) if family in FAMILIES else None
        model = model or default
        return model, f"{KEY} ({self.path}) does not permit {requested} ({asked}): runs on {model}"

    def default_model(self, settings: Settings) -> str:
        """coord's default model, or, with ``enforceAvailableModels`` and a default the
        list does not permit, the first entry naming a model it permits."""
        model = settings.resolve_model(None)
        if not self.enforce_default or not self.entries or self.permits(model):
            return model
        named = (settings.resolve_model(entry) for entry in self.entries)
        return next((m for m in named if self.permits(m)), model)

    def _newest(self, family: str, settings: Settings) -> str | None:
        """The newest model of ``family`` the list permits, or None."""
        known = [settings.resolve_model(e) for e in self.entries if e not in FAMILIES]
        found = {m for m in (*known, *DEFAULT_PRICES) if _matches(family, m) and self.permits(m)}
        return max(found, key=_version, default=None)


def _matches(entry: str, model: str) -> bool:
    """Whether the allowlist ``entry`` matches the model id ``model``."""
    entry = entry.removesuffix("[1m]")
    if entry in FAMILIES:
        return f"-{entry}-" in f"-{model}-"
    return model == entry or model.startswith(f"{entry}-")


def _version(model: str) -> tuple[int, ...]:
    """The version numbers of the model id ``model`` (``claude-opus-4-6``: 4, 6)."""
    return tuple(int(n) for n in _VERSION.findall(model))
