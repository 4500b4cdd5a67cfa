"""Claude Code's ``http`` hooks (compat13) against a real HTTP server on the loopback
interface, started by each test (no network): the input POSTed as JSON, headers filled
only from ``allowedEnvVars``, the answer read like a command hook's stdout, non-2xx and
no answer non-blocking; and never loaded from a file an agent can write."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from kit import report
from test_hooks import WRITE, Run

from coordinator.runtime.hook_http import interpolate
from coordinator.runtime.hook_run import HookEnv, Outcome, combine, run_hook
from coordinator.runtime.hooks import HookEvent, HookSet, HookSource, load_hooks, parse_hooks

DONE = report("Complete", "Done")

#: What http hooks run with (the workspace is none of theirs: review115 gave them its env).
NO_ENV = HookEnv(Path("/"))


class Server:
    """A loopback HTTP server answering every POST with ``status`` and ``body``, keeping
    each request (path, headers, JSON body). ``hold`` keeps answers back until released."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status, self.body = 200, b""
        self.extra_headers: dict[str, str] = {}
        self.hold = False
        self.released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                data = json.loads(self.rfile.read(size) or b"null")
                server.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": data}
                )
                if server.hold:
                    server.released.wait()
                self.send_response(server.status)
                for key, value in server.extra_headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        # Its loop polls every 10 ms: the shutdown at each test's end waits 10 ms, not 0.5 s.
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def answer(self, status: int, body: Any = b"") -> None:
        self.status = status
        self.body = body if isinstance(body, bytes) else json.dumps(body).encode()


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    found = Server()
    found.thread.start()
    yield found
    found.released.set()
    found.httpd.shutdown()
    found.httpd.server_close()


def http_hook(event: str, url: str, matcher: str = "", **fields: Any) -> dict[str, Any]:
    entry = {"type": "http", "url": url, **fields}
    return {event: [{"matcher": matcher, "hooks": [entry]}]}


def one_hook(event: str, url: str, **fields: Any) -> Any:
    """The user-settings hook of ``http_hook(...)``."""
    hooks, problems = parse_hooks(
        http_hook(event, url, **fields), HookSource.USER, Path("/u/settings.json"), False
    )
    assert problems == []
    return hooks[0]


def payload(event: str) -> dict[str, Any]:
    return {"hook_event_name": event, "session_id": "s1", "prompt": "hi"}


async def test_an_http_hook_gets_the_input_as_json_and_its_json_answer_denies(
    tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's PreToolUse http hook: Claude Code's input as the POST's JSON body, the
    headers' ``$VAR``/``${VAR}`` filled only for ``allowedEnvVars``; its 2xx JSON answer is
    read like a command hook's stdout (here a deny, the reason to the model)."""
    monkeypatch.setenv("HOOK_TOKEN", "t0k3n")
    monkeypatch.setenv("OTHER_SECRET", "must-not-leave")
    server.answer(
        200,
        {
            "hookSpecificOutput": {
                "permissionDecision": "deny",
                "permissionDecisionReason": "policy: no writes",
            }
        },
    )
    headers = {"Authorization": "Bearer $HOOK_TOKEN", "X-Other": "${OTHER_SECRET}-x"}
    hooks = http_hook(
        "PreToolUse", server.url, "Write", headers=headers, allowedEnvVars=["HOOK_TOKEN"]
    )
    agents = {"backend": [{"tool_calls": [WRITE]}, {"expect": "policy: no writes", "text": DONE}]}
    r = Run(tmp_path, agents, hooks)
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete", result.reason
    assert not (r.ws / "notes.txt").exists()
    [request] = server.requests
    assert request["path"] == "/hook"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["Authorization"] == "Bearer t0k3n"
    assert request["headers"]["X-Other"] == "-x"
    sent = request["json"]
    assert (sent["hook_event_name"], sent["tool_name"]) == ("PreToolUse", "Write")
    assert sent["tool_input"] == WRITE["input"] and sent["session_id"] == result.session_id
    [event] = r.hook_events(result.session_id)
    assert (event["command"], event["outcome"]) == (server.url, "blocked")
    assert event["note"] == "policy: no writes"


async def test_an_http_hooks_logged_url_masks_its_user_token(
    tmp_path: Path, server: Server
) -> None:
    """A hook URL carrying a token as its user name (``http://TOKEN@host/hook``, HTTP
    Basic): the ``hook`` event the log keeps names the URL masked (``http://***@...``),
    even a token too short to be scrubbed by value (review97)."""
    url = server.url.replace("http://", "http://r97h@")
    hooks = http_hook("PreToolUse", url, "Write")
    agents = {"backend": [{"tool_calls": [WRITE]}, {"text": DONE}]}
    r = Run(tmp_path, agents, hooks)
    result = await r.engine.start("Write notes", agent="backend")

    assert result.status == "complete", result.reason
    assert len(server.requests) == 1
    [event] = r.hook_events(result.session_id)
    assert event["command"] == server.url.replace("http://", "http://***@")


async def test_http_answers_are_read_as_claude_code_reads_them(server: Server) -> None:
    """2xx empty: success, nothing said; 2xx plain text: stdout (context for
    UserPromptSubmit); non-2xx (a redirect too: not followed): a non-blocking error."""
    hook = one_hook("UserPromptSubmit", server.url)
    server.answer(204)
    run = await run_hook(hook, payload("UserPromptSubmit"), NO_ENV)
    assert (run.outcome, run.note) == (Outcome.OK, "")
    server.answer(200, b"the team uses tabs")
    run = await run_hook(hook, payload("UserPromptSubmit"), NO_ENV)
    verdict = combine(HookEvent.USER_PROMPT_SUBMIT, [run])
    assert verdict.context == ["the team uses tabs"] and not verdict.block
    server.answer(503, b"down for maintenance")
    run = await run_hook(hook, payload("UserPromptSubmit"), NO_ENV)
    assert run.outcome == Outcome.ERROR and run.note == "HTTP 503: down for maintenance"
    assert combine(HookEvent.USER_PROMPT_SUBMIT, [run]).block is False
    server.answer(302)
    server.extra_headers["Location"] = server.url + "/elsewhere"
    run = await run_hook(hook, payload("UserPromptSubmit"), NO_ENV)
    assert run.outcome == Outcome.ERROR and run.note == "HTTP 302"
    assert [r["path"] for r in server.requests] == ["/hook"] * 4


async def test_no_answer_and_a_slow_answer_are_non_blocking_errors(server: Server) -> None:
    """A refused connection is an error and a server slower than the hook's ``timeout`` a
    timeout; neither blocks."""
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{closed.server_address[1]}/hook"
    closed.server_close()
    run = await run_hook(one_hook("Stop", url), payload("Stop"), NO_ENV)
    assert run.outcome == Outcome.ERROR and run.note.startswith("no answer: ")
    server.hold = True
    slow = one_hook("Stop", server.url, timeout=0.3)
    run = await run_hook(slow, payload("Stop"), NO_ENV)
    assert run.outcome == Outcome.TIMEOUT and run.note == "timed out after 0.3 s"
    assert combine(HookEvent.STOP, [run]).block is False


def test_http_hooks_come_only_from_files_an_agent_cannot_write(tmp_path: Path) -> None:
    """The user's and managed settings' http hooks are loaded; the workspace's (project,
    local, agent files there) are not, with a warning: a workspace command hook runs in
    the Bash sandbox, without network, so an http one would be more than that."""
    home, ws = tmp_path / "home", tmp_path / "ws"
    url = "http://127.0.0.1:9/hook"
    for path in (
        home / ".claude/settings.json",
        ws / ".claude/settings.json",
        ws / ".claude/settings.local.json",
        tmp_path / "managed.json",
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"hooks": http_hook("Stop", url)}), encoding="utf-8")
    found = load_hooks(ws, home=home, managed=tmp_path / "managed.json")
    assert [(h.source.value, h.kind) for h in found.hooks] == [
        ("managed", "http"),
        ("user", "http"),
    ]
    assert (
        sum("http hooks are read only from the user's and managed" in w for w in found.warnings)
        == 2
    )
    agents = HookSet()
    agents.add_agent("dba", http_hook("Stop", url), ws / ".claude/agents/dba.md", ws)
    agents.add_agent("ops", http_hook("Stop", url), home / ".claude/agents/ops.md", ws)
    assert agents.agent_hooks["dba"] == [] and len(agents.agent_hooks["ops"]) == 1
    assert "http hooks are read only" in agents.warnings[0]
    assert [h.label() for h in found.for_event(HookEvent.STOP, "x")] == [
        f"Stop (managed, managed.json:1): POST {url}"
    ]


