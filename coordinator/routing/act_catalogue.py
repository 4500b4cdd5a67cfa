"""The acts role agents are for (:func:`all_acts`), most specific first, each with the
request terms that ask for it and the roles that do it (:class:`coordinator.routing.act.Act`);
written as data, read by :mod:`coordinator.routing.acts`.
"""

from __future__ import annotations

from functools import cache

from coordinator.routing.act import DEBUGGER, Act
from coordinator.routing.roles import Role
from coordinator.routing.text import term_list
from coordinator.routing.tuning import ACT_SAID_CLOSE


def _terms(text: str) -> frozenset[str]:
    """The first term of each word of ``text`` (the form a query holds)."""
    return frozenset(t for w in text.split() for t in term_list(w)[:1])


_AUDITOR = (Role("audit", "security", required=True),)
#: round 90: who tests by attacking (penetration-tester), the auditor on a roster without one.
_PENTESTERS = (Role("test", "penetration", required=True), *_AUDITOR)
_RESPONDER = (Role("respond", "incident", required=True),)
#: round 90: an alarm driven on call: also the responder named for the ops side
#: (devops-incident-responder), after the plain one.
_ON_CALL = (*_RESPONDER, Role("respond", "incident devops", required=True))
_REVIEWERS = (Role("review", "code", required=True),)
_ARCHITECTURE = (Role("review", "architect architecture", required=True),)
_TESTERS = (Role("test automate", "test"), Role("", nouns="qa"))
_QA_FIRST = (Role("", nouns="qa"), Role("test automate", "test"))
_UX = (Role("research", "ux", required=True), Role("design", "ux", required=True))
_WRITERS = (Role("document"), Role("write", "technical", required=True))
_PERFORMANCE = (Role("perform"),)
#: Words of a pentest done, not asked for (its report, its findings).
_PENTEST_DONE = "report finding findings flagged result results звіт знахідк"
#: Words asking for an alarm to be handled at once (round 90).
_URGENT = "now asap urgently immediately drive driving зараз терміново негайно"
#: Other kinds of audit than a security one (an accessibility or SEO audit, an audit log).
_OTHER_AUDITS = "accessibility seo compliance licens log trail cost gdpr hipaa soc npm dependency"
#: Pieces of code a review may be asked of ("review the payment module").
_CODE_UNITS = "modul servic function class component endpoint file handler controller code logic"
_REFACTORERS = (Role("refactor"),)
_API_WRITERS = (Role("document", "api", required=True),)
_PROMPTS = (Role("", "prompt", required=True, nouns="engineer"),)
_PRODUCT = (Role("manage", "product", required=True),)
#: round 71: who builds a roster's data pipelines (data-engineer: an engineer of data).
_DATA_ENGINEERS = (Role("", "data", required=True, nouns="engineer"),)
#: round 71: who reads the data for answers (data-scientist, data-analyst).
_ANALYSTS = (Role("", "data", required=True, nouns="scientist analyst"),)
#: round 93: the analyst first (why a number fell, a board of business numbers), the
#: scientist first (what predicts or drives an outcome).
_ANALYST_FIRST = (
    Role("", "data", required=True, nouns="analyst"),
    Role("", "data", required=True, nouns="scientist"),
)
_SCIENTIST_FIRST = (_ANALYST_FIRST[1], _ANALYST_FIRST[0])
#: round 120: who sets a team's branching and merge rules (git-workflow-manager).
_GIT_WORKFLOW = (Role("manage", "git workflow", required=True),)
#: round 120: who pulls facts out of people's text (nlp-engineer: an engineer of NLP).
_NLP = (Role("", "nlp", required=True, nouns="engineer"),)
#: round 100: who reads users' behaviour over time by their signup group (cohort-analysis:
#: an analysis of cohorts).
_COHORTS = (Role("", "cohort", required=True, nouns="analysis"),)
#: round 93: who keeps clients (customer-success-manager: a manager of customer success).
_CUSTOMER_SUCCESS = (Role("manage", "customer success", required=True),)
#: round 71: who makes a database's queries fast (database-optimizer, a query optimizer).
_QUERY_TUNERS = (Role("optimize tune", "database query sql db", required=True),)
#: round 71: who splits a system into services (the services' architect, else the backend's).
_SPLITTERS = (
    Role("", "microservices", required=True, nouns="architect"),
    Role("", "backend", required=True, nouns="architect"),
)
#: round 78: who makes builds fast (build-engineer; dx-optimizer: an optimizer of dx).
_BUILDERS = (
    Role("", "build", required=True, nouns="engineer"),
    Role("optimize", "dx", required=True),
)
#: round 104: who maps how a business's work should run (business-analyst: an analyst of
#: business), who shows the product to a client before a sale (sales-engineer), who sets
#: what reliability to promise (sre-engineer), who owns the cloud and its bill
#: (cloud-architect), who reads competitors (competitive-analyst, else market-researcher),
#: who designs the interface's look (ui-designer), who builds a whole small app end to end
#: (full-stack-developer, fullstack-developer).
_BUSINESS_ANALYSTS = (Role("", "business", required=True, nouns="analyst"),)
_SALES_ENGINEERS = (Role("", "sales", required=True, nouns="engineer"),)
_SRE = (Role("", "sre", required=True, nouns="engineer"),)
_CLOUD_ARCHITECTS = (Role("", "cloud", required=True, nouns="architect"),)
_RIVALS = (
    Role("", "competitive", required=True, nouns="analyst"),
    Role("research", "market", required=True),
)
_UI = (Role("design", "ui", required=True),)
#: round 104: who readies a company for a certification audit (compliance-auditor), who
#: answers whether a license lets one ship code (license-engineer, legal-advisor), who makes
#: a site found in search (seo-specialist), who tests an interface by hand through its
#: scenarios (ui-ux-tester, else the QA expert).
_COMPLIANCE = (Role("audit", "compliance", required=True),)
_LICENSING = (
    Role("", "license", required=True, nouns="engineer"),
    Role("advise", "legal", required=True),
)
_SEO = (Role("", "seo", required=True, nouns="specialist"),)
_WALKERS = (Role("test", "ui ux", required=True), Role("", nouns="qa"))
_FULL_STACK = (Role("develop", "full stack fullstack", required=True),)
#: round 109: who reads an experiment's result (ab-test-analysis: an analysis of A/B
#: tests), else the data scientist, else the analyst; who answers a person's request for
#: their data or its erasure (gdpr-ccpa-compliance, else the legal advisor); who tests a
#: site against WCAG (accessibility-tester); who changes a flow users leave (the UX
#: designer, else the UX researcher).
_EXPERIMENTS = (
    Role("", "ab test experiment", required=True, nouns="analysis"),
    *_SCIENTIST_FIRST,
)
_PRIVACY = (
    Role("", "gdpr ccpa privacy", required=True, nouns="compliance"),
    Role("advise", "legal", required=True),
)
_ACCESSIBILITY = (Role("test", "accessibility", required=True),)
_UX_DESIGN_FIRST = (_UX[1], _UX[0])
#: round 110: who reads several services' logs for the error that starts a chain
#: (error-detective: a detective of errors), who keeps a model working in production
#: (ml-engineer: an engineer of ML).
_ERROR_DETECTIVES = (Role("", "error", required=True, nouns="detective"),)
_ML_ENGINEERS = (Role("", "ml", required=True, nouns="engineer"),)
#: round 112: who builds command-line tools (cli-developer), games (game-developer), who
#: checks an idea before it is built (project-idea-validator, else the market researcher),
#: who untangles dependency versions (dependency-manager), who ships releases
#: (deployment-engineer: an engineer of deployment).
_CLI = (Role("", "cli", required=True, nouns="developer"),)
_GAMES = (Role("", "game", required=True, nouns="developer"),)
_VALIDATORS = (Role("", "idea project", required=True, nouns="validator"), _RIVALS[1])
_DEPENDENCIES = (Role("manage", "dependency", required=True),)
_DEPLOYERS = (Role("", "deployment", required=True, nouns="engineer"),)
#: round 104: words of a bug report: users who cannot find a page because it errors are
#: no navigation to rework.
_BROKEN = "error errors crash crashes broken blank bug bugs exception fails помилк падає баг"  # noqa: RUF001
#: round 104: what a bot's instructions are for (its prompt: the prompt engineer's).
_BOTS = "prompt bot chatbot assistant agent ai llm gpt промпт бот чатбот асистент агент"
#: round 104: a design system written in code (a React component library) is the frontend's.
_CODE_WORDS = "react vue angular svelte storybook typescript tailwind npm"
#: round 110: tests that fail now and then (flaky), made stable: the test automator's.
_FLAKY = "flaky flake flakes flakiness randomly random intermittent флейк випадков рандом"
#: round 110: configuration files whose modules are their tool's own (a main.tf's).
_TOOL_FILES = "tf terraform terragrunt hcl ansible helm pulumi"
#: round 78: the parts of one codebase a split into them is a refactoring's (modules, classes).
_CODE_PARTS = "modul class function file component packag layer folder"
#: Round 118: words of users counted, not kept (a cohort chart, how many stay).
_COUNTING = "chart graph plot count many percent percentage sql query group grouped signup signed"
#: Round 118: chores on a system asked which first (a backup, a migration): no feature.
_SYSTEM_CHORES = "backup migrate migration deploy install restart upgrade database db server"


