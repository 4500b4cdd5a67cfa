"""The shortcuts of the seventh speed round give what the plain computations gave: config keys
found chunk by chunk, the phrase scan's early exit, the error-name test before its pattern and
scores summed from the first term's postings."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.routing import concepts, signatures
from coordinator.routing.lexical import RELATED_FACTOR, RELATED_POSTINGS, Router, _fires
from coordinator.routing.text import _CONFIG, _TOKEN, config_words, normalise, words

REPO = Path(__file__).resolve().parents[1]
TEXTS = [
    "set min.insync.replicas=2 on the orders topic",
    "webhook payment_intent.succeeded fires twice (see src/app/main.py:42)",
    "Чому конфіг app.settings.debug не читається?",
    "path/to/file and another_key_here, then e.g. v1.2.3",
    "no keys at all here",
    "a.b_c/d-e ... __init__ .env /etc/nginx/nginx.conf",
    "",
]
REQUESTS = [
    "Створи endpoint для списку користувачів",
    "Add a composite index for the reports query",
    "Write the Dockerfile for the worker service",
    "Review this Go code for race conditions",
    "Set up Terraform for an S3 bucket with versioning",
    "The page crashes with TypeError: Cannot read properties of undefined",
    "connection refused on port 5432 after the deploy",
]


def _config_words_whole(text: str) -> set[str]:
    """The scan of the whole normalised text, as before the chunks."""
    found: set[str] = set()
    for match in _CONFIG.finditer(normalise(text)):
        found.update(_TOKEN.findall(match.group(0)))
    return found


@pytest.mark.parametrize("text", TEXTS)
def test_config_words_by_chunk_match_the_whole_scan(text: str) -> None:
    assert config_words(text) == _config_words_whole(text)


def test_phrase_scan_exit_changes_nothing() -> None:
    first = next(iter(signatures.PHRASES))
    sequence, _ = signatures.PHRASES[first][0]
    tokens = ["the", *sequence, "again"]
    assert signatures.phrases(tokens) == ["phrase:" + " ".join(sequence)]
    assert signatures.phrases(["nothing", "here"]) == []


@pytest.mark.parametrize("word", ["keyerror", "nullpointerexception", "error", "terror", "user"])
def test_error_names_still_read_as_failures(word: str) -> None:
    named = concepts._ERROR_NAME.fullmatch(word) is not None
    assert (concepts.domain(word, word) is concepts._FAILURE) is named


@pytest.fixture(scope="module")
def bundled() -> Router:
    return Router(load_registry([REPO / "agents"], only=True, cwd=REPO, cache=False))


def _scores_plain(router: Router, request: str) -> dict[int, float]:
    """Scores summed term by term into a defaultdict, as before the shortcuts."""
    query = router.query(request)
    totals: defaultdict[int, float] = defaultdict(float)
    for t, factor in query.weights.items():
        found = router.postings.get(t, ())
        if factor == 1.0:
            for index, contribution in found:
                totals[index] += contribution
        else:
            for index, contribution in found[:RELATED_POSTINGS]:
                totals[index] += contribution * factor
    for t in query.weights:
        for trigger in router.triggers.get(t, ()):
            if _fires(trigger, query):
                # round 88: a trigger reached through a weak link adds that link's share
                low = min(query.weights[term] for term in trigger.terms)
                bonus = trigger.weight * (low if low < RELATED_FACTOR else 1.0)
                totals[trigger.agent] = totals.get(trigger.agent, 0.0) + bonus
    return dict(totals)


@pytest.mark.parametrize("request_text", REQUESTS)
def test_scores_match_the_plain_sum(bundled: Router, request_text: str) -> None:
    totals, _ = bundled.scores(bundled.query(request_text))
    plain = _scores_plain(bundled, request_text)
    assert list(totals.items()) == list(plain.items())  # same values, same order


def test_words_unchanged_by_the_chunked_config_scan() -> None:
    assert words("set min.insync.replicas=2") == ["set", "min", "insync", "replicas", "2"]


_SEEDED_SCORES = """
import sys
from pathlib import Path
from coordinator.roster.loader import load_registry
from coordinator.routing.lexical import Router
router = Router(load_registry([Path(sys.argv[1])], only=True, cwd=Path(sys.argv[1]), cache=False))
totals, _ = router.scores(router.query(sys.argv[2]))
print(sorted((router.names[i], repr(s)) for i, s in totals.items()))
"""


def test_scores_are_the_same_whatever_the_hash_seed() -> None:
    """A trigger's weight is summed over a set of terms: summed in set order, its last bit
    followed the string hash seed (12.644311595108352 vs …835 for this request under seeds
    0 and 5), so `coord route --json` printed different scores from run to run."""
    request = "налаштуй деплой через гітлаб ci з blue-green, щоб можна було швидко відкотитись"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", _SEEDED_SCORES, str(REPO / "agents"), request],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "5")
    }
    assert len(outputs) == 1 and "devops-expert" in outputs.pop()
