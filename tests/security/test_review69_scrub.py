"""review69: a store URL's short password is scrubbed out of a diagnostic (a worker's
line, a library's error, a traceback) as a whole token only when it cannot be an ordinary
word of one: as a name's value (``password=1``) is, not a number, a flag or a word of one
or two letters (``after step [redacted]`` hid the step a worker's line names)."""

from __future__ import annotations

import pytest

from coordinator import sanitize

pytestmark = pytest.mark.usefixtures("fresh")


@pytest.mark.parametrize(
    ("password", "line"),
    [
        ("1", "session s1 handed back after step 1"),
        ("42", "fenced: its job is tried again in 42 s"),
        ("no", "stopping: no session is driven"),
        ("ab", "queued ab and cd"),
    ],
)
def test_a_short_store_password_leaves_a_diagnostics_words(password: str, line: str) -> None:
    sanitize.register_url_credentials(f"postgresql://app:{password}@db/coord")
    assert sanitize.scrub_diagnostic(line) == line
    assert password not in sanitize.scrub_diagnostic(f"connect: password={password} host=db")


@pytest.mark.parametrize("password", ["pw%zz", "%z"])
def test_a_short_store_password_a_library_echoes_is_still_scrubbed(password: str) -> None:
    sanitize.register_url_credentials(f"postgresql://app:{password}@db/coord")
    shown = sanitize.scrub_diagnostic(f'invalid percent-encoded token: "{password}"')
    assert password not in shown and "[redacted]" in shown