@cache
def all_acts() -> tuple[Act, ...]:
    """The acts, most specific first: a security review is the auditor's before the
    reviewer's, an outage the responder's before the debugger's. Built on first use (an
    index read from the index cache never needs them: the cold start stays as it was)."""
    return (
        *_guarding(),
        *_responding(),
        *_in_the_middle(),
        *_data_work(),
        *_data_questions(),
        *_customer_questions(),
        *_business_numbers(),
        *_deliverables(),
        *_architecture_reviews(),
        *_reviewing(),
        *_debugging(),
        *_changing(),
        *_documenting(),
        *_business_roles(),
        *_testing_by_hand(),
        *_testing_and_planning(),
        *_product_and_design(),
        *_system_work(),
        *_speeding_up(),
        *_slow_symptoms(),
    )


def _guarding() -> tuple[Act, ...]:
    """Security and incidents: an auditor or a responder before anyone else (round 110:
    but code asked to be looked over for what is badly written is a code review, even when
    it asks where its holes are too: a reviewer reads for both)."""
    return (
        Act("badly written code", _terms("outcomereviewme"), _REVIEWERS, close=ACT_SAID_CLOSE),
        # round 90: a pentest asked by name is the penetration tester's, before the audit
        # its vulnerabilities ask for ("перевір на вразливості, хочемо реальний пентест");
        # the word is no roster term, so its cue counts at the weight the query gives it;
        # a pentest's report or findings ask for no pentest; one near the top takes it
        Act(
            "penetration test",
            _terms("pentest"),
            _PENTESTERS,
            without=_terms(_PENTEST_DONE),
            faint=True,
        ),
        # round 104: someone asked to break in on purpose, as an attacker would
        Act("attack on purpose", _terms("outcomeattackus"), _PENTESTERS, close=ACT_SAID_CLOSE),
        Act(
            "security review",
            _terms("securityreview pentest owasp"),
            _AUDITOR,
            close=ACT_SAID_CLOSE,
        ),
        Act("security audit", _terms("security"), _AUDITOR, _terms("audit"), ACT_SAID_CLOSE),
        Act(
            "security",
            _terms("vulnerability injection sqlfromstring xss csrf ssrf"),
            _AUDITOR,
            without=_terms("npm dependency package transitive"),
        ),
        Act("security check", _terms("security"), _AUDITOR, _terms("review check")),
        # round 104: a site or its login looked over for holes or weak spots
        Act("holes", _terms("outcomeholes"), _AUDITOR, close=ACT_SAID_CLOSE),
        # round 100: someone else's record opened by changing or guessing the number in a
        # link (outcomes' access frames): broken access control, the auditor's hole to find
        # and close, whatever the record is (an invoice pulls payments, a link the docs)
        Act(
            "someone else's data",
            _terms("outcomeidor outcomeothersdata outcomenoauth"),
            _AUDITOR,
            close=ACT_SAID_CLOSE,
        ),
        # round 68: a request opening with "audit" (перевір на дірки reads as vulnerability)
        # asks for the security audit unless it names another kind of audit
        Act(
            "audit",
            _terms("audit"),
            _AUDITOR,
            without=_terms(_OTHER_AUDITS),
            leading=True,
        ),
    )


