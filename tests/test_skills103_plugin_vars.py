"""skills103: ``${CLAUDE_PLUGIN_ROOT}`` and ``${CLAUDE_PLUGIN_DATA}`` in a plugin's skill.

Claude Code's plugins reference: both variables are substituted inline where they appear in
a plugin's skill content (its ``!`command``` lines too) and hook commands; the data folder
(``~/.claude/plugins/data/ID``) is made when first named. coord substituted them in a
plugin's hooks and servers only: its skills' text reached the agent with the variables as
written, and an invoked skill's ``hooks`` ran ``${CLAUDE_PLUGIN_ROOT}/...`` as an empty
path. A workspace skill (agents can write it) never gets them. Real plugin install in a
real fake home (as Claude Code records one), the real engine and scripted provider (the
``anthropic`` SDK over its transport), real hook script and SQLite store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kit import engine_with, report, scripted, workspace
from test_plugins62 import AGENT, enable, install
from test_skill96_skill_tool import results, skill, text_of

from coordinator.config import Settings
from coordinator.roster.loader import load_registry
from coordinator.roster.plugins import enabled_plugins
from coordinator.roster.registry import Registry
from coordinator.roster.spec import AgentSpec
from coordinator.runtime.extras import session_extras
from coordinator.runtime.preload import Preload
from coordinator.store.db import Store

DONE = report("Complete", "Done")
#: A plugin skill naming both variables, in its text and a command, with a PreToolUse hook
#: running the plugin's own script.
DEPLOY = """---
name: deploy
description: Deploy with the kit
hooks:
  PreToolUse:
    - matcher: Write
      hooks:
        - type: command
          command: "python3 ${CLAUDE_PLUGIN_ROOT}/scripts/note.py ${CLAUDE_PLUGIN_DATA}"
---
Read ${CLAUDE_PLUGIN_ROOT}/docs/deploy.md; keep state in ${CLAUDE_PLUGIN_DATA}.
Root said: !`echo "root=${CLAUDE_PLUGIN_ROOT}"`
"""
NOTE = (
    "import json, sys\n"
    "from pathlib import Path\n"
    "data = json.load(sys.stdin)\n"
    "Path(sys.argv[1], 'noted.txt').write_text(data['tool_input']['file_path'])\n"
)
OWN = "---\nname: mine\ndescription: Mine\n---\nNot mine to know: ${CLAUDE_PLUGIN_ROOT}.\n"


def kit() -> tuple[Path, Path]:
    """The plugin installed and enabled, with skill ``deploy`` and its script: its folder and
    its data folder (not made yet)."""
    root = install()
    enable()
    (root / "skills/deploy").mkdir()
    (root / "skills/deploy/SKILL.md").write_text(DEPLOY, encoding="utf-8")
    (root / "scripts").mkdir()
    (root / "scripts/note.py").write_text(NOTE, encoding="utf-8")
    [plugin] = enabled_plugins(Path.home()).found
    assert plugin.data is not None and not plugin.data.exists()
    return root, plugin.data


def backend() -> AgentSpec:
    return AgentSpec(
        name="backend", description="Backend specialist", domain="backend", body="Backend."
    )


async def test_an_invoked_plugin_skill_gets_its_plugins_folders(tmp_path: Path) -> None:
    root, data = kit()
    ws = workspace(tmp_path)
    skill(ws / ".claude/skills", "mine", OWN)
    roster = Registry([backend()])
    settings = Settings(allow_bash=True)
    extras = session_extras(ws, settings, roster, home=Path.home(), managed=None)
    write = {"name": "Write", "input": {"file_path": "out.txt", "content": "x\n"}}
    turns: list[dict[str, Any]] = [
        {"tool_calls": [{"name": "Skill", "input": {"skill": "backend-kit:deploy"}}]},
        {"tool_calls": [{"name": "Skill", "input": {"skill": "mine"}}]},
        {"tool_calls": [write]},
        {"text": DONE},
    ]
    provider = scripted({"backend": turns})
    eng = engine_with(
        extras,
        registry=roster,
        provider=provider,
        store=Store.open(tmp_path / "s.db"),
        settings=settings,
        workspace=ws,
    )
    result = await eng.start("Deploy it", agent="backend")

    assert str(result.status) == "complete"
    calls = provider.model.calls
    [deploy] = results(calls[1])
    text = text_of(deploy)
    assert f"Read {root}/docs/deploy.md; keep state in {data}." in text
    assert f"Root said: root={root}" in text  # substituted before the command ran
    assert "${CLAUDE_PLUGIN" not in text
    assert data.is_dir()  # made when named, as for its hooks
    # its hook ran the plugin's own script, told its data folder
    assert (data / "noted.txt").read_text(encoding="utf-8") == "out.txt"
    [mine] = results(calls[2])  # a workspace skill: as written
    assert "Not mine to know: ${CLAUDE_PLUGIN_ROOT}." in text_of(mine)
    assert str(root) not in text_of(mine)


def test_a_preloaded_plugin_skill_gets_its_plugins_folder(tmp_path: Path) -> None:
    root, data = kit()
    ws = tmp_path / "ws"
    ws.mkdir()
    spec = load_registry(cwd=ws).get(AGENT)
    named = spec.model_copy(update={"extra": {**spec.extra, "skills": ["backend-kit:deploy"]}})
    prompt = Preload(root=ws).system_prompt(named)
    assert f"Read {root}/docs/deploy.md; keep state in {data}." in prompt
    assert json.dumps(str(root))[1:-1] in prompt and "${CLAUDE_PLUGIN" not in prompt


def test_a_plugin_skill_agents_can_write_keeps_the_variables_as_written() -> None:
    root, data = kit()
    # a workspace holding the home: the plugin's files lie where agents write
    home = Preload(root=Path.home())
    path = root / "skills/deploy/SKILL.md"
    assert home.agents_wrote(path) is not None
    assert home.skill_plugin(path) is None
    text = home.skill_text(path) or ""
    assert "Read ${CLAUDE_PLUGIN_ROOT}/docs/deploy.md" in text and str(root) not in text
    [hooked] = [s for s in home.invocable_skills() if s.name == "backend-kit:deploy"]
    assert "${CLAUDE_PLUGIN_ROOT}/scripts/note.py" in json.dumps(hooked.meta["hooks"])
    assert not data.exists()
    elsewhere = Preload(root=Path.home() / "ws")  # (the same plugin, a workspace apart)
    assert elsewhere.skill_plugin(path) is not None
    assert str(root) in (elsewhere.skill_text(path) or "")
