"""daily11: rough edges a demanding user trips on, each checked where it is decided."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from cli import coord
from kit import report, serving, write_agents, write_script

# ---- --otel with no collector: the run's own exit time and one line ---------------------


def _run_traced(tmp_path: Path, endpoint: str, *more: str) -> tuple[int, str, float]:
    """``coord run --otel`` of a one-step session exporting to ``endpoint``: its exit code,
    stderr and how long it took."""
    ws = tmp_path / "ws"
    ws.mkdir(exist_ok=True)
    agents = write_agents(tmp_path / "team", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    start = time.monotonic()
    ran = coord("run", "Add a login endpoint", "--agent", "backend", "--workspace", ws,
                "--agents-dir", agents, "--only", "--script", script, "--json", "--otel", *more,
                env={"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint})  # fmt: skip
    return ran.returncode, ran.stderr, time.monotonic() - start


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_otel_with_no_collector_listening_says_so_in_one_line(tmp_path: Path) -> None:
    pytest.importorskip("opentelemetry.sdk")
    url = f"http://127.0.0.1:{_closed_port()}"
    code, stderr, _ = _run_traced(tmp_path, url)
    assert code == 0
    assert "Transient error" not in stderr and "retrying" not in stderr
    lines = [line for line in stderr.splitlines() if "traces" in line]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("warning: traces not sent")
    assert f"{url}/v1/traces" in lines[0] and "connection refused" in lines[0]


class _Unavailable(BaseHTTPRequestHandler):
    """A collector that answers every export 503 (a retryable status)."""

    posts: list[str]

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.posts.append(self.path)
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def unavailable() -> Iterator[tuple[str, type[_Unavailable]]]:
    handler = type("Unavailable", (_Unavailable,), {"posts": []})
    with serving(handler) as url:
        yield url, handler


def test_the_export_at_exit_is_not_retried(
    tmp_path: Path, unavailable: tuple[str, type[_Unavailable]]
) -> None:
    """The exporter's backoff (1 s, 2 s, 4 s … up to its timeout) is not added to the
    command: one POST, then the one line with the status."""
    pytest.importorskip("opentelemetry.sdk")
    url, handler = unavailable
    code, stderr, _ = _run_traced(tmp_path, url)
    assert code == 0
    assert handler.posts == ["/v1/traces"]
    lines = [line for line in stderr.splitlines() if "traces" in line]
    assert len(lines) == 1 and "Service Unavailable" in lines[0], stderr


def test_a_collector_that_never_answers_costs_the_export_timeout_at_most(
    tmp_path: Path,
) -> None:
    """Timed from the export's connection (not from the command's start, which a busy
    machine can make as long as it likes) to the command's end."""
    pytest.importorskip("opentelemetry.sdk")
    with socket.socket() as mute:  # accepts connections, never answers
        mute.bind(("127.0.0.1", 0))
        mute.listen(8)
        url = f"http://127.0.0.1:{mute.getsockname()[1]}"
        connected: list[float] = []
        held: list[socket.socket] = []

        def take() -> None:
            with contextlib.suppress(OSError):  # shut down: no export came
                conn, _ = mute.accept()
                connected.append(time.monotonic())
                held.append(conn)

        taker = threading.Thread(target=take, daemon=True)
        taker.start()
        code, stderr, _ = _run_traced(tmp_path, url)
        ended = time.monotonic()
        mute.shutdown(socket.SHUT_RDWR)
        taker.join()
        for conn in held:
            conn.close()
    assert code == 0
    assert connected, stderr
    # 3 s of export at most (EXPORT_TIMEOUT_S): with the exporter's own default (10 s) the
    # command could not end sooner than 10 s after the export began
    assert ended - connected[0] < 10, ended - connected[0]
    assert next(line for line in stderr.splitlines() if "traces" in line).startswith(
        "warning: traces not sent"
    )


# ---- default_model: checked like --model where the names are the Anthropic API's ----------


def test_an_unknown_default_model_in_a_config_file_is_named_with_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    config = tmp_path / "coord.yaml"
    config.write_text("default_model: sonet\n", encoding="utf-8")
    agents = write_agents(tmp_path / "team", "backend")
    (tmp_path / "ws").mkdir()
    ran = coord("run", "Add a login endpoint", "--agent", "backend", "--workspace", tmp_path / "ws",
                "--agents-dir", agents, "--only", "--config", config,
                env={"ANTHROPIC_API_KEY": "sk-ant-test"})  # fmt: skip
    assert ran.returncode == 4
    first = ran.stderr.splitlines()[0]
    assert first.startswith(f"error: {config}: invalid setting 'default_model': unknown model")
    assert "'sonet'" in first


def _choice_checked(tmp_path: Path, config: str, **choice: str) -> object:
    from coordinator.config import explain_settings
    from coordinator.runtime.options import ModelChoice

    path = tmp_path / "coord.yaml"
    path.write_text(config, encoding="utf-8")
    ws = tmp_path / "ws"
    ws.mkdir(exist_ok=True)
    return ModelChoice(**choice).checked(explain_settings(ws, path))  # type: ignore[arg-type]


def test_a_custom_base_url_takes_any_model_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.errors import UserError
    from coordinator.runtime.options import ModelChoice

    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    gateway = "http://127.0.0.1:4000"
    assert _choice_checked(tmp_path, "default_model: llama3\n", base_url=gateway)
    assert _choice_checked(tmp_path, f"default_model: gpt-4o\nbase_url: {gateway}\n")
    taken = _choice_checked(tmp_path, "{}\n", base_url=gateway, model=" qwen2.5 ")
    assert isinstance(taken, ModelChoice) and taken.model == "qwen2.5"
    # the scripted provider ignores default_model; an alias of models: is a name too
    assert _choice_checked(tmp_path, "default_model: whatever\n", kind="scripted")
    assert _choice_checked(tmp_path, "default_model: fast\nmodels: {fast: claude-x}\n")
    with pytest.raises(UserError, match=r"unknown model 'qwen2\.5'"):
        _choice_checked(tmp_path, "{}\n", model="qwen2.5")