def _responding() -> tuple[Act, ...]:
    """Incidents: a responder before anyone else (a release to be made without downtime is
    no incident)."""
    return (
        # round 112: a site down at each release, to be released without it, is no incident
        Act(
            "incident",
            _terms("incidentnow"),
            _RESPONDER,
            close=ACT_SAID_CLOSE,
            without=_terms("outcomezerodowntime"),
        ),
        Act(
            "incident",
            _terms("outage postmortem"),
            _RESPONDER,
            without=_terms("outcomezerodowntime"),
        ),
        # round 112: production down or 5xx since a release, someone to lead it now; an
        # intrusion (someone got in and took data, traces not to erase)
        Act("outage now", _terms("outcomeoutagenow"), _ON_CALL, close=ACT_SAID_CLOSE),
        Act("intrusion", _terms("outcomeintrusion"), _RESPONDER, close=ACT_SAID_CLOSE),
        # round 90: someone on call asking for the alarm to be driven now (on-call: p99 9s
        # after the deploy, need someone to drive this now): the responder's
        Act("on call now", _terms("oncall"), _ON_CALL, _terms(_URGENT), faint=True),
        # round 78: an alert being handled now, told by its numbers (outcomes' paged frames:
        # 5xx rate, p99 for 10 min, what first): the responder's before the performance
        # work its latency words ask for
        Act("paged", _terms("outcomepaged"), _RESPONDER),
    )


