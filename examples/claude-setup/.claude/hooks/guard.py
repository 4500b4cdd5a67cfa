"""PreToolUse guard: refuse writes outside app/ and the agent's memory folder (exit 2)."""

import json
import sys

data = json.load(sys.stdin)
path = data["tool_input"].get("file_path", "")
if not (path.startswith("app/") or path.startswith(".claude/agent-memory/")):
    print(f"{path}: this project only lets agents write under app/", file=sys.stderr)
    sys.exit(2)
