"""Round 45 routing knowledge: what people paste with two or three words around it, the
driver module of a dotted exception path, an exception class one runtime raises, a build task
or CLI command of one toolchain (signatures._R45_TOKENS, signatures._R45_PHRASES). Requests
here are constructed, not from a set."""

from __future__ import annotations

import pytest

from coordinator.routing import signatures
from coordinator.routing.text import words
from tests.routing_support import Rosters, assert_routes_to


def test_the_round45_rows_are_read_with_the_other_tables() -> None:
    assert all(line.count(":") == 1 for line in signatures._R45_TOKENS.strip().splitlines())
    assert signatures.TOKENS["psycopg2"] == ("postgres",)
    assert "phrase:rollout undo" in signatures.PHRASE_NAMES


def test_every_round45_phrase_is_written_as_a_request_is_tokenised() -> None:
    for line in signatures._R45_PHRASE_LINES.splitlines():
        phrase = line.partition(":")[2]
        assert phrase.strip(), line
        written = [w for w in phrase.split() if w != signatures.GAP]
        assert words(phrase) == written, phrase


def _keys(text: str) -> set[str]:
    """The keys of a ``tech: key key`` table."""
    return {key for line in text.strip().splitlines() for key in line.partition(":")[2].split()}


def test_no_row_names_claude_as_a_technology() -> None:
    # on Claude Code rosters "claude" is the agents' own host: Anthropic's API messages
    # name the LLM field, not Claude (it pulled them to agent organisers)
    assert all("claude" not in names for names in signatures.PHRASE_NAMES.values())
    assert signatures.technologies("phrase:prompt is too long") == ("llm",)


def test_no_round45_row_renames_an_earlier_one() -> None:
    earlier = (
        signatures._TOKENS,
        signatures._ERROR_TOKENS,
        signatures._API_TOKENS,
        signatures._R35_TOKENS,
    )
    assert not set().union(*map(_keys, earlier)) & _keys(signatures._R45_TOKENS)


@pytest.mark.parametrize(
    ("text", "tech"),
    [
        ("psycopg2.errors.UniqueViolation", "postgres"),
        ("asyncpg.exceptions.TooManyConnectionsError", "postgres"),
        ("pymongo.errors.DuplicateKeyError", "mongodb"),
        ("botocore.exceptions.NoCredentialsError", "aws"),
        ("Execution failed for task ':app:mergeDebugResources'", "android"),
        ("INSTALL_FAILED_UPDATE_INCOMPATIBLE", "android"),
        ("kubectl rollout undo deployment/api", "kubernetes"),
        ("restore_cache finds nothing", "circleci"),
        ("go: cannot find module providing package", "go"),
        ("Error: No valid credential sources found", "terraform"),
        ("System.InvalidCastException", "dotnet"),
        ("ActiveRecord::RecordNotUnique", "rails"),
        ("Illuminate\\Database\\QueryException", "laravel"),
        ("SpringBootTest fails to load", "spring"),
        ("OrderList.tsx:42", "react"),
        ("main.rs does not compile", "rust"),
        ("variables.tf is ignored", "terraform"),
        ("Target class [UserController] does not exist", "laravel"),
        ("An error occurred (ExpiredToken) when calling the AssumeRole operation", "aws"),
        ("Null check operator used on a null value", "flutter"),
        ("livenessProbe initialDelaySeconds too short", "kubernetes"),
        ("NEXT_PUBLIC_API_URL is undefined", "nextjs"),
        ("tool_choice required ignored", "llm"),
        ("xcrun altool upload fails", "ios"),
        ("NU1605 detected package downgrade", "nuget"),
        ("panic: send on closed channel", "go"),
        ("Zeitwerk::NameError on boot", "rails"),
        ("This job is stuck because the project doesn't have any runners online", "gitlab"),
        ("Error: Saved plan is stale", "terraform"),
        ("argocd ComparisonError", "argocd"),
    ],
)
def test_a_pasted_line_names_its_technology(text: str, tech: str) -> None:
    tokens = words(text)
    named = {t for token in tokens for t in signatures.technologies(token)}
    named |= {t for key in signatures.phrases(tokens) for t in signatures.technologies(key)}
    assert tech in named, named


@pytest.mark.parametrize(
    ("token", "names"),
    [
        ("elasticsearchstatusexception", ("elasticsearch",)),
        ("flywayvalidateexception", ("flyway",)),
        ("kafkajsconnectionerror", ("kafka",)),
        ("terraformstatelockerror", ("terraform",)),
        ("typeerror", ()),  # no product prefixes what every runtime raises
        ("validationerror", ()),
        ("terror", ()),  # an everyday word that ends like a class
        ("forewarning", ()),
    ],
)
def test_an_error_class_names_the_product_it_starts_with(
    token: str, names: tuple[str, ...]
) -> None:
    assert signatures.technologies(token) == names


@pytest.mark.parametrize(
    "text",
    [
        "my car runs on diesel",  # runs on: a GitHub Actions key, and everyday
        "we go get groceries on sunday",  # go get
        "the app is not responding on my mum's tablet",
        "whale pods evicted from the bay",
        "force unlock my old iphone",
        "Rs 500 for a haircut, is that fair",  # rs: rupees, only main.rs names Rust
        "my ex keeps texting me",  # ex: not Elixir
        "we go work out at the gym",  # go work
        "uv light for my plants",  # uv alone
    ],
)
def test_everyday_wordings_name_no_toolchain(text: str) -> None:
    tokens = words(text)
    named = {t for key in signatures.phrases(tokens) for t in signatures.technologies(key)}
    named |= {t for token in tokens for t in signatures.technologies(token)}
    assert not named & {
        "github",
        "go",
        "android",
        "kubernetes",
        "ios",
        "php",
        "rust",
        "elixir",
        "python",
    }, named


@pytest.mark.parametrize(
    ("roster", "request_text", "agent"),
    [
        ("0xfurai", "psycopg2.errors.UniqueViolation on insert", "postgres-expert"),
        ("0xfurai", "asyncpg.exceptions.TooManyConnectionsError", "postgres-expert"),
        ("0xfurai", "Execution failed for task ':app:mergeDebugResources'", "android-expert"),
        ("lst97", "R8 minification crash", "mobile-developer"),
        ("voltagent", "Error: No valid credential sources found", "terraform-engineer"),
        ("0xfurai", "restore_cache not working", "circleci-expert"),
        ("0xfurai", "Error: Invalid provider configuration", "terraform-expert"),
        ("voltagent", "error: linker `cc` not found", "rust-engineer"),
        ("lst97", "overloaded_error 529 from anthropic", "ai-engineer"),
        ("bundled", "FlywayValidateException after rebase", "database-engineer"),
        ("bundled", "PulumiResourceError", "devops-expert"),
        ("voltagent", "rails db:migrate fails", "rails-expert"),
    ],
)
def test_the_pasted_line_reaches_its_specialist(
    corpus_rosters: Rosters, roster: str, request_text: str, agent: str
) -> None:
    assert_routes_to(request_text, corpus_rosters[roster], agent)
