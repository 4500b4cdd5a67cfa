"""Round 64: a platform's "none" gives way to an agent that covers it, for every platform of
:data:`coordinator.routing.products.PLATFORMS` (coordinator/routing/offtopic.py): the
everyday frame of a platform's name (Outlook, Excel, Unity) frames no request on a roster
with an agent for it, and a suite's mail (Outlook) is its administrator's (Microsoft 365,
SharePoint), not a macro writer's. Requests here are constructed, not taken from a set."""

from __future__ import annotations

from pathlib import Path

import pytest
from kit import roster_of

from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.routing.offtopic import foreign_platforms
from coordinator.routing.products import PLATFORMS
from coordinator.routing.text import term_list

ADMIN = "m365-admin"


def _roster(folder: Path, agents: dict[str, str]) -> Registry:
    return roster_of(folder / "agents", list(agents.items()))


_WEB = {
    "web-developer": "Web pages and forms in React.",
    "backend-developer": "REST APIs and databases in Python.",
}
_ADMIN = {
    ADMIN: "Microsoft 365 administration: Exchange Online mailboxes, Teams, SharePoint sites.",
    **_WEB,
}
_OUTLOOK = [
    "new hires need an Outlook mailbox and a license, automate it",
    "Outlook calendar permissions for a shared mailbox in our tenant",
    "новим працівникам треба поштову скриньку в Outlook, автоматизуй це",
]


@pytest.mark.parametrize("request_text", _OUTLOOK)
def test_outlook_goes_to_the_rosters_office_administrator(
    tmp_path: Path, request_text: str
) -> None:
    decision = route(request_text, _roster(tmp_path, _ADMIN))
    assert decision.agent == ADMIN, decision.reason


@pytest.mark.parametrize("request_text", _OUTLOOK)
def test_outlook_without_an_administrator_is_none(tmp_path: Path, request_text: str) -> None:
    decision = route(request_text, _roster(tmp_path, _WEB))
    assert decision.agent is None, decision.agent


def test_an_office_administrator_writes_no_spreadsheet_formulas(tmp_path: Path) -> None:
    decision = route("excel formula to sum column B", _roster(tmp_path, _ADMIN))
    assert decision.agent is None, decision.agent


def test_a_game_engines_frame_gives_way_to_a_game_developer(tmp_path: Path) -> None:
    agents = {"game-developer": "Game development in Unity and Unreal: gameplay, physics.", **_WEB}
    request_text = "the player falls through the floor in unity after the jump"
    assert route(request_text, _roster(tmp_path, agents)).agent == "game-developer"
    (tmp_path / "web").mkdir()
    assert route(request_text, _roster(tmp_path / "web", _WEB)).agent is None


@pytest.mark.parametrize(("label", "names", "cover"), [(p[0], p[1], p[3]) for p in PLATFORMS])
def test_every_platform_is_foreign_until_an_agent_covers_it(
    label: str, names: str, cover: str
) -> None:
    named = {t for w in names.split() for t in term_list(w)}
    assert named <= set(foreign_platforms(frozenset()).names), label
    covering = frozenset(term_list(cover.split()[0]))
    assert named.isdisjoint(foreign_platforms(covering).names), label
