"""daily69: a first day's rough edges, mended.

1. A near tie's reason (``coord route``) did not say by how much: it says how much less
   the chosen agent scored, how much more of the request it explains, and a tie on shared
   words names the other agent and both scores.
2. A question's id was 11 digits to type (``coord resume --question 12884901889``): its
   short form ``q1`` (``--json``'s ``question.ref``) is taken too, the id still is.
3. An unknown command said typer's "No such command 'rnu'. Did you mean 'run'?": it says it
   as an unknown option's error does, on one line, with the nearest command.
4. The person rule's permission words: see the second part of this file.
5. ``coord resume``'s options become :class:`ResumeFlags` in the core (``ResumeFlags.given``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli import coord
from kit import report
from routing_support import SHARED, Rosters

from coordinator.errors import EXIT_OTHER_QUESTION, EXIT_USER_ERROR
from coordinator.request_text import STDIN_PATH
from coordinator.roster.registry import Registry
from coordinator.routing.lexical import route
from coordinator.runtime.launch import ResumeFlags
from coordinator.runtime.person import PersonAsk, person_asked
from protocols import AgentReport, parse_report

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "tour-script.yaml"
ENDPOINT = "Add GET /tasks/{id} returning the owner's email"

needs_corpus = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present")


# ---- 1. a near tie says by how much ----------------------------------------------------------


@needs_corpus
def test_a_near_tie_says_how_much_less_it_scored_and_how_much_more_it_explains(
    corpus_rosters: Rosters,
) -> None:
    """legal-advisor takes "terms of service" from gdpr-ccpa-compliance, which scored a
    little more: the reason says how much less (in percent of the top score, from the
    scores shown) and how much of the request each explains."""
    decision = route("draft terms of service and a privacy policy for our SaaS",
                     corpus_rosters["voltagent"])  # fmt: skip
    assert decision.agent == "legal-advisor"
    top = max(decision.candidates, key=lambda c: c.score)
    less = round((top.score - decision.score) / top.score * 100)
    said = re.fullmatch(
        r"a near tie: it explains more of the request \((\d+)% of it, the top scorer (\d+)%\),"
        rf" and it scored only {less}% less; chosen over the top scorer, {top.agent} "
        rf"\({top.score:.2f}\)",
        decision.reason,
    )
    assert said is not None, decision.reason
    assert int(said[1]) > int(said[2])


def test_a_tie_on_shared_words_names_the_other_agent_and_both_scores(
    bundled: Registry, tmp_path: Path
) -> None:
    """The reason "the nearest, X, ties with another agent ... (score 0.54)" named neither the other
    agent nor its score: it names both, and says when they are the same."""
    text = "how much should we pay a developer from Kharkiv?"
    decision = route(text, bundled)
    assert decision.agent is None
    first, second = decision.candidates[:2]
    assert f"ties with {second.agent} on words most agents share" in decision.reason
    assert f"({first.score:.2f} each)" in decision.reason
    shown = coord("route", text, cwd=tmp_path, env={"COLUMNS": "200"})
    assert shown.returncode == EXIT_USER_ERROR
    assert f"ties with {second.agent} on words most agents share ({first.score:.2f} each)" in (
        " ".join(shown.stdout.split())
    )


# ---- 2. a question's short form ---------------------------------------------------------------


def _waiting(tmp_path: Path) -> dict[str, object]:
    """The tour's first run (offline): it waits for a person on the first question."""
    done = coord("run", ENDPOINT, "--script", TOUR, "--json", cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    return data


def test_a_question_is_answered_by_its_short_form(tmp_path: Path) -> None:
    """``--json`` gives the question's short form (``ref``) beside its 11-digit id;
    ``--question q1`` answers it, and a later question's short form is refused with the
    one it asks now, short, and nothing recorded."""
    data = _waiting(tmp_path)
    asked = data["question"]
    assert isinstance(asked, dict)
    assert asked["ref"] == "q1" and len(str(asked["id"])) >= 10
    sid = str(data["session"])
    refused = coord("resume", sid, "--question", "q2", "--context", "email", cwd=tmp_path)
    assert refused.returncode == EXIT_OTHER_QUESTION
    assert refused.stderr.startswith(
        f"error: session {sid} does not wait on question q2: it asks question q1 now"
        f" (id {asked['id']})"
    )
    done = coord("resume", sid, "--question", "Q1", "--context", "the email column",
                 cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_waiting_text_names_the_questions_short_form(tmp_path: Path) -> None:
    """The person asked reads the short form where the question is shown."""
    done = coord("run", ENDPOINT, "--script", TOUR, cwd=tmp_path, env={"COLUMNS": "200"})
    assert done.returncode == 3, done.stderr
    assert "Waiting for a person (question q1): fastapi-backend-expert needs" in done.stdout


def test_a_questions_full_id_still_answers_it(tmp_path: Path) -> None:
    """Ids kept from before (a script's ``--json`` output) stay valid."""
    data = _waiting(tmp_path)
    asked = data["question"]
    assert isinstance(asked, dict)
    done = coord("resume", str(data["session"]), "--question", str(asked["id"]), "--context",
                 "the email column", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_question_that_is_no_id_is_one_line(tmp_path: Path) -> None:
    said = coord("resume", "--question", "first", "--context", "x", cwd=tmp_path)
    assert said.returncode == EXIT_USER_ERROR
    assert said.stderr.splitlines()[0] == "error: --question: 'first' is not a question's id"


# ---- 3. one voice for usage errors ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("rnu", "x"), "No such command: rnu; did you mean run? (`coord --help` lists the"
         " commands)"),
        (("frobnicate",), "No such command: frobnicate (`coord --help` lists the commands)"),
        (("agents", "lst"), "No such command: lst; did you mean list? (`coord agents`"
         " sub-commands: list, show, validate, eval, new)"),
        (("route", "--bogus", "x"), "No such option: --bogus (`coord route --help` lists the"
         " options)"),
    ],
)  # fmt: skip
def test_an_unknown_command_is_said_as_an_unknown_option_is(
    tmp_path: Path, args: tuple[str, ...], line: str
) -> None:
    """One line naming the bad word and the nearest command, as "No such option: --x"
    says it; exit 4 (2 is "needs review")."""
    said = coord(*args, cwd=tmp_path, env={"COLUMNS": "200"})
    assert said.returncode == EXIT_USER_ERROR
    assert said.stderr == f"error: {line}\n"


