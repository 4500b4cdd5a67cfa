"""``python -m coordinator`` and the ``coord`` script run the CLI."""

from coordinator.stdfds import open_closed_streams

open_closed_streams()  # first: a closed stdin is /dev/null, not the next file opened

from coordinator.importpath import confine  # noqa: E402

confine()  # then: no module of the working folder imported as coord's (importpath.py)

from coordinator.gcpace import COLLECTIONS  # noqa: E402

COLLECTIONS.start()  # before typer and the rest are imported: see gcpace.py

from coordinator.cli.app import main  # noqa: E402

__all__ = ["main"]

if __name__ == "__main__":
    main()
