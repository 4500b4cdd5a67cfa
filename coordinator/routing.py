"""Route a request to the specialist whose definition fits it (stub: interface only)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coordinator.registry import Registry


class Candidate(BaseModel):
    agent: str
    score: float
    matched: list[str] = Field(default_factory=list)


class RouteDecision(BaseModel):
    """Which agent (None when nothing fits), why, and who came close."""

    agent: str | None
    score: float = 0.0
    matched: list[str] = Field(default_factory=list)
    redirected_from: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    reason: str = ""


def route(request: str, registry: Registry) -> RouteDecision:
    """Choose the specialist for ``request`` (stub)."""
    raise NotImplementedError
