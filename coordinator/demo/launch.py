"""``coord demo``'s plan: the sample project copied, the model (the scripted one, or with
an API key the Anthropic one, as ``coord run`` calls it) and the demo's two specialists,
driven like any ``coord run`` (:mod:`coordinator.runtime.drive`)."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordinator.demo import demo as scenario

if TYPE_CHECKING:
    from collections.abc import Callable

    from coordinator.config import Settings
    from coordinator.errors import UserError
    from coordinator.runtime.drive import Action, DriveSetup
    from coordinator.runtime.options import ModelChoice, SessionOptions
    from coordinator.status import SessionStatus


#: What the demo says at its end of a temporary sample project (its JSON too, as ``note``:
#: the session id it gives names a database that is gone; daily61 said it only in words).
REMOVED = (
    "The temporary sample project was removed, and this session's record with it (--keep"
    " keeps both)."
)
#: What a temporary demo whose session did not finish says at its end (an outage, its
#: budget reached, a question for a person): the resume its result names went with it.
REMOVED_UNFINISHED = (
    "The temporary sample project was removed, and this session's record with it: there is"
    " nothing to resume (run the demo again; --keep keeps both)."
)
#: What a live demo may spend (its session's ``max_session_cost``, USD; checked before each
#: model call, as every budget is, so the call that crosses it is the last). The scripted
#: scenario counts 22.9k tokens, $0.06 at the default model's prices; a real model may take
#: more turns. Past it the session waits for a raised budget (exit 3), as any run over budget.
LIVE_BUDGET_USD = 1.0
#: What an offline demo says at its end.
OFFLINE_END = (
    "Offline: a scripted model played both specialists; no API call was made and nothing"
    " was charged (tokens and cost are what its replies count at the model's prices, as a"
    " real run shows them)."
)
#: What a live demo says at its end.
LIVE_END = (
    "Live: the specialists ran on the Anthropic Messages API with your key; the tokens and"
    " cost shown are what it counted (`coord demo --offline` plays the scripted scenario)."
)

#: What a live demo whose ``ANTHROPIC_BASE_URL`` is no http(s) address is told to do.
BAD_BASE_URL_HINT = (
    "Set ANTHROPIC_BASE_URL to the Messages API's address (https://api.anthropic.com, a"
    " gateway's) or unset it; `coord demo --offline` plays the scripted scenario."
)


def goes_live(offline: bool) -> bool:
    """Whether ``coord demo`` calls the model: an ``ANTHROPIC_API_KEY`` is set and
    ``--offline`` is not given (without a key it is always the scripted scenario)."""
    return not offline and bool(os.environ.get("ANTHROPIC_API_KEY"))


@dataclass(frozen=True)
class DemoPlan:
    """The demo: its workspace (``temporary``: removed when it ends; ``made``: in a
    temporary folder the demo made, removed or kept with ``--keep``), setup, and whether it
    calls the model (``live``) or plays the scripted scenario."""

    setup: DriveSetup
    temporary: bool
    made: bool = False
    live: bool = False

    @property
    def ws(self) -> Path:
        return self.setup.ws

    def leftover(self) -> Path | None:
        """The folder a user removes when done with a temporary sample project that is kept
        (``--keep``, or a demo cut short: :meth:`stop`): its whole temporary folder, as
        removing only the project would leave that behind; None for a --workspace the user
        named."""
        return scenario.temporary_folder(self.ws) if self.made else None

    def opening(self) -> str | None:
        """The line a live demo starts with: live, what bounds its cost, how to stay
        offline (None: the offline demo says nothing first)."""
        if not self.live:
            return None
        return (
            "Live: the demo runs on the Anthropic API with your ANTHROPIC_API_KEY (it stops once"
            f" it has spent ${LIVE_BUDGET_USD:.2f}); `coord demo --offline` keeps it scripted"
            " and free."
        )

    def ending(self) -> str:
        """What the demo says after its chain: how its model was played."""
        return LIVE_END if self.live else OFFLINE_END

    @staticmethod
    def removed(status: SessionStatus) -> str:
        """What a temporary demo says once its project is removed, its session ended with
        ``status``: :data:`REMOVED`, or :data:`REMOVED_UNFINISHED` for a session a resume
        could have continued."""
        from coordinator.status import FINISHED

        return REMOVED if status in FINISHED else REMOVED_UNFINISHED

    def refused(self, error: BaseException) -> UserError | None:
        """A temporary live demo stopped by a key the API rejected: its project removed
        (there is nothing to resume: the key is fixed and the demo run again) and the error
        to show, the API's words without the session's resume command; None for any other
        stop (:meth:`stop` decides what is kept)."""
        from coordinator.errors import UserError
        from coordinator.providers.base import KeyRejected

        cause = error.__cause__
        if not (self.temporary and isinstance(error, UserError) and isinstance(cause, KeyRejected)):
            return None
        self.cleanup()
        return UserError(cause.message, hint=cause.hint)

    def options(self) -> SessionOptions:
        """What the demo's session remembers: the model (the scripted one and its
        scenario, or the Anthropic one), the bundled specialists only, no hooks; so ``coord
        resume`` continues an interrupted demo (Ctrl-C, a full disk) as it started: an
        offline one offline, instead of asking for a key."""
        from coordinator.roster.loader import bundled_agents_dir
        from coordinator.runtime.options import SessionOptions

        return SessionOptions.remember(
            self.setup.choice, agents_dirs=[bundled_agents_dir()], only=True, demo=True,
            hooks=False,
        )  # fmt: skip

    def action(self) -> Action:
        """The engine call that starts the scenario's session."""
        options = self.options()
        return lambda engine: engine.start(scenario.REQUEST, options=options)

    def extra(self) -> dict[str, Any]:
        """What the JSON output adds: the workspace, its own database, whether it is kept,
        whether the model was called (``live``: its ``cost_usd`` was charged to the key;
        offline it is only counted), for a temporary one kept (``--keep``) the folder to
        remove when done, and for one removed at the end (its database with it: the session
        can no longer be looked up) the :data:`REMOVED` note."""
        from coordinator.store.paths import db_path

        added: dict[str, Any] = {
            "workspace": str(self.ws), "db": str(db_path(self.ws)), "kept": not self.temporary,
            "live": self.live,
        }  # fmt: skip
        if not self.temporary and (leftover := self.leftover()) is not None:
            added["remove_when_done"] = str(leftover)
        if self.temporary:
            added["note"] = REMOVED
        return added

    def cleanup(self) -> None:
        """Remove a temporary workspace."""
        if self.temporary:
            scenario.remove_workspace(self.ws)

    def _holds_a_session(self) -> bool:
        """Whether the workspace's database may hold a session `coord resume` can continue
        (read only: the disk may be full): one not finished (a demo that completed and then
        could not print, its reader gone, leaves nothing to resume); True when it cannot be
        read: removing it could lose a resumable session."""
        import sqlite3
        from contextlib import closing

        from coordinator.status import FINISHED
        from coordinator.store.paths import db_path

        db = db_path(self.ws)
        if not db.is_file():
            return False
        finished = sorted(FINISHED)
        marks = ", ".join("?" * len(finished))
        unfinished = f"SELECT 1 FROM sessions WHERE status NOT IN ({marks}) LIMIT 1"
        try:
            with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as con:
                return con.execute(unfinished, finished).fetchone() is not None
        except sqlite3.Error:
            return True

    def stop(self) -> str | None:
        """The demo was cut short (Ctrl-C, a full disk): a temporary workspace holding its
        session is kept, so the ``coord resume`` it was told of can continue it; the note
        saying where (None: nothing to keep, and a temporary workspace is removed; or the
        user's own --workspace). A temporary one kept with ``--keep`` is named as well."""
        if not self.temporary:
            leftover = self.leftover()
            if leftover is None:
                return None
            return f"The sample project is kept in {self.ws}; remove {leftover} when done."
        if not self._holds_a_session():
            self.cleanup()
            return None
        return (
            f"The temporary sample project is kept in {self.ws} so `coord resume` can"
            f" continue the demo; remove {self.leftover()} when done."
        )

    def stop_and_tell(self, say: Callable[[str], object]) -> None:
        """:meth:`stop`, its note handed to ``say`` (which writes it on stderr). When the
        note cannot be written, its reader gone too (``coord demo 2>&1 | head``: the pipe
        closed mid-run), nobody learns where a kept temporary project is, nor of a `coord
        resume` to run in it: that project is removed with its session, as a demo that
        completed is, and the closed pipe raised on (the command ends as a closed pipe
        ends it). The user's own ``--workspace`` is never removed."""
        if (note := self.stop()) is None:
            return
        try:
            say(note)
        except OSError as closed:
            if closed.errno == errno.EPIPE and self.temporary:
                self.cleanup()
            raise