# ---- help: values named by what they are, and accurate -----------------------------------


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["worker"], r"--db\s+URL\s+The shared PostgreSQL store"),
        (["worker"], r"--workspace-root\s+DIR\s"),
        (["worker"], r"--lease\s+SECONDS\s"),
        (["worker"], r"--poll\s+SECONDS\s"),
        (["run"], r"--workers\s+N\s"),
        (["sessions"], r"--since\s+SPAN\s"),
        (["stats"], r"--since\s+SPAN\s"),
        (["resume"], r"--context\s+TEXT\s"),
        (["mcp"], r"--http\s+PORT\s"),
        (["mcp"], r"--allow-bash\s+Let agents run shell commands \(sandboxed\)"),
    ],
)
def test_help_names_each_value_by_what_it_is(command: list[str], shown: str) -> None:
    import re

    text = coord(*command, "--help", env={"COLUMNS": "120"}).stdout
    flat = " ".join(text.replace("│", " ").split())  # the width is the process's first one
    assert re.search(shown, flat), text
    assert "<=x<=" not in text  # no range tag beside a value
    if command == ["worker"]:  # a file is refused there
        assert "Session database: a file" not in text


def test_mcp_refuses_a_port_out_of_range_in_one_line() -> None:
    ran = coord("mcp", "--http", "70000")
    assert ran.returncode == 4
    assert ran.stderr.startswith("error: --http 70000: a port is a number from 1 to 65535")


# ---- sessions rm --json ------------------------------------------------------------------


def test_sessions_rm_prints_the_removed_ids_as_json(tmp_path: Path) -> None:
    import json

    ws = tmp_path / "ws"
    ws.mkdir()
    agents = write_agents(tmp_path / "team", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    ran = coord("run", "Add a login endpoint", "--agent", "backend", "--workspace", ws,
                "--agents-dir", agents, "--only", "--script", script, "--json")  # fmt: skip
    session = json.loads(ran.stdout)["session"]
    gone = coord("sessions", "rm", session[:6], "--workspace", ws, "--json")
    assert gone.returncode == 0, gone.stderr
    assert json.loads(gone.stdout) == {"removed": [session]}
    none = coord("sessions", "rm", "--older-than", "1d", "--workspace", ws, "--json")
    assert json.loads(none.stdout) == {"removed": []}


# ---- coord config: every path in use, the session index too ------------------------------


def test_config_lists_the_session_index(tmp_path: Path) -> None:
    import json

    data = tmp_path / "data"
    ran = coord("config", "--workspace", tmp_path, "--json", env={"XDG_DATA_HOME": str(data)})
    assert ran.returncode == 0, ran.stderr
    paths = {p["what"]: p for p in json.loads(ran.stdout)["paths"]}
    assert paths["session index"] == {
        "what": "session index",
        "path": str(data / "coordinator" / "index.db"),
        "exists": False,
    }


@pytest.mark.parametrize("command", ["run", "resume"])
def test_run_and_resume_help_give_every_exit_code(command: str) -> None:
    text = " ".join(coord(command, "--help", env={"COLUMNS": "200"}).stdout.split())
    said = text[text.index("Exit codes:") :]
    for code in ("0 complete", "1 failed", "2 needs review", "3 waiting", "4 user error", "130"):
        assert code in said, said


def test_no_help_shows_restructured_text_quotes() -> None:
    from test_cli_help import command_paths

    for path in command_paths():
        text = coord(*path, "--help", env={"COLUMNS": "200"}).stdout
        assert "``" not in text, (path, text)


# ---- an agent whose file was skipped, named by its name: line ----------------------------


def test_show_names_the_skipped_file_of_an_agent_named_unlike_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "reviewer-v2.md").write_text(
        "---\nname: code-reviewer\ndescription: Reviews diffs.\nmodel: gpt-4\n---\nBody.\n",
        encoding="utf-8",
    )
    ran = coord("agents", "show", "code-reviewer", "--agents-dir", folder, "--only")
    assert ran.returncode == 4
    first, hint = ran.stderr.splitlines()[:2]
    assert first.startswith("error: unknown agent: code-reviewer: its file ")
    assert first.endswith("reviewer-v2.md was skipped")
    assert "unknown model 'gpt-4'" in hint


# ---- a detached session waiting for a worker is not "interrupted"; its store's URL whole -


def test_a_queued_session_is_listed_running_with_its_store_url(
    tmp_path: Path, pg_fresh: str
) -> None:
    import json

    ws = tmp_path / "ws"
    ws.mkdir()
    agents = write_agents(tmp_path / "team", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    queued = coord("run", "Add a login endpoint", "--agent", "backend", "--workspace", ws,
                   "--agents-dir", agents, "--only", "--script", script, "--db", pg_fresh,
                   "--detach")  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    session = queued.stdout.strip()
    listed = coord("sessions", "--db", pg_fresh, "--json")
    [line] = json.loads(listed.stdout)
    assert (line["session"], line["status"]) == (session, "running")  # not resumable here
    assert line["db"] == pg_fresh  # postgresql://…, not postgresql:/…
    nothing = coord("resume", "--db", pg_fresh)
    assert nothing.returncode == 4
    assert "no waiting or interrupted session to resume" in nothing.stderr
