"""Everyday developer words and the domain vocabulary rosters describe them with.

People ask in the words of their product ("add a login page", "the app crashes on
startup", "make the button blue"); specialists describe themselves in the words of their
domain (frontend, UI components, authentication, debugging). A roster often shares no term
with such a request, or shares only a word a wrong agent has in its name (page, app). Each
line here is ``word: domain words``: when a request holds the word, the domain words the
roster knows join the query as related terms (the weight of a sub-word or typo relative, see
:mod:`coordinator.routing.lexical`), so they rank agents and explain the word for the "none"
decision without outweighing a term the request itself names.

The table is general vocabulary (what a login, a button or a crash belongs to, and what a
hosted product such as Stripe, Datadog or Algolia is for), not a list of requests; Ukrainian
words reach it through the glossary (``кнопк`` -> button, ``страйп`` -> stripe).
"""

from __future__ import annotations

import re
from functools import lru_cache

from coordinator.routing import match
from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.products import PRODUCTS
from coordinator.routing.text import is_cyrillic, skeleton, term_list, transliterate

_FRONTEND = "frontend ui component"
_AUTH = "authentication auth frontend"
_API = "api endpoint backend"
_DB = "database schema sql"
_DEBUG = "debug debugging error bug"
_PERF = "performance optimization"
_SECURITY = "security vulnerability"
_TESTS = "testing test qa"
_DEPLOY = "deployment devops ci"
_DOCS = "documentation technical writing"
_DATA = "data analytics visualization"
_ML = "ml model machine learning"
_MOBILE = "mobile ios android"
_INCIDENT = "incident outage production"
_REFACTOR = "refactoring refactor code quality"
_PAYMENT = "payment billing checkout"
_DEPS = "dependency package version"
_MONITOR = "monitoring observability alert"
_EMAIL = "email deliverability"
_COPY = "copywriting content marketing"
_PRODUCT = "product analytics user"
_SEARCH = "search indexing"
_QUEUE = "messaging queue event"
_STATS = "statistics statistical analysis data science experiment"
_LEGAL = "legal compliance law license"
_COST = "cost optimization finops cloud"
_UX = "ux usability research user experience"
_I18N = "localization internationalization i18n translation"
_A11Y = "accessibility a11y wcag"
_SEO = "seo search ranking"