def plan_demo(workspace: Path | None, keep: bool, live: bool = False) -> DemoPlan:
    """The sample project copied (to ``workspace``, or a temporary folder kept with
    ``keep``), the model (``live``: the Anthropic one, :func:`live_model`; else the scripted
    one) and the demo's two specialists. coord's config files are not read (their hooks,
    ``db:``, budgets, ``allow_bash``, router: the demo plays the same way whatever they say),
    nor the user's agents; what Claude Code gives every session still applies, as in any
    run: the managed and user settings' permission rules (a deny refuses the demo's call)
    and managed hooks, the user's ``~/.claude/CLAUDE.md`` and rules (live, in the prompt)."""
    from coordinator.config import Settings
    from coordinator.runtime.drive import DriveSetup
    from coordinator.runtime.options import ModelChoice

    settings, choice = (
        live_model() if live else (Settings(), ModelChoice("scripted", scenario.SCENARIO))
    )
    ws = scenario.prepare_workspace(workspace)
    temporary = workspace is None and not keep
    try:
        registry = scenario.demo_registry(ws)
        setup = DriveSetup(ws, settings, registry, choice, hooks=False)
    except BaseException:
        if temporary:
            scenario.remove_workspace(ws)
        raise
    return DemoPlan(setup, temporary, made=workspace is None, live=live)


def live_model() -> tuple[Settings, ModelChoice]:
    """A live demo's settings and model: ``coord run``'s defaults (the Anthropic provider,
    its default model, ``ANTHROPIC_BASE_URL`` honoured and checked as there) with the cost
    budget :data:`LIVE_BUDGET_USD`; UserError for a base URL that is no http(s) address."""
    from coordinator.config import Settings, SettingsExplained
    from coordinator.errors import UserError
    from coordinator.runtime.options import ModelChoice

    url = os.environ.get("ANTHROPIC_BASE_URL") or None
    settings = Settings(base_url=url, max_session_cost=LIVE_BUDGET_USD)
    origin = {"base_url": "ANTHROPIC_BASE_URL"} if url else {}
    try:
        return settings, ModelChoice().checked(SettingsExplained(settings, origin, []))
    except UserError as bad:  # its hint names --base-url, a flag coord demo does not take
        raise UserError(bad.message, hint=BAD_BASE_URL_HINT) from None
