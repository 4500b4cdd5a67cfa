"""How a command was stopped by a signal: :class:`Sigterm` notes a SIGTERM taken as Ctrl-C
and gives the exit code (130 or 143); :class:`Terminated` is SIGTERM raised as Ctrl-C's
KeyboardInterrupt. A leaf: the engine and the drive both read it."""

from __future__ import annotations

from coordinator.errors import EXIT_SIGINT, EXIT_SIGTERM


class Sigterm:
    """Whether a SIGTERM came while :func:`sigterm_as_ctrl_c` held (``received``)."""

    received = False

    def exit_code(self, stop: BaseException) -> int:
        """The exit code of a command ``stop`` ended (asyncio's cancel of its drive, which
        Ctrl-C and a SIGTERM taken so cause, or the KeyboardInterrupt itself): 143 after a
        SIGTERM (noted here, or :class:`Terminated`), else 130."""
        terminated = self.received or isinstance(stop, Terminated)
        return EXIT_SIGTERM if terminated else EXIT_SIGINT


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt (:func:`sigterm_as_interrupt`:
    a batch, whose processes stop the way they stop on Ctrl-C)."""