def _in_the_middle() -> tuple[Act, ...]:
    """Round 112: what the person is in the middle of, told by its situation, whatever
    technology or shared word is around it: a nightly load that fails or duplicates (not
    a backup), code cleaned while its behaviour stays, a command-line tool's completion
    and flags, an idea checked before money goes in, a game with characters and levels, a
    peer-dependency conflict, releases to ship without downtime, a bug that happens now
    and then and cannot be reproduced (flaky tests stay the test automator's)."""
    return (
        Act(
            "nightly load",
            _terms("outcomenightlyload"),
            _DATA_ENGINEERS,
            close=ACT_SAID_CLOSE,
            without=_terms("backup backups бекап dump дамп"),
        ),
        Act("same behaviour", _terms("outcomesamebehaviour"), _REFACTORERS, close=ACT_SAID_CLOSE),
        Act(
            "command-line tool",
            _terms("outcomecliflags"),
            _CLI,
            close=ACT_SAID_CLOSE,
            without=_terms("docs documentation readme документац"),
        ),
        Act("idea to check", _terms("outcomeideacheck"), _VALIDATORS, close=ACT_SAID_CLOSE),
        Act("a game", _terms("outcomegame"), _GAMES, close=ACT_SAID_CLOSE),
        Act("dependency conflict", _terms("outcomepeerdeps"), _DEPENDENCIES, close=ACT_SAID_CLOSE),
        Act(
            "release without downtime",
            _terms("outcomezerodowntime"),
            _DEPLOYERS,
            close=ACT_SAID_CLOSE,
        ),
        Act(
            "bug not reproduced",
            _terms("outcomecantrepro"),
            DEBUGGER,
            close=ACT_SAID_CLOSE,
            without=_terms(_FLAKY),
        ),
    )


def _data_work() -> tuple[Act, ...]:
    """Round 71: work on data's way through the system, told in its business words ("the
    nightly ETL from the CRM to BigQuery fails", "the sales report's query takes a minute,
    EXPLAIN shows a seq scan"): the pipeline is the data engineer's, whatever the data is
    about (sales pull the data scientist) or however it fails (failing pulls the debugger);
    a slow query is the database optimizer's."""
    return (
        Act("data pipeline", _terms("etl elt datapipeline airflow dbt spark"), _DATA_ENGINEERS),
        Act(
            "slow query",
            _terms("query sql"),
            _QUERY_TUNERS,
            _terms("slow explain scan index join"),
        ),
    )


def _data_questions() -> tuple[Act, ...]:
    """Round 93: a question asked of the data (why a number fell, what predicts an
    outcome, which clients will not renew) is its analyst's, scientist's or customer
    success manager's, whatever source the data comes from; round 100: users kept by their
    signup month are the cohort analysis's."""
    return (
        # round 100: users kept or lost told by the month or week they signed up (a
        # cohort, outcomes' signup-cohort frame): the cohort analysis's, on a roster with one
        Act(
            "signup cohorts",
            _terms("cohort outcomesignupcohort"),
            _COHORTS,
            close=ACT_SAID_CLOSE,
            without=_terms("model train retrain predict prediction serve notebook ml"),
        ),
        # round 93: an analyst's question names the field whatever the data's source
        # (outcomes' round 93 frames): why a business number fell, a board of business
        # numbers by segment, what predicts or drives an outcome; the question names the
        # act outright, as near as a phrase would
        Act("why a number fell", _terms("outcomewhydrop"), _ANALYST_FIRST, close=ACT_SAID_CLOSE),
        Act(
            "business numbers board",
            _terms("outcomemetricsboard outcomesalesboard"),
            _ANALYST_FIRST,
            close=ACT_SAID_CLOSE,
            # round 100: the board's query that is slow is the database's to tune
            without=_terms("query queries slow explain index"),
        ),
        # (a model put in production, served or retrained is the ML engineer's)
        Act(
            "what predicts",
            _terms("outcomepredicts"),
            _SCIENTIST_FIRST,
            close=ACT_SAID_CLOSE,
            without=_terms("production prod retrain serve serving deploy deployed mlops"),
        ),
    )


def _customer_questions() -> tuple[Act, ...]:
    """Round 93: questions about customers (who will not renew, who leaves and how to keep
    them), an experiment's result, and users' behaviour counted."""
    return (
        # round 93: which clients stopped using the product or will not renew: the
        # customer success manager's, before the analysts' counting of users
        # round 109: an experiment's two groups told by their numbers, asked whether the
        # difference is real or to roll it out: the experiment's analysis
        Act(
            "experiment result",
            _terms("outcomeexperiment"),
            _EXPERIMENTS,
            without=_terms("flag flags sdk code implement"),
        ),
        Act("accounts at risk", _terms("outcomewontrenew"), _CUSTOMER_SUCCESS),
        # round 118: customers who leave, asked how to keep them (not how many stay)
        Act(
            "keep customers",
            _terms("outcomekeepclients"),
            _CUSTOMER_SUCCESS,
            close=ACT_SAID_CLOSE,
            without=_terms(_COUNTING + " login logged session cookie token cart tab"),
        ),
        # users' behaviour counted (who returns, who leaves, a weekly active count): the
        # data scientist's or analyst's, whatever table or database holds it
        # (a model predicting them is the ML engineer's)
        Act(
            "user metrics",
            _terms("retention cohort churn outcomechurn comeback wau dau mau"),
            _ANALYSTS,
            without=_terms("model train retrain predict prediction serve notebook ml"),
        ),
    )