_ENTRIES: dict[str, str] = {
    # screens and their parts
    "button": f"{_FRONTEND} css",
    "page": _FRONTEND,
    "screen": _FRONTEND,
    "modal": _FRONTEND,
    "dialog": _FRONTEND,
    "popup": _FRONTEND,
    "navbar": _FRONTEND,
    "sidebar": _FRONTEND,
    "header": _FRONTEND,
    "footer": _FRONTEND,
    "menu": _FRONTEND,
    "dropdown": _FRONTEND,
    "checkbox": _FRONTEND,
    "tooltip": _FRONTEND,
    "spinner": _FRONTEND,
    "carousel": _FRONTEND,
    "widget": _FRONTEND,
    "layout": f"{_FRONTEND} css",
    "responsive": f"{_FRONTEND} css",
    "style": f"{_FRONTEND} css",
    "styling": f"{_FRONTEND} css",
    "color": f"{_FRONTEND} css",
    "colour": f"{_FRONTEND} css",
    "font": f"{_FRONTEND} css",
    "theme": f"{_FRONTEND} css",
    "animation": f"{_FRONTEND} css",
    "form": f"{_FRONTEND} validation",
    "input": _FRONTEND,
    "rerender": f"{_FRONTEND} react",
    "render": _FRONTEND,
    "click": _FRONTEND,
    "scroll": _FRONTEND,
    "toggle": _FRONTEND,
    "snackbar": _FRONTEND,
    "sticky": f"{_FRONTEND} css",
    "hover": f"{_FRONTEND} css",
    "icon": f"{_FRONTEND} css",
    "banner": _FRONTEND,
    "slider": _FRONTEND,
    "tab": _FRONTEND,
    "darkmode": f"{_FRONTEND} css",
    # accounts
    "login": _AUTH,
    "logout": _AUTH,
    "signin": _AUTH,
    "signup": _AUTH,
    "signout": _AUTH,
    "register": _AUTH,
    "registration": _AUTH,
    "password": _AUTH,
    "session": "authentication auth",
    # server side
    "webhook": _API,
    "payload": _API,
    "request": _API,
    "response": _API,
    "upload": _API,
    "route": _API,
    # data kept
    "table": _DB,
    "column": _DB,
    "row": _DB,
    "migration": _DB,
    "record": _DB,
    # things breaking
    "crash": _DEBUG,
    "broken": _DEBUG,
    "freeze": _DEBUG,
    "hang": _DEBUG,
    "exception": _DEBUG,
    "traceback": _DEBUG,
    "stacktrace": _DEBUG,
    "bug": _DEBUG,
    # speed
    "slow": _PERF,
    "lag": _PERF,
    "latency": _PERF,
    "faster": _PERF,
    "speed": _PERF,
    "bottleneck": _PERF,
    # safety
    "hack": _SECURITY,
    "hacked": _SECURITY,
    "breach": _SECURITY,
    "secret": _SECURITY,
    "xss": _SECURITY,
    "csrf": _SECURITY,
    "injection": _SECURITY,
    "exploit": _SECURITY,
    # checks
    "flaky": _TESTS,
    "coverage": _TESTS,
    "mock": _TESTS,
    "regression": _TESTS,
    # shipping
    "release": _DEPLOY,
    "hosting": _DEPLOY,
    "rollout": _DEPLOY,
    "rollback": _DEPLOY,
    "pipeline": _DEPLOY,
    "staging": _DEPLOY,
    # writing it down
    "readme": _DOCS,
    "guide": _DOCS,
    "tutorial": _DOCS,
    "changelog": _DOCS,
    # numbers about the business
    "chart": _DATA,
    "dashboard": _DATA,
    "report": _DATA,
    "metric": _DATA,
    "spreadsheet": _DATA,
    "csv": _DATA,
    # models
    "predict": _ML,
    "prediction": _ML,
    "classify": _ML,
    "classifier": _ML,
    "chatbot": "llm ai chatbot",
    "assistant": "llm ai chatbot",
    "hallucination": "llm ai",
    "hallucinate": "llm ai",
    "chatgpt": "llm ai",
    "summarize": "llm ai",
    # production on fire
    "outage": _INCIDENT,
    "down": _INCIDENT,
    "downtime": _INCIDENT,
    "unavailable": _INCIDENT,
    "postmortem": _INCIDENT,
    # code that grew badly
    "messy": _REFACTOR,
    "spaghetti": _REFACTOR,
    "tangled": _REFACTOR,
    "cleanup": _REFACTOR,
    "readability": _REFACTOR,
    "monolith": f"{_REFACTOR} microservices architecture",
    # money
    "checkout": _PAYMENT,
    "invoice": _PAYMENT,
    "refund": _PAYMENT,
    "subscription": _PAYMENT,
    "pricing": _PAYMENT,
    # what the code depends on
    "outdated": _DEPS,
    "upgrade": _DEPS,
    "bump": _DEPS,
    "vulnerable": _SECURITY,
    # watching production
    "alert": _MONITOR,
    "alerting": _MONITOR,
    "uptime": _MONITOR,
    "logs": _MONITOR,
    # mail
    "spam": _EMAIL,
    "newsletter": _EMAIL,
    "bounce": _EMAIL,
    # words that sell
    "homepage": _COPY,
    "tagline": _COPY,
    "slogan": _COPY,
    # users over time
    "churn": _PRODUCT,
    "retention": _PRODUCT,
    "funnel": _PRODUCT,
    "conversion": _PRODUCT,
    "onboarding": _PRODUCT,
    # hosted products people name instead of their domain (a roster with an agent that
    # describes itself by the product keeps it: the domain joins only when none does)
    "stripe": _PAYMENT,
    "paypal": _PAYMENT,
    "braintree": _PAYMENT,
    "adyen": _PAYMENT,
    "klarna": _PAYMENT,
    "chargebee": _PAYMENT,
    "recurly": _PAYMENT,
    "sendgrid": _EMAIL,
    "mailgun": _EMAIL,
    "mailchimp": _EMAIL,
    "postmark": _EMAIL,
    "gmail": _EMAIL,
    "outlook": _EMAIL,
    "datadog": _MONITOR,
    "grafana": _MONITOR,
    "prometheus": _MONITOR,
    "pagerduty": f"{_MONITOR} incident",
    "opsgenie": f"{_MONITOR} incident",
    "newrelic": _MONITOR,
    "splunk": _MONITOR,
    "auth0": _AUTH,
    "okta": _AUTH,
    "keycloak": _AUTH,
    "cognito": _AUTH,
    "jenkins": _DEPLOY,
    "circleci": _DEPLOY,
    "argocd": _DEPLOY,
    "heroku": _DEPLOY,
    "vercel": _DEPLOY,
    "netlify": _DEPLOY,
    "mixpanel": _PRODUCT,
    "amplitude": _PRODUCT,
    "posthog": _PRODUCT,
    "hotjar": _PRODUCT,
    "elasticsearch": _SEARCH,
    "algolia": _SEARCH,
    "opensearch": _SEARCH,
    "meilisearch": _SEARCH,
    "rabbitmq": _QUEUE,
    "kafka": _QUEUE,
    "sqs": _QUEUE,
    "nats": _QUEUE,
    # world knowledge: what an everyday question belongs to (round 10)
    "significant": _STATS,
    "significance": _STATS,
    "hypothesis": _STATS,
    "pvalue": _STATS,
    "statistically": _STATS,
    "forecast": _STATS,
    "forecasting": _STATS,
    "cohort": _STATS,
    "experiment": _STATS,
    "variance": _STATS,
    "correlation": _STATS,
    "outlier": _STATS,
    "causal": _STATS,
    "uplift": _STATS,
    "trademark": _LEGAL,
    "copyright": _LEGAL,
    "patent": _LEGAL,
    "gdpr": _LEGAL,
    "ccpa": _LEGAL,
    "hipaa": _LEGAL,
    "lawsuit": _LEGAL,
    "liability": _LEGAL,
    "contract": _LEGAL,
    "licensing": _LEGAL,
    "nda": _LEGAL,
    "lawyer": _LEGAL,
    "attorney": _LEGAL,
    "jurisdiction": _LEGAL,
    "expensive": _COST,
    "spend": _COST,
    "overspend": _COST,
    "budget": _COST,
    "cheaper": _COST,
    "confusing": _UX,
    "intuitive": _UX,
    "usability": _UX,
    "friction": _UX,
    "abandon": _UX,
    "abandonment": _UX,
    "frustrating": _UX,
    "wireframe": _UX,
    "mockup": _UX,
    "prototype": _UX,
    "interview": _UX,
    "survey": _UX,
    "persona": _UX,
    "discoverability": _UX,
    "multilingual": _I18N,
    "rtl": _I18N,
    "pluralization": _I18N,
    "screenreader": _A11Y,
    "colorblind": _A11Y,
    "aria": _A11Y,
    "sitemap": _SEO,
    "serp": _SEO,
    "crawler": _SEO,
    "backlink": _SEO,
    # everyday features and symptoms (round 13)
    "cart": f"{_PAYMENT} ecommerce",
    "coupon": f"{_PAYMENT} ecommerce",
    "discount": f"{_PAYMENT} ecommerce",
    "receipt": _PAYMENT,
    "billing": _PAYMENT,
    "notification": "notification push messaging",
    "leak": "memory performance debugging",
    "oom": "memory leak performance",
    "timeout": f"{_PERF} network debug",
    "deadlock": "concurrency database debug",
    "jank": f"{_PERF} frontend animation",
    "stutter": _PERF,
    "sluggish": _PERF,
    "laggy": _PERF,
    "slowly": _PERF,
    "slowness": _PERF,
    "unresponsive": f"{_PERF} debug",
    "engagement": _PRODUCT,
    "activation": _PRODUCT,
    "dau": _PRODUCT,
    "mau": _PRODUCT,
    "nps": _UX,
    "autocomplete": f"{_SEARCH} frontend",
    "typeahead": f"{_SEARCH} frontend",
    "captcha": "security bot authentication",
    "2fa": _AUTH,
    "mfa": _AUTH,
    "otp": _AUTH,
    "certificate": "ssl tls security devops",
    "backup": "backup database disaster recovery",
    "cors": f"{_API} security http",
    "segfault": f"{_DEBUG} memory",
    "goroutine": "go golang concurrency",
    "coroutine": "async concurrency",
    "cron": "scheduling background job",
    "flicker": f"{_FRONTEND} css",
    "misaligned": f"{_FRONTEND} css",
    "alignment": f"{_FRONTEND} css",
    "padding": f"{_FRONTEND} css",
    "paywall": _PAYMENT,
    "chargeback": _PAYMENT,
    "payout": _PAYMENT,
    "dropoff": _PRODUCT,
    "referral": _PRODUCT,
    "throttle": "rate limiting api",
    "throttling": "rate limiting api",
    "ratelimit": "rate limiting api",
    "stale": "cache caching",
    "geolocation": "maps location mobile",
    "unsubscribe": _EMAIL,
    "lcp": f"{_PERF} frontend vitals",
    "cls": f"{_PERF} frontend vitals",
    "ttfb": f"{_PERF} frontend vitals",
    "fcp": f"{_PERF} frontend vitals",
    # devices
    "iphone": _MOBILE,
    "phone": _MOBILE,
    "tablet": _MOBILE,
}


