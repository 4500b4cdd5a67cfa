"""Workspace tools with Claude Code's names and input schemas, confined to the workspace."""