def _deliverables() -> tuple[Act, ...]:
    """Round 120: the deliverable a role agent gives, asked among words of other fields (a
    release, a deploy, customers, a monolith): a team's branching rules, testing done by hand
    before each release, facts pulled out of people's letters, an API partners ask how to
    use, which channel brings customers who stay."""
    return (
        Act("branching rules", _terms("outcomebranchrules"), _GIT_WORKFLOW, close=ACT_SAID_CLOSE),
        Act(
            "manual testing",
            _terms("outcomehandtesting"),
            _TESTERS,
            close=ACT_SAID_CLOSE,
            without=_terms(_FLAKY + " loadtest"),
        ),
        Act(
            "text extraction",
            _terms("outcomeextracttext"),
            _NLP,
            close=ACT_SAID_CLOSE,
            without=_terms("csv excel spreadsheet column sql regex pdf"),
        ),
        Act(
            "api asked by partners",
            _terms("outcomeapidocs"),
            _API_WRITERS,
            _terms("api apis endpoint endpoints sdk openapi webhook"),
            ACT_SAID_CLOSE,
            # a failing suite is debugging; a step-by-step guide is the writers'
            without=_terms(_BROKEN + " ci suite step steps screenshots покроков картинк"),
        ),
        Act(
            "channel by stay",
            _terms("outcomechannelstay"),
            _SCIENTIST_FIRST,
            close=ACT_SAID_CLOSE,
            without=_terms("write copy text post posts"),
        ),
    )


def _architecture_reviews() -> tuple[Act, ...]:
    """A system's structure reviewed: asked by name, or a change asked about that makes
    services share a database (round 104)."""
    return (
        Act("architecture review", _terms("archreview"), _ARCHITECTURE),
        # round 118: a system already split into services, asked whether the split is sound
        Act(
            "split checked",
            _terms("outcomesplitcheck"),
            _ARCHITECTURE,
            close=ACT_SAID_CLOSE,
            without=_terms(_CODE_PARTS),
        ),
        # round 104: a change that makes services share one database or read another's
        # tables, asked whether it is fine: the architecture's review, not the code's
        Act("shared database", _terms("outcomesharedb"), _ARCHITECTURE, close=ACT_SAID_CLOSE),
        Act(
            "architecture check",
            _terms("architecture hexagonal"),
            _ARCHITECTURE,
            _terms("review fit check break violate глянь подивись look"),
        ),
    )


def _business_numbers() -> tuple[Act, ...]:
    """Round 104: a business number questioned (one board against finance's), users lost
    after a change: the analyst's, whatever tool holds the numbers."""
    return (
        # round 104: a board's number that differs from finance's or the CRM's
        Act(
            "numbers differ",
            _terms("outcomenumbersdiffer"),
            _ANALYST_FIRST,
            close=ACT_SAID_CLOSE,
        ),
        # round 104: users lost after a redesign or release, by segment (not users who lost
        # their own data, carts or passwords)
        Act(
            "users lost",
            _terms("outcomelostusers"),
            _ANALYST_FIRST,
            without=_terms("data files password passwords access progress cart carts settings"),
        ),
    )


def _reviewing() -> tuple[Act, ...]:
    """Code reviews: a pull request, a diff or a piece of code looked over."""
    return (
        Act("code review", _terms("codereview"), _REVIEWERS, close=ACT_SAID_CLOSE),
        # round 110: a pull request or diff looked over ("look over my pull request before
        # the senior sees it") is one to review, as near as a phrase naming it
        Act("look over a change", _terms("outcomelookpr"), _REVIEWERS, close=ACT_SAID_CLOSE),
        Act(
            "change review",
            _terms("review"),
            _REVIEWERS,
            _terms("pull pr merge diff commit code changes push"),
            ACT_SAID_CLOSE,
        ),
        # round 68: a pull request or diff to merge is one to review ("go over my PR before
        # I merge"), whatever bugs it may hold; a conflict in it is git's
        Act(
            "change to merge",
            _terms("pr diff pull"),
            _REVIEWERS,
            _terms("merg"),
            without=_terms("conflict rebase"),
        ),
        # round 68: "review the payment module": the review of a piece of code, asked first
        Act("review code", _terms("review"), _REVIEWERS, _terms(_CODE_UNITS), leading=True),
    )