def _parse() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for word, domain_words in _ENTRIES.items():
        related = tuple(dict.fromkeys(t for w in domain_words.split() for t in term_list(w)))
        for key in term_list(word):
            table[key] = tuple(t for t in related if t != key)
    return table


#: Routing term of an everyday word -> routing terms of the domain it belongs to.
CONCEPTS: dict[str, tuple[str, ...]] = _parse()
#: A product name as written -> its row's domain words (:mod:`coordinator.routing.products`;
#: looked up by the word as written, so no name is stemmed until it is met).
_PRODUCT_ROWS: dict[str, str] = {
    name: row for row, names in reversed(PRODUCTS) for name in names.split()
}
#: An exception or error name (KeyError, NullPointerException, ECONNREFUSED's kin are
#: signatures): whatever technology it names, the request is about a failure.
_ERROR_NAME = re.compile(r"[a-z0-9]{2,}(?:error|exception)")
_FAILURE = CONCEPTS["bug"] + ("bug",)
#: What every name :data:`_ERROR_NAME` matches ends with (a test before the pattern).
_ERROR_ENDS = ("error", "exception")


def domain(term: str, word: str) -> tuple[str, ...]:
    """The domain terms of ``term`` (the routing term of surface ``word``), if any: an
    everyday word's, a product name's (as written, or as the glossary renders a Cyrillic
    spelling), or, for a Cyrillic word the glossary lacks, those of the product name it
    spells by sound (локі: loki, its name first)."""
    if word.endswith(_ERROR_ENDS) and _ERROR_NAME.fullmatch(word):
        return _FAILURE
    found = CONCEPTS.get(term)
    if found is not None:
        return found
    if word in _PRODUCT_ROWS:
        return _product(word)[1:]
    if not is_cyrillic(word):
        return ()
    if term in _glossed():
        return _product(_glossed()[term])[1:]
    return _spelled(word) or _spelled(term) if is_cyrillic(term) else ()


