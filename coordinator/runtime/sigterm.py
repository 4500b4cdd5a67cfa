"""How a command was stopped by a signal: :class:`Sigterm` notes a SIGTERM taken as Ctrl-C
and gives the exit code (130 or 143); :class:`Terminated` is SIGTERM raised as Ctrl-C's
KeyboardInterrupt. A leaf: the engine and the drive both read it."""

from __future__ import annotations

import signal

from coordinator.errors import EXIT_SIGINT, EXIT_SIGTERM


class Sigterm:
    """Whether a SIGTERM came while :func:`sigterm_as_ctrl_c` held (``received``), and
    whether a cancel of a drive is a signal's (``signalled``)."""

    received = False
    #: Set where the command takes Ctrl-C and SIGTERM as a cancel of its drive (``coord
    #: run``: asyncio's Ctrl-C handler; a batch: :class:`~coordinator.runtime.batch.
    #: StopNoted`). Elsewhere a cancel is no signal's (a ``coord mcp`` call its client
    #: cancelled): the session it interrupts records no exit code (resumable, 75).
    signalled = False

    def exit_code(self, stop: BaseException) -> int | None:
        """The exit code of a command ``stop`` ended (asyncio's cancel of its drive, which
        Ctrl-C and a SIGTERM taken so cause, or the KeyboardInterrupt itself): 143 after a
        SIGTERM (noted here, or :class:`Terminated`), 130 after Ctrl-C; None for a cancel
        no signal caused."""
        if self.received or isinstance(stop, Terminated):
            return EXIT_SIGTERM
        if self.signalled or isinstance(stop, KeyboardInterrupt):
            return EXIT_SIGINT
        return None

    def note(self, signum: int) -> None:
        """A signal (SIGINT or SIGTERM) came that cancels the drive."""
        self.signalled = True
        self.received = self.received or signum == signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt (:func:`sigterm_as_interrupt`:
    a batch, whose processes stop the way they stop on Ctrl-C)."""
