"""review103: an MCP server's ``headersHelper``, bounded and kept from agents' code.

compat100 read all a helper printed before cutting it (one printing without end filled
coord's memory for its 10 s), showed a failing helper's stderr as it was (a token it
echoed reached the session's MCP line and the store), and missed a helper that runs a
workspace file an agent can rewrite through a command substitution (``echo "{...Bearer
$(sh token.sh)}"``, the usual shape of such a helper): it ran, as the user, unsandboxed. A
real MCP server (the official SDK, over loopback HTTP); the helpers are real scripts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coordinator.mcp import headers_helper
from coordinator.tools.command_files import writable_file_named
from tests.test_compat100_headers_helper import helper, problems, run, served
from tests.test_mcp_client import user_servers

pytestmark = pytest.mark.xdist_group("mcp")
__all__ = ["served"]


async def test_a_helper_printing_without_end_is_cut_off_at_once(
    tmp_path: Path, served: tuple[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, _ = served
    # the cap, not the clock, must end it: a loaded machine's 10 s limit could fire first
    monkeypatch.setattr(headers_helper, "HELPER_SECONDS", 600.0)
    body = "sys.stdout.write(' ' * 1_000_000); sys.stdout.flush()\nimport time; time.sleep(60)\n"
    user_servers(
        web={"type": "http", "url": f"http://127.0.0.1:{port}/mcp", "headersHelper": helper(
            tmp_path, body
        )}
    )  # fmt: skip
    h, result = await run(tmp_path, echo=False)

    [line] = [p for p in problems(h, result.session_id) if "web" in p]
    assert "headersHelper printed more than 65536 bytes" in line
    h.close()


async def test_a_failing_helpers_stderr_is_scrubbed(
    tmp_path: Path, served: tuple[int, Path]
) -> None:
    port, _ = served
    said = "> Authorization: Bearer s3cr3t-9f8e7d\\nerror token=s3cr3t-1a2b3c expired"
    body = f"sys.stderr.write('{said}'); sys.exit(1)\n"
    user_servers(
        web={"type": "http", "url": f"http://127.0.0.1:{port}/mcp", "headersHelper": helper(
            tmp_path, body
        )}
    )  # fmt: skip
    h, result = await run(tmp_path, echo=False)

    [line] = [p for p in problems(h, result.session_id) if "web" in p]
    assert "headersHelper exited 1: > Authorization: Bearer " in line
    assert "error token=" in line
    assert "s3cr3t" not in line
    h.close()


async def test_a_helper_substituting_a_workspace_scripts_output_is_never_run(
    tmp_path: Path, served: tuple[int, Path]
) -> None:
    port, _ = served
    h, _ = await run(tmp_path, echo=False)  # (the workspace made)
    ran = tmp_path / "ran.txt"
    (h.ws / "token.sh").write_text(f"touch {ran}\necho t0k\n", encoding="utf-8")
    command = 'echo "{\\"Authorization\\": \\"Bearer $(sh token.sh)\\"}"'
    server = {"type": "http", "url": f"http://127.0.0.1:{port}/mcp", "headersHelper": command}
    (h.ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"web": server}}), encoding="utf-8")
    home = Path(os.environ["HOME"])
    (home / ".claude").mkdir(exist_ok=True)
    approve = {"enabledMcpjsonServers": ["web"]}
    (home / ".claude/settings.json").write_text(json.dumps(approve), encoding="utf-8")
    (home / ".claude.json").unlink(missing_ok=True)
    result = await h.engine.start("try again", agent="backend")

    [line] = [p for p in problems(h, result.session_id) if "web" in p]
    assert "headersHelper" in line and "not started" in line
    assert not ran.exists()
    h.close()


def test_a_command_substitution_naming_an_agents_file_is_agents_code(tmp_path: Path) -> None:
    (tmp_path / "token.sh").write_text("echo t\n", encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", "")}
    for line in ("echo $(sh token.sh)", "eval `cat token.sh`", 'x="a $(./token.sh) b"'):
        assert writable_file_named(tmp_path, ["sh", "-c", line], env) == line, line
    for line in ("echo $(date)", "echo {}", "echo `whoami`"):
        assert writable_file_named(tmp_path, ["sh", "-c", line], env) is None, line