def _debugging() -> tuple[Act, ...]:
    """Debugging (a pasted error, a failure looked into), then code looked over after it."""
    return (
        Act("pasted error", _terms("traceback"), DEBUGGER, close=ACT_SAID_CLOSE, errors=True),
        Act("debug", _terms("debug troubleshoot diagnose stacktrace"), DEBUGGER),
        # round 110: what passes locally and fails on CI: a difference to find, not tests
        # (tests failing now and then are flaky, the test automator's; a build slower in
        # CI than locally is the build's)
        Act(
            "works only locally",
            _terms("outcomelocalonly"),
            DEBUGGER,
            close=ACT_SAID_CLOSE,
            without=_terms(_FLAKY + " minutes mins хв хвилин"),
        ),
        # round 110: several services' logs read for what starts a chain of failures
        Act(
            "errors across services",
            _terms("outcomeerrorchain"),
            _ERROR_DETECTIVES,
            close=ACT_SAID_CLOSE,
        ),
        # round 68: "bug" is an everyday word the query halves; a request opening with finding
        # one is debugging ("find all the bugs in the checkout flow" later in it is testing)
        Act(
            "find the bug",
            _terms("find hunt locate track"),
            DEBUGGER,
            _terms("bug fail crash"),
            faint=True,
            leading=True,
        ),
        Act(
            "investigate a failure",
            _terms("investigate"),
            DEBUGGER,
            _terms("why чому fail failure error crash bug broken hang return exception wrong"),
        ),
        Act("finding the cause", _terms("cause"), DEBUGGER, _terms("find search investigate root")),
        # after the debugger's acts: "look at the code, why does it crash" is debugging
        Act(
            "look over code",
            _terms("глянь гляньте подивись подивіться look check"),
            _REVIEWERS,
            _terms("code pr diff commit pull changes push"),
        ),
    )


def _changing() -> tuple[Act, ...]:
    """Refactoring, cleaning up, deploying and migrating code."""
    return (
        Act("refactor", _terms("refactor splitcode"), _REFACTORERS),
        # round 110: one big file or class split into modules, whatever its language
        # (a tool whose own files have modules, terraform's main.tf, keeps it: owned)
        Act(
            "split a file",
            _terms("outcomesplitfile"),
            _REFACTORERS,
            close=ACT_SAID_CLOSE,
            owned=_terms("module modules"),
            without=_terms(_TOOL_FILES),
        ),
        # round 68: "clean up this module" (почисти модуль): code cleaned is refactored
        Act(
            "clean up code",
            _terms("clean tidy почисти"),
            _REFACTORERS,
            _terms(_CODE_UNITS + " copy paste копіпаста duplicated mess"),
            leading=True,
        ),
        # round 68: a request opening with deploying or migrating asks for that engineer
        Act("deploy", _terms("deploy"), (Role("deploy"),), leading=True),
        Act("migrate", _terms("migr"), (Role("migrate"),), leading=True),
    )


def _documenting() -> tuple[Act, ...]:
    """Documentation: docs gone stale, a readme, API docs, any docs."""
    return (
        # round 104: a guide or instructions for the product's users or staff (not a bot's)
        Act(
            "a guide for people",
            _terms("outcomeguide outcomestaffguide"),
            _WRITERS,
            close=ACT_SAID_CLOSE,
            without=_terms(_BOTS),
        ),
        # round 104: help text telling users to press what is gone
        Act(
            "docs tell what is gone",
            _terms("outcomedocsdrift"),
            (Role("edit", "docs drift", required=True), *_WRITERS),
            close=ACT_SAID_CLOSE,
        ),
        Act(
            "docs out of date",
            _terms("documentation docs readme"),
            (Role("edit", "docs drift", required=True), *_WRITERS),
            _terms("update stale outdated still sync drift deprecated"),
        ),
        Act("readme", _terms("readme"), (Role("generate", "readme", required=True),)),
        Act(
            "api documentation",
            _terms("documentation docs"),
            _API_WRITERS,
            _terms("api endpoint openapi webhook"),
        ),
        # round 68: "describe our API for partners" (описати апі) opens with documenting it
        Act("describe the api", _terms("describ"), _API_WRITERS, _terms("api"), leading=True),
        Act(
            "document",
            _terms("documentation docs readme"),
            _WRITERS,
        ),
    )


def _testing_and_planning() -> tuple[Act, ...]:
    """Tests and prompts."""
    return (
        # round 109: a test plan or checklist named (outcomes' test-plan frame)
        Act(
            "test plan",
            _terms("outcometestplan"),
            _QA_FIRST,
            close=ACT_SAID_CLOSE,
            # a load test's plan is performance work; assumptions to test are a product's
            without=_terms("loadtest bottleneck latency assumption assumptions hypothesis"),
        ),
        Act(
            "test planning",
            _terms("test tests testing testkinds qa"),
            _QA_FIRST,
            _terms("plan strategy scenario checklist"),
            ACT_SAID_CLOSE,  # round 71: a test plan or strategy names the act outright
            without=_terms("loadtest bottleneck latency"),  # a load test plan: performance
        ),
        Act("test", _terms("testkinds"), _TESTERS, close=ACT_SAID_CLOSE),
        Act("writing tests", _terms("test tests"), _TESTERS, _terms("write"), ACT_SAID_CLOSE),
        Act(
            "test work",
            _terms("test tests testing"),
            _TESTERS,
            _terms("cover coverage flaky suite automate"),
            faint=True,
        ),
        # round 67: a prompt to rewrite or improve is the prompt engineer's, whatever bot or
        # assistant it drives (the LLM app around it is the AI engineer's)
        # round 93: how a bot or assistant answers (rude, robotic, made up) is its prompt's
        Act(
            "prompt work",
            _terms("outcomeprompt outcomebotvoice"),
            _PROMPTS,
            close=ACT_SAID_CLOSE,
        ),
    )