@lru_cache(maxsize=1024)
def _product(name: str) -> tuple[str, ...]:
    """The routing term of product ``name`` and its domain terms (without that term)."""
    key = term_list(name)[0]
    related = dict.fromkeys(t for w in _PRODUCT_ROWS[name].split() for t in term_list(w))
    return (key, *(t for t in related if t != key))


@lru_cache(maxsize=1)
def _glossed() -> dict[str, str]:
    """Routing term -> product name, for the names the glossary renders Cyrillic words as
    (селері: celery)."""
    names = {w for english in GLOSSARY.values() for w in english if w in _PRODUCT_ROWS}
    return {term_list(name)[0]: name for name in sorted(names)}


#: A Cyrillic word this long (or longer) may spell a product name by sound.
SPELLED_LETTERS = 3
#: ...when its sound skeleton holds this many consonants (loki: l, k)...
SPELLED_CONSONANTS = 2
#: ...and its spelling is the name's, one edit from it (both this long) or a 5+ letter
#: prefix of it (:func:`match.near` of the folded spellings: графані, кубернетіс, сентрі;
#: not триває, which sounds like trivy).
SPELLED_EDIT = match.TRANSLIT_EDIT
#: Names a Ukrainian word (or one of its inflections) sounds and spells like: they are never
#: read by sound (центрі is no sentry, пулами no pulumi, платформа no platformio, паски no
#: passkey, швагер no swagger). Found by running every word of the uk_UA Hunspell dictionary
#: with common endings through :func:`_spelled`; kept only where the word is an ordinary one.
_HOMOPHONES = frozenset(
    """
    amplitude argo asana babel bash calico cassandra consul cordova gatsby intercom kong
    kuma mantine matomo monogame nats passkey pinia platformio prisma pulumi redux sass
    scipy seldon sentry spark sphinx swagger symfony telegraf
    """.split()
)


