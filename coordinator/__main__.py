"""``python -m coordinator`` runs the CLI."""

from coordinator.cli.app import main

if __name__ == "__main__":
    main()
