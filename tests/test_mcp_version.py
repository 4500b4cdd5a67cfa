"""``coord mcp`` tells a client its own version: the MCP ``serverInfo`` is coordinator's name
and ``coord --version``'s version, not the SDK's or an empty one (daily29, item 5)."""

from __future__ import annotations

import asyncio
import importlib.metadata
import importlib.util
from pathlib import Path

import pytest
from cli import coord

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("mcp") is None, reason="the mcp extra is absent"),
    pytest.mark.xdist_group("mcp"),
]


def test_the_server_info_names_coords_own_version(tmp_path: Path) -> None:
    from mcp.client.client import Client

    from coordinator.serve.mcp_server import build_server
    from coordinator.serve.service import CoordinatorService, ServiceOptions

    async def server_info() -> object:
        server = build_server(CoordinatorService(ServiceOptions(tmp_path)))
        async with Client(server) as client:
            return client.server_info

    info = asyncio.run(server_info())
    version = coord("--version").stdout.split()[-1]
    assert (info.name, info.version) == ("coordinator", version)  # type: ignore[attr-defined]
    assert version == importlib.metadata.version("coordinator")
