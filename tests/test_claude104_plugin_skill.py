"""claude104: an enabled plugin's skill reaches its plugin's folders, as Claude Code's does.

Claude Code's plugins reference: ``${CLAUDE_PLUGIN_ROOT}`` (the plugin's folder) and
``${CLAUDE_PLUGIN_DATA}`` are substituted in a plugin's skill content and hook commands, and
"exported as environment variables to hook processes". skills103 substituted them, but:

* a plugin skill's ``!`command``` runs in the agent's Bash sandbox, which hides the home,
  so the plugin's own script it names (``${CLAUDE_PLUGIN_ROOT}/scripts/x.sh``) was not
  there. Its commands now see the plugin's folder and data folder read-only (as its
  confined hooks do); nothing of them writable, and no other command sees them (the
  agent's own Bash call, a workspace skill's command naming the same path);
* an invoked plugin skill's ``hooks`` got the variables in their text, not in their
  environment: now ``CLAUDE_PLUGIN_ROOT`` and ``CLAUDE_PLUGIN_DATA`` are set for them, as
  for its plugin's hooks; a workspace skill's hooks get neither.

Real plugin install in a real fake home, real ``bwrap`` sandbox, real hook scripts, the real
engine and scripted provider (the ``anthropic`` SDK over its transport), a real SQLite store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import engine_with, report, scripted, workspace
from test_plugins62 import enable, install
from test_skill96_skill_tool import results, skill, text_of

from coordinator.config import Settings
from coordinator.roster.plugins import enabled_plugins
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.store.db import Store

DONE = report("Complete", "Done")
#: A plugin skill running its plugin's script, then trying to write its two folders; and a
#: hook (on Write) noting the environment it is given.
TOOL = """---
name: tool
description: Use the kit's tool
hooks:
  PreToolUse:
    - matcher: Write
      hooks:
        - type: command
          command: "python3 ${CLAUDE_PLUGIN_ROOT}/scripts/env.py"
---
Tool said: !`sh ${CLAUDE_PLUGIN_ROOT}/scripts/hello.sh`
Root: !`touch ${CLAUDE_PLUGIN_ROOT}/scripts/evil 2>/dev/null && echo root-written || echo root-ro`
Data: !`touch ${CLAUDE_PLUGIN_DATA}/evil 2>/dev/null && echo data-written || echo data-read-only`
"""
HELLO = "echo hello-from-the-plugin\n"
#: The plugin skill's hook: what its environment says of the plugin, kept in its data folder.
ENV = (
    "import json, os\n"
    "from pathlib import Path\n"
    "names = ('CLAUDE_PLUGIN_ROOT', 'CLAUDE_PLUGIN_DATA')\n"
    "said = {n: os.environ.get(n) for n in names}\n"
    "Path(os.environ.get('CLAUDE_PLUGIN_DATA') or os.environ['CLAUDE_PROJECT_DIR'],\n"
    "     'env.json').write_text(json.dumps(said))\n"
)
#: A workspace skill naming the plugin's script by its path, and its hook noting the same.
MINE = """---
name: mine
description: Mine
hooks:
  PreToolUse:
    - matcher: Write
      hooks:
        - type: command
          command: "env | grep CLAUDE_PLUGIN > own-env.txt; true"
---
Mine said: !`sh {root}/scripts/hello.sh 2>&1 | head -1`
"""


def kit() -> tuple[Path, Path]:
    """The plugin installed and enabled with skill ``tool`` and its scripts: its folder and
    its data folder."""
    root = install()
    enable()
    (root / "skills/tool").mkdir()
    (root / "skills/tool/SKILL.md").write_text(TOOL, encoding="utf-8")
    (root / "scripts").mkdir()
    (root / "scripts/hello.sh").write_text(HELLO, encoding="utf-8")
    (root / "scripts/env.py").write_text(ENV, encoding="utf-8")
    [plugin] = enabled_plugins(Path.home()).found
    assert plugin.data is not None
    return root, plugin.data


def backend(skills: list[str] | None = None) -> AgentSpec:
    extra: dict[str, Any] = {} if skills is None else {"skills": skills}
    return AgentSpec(
        name="backend", description="Backend specialist", domain="backend", body="Backend.",
        extra=extra,
    )  # fmt: skip


async def drive(tmp_path: Path, ws: Path, spec: AgentSpec, turns: list[dict[str, Any]]) -> Any:
    """Run ``spec`` in ``ws`` on ``turns`` (Bash allowed): the provider's calls."""
    roster = Registry([spec])
    settings = Settings(allow_bash=True)
    extras = session_extras(ws, settings, roster, home=Path.home(), managed=None)
    provider = scripted({"backend": turns})
    eng = engine_with(
        extras,
        registry=roster,
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=settings,
        workspace=ws,
    )
    result = await eng.start("Use the tool", agent="backend")
    assert str(result.status) == "complete"
    return provider.model.calls


async def test_an_invoked_plugin_skills_commands_see_its_folders_read_only(
    tmp_path: Path,
) -> None:
    root, data = kit()
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "mine", MINE.format(root=root))
    own = {"name": "Bash", "input": {"command": f"cat {root}/scripts/hello.sh"}}
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Skill", "input": {"skill": "backend-kit:tool"}}]},
        {"tool_calls": [{"name": "Skill", "input": {"skill": "mine"}}]},
        {"tool_calls": [own]},
        {"text": DONE},
    ]
    calls = await drive(tmp_path, ws, backend(), turns)

    [tool] = results(calls[1])
    text = text_of(tool)
    assert "Tool said: hello-from-the-plugin" in text  # its plugin's own script ran
    assert "Root: root-ro" in text and "Data: data-read-only" in text
    assert not (root / "scripts/evil").exists() and not (data / "evil").exists()
    [mine] = results(calls[2])  # a workspace skill naming the same path: not shown to it
    assert "Mine said: sh:" in text_of(mine) and "hello-from-the-plugin" not in text_of(mine)
    [bash] = results(calls[3])  # nor to the agent's own command
    assert bash["is_error"] and "echo hello-from-the-plugin" not in text_of(bash)


async def test_a_preloaded_plugin_skills_commands_see_its_folder(tmp_path: Path) -> None:
    root, _ = kit()
    ws = workspace(tmp_path)
    calls = await drive(tmp_path, ws, backend(["backend-kit:tool"]), [{"text": DONE}])

    system = json.dumps(calls[0].body["system"])
    assert "Tool said: hello-from-the-plugin" in system
    assert "Root: root-ro" in system
    assert not (root / "scripts/evil").exists()


async def test_an_invoked_plugin_skills_hooks_get_its_variables(tmp_path: Path) -> None:
    root, data = kit()
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "mine", MINE.format(root=root))
    write = {"name": "Write", "input": {"file_path": "out.txt", "content": "x\n"}}
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Skill", "input": {"skill": "backend-kit:tool"}}]},
        {"tool_calls": [{"name": "Skill", "input": {"skill": "mine"}}]},
        {"tool_calls": [write]},
        {"text": DONE},
    ]
    await drive(tmp_path, ws, backend(), turns)

    said = json.loads((data / "env.json").read_text(encoding="utf-8"))
    assert said == {"CLAUDE_PLUGIN_ROOT": str(root), "CLAUDE_PLUGIN_DATA": str(data)}
    assert (ws / "out.txt").read_text(encoding="utf-8") == "x\n"
    assert (ws / "own-env.txt").read_text(encoding="utf-8") == ""  # a workspace skill's: none
