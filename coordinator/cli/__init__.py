"""The ``coord`` command line. Thin: parses flags, calls the runtime, renders results."""