@lru_cache(maxsize=4096)
def _spelled(word: str) -> tuple[str, ...]:
    """The routing term of the product name a Cyrillic ``word`` spells (by
    :func:`match.sound_parts`, with vowels Ukrainian writes that way) and its domain terms;
    empty when none or several names fit."""
    if len(word) < SPELLED_LETTERS:
        return ()
    latin = transliterate(word)
    key, runs = match.sound_parts(latin)
    found = _sound_names().get(key)
    if found is None or not match.sounds_alike(found[2], runs):
        return ()
    if not match.near(skeleton(latin), found[1], SPELLED_EDIT):
        return ()  # a sound alone is too weak a tie (бачити is no bash, кроки no crewai)
    return _product(found[0])


@lru_cache(maxsize=1)
def _sound_names() -> dict[str, tuple[str, str, tuple[str, ...]] | None]:
    """Sound skeleton -> the one product name (alphabetic, 4+ letters) that has it, its
    folded spelling and its vowel runs (None: names of two domains have it); a w is also
    read as a v (powershell: павершел)."""
    index: dict[str, tuple[str, str, tuple[str, ...]] | None] = {}
    for name, row in _PRODUCT_ROWS.items():
        if len(name) < 4 or not name.isalpha() or name in _HOMOPHONES:
            continue
        for spelling in dict.fromkeys((name, name.replace("w", "v"))):
            key, runs = match.sound_parts(spelling)
            if len(key) - key.count("a") < SPELLED_CONSONANTS:
                continue
            seen = index.get(key, ())
            if seen is None or (seen and _PRODUCT_ROWS[seen[0]] != row):
                index[key] = None
            elif not seen:
                index[key] = (name, skeleton(spelling), runs)
    return index
