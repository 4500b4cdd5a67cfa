"""compat74: managed settings compat72 and review72 left.

- Under ``disableCommandPluginSources`` (or ``allowManagedHooksOnly``), a plugin whose
  marketplace manifest is missing (or unreadable, or lists no such plugin, or whose
  marketplace is not registered) was not known to be command-sourced and loaded: now it does
  not (a restriction fails closed), one line saying why.
- Lines about a key a ``managed-settings.d`` drop-in sets named ``managed-settings.json``:
  now the drop-in. A drop-in whose top level is not an object was ignored in silence by the
  roster's readers: now one line names it, and a restriction it names fails closed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_compat72_managed import COMMAND, agent_file, loads, places, registered, write

from coordinator.errors import UserError
from coordinator.roster.loader import load_registry, refuse_sideload
from coordinator.runtime.available_models import ModelPolicy

__all__ = ["places"]  # (the fixture, shared with compat72's tests)


def _market() -> Path:
    return Path(os.environ["HOME"]) / ".claude/plugins/known_marketplaces.json"


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        ("missing", "marketplace.json is missing"),
        ("garbled", "marketplace.json cannot be read as JSON"),
        ("unlisted", "marketplace.json lists no plugin backend-kit"),
        ("unregistered", 'its marketplace "mkt" is not registered in known_marketplaces.json'),
    ],
)
def test_a_plugin_its_manifest_cannot_vouch_for_does_not_load_under_the_block(
    tmp_path: Path, spoil: str, said: str
) -> None:
    """The plugin loaded under the block whenever its manifest could not be read; now it
    does not, with a line naming the manifest (or the marketplace) and the key; without
    the block it loads as before."""
    from test_plugins62 import PID, enable, install

    install()
    enable()
    registered(tmp_path, {"source": "github", "repo": "acme/plugins"})
    manifest = tmp_path / "markets/mkt/.claude-plugin/marketplace.json"
    if spoil == "missing":
        shutil.rmtree(manifest.parent.parent)
    elif spoil == "garbled":
        manifest.write_text("{not json", encoding="utf-8")
    elif spoil == "unlisted":
        manifest.write_text('{"name": "mkt", "plugins": []}', encoding="utf-8")
    else:
        _market().write_text("{}", encoding="utf-8")
    loaded, lines = loads(tmp_path, {"disableCommandPluginSources": True})
    assert not loaded
    (line,) = lines
    assert line.startswith(f"plugin {PID} not loaded: ") and said in line, line
    assert line.endswith(
        "so it cannot show that the plugin is not installed by running a command, which the "
        "managed disableCommandPluginSources blocks"
    )
    assert loads(tmp_path, {})[0]


# ---- lines about a key a managed-settings.d drop-in sets ---------------------------------


def test_lines_about_a_key_a_drop_in_sets_name_the_drop_in(
    places: tuple[Path, Path, Path],
) -> None:
    """The lines about ``strictPluginOnlyCustomization``, ``disableSideloadFlags``, a
    command-sourced plugin's block and ``availableModels`` named ``managed-settings.json``
    when a drop-in set the key; now they name the drop-in (and the key's line in it)."""
    ws, managed, _ = places
    drop = managed.parent / "managed-settings.d"
    lock = write(drop / "10-lock.json", '{\n  "strictPluginOnlyCustomization": "agents"\n}\n')
    agent_file(ws / ".claude/agents", "repo-helper")
    registry = load_registry(cwd=ws, cache=False, managed=managed)
    said = [p for p in registry.problems if "strictPluginOnlyCustomization" in p.message]
    assert said and all(p.path == lock for p in said), [(p.path, p.message) for p in said]
    assert any(p.line == 2 for p in said)

    side = write(drop / "20-side.json", {"disableSideloadFlags": True})
    with pytest.raises(UserError) as refused:
        refuse_sideload([ws / "agents"], managed)
    assert str(refused.value).startswith(f"{side}: disableSideloadFlags refuses")

    models = write(drop / "30-models.json", {"availableModels": "sonnet"})
    warnings: list[str] = []
    ModelPolicy.read({"availableModels": "sonnet"}, managed, warnings)
    assert warnings and warnings[0].startswith(f"{models}: availableModels must be a list")


def test_a_command_block_set_by_a_drop_in_is_named_in_its_line(tmp_path: Path) -> None:
    """A plugin kept out by a drop-in's ``disableCommandPluginSources`` was said on the
    managed file; now on the drop-in."""
    from test_plugins62 import PID, enable, install

    install()
    enable()
    registered(tmp_path, COMMAND)
    drop = write(
        tmp_path / "etc/managed-settings.d/50-plugins.json", {"disableCommandPluginSources": True}
    )
    loaded, _ = loads(tmp_path, {})
    assert not loaded
    registry = load_registry(
        cwd=tmp_path / "ws", cache=False, managed=tmp_path / "etc/managed-settings.json"
    )
    (line,) = [p for p in registry.problems if PID in p.message and "command" in p.message]
    assert line.path == drop


# ---- a drop-in whose top level is not an object -------------------------------------------


@pytest.mark.parametrize(
    "text", ['["disableSideloadFlags", true]', '"strictPluginOnlyCustomization"']
)
def test_a_drop_in_that_is_no_object_is_said_and_its_restriction_fails_closed(
    places: tuple[Path, Path, Path], text: str
) -> None:
    """The roster's readers ignored such a drop-in in silence (``coord agents`` listed the
    project's agents, ``--agents-dir`` was taken); now one line names the file, and the
    restriction it names fails closed."""
    ws, managed, _ = places
    drop = write(managed.parent / "managed-settings.d/10-bad.json", text)
    agent_file(ws / ".claude/agents", "repo-helper")
    if "Sideload" in text:
        with pytest.raises(UserError) as refused:
            refuse_sideload([ws / "agents"], managed)
        assert str(refused.value).startswith(f"{drop}: disableSideloadFlags refuses")
        assert "the file cannot be read" in str(refused.value)
        return
    registry = load_registry(cwd=ws, cache=False, managed=managed)
    about = [p.message for p in registry.problems if p.path == drop]
    assert about.count("settings must be a JSON object at the top level; ignored") == 1, about
    assert "repo-helper" not in {a.name for a in registry}


# ---- availableModels: a hook's, the router's and a resumed run's model swapped -------------


def test_the_notice_says_when_the_allowlist_swaps_a_hooks_or_the_routers_model(
    tmp_path: Path,
) -> None:
    """A run's own swapped model had a line; a prompt hook's (its own, or the hooks'
    default Haiku) and the LLM router's were swapped in silence. Now each has one, in the
    same words."""
    from test_compat69_managed import Run
    from test_review72_managed import stop_prompt_hook

    from coordinator.config import Settings

    r = Run(tmp_path, {})
    r.settings = Settings(router="llm")
    write(r.managed, {"availableModels": ["sonnet"]})
    hooks = write(r.home / ".claude/settings.json", stop_prompt_hook("opus"))
    notice = "\n".join(r.extras().notice(r.registry, r.settings))
    words = f"availableModels ({r.managed}) does not permit"
    assert f"warning: Stop prompt hook (user, {hooks}): {words} opus (" in notice, notice
    assert f"warning: router llm: {words} haiku (" in notice, notice


async def test_a_resume_says_when_the_allowlist_swaps_its_runs_stored_model(
    tmp_path: Path,
) -> None:
    """A run started on Opus, resumed once the managed list refuses Opus, went on on the
    default model in silence; now the resume's notes say so, in a run's own words."""
    from kit import blocked
    from test_compat69_managed import Run

    from coordinator.runtime.launch import _GOING_ON, _resumed_models
    from coordinator.runtime.permission_files import load_permissions

    r = Run(tmp_path, {"backend": [{"text": blocked("Tests", "Which test framework to use")}]})
    r.agent_with(model="opus")
    first = await r.start("Add an endpoint")
    assert first.question is not None
    write(r.managed, {"availableModels": ["sonnet"]})
    going_on = [run for run in r.store.runs(first.session_id) if run.status in _GOING_ON]
    rules = load_permissions(r.ws, home=r.home, managed=r.managed)
    (line,) = _resumed_models(going_on, rules, r.settings)
    assert line.startswith(
        f"warning: backend's resumed run: availableModels ({r.managed}) does not permit "
        "claude-opus-"
    ), line
