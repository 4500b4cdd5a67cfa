#!/bin/sh
# PostToolUse: remember which tools ran (the log lives in the workspace).
mkdir -p "$CLAUDE_PROJECT_DIR/.claude/logs"
cat >> "$CLAUDE_PROJECT_DIR/.claude/logs/tools.jsonl"
echo >> "$CLAUDE_PROJECT_DIR/.claude/logs/tools.jsonl"
