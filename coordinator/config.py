"""Settings: a YAML config file, then environment variables, then command-line flags.

Where the file is looked for, first found wins:

1. ``--config FILE`` (or ``COORDINATOR_CONFIG``);
2. ``<workspace>/.coordinator/config.yaml``;
3. ``~/.config/coordinator/config.yaml``.

Every key is optional; unknown keys are a user error naming the key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coordinator.errors import UserError
from coordinator.yamlfile import read_yaml

#: Model aliases used in agent frontmatter, mapped to API model ids. Checked 2026-11-30.
#: ``haiku`` stays on 4.5: Haiku 5.5's tiered price cannot be expressed by :class:`Price`.
DEFAULT_MODELS: dict[str, str] = {
    "sonnet": "claude-sonnet-5-5",
    "opus": "claude-opus-5-5",
    "haiku": "claude-haiku-4-5",
}


class Price(BaseModel):
    """USD per million tokens for one model."""

    model_config = ConfigDict(extra="forbid")

    input: float
    output: float
    cache_write: float
    cache_read: float


#: Published list prices (5-minute cache writes), USD per million tokens. Checked 2026-11-30.
DEFAULT_PRICES: dict[str, Price] = {
    "claude-sonnet-5-5": Price(input=2.0, output=10.0, cache_write=2.50, cache_read=0.20),
    "claude-opus-5-5": Price(input=4.0, output=20.0, cache_write=5.0, cache_read=0.20),
    "claude-sonnet-5": Price(input=2.0, output=10.0, cache_write=2.50, cache_read=0.20),
    "claude-opus-5": Price(input=5.0, output=25.0, cache_write=6.25, cache_read=0.50),
    "claude-sonnet-4-5": Price(input=3.0, output=15.0, cache_write=3.75, cache_read=0.30),
    "claude-opus-4-5": Price(input=5.0, output=25.0, cache_write=6.25, cache_read=0.50),
    "claude-haiku-4-5": Price(input=1.0, output=5.0, cache_write=1.25, cache_read=0.10),
}


class Settings(BaseModel):
    """Everything configurable. Defaults are what a user gets with no config file."""

    model_config = ConfigDict(extra="forbid")

    # Rosters
    agents_dirs: list[Path] = Field(default_factory=list)
    domains: dict[str, str] = Field(default_factory=dict)  # domain -> agent name override

    # Engine limits
    max_turns: int = 40
    max_report_repairs: int = 2
    max_continuations: int = 3  # "continue" prompts after a reply hits max_tokens, per run
    max_depth: int = 3
    max_session_tokens: int | None = 5_000_000
    max_session_cost: float | None = 10.0
    max_output_tokens: int = 8192
    concurrency: int = 4

    # Models and prices
    default_model: str = "sonnet"
    models: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_MODELS))
    prices: dict[str, Price] = Field(default_factory=lambda: dict(DEFAULT_PRICES))
    base_url: str | None = None
    router: Literal["lexical", "llm"] = "lexical"
    router_model: str = "haiku"

    # Workspace tools
    allow_bash: bool = False
    bash_timeout: float = 120.0

    # Storage (where: coordinator.store.paths)
    db: Path | None = None
    db_timeout: float = Field(default=10.0, gt=0)  # seconds to wait for another process's lock

    def resolve_model(self, name: str | None) -> str:
        """Map an agent's ``model`` (alias, ``inherit``, full id or None) to an API model id."""
        if not name or name == "inherit":
            name = self.default_model
        return self.models.get(name, name)


def find_config_file(workspace: Path | None, explicit: Path | None = None) -> Path | None:
    """Return the config file to read, or None when there is none."""
    if explicit is not None:
        if not explicit.is_file():
            raise UserError(f"config file not found: {explicit}")
        return explicit
    env = os.environ.get("COORDINATOR_CONFIG")
    if env:
        return find_config_file(workspace, Path(env))
    candidates = []
    if workspace is not None:
        candidates.append(workspace / ".coordinator" / "config.yaml")
    candidates.append(Path.home() / ".config" / "coordinator" / "config.yaml")
    return next((c for c in candidates if c.is_file()), None)


def load_settings(
    workspace: Path | None = None,
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build settings from the config file, the environment and explicit ``overrides``."""
    data: dict[str, Any] = {}
    path = find_config_file(workspace, config_file)
    if path is not None:
        data = _read_yaml(path)
    if os.environ.get("ANTHROPIC_BASE_URL") and "base_url" not in data:
        data["base_url"] = os.environ["ANTHROPIC_BASE_URL"]
    data.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        source = str(path) if path is not None else "settings"
        raise UserError(f"{source}: invalid setting '{where}': {err['msg']}") from None


def _read_yaml(path: Path) -> dict[str, Any]:
    loaded = read_yaml(path, "config")
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise UserError(f"{path}: config must be a mapping of settings")
    return loaded
