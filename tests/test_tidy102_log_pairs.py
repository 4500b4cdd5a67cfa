"""tidy102: a credential pair inside another pair's value, in a log line coord scrubs.

``scrubbed_log_line`` (a library's log record, a headersHelper's or an http hook's error)
masks the value after a credential-named word (``token=``, ``Authorization:``). It read
each ``name: value`` once and went on after the value, so a value that was itself a pair
(``error: token=ab1``, ``url=https://h/?token=ab1``, ``failed: "api_key=ab1"``) kept its
secret: the outer name was no credential's. Now a value whose name names no credential is
read on from its start. Ordinary ``name: value`` text (counters, hosts, times) is kept.
"""

from __future__ import annotations

import pytest

from coordinator.sanitize import REDACTED, scrubbed_log_line

SECRET = "s3cr3t-Value-42"


@pytest.mark.parametrize(
    "line",
    [
        f"error: token={SECRET}",
        f'request failed: "api_key={SECRET}" rejected',
        f"retry: Authorization=Bearer {SECRET}",
        f"GET url=https://api.example/v1?page=2&access_token={SECRET} 401",
        f"helper said: X-Api-Key:{SECRET}",
        f"connect: dsn=host:5432 password={SECRET}",
    ],
)
def test_a_credential_pair_inside_another_pairs_value_is_masked(line: str) -> None:
    shown = scrubbed_log_line(line)
    assert SECRET not in shown
    assert REDACTED in shown


@pytest.mark.parametrize(
    "line",
    [
        "connecting: host=db.example port=5432",
        "usage: input_tokens=512 output_tokens=20",
        "elapsed: 12:30:01 status: ok",
        "retrying: attempt=3/5 delay=0.5",
        "note: monkey=banana turkey:club",
        "GET url=https://api.example/v1?page=2&sort=name 200",
    ],
)
def test_ordinary_name_value_text_is_kept(line: str) -> None:
    assert scrubbed_log_line(line) == line


def test_the_first_pairs_own_value_is_masked_as_before() -> None:
    shown = scrubbed_log_line(f"Authorization: Bearer {SECRET}")
    assert shown == "Authorization: Bearer [redacted]"
    assert scrubbed_log_line(f"'x-api-key': '{SECRET}'") == "'x-api-key': '[redacted]'"