# ---- 5. coord resume's options, made flags in the core ---------------------------------------


def test_resume_flags_are_made_from_the_commands_parameters() -> None:
    flags = ResumeFlags.given(
        {"session": "abc", "context": "-", "context_file": None, "question": " q3 ",
         "agents_dir": [Path("a")], "no_hooks": True, "json_out": True, "here": True}
    )  # fmt: skip
    assert flags.session == "abc" and flags.here
    assert flags.context is None and flags.context_file == STDIN_PATH
    assert flags.question == "q3" and flags.agents_dirs == [Path("a")] and not flags.hooks


# ---- 4. the person rule: a party's limit asked in more words ----------------------------------


def _blocked(required: str) -> AgentReport:
    text = report("Blocked", domain="Backend", blocker="It is not in the ticket", required=required)
    return parse_report(text)


@pytest.mark.parametrize(
    ("required", "kind"),
    [
        # a question's order: the modal before its party
        ("How many projects can a user create on the free plan", PersonAsk.DECISION),
        ("Скільки запитів можна робити клієнту за хвилину", PersonAsk.DECISION),
        # a permission in more words
        ("What is the maximum file size users are allowed to upload", PersonAsk.DECISION),
        ("How many exports is a tenant permitted to run a day", PersonAsk.DECISION),
        ("Скільки проєктів мають право створити користувачі тарифу", PersonAsk.DECISION),
        ("Скільки запитів на хвилину клієнт зможе робити", PersonAsk.DECISION),
        # an amount asked as a maximum, a limit, a number
        ("What is the maximum number of projects a user can have", PersonAsk.DECISION),
        ("Яка максимальна кількість проєктів, яку може створити користувач", PersonAsk.DECISION),
        # kept an agent's: no party, a need, what a party sees, a system's setting
        ("How many connections can the pool hold", None),
        ("What is the maximum number of connections Postgres allows", None),
        ("How much memory can a user process need", None),
        ("How many items the users can see on one page", None),
        ("How many retries the client can be configured with", None),
        ("How many workers can the queue run in parallel", None),
    ],
)
def test_a_partys_limit_asked_in_other_words_waits_for_a_person(
    required: str, kind: PersonAsk | None
) -> None:
    """daily68's rule read "how many/much/long ... PARTY may|can|is allowed to VERB" (and
    "скільки ... може|можуть|дозволено PARTY"): a question's own order ("can a user"), other
    permission words (permitted, allowed, має право, можна, зможе) and an amount asked as a
    maximum or a number ("what is the maximum number of", "яка максимальна кількість") were
    an agent's question."""
    assert person_asked(_blocked(required)) == kind


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("sessions", "--status"), "--status needs a value"),
        (("agents", "show"), "Missing argument: NAME (usage: coord agents show [OPTIONS] NAME)"),
        (("parse",), "Missing argument: FILE|- (usage: coord parse [OPTIONS] FILE|-)"),
    ],
)
def test_a_missing_value_or_argument_is_said_in_our_words(
    tmp_path: Path, args: tuple[str, ...], line: str
) -> None:
    """Click said "Option '--status' requires an argument." where ``--status --json`` is
    told "--status needs a value", and "Missing argument 'NAME'." without the usage it
    misses: one line each, as coord's own (``--json``'s error too)."""
    said = coord(*args, cwd=tmp_path, env={"COLUMNS": "200"})
    assert said.returncode == EXIT_USER_ERROR
    assert said.stderr == f"error: {line}\n"
    last = args[-1]  # --json before a flag missing its value: not taken as that value
    given = (*args[:-1], "--json", last) if last.startswith("--") else (*args, "--json")
    data = json.loads(coord(*given, cwd=tmp_path).stdout)
    assert data["error"] == line


# ---- 6. what else the walk found ---------------------------------------------------------------


def test_a_batch_items_misspelt_key_names_the_key_meant(tmp_path: Path) -> None:
    """``- {request: hi, agnt: x}`` said "unknown key(s): agnt" where a cases file's
    "expct" says "(did you mean expect?)": the batch file says the key meant too."""
    batch = tmp_path / "tasks.yaml"
    batch.write_text("- request: add an index\n  agnt: database-engineer\n", encoding="utf-8")
    said = coord("run", "--batch", batch, "--script", TOUR, cwd=tmp_path)
    assert said.returncode == EXIT_USER_ERROR
    assert said.stderr.splitlines()[0] == (
        f"error: {batch}:1: item 1 must be a request string or {{request: TEXT, agent:"
        " NAME}; unknown key 'agnt'; did you mean agent?"
    )
