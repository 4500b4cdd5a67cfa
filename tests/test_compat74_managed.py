"""compat74: managed settings compat72 and review72 left.

- Under ``disableCommandPluginSources`` (or ``allowManagedHooksOnly``), a plugin whose
  marketplace manifest is missing (or unreadable, or lists no such plugin, or whose
  marketplace is not registered) was not known to be command-sourced and loaded: now it does
  not (a restriction fails closed), one line saying why.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_compat72_managed import loads, registered


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