def _testing_by_hand() -> tuple[Act, ...]:
    """Round 104: how a team should test, told by its bugs; an app walked through by hand."""
    return (
        # round 104: the same bugs shipped release after release, how the team should test
        Act(
            "bugs shipped",
            _terms("outcomebugsrelease"),
            _QA_FIRST,
            close=ACT_SAID_CLOSE,
            # round 109: not "error": defects bring it as a relative
            without=_terms("exception traceback flaky crash crashes"),
        ),
        # round 104: an app walked through its scenarios by hand, its bugs reported
        Act("walk through", _terms("outcomewalkthrough"), _WALKERS, close=ACT_SAID_CLOSE),
    )


def _product_and_design() -> tuple[Act, ...]:
    """What to build and keep (the product manager's), how users find their way and what to
    ask them (UX), how the interface looks (UI)."""
    return (
        # round 93: what to build first while everyone pulls their way, a pricing model
        Act(
            "product",
            _terms("productplanning roadmap prioritize outcomepmdecide outcomepmfirst"),
            _PRODUCT,
        ),
        # round 118: two features asked which to build first
        Act(
            "which first",
            _terms("outcomewhichfirst outcomepmchoice"),
            _PRODUCT,
            close=ACT_SAID_CLOSE,
            without=_terms(_BROKEN + " " + _SYSTEM_CHORES),
        ),
        # round 104: a feature few use, asked whether to keep or kill it
        Act(
            "keep or kill",
            _terms("outcomekeepkill"),
            _PRODUCT,
            close=ACT_SAID_CLOSE,
            without=_terms("flag flags config code function endpoint"),
        ),
        # round 104: customers to interview, or looking for a page where it is not
        Act(
            "user research",
            _terms(
                "userresearch outcomeinterview outcomeinterviewask outcomelookfor outcomeclunky"
            ),
            _UX,
            without=_terms(_BROKEN + " api endpoint server slow"),
        ),
        # round 104: controls and pages of one style (a design system), a screen's look
        # round 109: users who leave at a step of a flow, asked what to change in it
        Act(
            "flow to change",
            _terms("outcomeflowdrop"),
            _UX_DESIGN_FIRST,
            close=ACT_SAID_CLOSE,
            without=_terms(_BROKEN + " api endpoint server slow"),
        ),
        Act("one style", _terms("outcomeconsistent outcomeonestyle outcomelookdesign"), _UI),
        # round 118: a palette and control styles the whole team reuses (not their code)
        Act("shared palette", _terms("outcomepalette"), _UI, without=_terms(_CODE_WORDS)),
        Act("design system", _terms("designsystemname"), _UI, without=_terms(_CODE_WORDS)),
        Act("confusing to users", _terms("confusing"), _UX, _terms("user customer client people")),
    )


def _system_work() -> tuple[Act, ...]:
    """Work on a whole system, not its code: moving it off legacy, splitting it into
    services, designing it (round 71; round 78: the split in plain words)."""
    return (
        # round 71: an old system moved piece by piece is the modernizer's; a system split into
        # services is the services' architect's (a backend architect on a roster without one)
        Act(
            "modernise legacy",
            _terms("stepwisemigration modernize"),
            (Role("modernize", "legacy code system"),),
            _terms("legacy monolith"),
            ACT_SAID_CLOSE,
            faint=True,
        ),
        Act(
            "split into services",
            _terms("splitmonolith microservice"),
            _SPLITTERS,
            close=ACT_SAID_CLOSE,
        ),
        # round 78: the backend or the system split into services in plain words ("як
        # розбити бекенд на сервіси", "split the app into a few services"), not a service
        # split into modules or classes (a refactoring); read from plain words, not a phrase
        # naming the act, so only an architect near the top takes it (ACT_CLOSE: "the GraphQL
        # schema for a catalog split across 3 services" stays the GraphQL architect's)
        Act(
            "split by services",
            _terms("split"),
            _SPLITTERS,
            _terms("servic microservice"),
            without=_terms(_CODE_PARTS),
        ),
        Act(
            "system design",
            _terms("design"),
            (Role("", "backend", required=True, nouns="architect"),),
            _terms("service api backend queue scalable event architecture"),
        ),
    )