def test_header_variables_are_filled_only_when_allowed_and_never_with_coords_key() -> None:
    env = {"A": "1", "B": "2", "ANTHROPIC_API_KEY": "sk-ant-secret"}
    assert interpolate("$A ${A} $B ${B}x", ["A"], env) == "1 1  x"
    assert interpolate("Bearer $ANTHROPIC_API_KEY", ["ANTHROPIC_API_KEY"], env) == "Bearer "
    assert interpolate("$$A", ["A"], env) == "$1"


def test_the_policy_lists_restrict_http_hooks_and_their_variables(tmp_path: Path) -> None:
    """``allowedHttpHookUrls`` (``*`` a wildcard; ``[]`` none) leaves unloaded, with a
    warning, every http hook whose URL matches no pattern; ``httpHookAllowedEnvVars``
    narrows each hook's ``allowedEnvVars``. As in Claude Code, both lists merge across the
    files; coord reads them from the managed and user settings only (a workspace file could
    otherwise widen them)."""
    home, ws, managed = tmp_path / "home", tmp_path / "ws", tmp_path / "managed.json"
    ok = "https://hooks.corp.example/audit"
    user_hooks = {
        "Stop": [
            {
                "hooks": [
                    {"type": "http", "url": ok, "allowedEnvVars": ["TOKEN", "HOME_DIR"]},
                    {"type": "http", "url": "https://elsewhere.example/x"},
                ]
            }
        ]
    }
    files = {
        managed: {"allowedHttpHookUrls": ["https://hooks.corp.example/*"]},
        home / ".claude/settings.json": {
            "hooks": user_hooks,
            "httpHookAllowedEnvVars": ["TOKEN"],
        },
        ws / ".claude/settings.json": {
            "allowedHttpHookUrls": ["*"],
            "httpHookAllowedEnvVars": ["HOME_DIR"],
        },
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data), encoding="utf-8")
    found = load_hooks(ws, home=home, managed=managed)
    assert [(h.url, h.allowed_env_vars) for h in found.hooks] == [(ok, ("TOKEN",))]
    assert any(
        "https://elsewhere.example/x" in w and "allowedHttpHookUrls" in w for w in found.warnings
    )
    found.add_agent("ops", http_hook("Stop", "https://elsewhere.example/y"), home / "a.md", ws)
    assert found.agent_hooks["ops"] == []
    managed.write_text(json.dumps({"allowedHttpHookUrls": []}), encoding="utf-8")
    assert load_hooks(ws, home=home, managed=managed).hooks == []
