"""``coord config`` shows a database URL (and a base URL) with its password masked as
``user:***@host``, in the settings table, the paths and ``--json`` alike, whatever the URL's
shape: several hosts, an IPv6 address, a password in the query (daily29, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli import coord

from coordinator.config import explain_settings
from coordinator.sanitize import masked_url

#: A URL as given, and as coord config shows it.
URLS = {
    "postgresql://team:s3cret-pw@db.internal:5433/coord": "postgresql://team:***@db.internal:5433/coord",
    "postgresql://team:s3cret-pw@h1:5432,h2:5433/coord": "postgresql://team:***@h1:5432,h2:5433/coord",
    "postgresql://team:s3cret-pw@[::1]:5432/coord": "postgresql://team:***@[::1]:5432/coord",
    "postgresql://team@db/coord?password=s3cret-pw&sslmode=require": (
        "postgresql://team@db/coord?password=***&sslmode=require"
    ),
}


@pytest.mark.parametrize("url", list(URLS))
def test_config_masks_the_password_in_the_table_and_the_json(tmp_path: Path, url: str) -> None:
    shown = URLS[url]
    data = json.loads(coord("config", "--workspace", tmp_path, "--db", url, "--json").stdout)
    assert data["settings"]["db"] == {"value": shown, "from": "flag"}
    paths = {p["what"]: p["path"] for p in data["paths"]}
    assert paths["session database"] == shown
    table = coord("config", "--workspace", tmp_path, "--db", url, env={"COLUMNS": "200"})
    assert table.returncode == 0, table.stderr
    rows = [line for line in table.stdout.splitlines() if shown in line]
    assert len(rows) == 2, table.stdout  # the setting and the path, each whole
    assert "s3cret" not in table.stdout and "[redacted]" not in table.stdout


def test_the_settings_rows_mask_a_base_url_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "https://me:gw-pass@gateway.example/v1")
    rows = {key: value for key, value, _ in explain_settings(tmp_path).rows()}
    assert rows["base_url"] == "https://***@gateway.example/v1"  # HTTP Basic: both parts
    assert masked_url("postgresql://team@db/coord") == "postgresql://team@db/coord"
    assert masked_url("https://example.com/a?b=c") == "https://example.com/a?b=c"
