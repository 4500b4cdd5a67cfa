"""``python -m coordinator`` and the ``coord`` script run the CLI."""

from coordinator.gcpace import COLLECTIONS

COLLECTIONS.start()  # before typer and the rest are imported: see gcpace.py

from coordinator.cli.app import main  # noqa: E402

__all__ = ["main"]

if __name__ == "__main__":
    main()
