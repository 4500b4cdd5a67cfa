"""``coord agents new``: a scaffold in the seed's format that loads, validates and routes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import zygote
from cli import coord

NEW = ("agents", "new", "payments-expert", "--domain", "Payments", "-t", "payments",
       "-t", "Stripe", "-t", "invoice", "--request", "Add a Stripe webhook",
       "--not-for", "UI pages=react-frontend-expert")  # fmt: skip


def test_new_agent_loads_validates_and_routes_its_triggers(tmp_path: Path) -> None:
    made = coord(*NEW, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    path = tmp_path / ".claude/agents/payments-expert.md"
    text = path.read_text(encoding="utf-8")
    assert "TRIGGERS:" in text and "NOT for:" in text and "**Status:** Complete" in text
    assert "**Domain:**" in text and "**Required:**" in text  # the report protocol

    valid = coord("agents", "validate", path.parent, "--json", cwd=tmp_path)
    assert valid.returncode == 0, valid.stdout
    assert json.loads(valid.stdout)["error_count"] == 0

    show = json.loads(coord("agents", "show", "payments-expert", "--json", cwd=tmp_path).stdout)
    assert show["domain"] == "payments"
    for request in ("Handle failed Stripe payments", "Send the monthly invoice"):
        routed = coord("route", "--json", request, cwd=tmp_path)
        assert json.loads(routed.stdout)["agent"] == "payments-expert", routed.stdout
    redirected = coord("route", "--json", "Build the UI pages for payments", cwd=tmp_path)
    assert json.loads(redirected.stdout)["agent"] != "payments-expert"


def test_new_agent_refusals(tmp_path: Path) -> None:
    assert coord(*NEW, cwd=tmp_path).returncode == 0
    again = coord(*NEW, cwd=tmp_path)
    assert again.returncode == 4 and "exists already" in again.stderr
    bad = coord("agents", "new", "Bad_Name", "--domain", "x", "-t", "y", cwd=tmp_path)
    assert bad.returncode == 4 and "lowercase letters" in bad.stderr
    missing = coord("agents", "new", "other", cwd=tmp_path)  # stdin is not a terminal
    assert missing.returncode == 4 and "--domain" in missing.stderr
    pair = coord("agents", "new", "other", "--domain", "x", "-t", "y", "--not-for", "UI",
                 cwd=tmp_path)  # fmt: skip
    assert pair.returncode == 4 and "TOPIC=AGENT" in pair.stderr
    assert sorted(p.name for p in (tmp_path / ".claude/agents").iterdir()) == ["payments-expert.md"]


def test_new_agent_asks_in_a_terminal(tmp_path: Path) -> None:
    """A real terminal on stdin: it asks for the domain and the triggers."""
    master, slave = os.openpty()
    proc = zygote.Popen(  # a real process with a real terminal on stdin (see zygote.py)
        [sys.executable, "-m", "coordinator", "agents", "new", "billing-expert"],
        cwd=tmp_path, stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    os.close(slave)
    assert proc.stdout is not None
    for prompt, answer in (("Domain", "Billing"), ("Trigger words", "billing, refund")):
        seen = b""
        while prompt.encode() not in seen:
            chunk = os.read(proc.stdout.fileno(), 1024)
            assert chunk, f"no prompt {prompt!r}: {seen!r}"
            seen += chunk
        os.write(master, answer.encode() + b"\n")
    _, err = proc.communicate(timeout=60)
    os.close(master)
    assert proc.returncode == 0, err
    text = (tmp_path / ".claude/agents/billing-expert.md").read_text(encoding="utf-8")
    assert 'Keywords: "billing", "refund"' in text and "domain: Billing" in text
