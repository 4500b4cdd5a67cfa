"""coordinator: a runtime that turns a folder of specialist AI agents into a working team.

The package root stays import-light on purpose: the CLI's start path must not pull in
the Anthropic SDK or other heavy modules. Import submodules directly.
"""

__version__ = "0.1.0"