def _business_roles() -> tuple[Act, ...]:
    """Round 104: the job a business asks of a role agent, named by its act whatever the
    technical nouns around it (a bank's core system, Amazon, a booking's admin page)."""
    return (
        Act(
            "business process",
            _terms("outcomebizprocess"),
            _BUSINESS_ANALYSTS,
            close=ACT_SAID_CLOSE,
        ),
        # round 109: a person's data a business holds asked for or erased (a privacy request)
        Act("privacy request", _terms("outcomedatarequest"), _PRIVACY),
        # round 109: a site's conformance to WCAG asked (the accessibility tester's), before
        # the client who asks for the proof makes it a sales demo
        Act(
            "accessibility conformance",
            _terms("wcag a11y outcomekeyboard"),
            _ACCESSIBILITY,
            close=ACT_SAID_CLOSE,
        ),
        Act("sales demo", _terms("outcomesalesdemo"), _SALES_ENGINEERS, close=ACT_SAID_CLOSE),
        Act("reliability target", _terms("outcomeslo"), _SRE, close=ACT_SAID_CLOSE),
        # round 110: which alerts are worth waking on-call people for
        Act("alert policy", _terms("outcomealertnoise"), _SRE, close=ACT_SAID_CLOSE),
        # round 110: a model's recommendations grown worse in production, to be watched
        Act("model drift", _terms("outcomemodeldrift"), _ML_ENGINEERS, close=ACT_SAID_CLOSE),
        Act("cloud bill", _terms("outcomecloudbill"), _CLOUD_ARCHITECTS, close=ACT_SAID_CLOSE),
        Act(
            "competitors", _terms("outcomerivals outcomerivalsnews"), _RIVALS, close=ACT_SAID_CLOSE
        ),
        Act("certification", _terms("outcomecertify"), _COMPLIANCE, close=ACT_SAID_CLOSE),
        Act("license", _terms("outcomelicense"), _LICENSING, close=ACT_SAID_CLOSE),
        Act(
            "found in search",
            _terms("outcomeseo outcomeseofound outcomeseotraffic"),
            _SEO,
            close=ACT_SAID_CLOSE,
            without=_terms("login signin oauth auth consent"),  # a sign-in with Google
        ),
        Act(
            "a whole small app",
            _terms("outcomewholeapp"),
            _FULL_STACK,
            without=_terms("test tests testing e2e playwright cypress"),
        ),
        # round 110: a new feature with its page and its data saved, built by one person
        Act(
            "a whole feature",
            _terms("outcomefeaturestack"),
            _FULL_STACK,
            close=ACT_SAID_CLOSE,
            without=_terms("test tests testing e2e playwright cypress"),
        ),
    )


def _speeding_up() -> tuple[Act, ...]:
    """Performance work, asked or opened with."""
    return (
        Act(
            "performance",
            _terms("bottleneck latencyregression faster loadtest outcomeloadslow"),
            _PERFORMANCE,
        ),
        # round 110: how much load the system takes, where a slow page loses its time
        Act(
            "capacity and where it slows",
            _terms("outcomecapacity outcomewhereslow outcomepeakslow"),
            _PERFORMANCE,
            close=ACT_SAID_CLOSE,
        ),
        # round 68: a request opening with speeding something up or profiling it (a query's
        # speed is the database's)
        Act(
            "speed up",
            _terms("optimize faster speed profile"),
            _PERFORMANCE,
            without=_terms("database query sql index seo"),
            leading=True,
        ),
        # round 67: a site or catalogue slow on a phone is its speed for users (web
        # performance), not a mobile app's work, whatever the phone words pull to
        Act(
            "slow on a phone",
            _terms("outcomemobileslow"),
            (*_PERFORMANCE, Role("develop", "frontend", required=True)),
            close=ACT_SAID_CLOSE,
        ),
    )


def _slow_symptoms() -> tuple[Act, ...]:
    """Slowness told by its symptom: a build in minutes, a page in seconds, the word slow."""
    return (
        # round 78: a build or CI run told slow in minutes (outcomes' build frames) is the
        # build's work, the build engineer's or the developer-experience optimizer's,
        # whatever language's compiler (tsc, gradle) it runs; round 100: a tool's own agent
        # that builds what the tool makes keeps it (a docker image's build: docker-expert)
        Act(
            "slow build",
            _terms("outcomecibuild"),
            _BUILDERS,
            close=ACT_SAID_CLOSE,
            owned=_terms("build"),
        ),
        # round 78: a page, screen or service told slow by its seconds (outcomes' round 63
        # frame): the whole system's slowness is the performance engineer's, whatever
        # framework renders the page; one query told slow in a database is the optimizer's
        # (the "slow query" act, asked first, or a database word here)
        Act(
            "slow in seconds",
            _terms("outcomeslowsecs"),
            _PERFORMANCE,
            without=_terms("database sql db postgres mysql explain index orm"),
        ),
        # "slow" (повільно, гальмує) also brings "performance": a symptom, whose expert the
        # technology decides, not the act of performance work
        Act(
            "performance work",
            _terms("performance"),
            _PERFORMANCE,
            without=_terms("slow"),
        ),
    )
