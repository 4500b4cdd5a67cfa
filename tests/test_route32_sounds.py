"""route32: a process about to serve many requests (a server, a batch) builds the roster's
sound index before the first one, so no request pays for it; decisions are the same."""

from __future__ import annotations

from pathlib import Path

from coordinator.roster.loader import load_registry
from coordinator.routing.lexical import Router, serving_router

BUNDLED = Path(__file__).resolve().parents[1] / "agents"
REQUESTS = [
    "Зроби кнопку синьою",
    "додай ендпоінт для завдань на фастапі",
    "налаштуй постгрес та кубер для деплою",
    "the app crashes on startup with ImportError",
    "make a button blue",
]


def test_a_server_builds_the_rosters_sound_index_before_any_request() -> None:
    """The index a Cyrillic word read by sound needs (1-3 ms on a large roster) is built as
    the server starts, not inside the first request that needs it."""
    served = serving_router(load_registry([BUNDLED], only=True, cache=False))
    assert served.vocabulary._sounds is not None
    built = Router(load_registry([BUNDLED], only=True, cache=False))
    assert built.vocabulary._sounds is None  # a one-shot route builds it only when needed
    for request in REQUESTS:
        assert served.route(request).to_json() == built.route(request).to_json(), request
