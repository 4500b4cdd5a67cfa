"""Request words -> definition terms learned from labelled requests (generated; empty)."""

TABLE: dict[str, tuple[tuple[str, float], ...]] = {}
