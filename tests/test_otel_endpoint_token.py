"""A token written as an OTLP endpoint's bare user name (``https://glc_TOKEN@otlp.example``,
Grafana Cloud's form; HTTP Basic sends it) is a credential: what coord prints of the
endpoint masks it (``https://***@...``), its log records and its store never hold it, and
the collector still gets it. A PostgreSQL URL's user name (a role) stays shown."""

from __future__ import annotations

import base64
import json
import logging
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from kit import Harness, report, serving, write_agents, write_script

pytest.importorskip("opentelemetry.sdk")

from test_otel import _Collector

from coordinator.sanitize import masked_url, secretless_url, url_secrets
from coordinator.telemetry.otel import EXPORTER_LOGGER


class _Authorized(_Collector):
    """A collector that also keeps each post's ``Authorization`` header."""

    authorization: list[str]

    def do_POST(self) -> None:
        self.authorization.append(self.headers.get("Authorization", ""))
        super().do_POST()


@contextmanager
def collector() -> Iterator[tuple[int, type[_Authorized]]]:
    """A loopback OTLP/HTTP collector while open: its port and its handler's class."""
    fresh = {"posts": [], "received": threading.Event(), "authorization": []}
    handler = type("Authorized", (_Authorized,), fresh)
    with serving(handler) as url:
        yield int(url.rsplit(":", 1)[1]), handler


def _closed_port() -> int:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _stored_session(tmp_path: Path) -> tuple[Path, str]:
    h = Harness(tmp_path, {"backend": [{"text": report("Complete")}]})
    done = await h.engine.start("Add an endpoint", agent="backend")
    h.close()
    return h.db, done.session_id


@pytest.mark.parametrize(
    ("userinfo", "basic"),
    [("glc_t95Log0SecretToken", ""), ("t95instance:glc_t95Log1SecretToken", "t95instance:")],
)
async def test_coord_log_masks_an_endpoints_user_information(
    tmp_path: Path, userinfo: str, basic: str
) -> None:
    """`coord log SID --otel-endpoint http://TOKEN@host` (or ``USER:TOKEN@``): the line and
    ``--json`` name the endpoint as ``http://***@host``, user name and all (it was printed
    as written); the spans went there (with ``USER:TOKEN`` as HTTP Basic's credentials: a
    bare user name is sent as none by the exporter's HTTP client)."""
    from cli import coord

    db, sid = await _stored_session(tmp_path)
    with collector() as (port, handler):
        url = f"http://{userinfo}@127.0.0.1:{port}"
        ran = coord("log", sid, "--db", db, "--otel-endpoint", url)
        shown = coord("log", sid, "--db", db, "--otel-endpoint", url, "--json")
    assert ran.returncode == 0 and shown.returncode == 0, ran.stderr + shown.stderr
    assert f"sent to http://***@127.0.0.1:{port}/v1/traces" in ran.stdout
    assert json.loads(shown.stdout)["endpoint"] == f"http://***@127.0.0.1:{port}/v1/traces"
    for out in (ran, shown):
        for part in userinfo.split(":"):
            assert part not in out.stdout + out.stderr
    assert len(handler.posts) == 2
    sent = {base64.b64decode(h.split()[1]).decode() for h in handler.authorization if h}
    assert sent == ({userinfo} if basic else set())


async def test_a_refused_or_bad_endpoint_line_masks_the_token(tmp_path: Path) -> None:
    """Nothing listening, and a URL that is no http(s) one: each line names the endpoint
    with its user information masked."""
    from cli import coord

    token = "glc_t95Refused0SecretToken"
    db, sid = await _stored_session(tmp_path)
    port = _closed_port()
    refused = coord("log", sid, "--db", db, "--otel-endpoint", f"http://{token}@127.0.0.1:{port}")
    assert refused.returncode != 0
    assert f"for http://***@127.0.0.1:{port}/v1/traces were dropped" in refused.stderr
    for bad, shown in [
        (f"ftp://{token}@collector.example", "'ftp://***@collector.example'"),
        (f"http://{token}@[::1", "'http://***@[::1'"),  # (no URL to urlsplit)
    ]:
        ran = coord("log", sid, "--db", db, "--otel-endpoint", bad)
        assert ran.returncode != 0 and f"not an http(s) URL: {shown}" in ran.stderr
        assert token not in ran.stdout + ran.stderr
    assert token not in refused.stdout + refused.stderr


def test_coord_run_with_a_token_endpoint_keeps_it_out_of_output_logs_and_store(
    tmp_path: Path,
) -> None:
    """`coord run` traced to ``OTEL_EXPORTER_OTLP_ENDPOINT=http://TOKEN@host:<bad port>``
    (the exporter's own error names the URL), with a request that quotes it: the warning,
    the exporter's log records and the stored session hold no token."""
    from cli import coord

    token = "glc_t95Run0SecretToken"
    endpoint = f"http://{token}@127.0.0.1:99999"  # no port: the transport's error quotes it
    ws = tmp_path / "ws"
    ws.mkdir()
    agents = write_agents(tmp_path / "team", "backend")
    script = write_script(tmp_path / "s.yaml", {"backend": [{"text": report("Complete")}]})
    records: list[logging.LogRecord] = []
    handler = _Keep(records)
    logging.getLogger(EXPORTER_LOGGER).addHandler(handler)
    try:
        ran = coord("run", f"Send traces to {endpoint}", "--agent", "backend", "--workspace", ws,
                    "--agents-dir", agents, "--only", "--script", script, "--json",
                    env={"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint})  # fmt: skip
    finally:
        logging.getLogger(EXPORTER_LOGGER).removeHandler(handler)
    assert ran.returncode == 0, ran.stderr
    assert "for http://***@127.0.0.1:99999/v1/traces were dropped" in ran.stderr
    assert token not in ran.stdout + ran.stderr
    assert records and not [r for r in records if token in r.getMessage()]
    with closing(sqlite3.connect(ws / ".coordinator" / "coordinator.db")) as con:
        dump = "\n".join(con.iterdump())
    assert "Send traces to" in dump and token not in dump
    sid = json.loads(ran.stdout)["session"]
    logged = coord("log", sid, "--workspace", ws, "--json")
    assert "Send traces to" in logged.stdout and token not in logged.stdout


class _Keep(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.parametrize(
    ("url", "shown", "secrets"),
    [
        # an OTLP endpoint's (or any http URL's) user information is HTTP Basic's: masked
        ("https://glc_abcSECRET123@otlp.example/v1/traces",
         "https://***@otlp.example/v1/traces", ["glc_abcSECRET123"]),
        ("https://12345:glc_pw-SECRET@otlp.example", "https://***@otlp.example",
         ["glc_pw-SECRET"]),
        # a short user name is masked when shown, yet scrubbed from no text ("git" is a word)
        ("https://git@forge.example/x.git", "https://***@forge.example/x.git", []),
        # a PostgreSQL URL's user name is the role: shown, its password masked
        ("postgresql://coord_app:pg-SECRET@db.example/coord",
         "postgresql://coord_app:***@db.example/coord", ["pg-SECRET"]),
        ("postgresql://coord_app@db.example/coord", "postgresql://coord_app@db.example/coord",
         []),
    ],
)  # fmt: skip
def test_user_information_by_kind_of_url(url: str, shown: str, secrets: list[str]) -> None:
    assert masked_url(url) == shown
    assert sorted(set(url_secrets(url))) == secrets
    assert "***" not in secretless_url(url)
    if url.startswith("https"):
        assert "@" not in secretless_url(url)  # left out, not masked
