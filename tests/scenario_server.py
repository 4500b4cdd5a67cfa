"""A loopback fake Messages API that plays the demo scenario (``coordinator/demo/
scenario.yaml``) over HTTP: each request is answered by the scripted transport, with the
same turn rules as the offline demo, so the real SDK drives the scenario's whole chain."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import httpx2
from fake_messages_server import Recorded, Reply, error

from coordinator.providers.script import load_script
from coordinator.providers.scripted import ScriptedTransport


class ScenarioServer:
    """Answers each HTTP request from the demo script (same turn rules as offline)."""

    def __init__(self, script: Path):
        self.model = load_script(script)
        self.transport = ScriptedTransport(self.model)
        self.outage = 0  # answer this many requests with 529 first
        self.lock = threading.Lock()

    def __call__(self, rec: Recorded) -> Reply:
        with self.lock:
            if self.outage > 0:
                self.outage -= 1
                return error(529, "overloaded_error", "Overloaded", {"retry-after-ms": "1"})
        request = httpx2.Request(
            "POST", "http://fake/v1/messages", headers=rec.headers, json=rec.body
        )
        response = asyncio.run(self.transport.handle_async_request(request))
        return Reply(response.status_code, json.loads(response.content))
