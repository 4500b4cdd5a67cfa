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
from collections.abc import Callable
from functools import lru_cache
from itertools import compress, count, pairwise

from coordinator.routing import carried, effects, match
from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.outcomes import ENTRIES as OUTCOME_ENTRIES
from coordinator.routing.products import PRODUCTS
from coordinator.routing.shapes import skeleton, spelled_shape, transliterate
from coordinator.routing.text import STOPWORDS, is_cyrillic, term_list
from coordinator.routing.vocab import COMMON_WORDS

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
# round 17: the areas of a developer team's checklist, by the words rosters describe them with
_CSS = f"{_FRONTEND} css"
_ACCESS = "authorization permission access control security"
_SSO = "sso authentication identity oauth"
_PRIVACY = "privacy compliance gdpr data protection"
_PENTEST = "security penetration testing vulnerability"
_CVE = "vulnerability security dependency"
_SRE = "reliability sre incident monitoring"
_ONCALL = "incident response oncall monitoring alert"
_K8S = "kubernetes k8s devops"
_SCALING = "scaling autoscaling infrastructure performance"
_NETWORK = "network networking dns devops"
_TLS = "ssl tls certificate security"
_INFRA = "infrastructure devops cloud"
_SECRETS = "secrets security configuration"
_FLAGS = "feature flag release experiment"
_DB_MODEL = "database schema modeling relational sql"
_DB_SCALE = "database replication scaling"
_DB_QUERY = "database query optimization performance sql"
_ETL = "data pipeline etl engineering"
_BI = "analytics dashboard metrics bi"
_PROFILE = "performance profiling optimization"
_CONCURRENCY = "concurrency async thread"
_REALTIME = "realtime websocket"
_RESILIENCE = "resilience retry reliability"
_RAG = "rag retrieval embedding vector llm"
_LLM = "llm ai prompt"
_MLOPS = "ml model mlops training"
_SPEECH = "speech audio transcription ml ai"
_VISION = "computer vision image ml"
_NLP = "nlp text classification ml"
_PUSH = "push notification mobile"
_IOS = "ios mobile apple"
_ANDROID = "android mobile"
_PM = "product management requirements roadmap"
_AGILE = "agile scrum"
_ARCH = "architecture design system"
_IOT = "iot firmware hardware device"
_MESSAGING = "messaging queue event streaming"
_TAX = "tax billing payment invoice"
_ECOMMERCE = "ecommerce shop product catalog"
_MARKETING = "marketing campaign content copywriting"
_GIT = "git version control repository"
_SHELL = "shell scripting terminal"
_GAME = "game development gamedev"
_CHAIN = "blockchain web3 smart contract"
_QUALITY = "code quality refactoring static analysis"
_CHAOS = "chaos engineering resilience reliability testing"
_GRAPHICS = "graphics rendering shader"

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
    # round 17: a checklist of the areas a developer team meets, and for each the everyday,
    # symptom, business and product words people use for its problems without naming it.
    # Words with a second common sense (toast, cookie, smoke, race, drift, replica, role,
    # permission, overflow, breakpoint, gradient, transaction, commit, terminal, camera,
    # landscape, translate, rewrite, trial, plot) are left out; some enter as two-word
    # phrases below (race condition, data retention, cookie consent).
    # UI, layout and forms
    "overlapping": _CSS,
    "overlaps": _CSS,
    "stretched": _CSS,
    "squished": _CSS,
    "pixel": _CSS,
    "pixelated": _CSS,
    "blurry": _CSS,
    "favicon": _FRONTEND,
    "accordion": _FRONTEND,
    "breadcrumb": _FRONTEND,
    "breadcrumbs": _FRONTEND,
    "placeholder": f"{_FRONTEND} form",
    "textarea": f"{_FRONTEND} form",
    "textbox": f"{_FRONTEND} form",
    "combobox": f"{_FRONTEND} form",
    "multiselect": f"{_FRONTEND} form",
    "datepicker": f"{_FRONTEND} form",
    "drag": _FRONTEND,
    "draggable": _FRONTEND,
    "ssr": f"{_FRONTEND} ssr rendering seo",
    "pwa": f"{_FRONTEND} pwa offline",
    "cluttered": f"{_UX} design ui",
    "fps": f"{_PERF} rendering animation",
    # accessibility
    "contrast": f"{_A11Y} design",
    "disability": _A11Y,
    "disabilities": _A11Y,
    "impaired": _A11Y,
    "visually": _A11Y,
    "dyslexia": _A11Y,
    "captions": f"{_A11Y} video",
    "subtitles": f"{_A11Y} video",
    "colorcontrast": f"{_A11Y} design css",
    "keyboardnavigation": f"{_A11Y} keyboard",
    "alttext": f"{_A11Y} image",
    # accounts and who may do what
    "bruteforce": f"{_SECURITY} authentication rate limiting",
    "lockout": f"{_AUTH} security",
    "credential": f"{_AUTH} security",
    "credentials": f"{_AUTH} security",
    "passwordless": _AUTH,
    "magiclink": f"{_AUTH} email",
    "biometric": f"{_AUTH} mobile",
    "faceid": f"{_AUTH} ios mobile",
    "touchid": f"{_AUTH} ios mobile",
    "impersonate": f"{_AUTH} authorization security",
    "impersonation": f"{_AUTH} authorization security",
    "hijacking": f"{_SECURITY} session",
    "phishing": _SECURITY,
    "spoofing": _SECURITY,
    "ddos": f"{_SECURITY} network",
    # APIs and services talking to each other
    "4xx": "api http error backend",
    "5xx": "api http error backend",
    # data kept and its shape
    "manytomany": _DB_MODEL,
    "foreignkey": _DB_MODEL,
    "primarykey": _DB_MODEL,
    "softdelete": _DB_MODEL,
    "audittrail": f"{_SECURITY} audit logging compliance database",
    "erd": f"{_DB_MODEL} diagram",
    "readreplica": _DB_SCALE,
    "restore": "backup database disaster recovery",
    "connectionpool": f"{_DB} connection pooling performance",
    "queryplan": _DB_QUERY,
    "nplusone": "orm query performance",
    "fixture": _TESTS,
    "fixtures": _TESTS,
    # speed and resources
    "ram": f"memory {_PERF}",
    "cpu": _PROFILE,
    "spike": f"{_PERF} monitoring",
    "spikes": f"{_PERF} monitoring",
    "coldstart": f"{_PERF} serverless startup latency",
    "p50": f"latency {_PERF} monitoring",
    "p90": f"latency {_PERF} monitoring",
    "p95": f"latency {_PERF} monitoring",
    "p99": f"latency {_PERF} monitoring",
    "qps": f"{_PERF} throughput load",
    "rps": f"{_PERF} throughput load",
    "battery": f"{_MOBILE} {_PERF}",
    "pagespeed": f"{_PERF} frontend vitals seo",
    "webvitals": f"{_PERF} frontend vitals",
    # reliability and on-call
    "oncall": _ONCALL,
    "pager": _ONCALL,
    "sev1": _ONCALL,
    "sev2": _ONCALL,
    "sla": _SRE,
    "errorbudget": f"slo {_SRE}",
    "highavailability": f"{_SRE} infrastructure failover",
    "gameday": _CHAOS,
    "faultinjection": _CHAOS,
    "runbook": f"{_INCIDENT} operations documentation",
    "rca": f"{_INCIDENT} postmortem debugging",
    "blameless": f"{_INCIDENT} postmortem",
    "flapping": _MONITOR,
    "healthcheck": f"{_MONITOR} kubernetes reliability",
    "degraded": f"{_INCIDENT} performance",
    # shipping and infrastructure
    "bluegreen": f"{_DEPLOY} release rollout",
    "zerodowntime": f"{_DEPLOY} rollout migration reliability",
    "hotfix": f"{_DEPLOY} release bug",
    "featureflag": _FLAGS,
    "pod": _K8S,
    "pods": _K8S,
    "crashloopbackoff": f"{_K8S} debugging",
    "crashloop": f"{_K8S} debugging",
    "oomkilled": f"{_K8S} memory",
    "loadbalancer": "load balancer networking infrastructure devops",
    "envvar": f"{_SECRETS} deployment devops",
    "apikey": f"{_SECRETS} authentication api",
    "cert": _TLS,
    "certs": _TLS,
    "https": _TLS,
    "subdomain": _NETWORK,
    "firewall": f"{_NETWORK} security",
    "vpn": f"{_NETWORK} security",
    "ssh": "linux server sysadmin security",
    "vps": "hosting server linux devops",
    "disk": "storage infrastructure linux",
    "egress": f"cloud networking {_COST}",
    "rightsizing": _COST,
    "rightsize": _COST,
    # security and compliance
    "cve": _CVE,
    "cves": _CVE,
    "pentest": _PENTEST,
    "pentesting": _PENTEST,
    "pentester": _PENTEST,
    "bugbounty": _PENTEST,
    "malware": _SECURITY,
    "ransomware": _SECURITY,
    "soc2": f"compliance {_SECURITY} audit",
    "iso27001": f"compliance {_SECURITY} audit",
    "pci": f"compliance {_SECURITY} payment",
    "pii": _PRIVACY,
    "consent": f"{_PRIVACY} legal",
    "cookieconsent": _PRIVACY,
    "dataretention": _PRIVACY,
    "anonymize": _PRIVACY,
    "anonymization": _PRIVACY,
    "pseudonymization": _PRIVACY,
    "erasure": _PRIVACY,
    "privacypolicy": f"{_PRIVACY} legal",
    "termsofservice": _LEGAL,
    "eula": _LEGAL,
    "gpl": _LEGAL,
    "agpl": _LEGAL,
    "lgpl": _LEGAL,
    "copyleft": _LEGAL,
    "dmca": _LEGAL,
    # checks and bug reports
    "stub": f"{_TESTS} mock",
    "stubs": f"{_TESTS} mock",
    "tester": _TESTS,
    "testers": _TESTS,
    "intermittent": f"{_DEBUG} flaky testing",
    "intermittently": f"{_DEBUG} flaky testing",
    "repro": _DEBUG,
    "reproduce": _DEBUG,
    "reproducible": _DEBUG,
    "glitch": _DEBUG,
    "glitchy": _DEBUG,
    "racecondition": "concurrency",
    # code that grew badly
    "techdebt": _REFACTOR,
    "legacy": f"{_REFACTOR} modernization migration",
    "deadcode": _QUALITY,
    "codesmell": _QUALITY,
    "readable": _QUALITY,
    "duplication": _QUALITY,
    "eventsourcing": f"{_ARCH} event cqrs",
    # data and analytics
    "kpi": _BI,
    "kpis": _BI,
    "heatmap": f"{_DATA} ux",
    "attribution": f"{_MARKETING} analytics",
    "ltv": f"{_BI} business revenue",
    "mrr": f"{_BI} business revenue",
    "revenue": f"{_BI} business",
    "ctr": f"analytics conversion {_MARKETING}",
    "clickthrough": f"analytics conversion {_MARKETING}",
    "bouncerate": "analytics conversion seo",
    "dedupe": _ETL,
    "timeseries": f"{_STATS} forecasting database",
    # models and LLMs
    "speechtotext": _SPEECH,
    "tts": _SPEECH,
    "summarise": "llm ai summarization",
    "jailbreak": f"{_LLM} security",
    "structuredoutput": f"{_LLM} json schema",
    "functioncalling": f"{_LLM} tool agent",
    "toolcalling": f"{_LLM} tool agent",
    "contextwindow": f"{_LLM} context token",
    # mobile
    "pushnotification": _PUSH,
    "offline": "offline sync mobile pwa",
    "deeplink": f"{_MOBILE} navigation",
    "deeplinking": f"{_MOBILE} navigation",
    "swipe": f"{_MOBILE} gesture ui",
    "gesture": f"{_MOBILE} ui",
    "gestures": f"{_MOBILE} ui",
    "haptic": _IOS,
    "haptics": _IOS,
    "notch": f"{_MOBILE} layout ui",
    "apk": f"{_ANDROID} build",
    "ipad": f"{_IOS} tablet",
    "smartphone": _MOBILE,
    "ble": f"{_MOBILE} iot bluetooth",
    "nfc": f"{_MOBILE} iot",
    "iap": f"{_MOBILE} payment subscription",
    # product and docs
    "prd": f"{_PM} documentation",
    "backlog": f"{_PM} agile",
    "userstory": f"{_PM} agile story",
    "acceptancecriteria": f"{_PM} testing qa",
    "standup": _AGILE,
    "retrospective": _AGILE,
    "stakeholder": _PM,
    "stakeholders": _PM,
    "prioritize": _PM,
    "prioritization": _PM,
    "releasenotes": f"{_DOCS} changelog release",
    "apidocs": f"api {_DOCS} openapi",
    "faq": f"{_DOCS} support",
    "helpcenter": f"{_DOCS} support customer",
    "diagram": f"{_ARCH} documentation",
    "diagrams": f"{_ARCH} documentation",
    "whitepaper": f"{_DOCS} content",
    "landingpage": f"{_COPY} conversion frontend",
    "advertising": _MARKETING,
    # messaging and devices
    "deadletter": f"{_MESSAGING} retry",
    "sensor": _IOT,
    "sensors": _IOT,
    "ota": f"{_IOT} update",
    # money
    "proration": f"{_PAYMENT} subscription",
    "prorate": f"{_PAYMENT} subscription",
    "dunning": f"{_PAYMENT} subscription",
    # round 90: strong customer authentication, the EU's rule for card payments
    "sca": f"{_PAYMENT} 3ds authentication",
    "currency": f"{_PAYMENT} localization",
    "currencies": f"{_PAYMENT} localization",
    "creditcard": _PAYMENT,
    "freetrial": f"{_PAYMENT} subscription",
    "sku": _ECOMMERCE,
    "storefront": _ECOMMERCE,
    # mail and notifications
    "inbox": _EMAIL,
    "mailer": _EMAIL,
    "sms": "sms messaging notification",
    "transactionalemail": _EMAIL,
    # search, languages, search engines
    "fuzzy": f"{_SEARCH} matching",
    "relevance": f"{_SEARCH} ranking",
    "facets": f"{_SEARCH} filter",
    "faceted": f"{_SEARCH} filter",
    "fulltext": _SEARCH,
    "timezone": f"{_I18N} date time",
    "timezones": f"{_I18N} date time",
    "mojibake": f"{_I18N} encoding text",
    "plural": _I18N,
    "plurals": _I18N,
    "canonical": f"{_SEO} url",
    "metatags": f"{_SEO} html",
    "opengraph": f"{_SEO} social",
    # version control, shells, games, chains
    "bashrc": _SHELL,
    "zshrc": _SHELL,
    "multiplayer": f"{_GAME} networking",
    "leaderboard": _GAME,
    "sprite": f"{_GAME} graphics",
    "nft": _CHAIN,
    "defi": _CHAIN,
    "dapp": _CHAIN,
    # round 17: the joined words of everyday phrases (see _PHRASE_LINES)
    "emptystate": f"{_FRONTEND} ux",
    "blankscreen": f"{_FRONTEND} {_DEBUG}",
    "greyedout": _FRONTEND,
    "sessionpersist": "authentication auth session",
    "passwordreset": f"{_AUTH} email",
    "sociallogin": _SSO,
    "accounttakeover": f"{_SECURITY} authentication",
    "accessrights": _ACCESS,
    "thirdparty": "integration api",
    "pageload": f"{_PERF} frontend vitals",
    "memoryusage": f"memory {_PROFILE}",
    "alertfatigue": _MONITOR,
    "spof": f"{_SRE} infrastructure",
    "worksonmymachine": "environment configuration docker devops",
    "golive": f"{_DEPLOY} release launch",
    "customdomain": f"{_NETWORK} hosting",
    "secretleak": f"{_SECRETS} scanning",
    "securityquestionnaire": f"compliance {_SECURITY} audit",
    "cifailure": f"ci pipeline {_TESTS} flaky",
    "bugreport": f"bug {_TESTS} debug",
    "testplan": _TESTS,
    "activeusers": f"{_PRODUCT} metrics",
    "yoy": _BI,
    "aov": f"{_BI} ecommerce",
    "docchat": _RAG,
    "modeldrift": f"{_MLOPS} monitoring drift",
    "recsys": f"{_ML} recommendation",
    "semanticsearch": f"{_RAG} search",
    "autoclassify": _NLP,
    "quickstart": f"{_DOCS} guide",
    "messageloss": f"{_MESSAGING} delivery",
    # round 67: a graph database named by its kind, or by the query only it answers well
    "graphdb": "graph database neo4j relationships traversal cypher",
    "exactlyonce": f"{_MESSAGING} idempotency",
    "smarthome": _IOT,
    "doublecharge": _PAYMENT,
    "paymentfailure": f"{_PAYMENT} subscription",
    "emaildelivery": _EMAIL,
    "dateformat": _I18N,
    "googleranking": _SEO,
    "cloudbill": _COST,
    "hardtomaintain": _REFACTOR,
    "lowvision": _A11Y,
    # words with an everyday sense too (a canary bird, a running sprint, a bank's fraud,
    # a tax office's VAT) enter only as phrases that name the developer sense
    "canaryrelease": f"{_DEPLOY} release rollout",
    "sprintplanning": _AGILE,
    "frauddetection": f"{_PAYMENT} security risk",
    "suspiciousactivity": f"{_SECURITY} monitoring",
    # a third pass over the checklist: more symptom and business words
    "jittery": f"{_PERF} animation frontend",
    "choppy": f"{_PERF} animation frontend",
    "snappy": _PERF,
    "snappier": _PERF,
    "overlay": _FRONTEND,
    "lightbox": _FRONTEND,
    "scrollbar": _CSS,
    "popover": _FRONTEND,
    "ellipsis": _CSS,
    "unauthorized": f"{_AUTH} authorization api",
    "forbidden": f"{_AUTH} authorization api",
    "blip": f"{_INCIDENT} monitoring",
    "brownout": f"{_INCIDENT} monitoring",
    "compromised": f"{_SECURITY} incident",
    "untested": f"{_TESTS} coverage",
    "okr": f"{_PM} goals",
    "competitor": "competitive analysis market research product",
    "walkthrough": f"{_DOCS} guide",
    "handbook": f"{_DOCS} guide",
    "escrow": _PAYMENT,
    "mailing": _EMAIL,
    "autosuggest": f"{_SEARCH} frontend",
    "pricey": _COST,
    "overprovisioned": _COST,
    "disclaimer": _LEGAL,
    "compliant": _LEGAL,
    "overengineered": f"{_ARCH} {_REFACTOR}",
    "socialmedia": f"{_MARKETING} social",
    "infiniteloop": f"{_DEBUG} performance",
    "redirectloop": f"{_AUTH} {_DEBUG}",
}


# -- round 20: the corpus's niche specialists in everyday words -----------------------------
# The rosters hold specialists a general checklist does not walk (chaos engineering, A/B
# tests, HIPAA, firmware, legacy modernisation, quant finance, HR, sales, support, SEO
# cannibalisation, reverse engineering, ...). Per domain: the everyday, symptom and business
# words people ask with when they do not name the field, mapped to the words those agents'
# descriptions use. Words with a second everyday sense (wallet, portfolio, virus, leads,
# slides, deadline, patient, manual, pitch, reward) enter only as phrases.
_EXPERIMENT = "ab test experiment statistical significance"
_RETENTION = "retention cohort analysis churn"
_GROWTH = "growth loop acquisition viral referral"
_HEALTH = "healthcare hipaa health phi compliance"
_EMBEDDED = "embedded firmware microcontroller hardware"
_LEGACY = "legacy modernization migration refactoring"
_TRADING = "quantitative trading finance backtest portfolio risk"
_FINTECH = "fintech financial payment transaction compliance"
_SUPPORT = "customer support ticket"
_SALES = "sales outreach lead proposal"
_HR = "hr hiring employee onboarding policy"
_WINDOWS = "windows active directory microsoft admin"
_CMS = "cms wordpress content plugin"
_STORE = "app store release mobile deployment"
_BUILD = "build compilation bundle performance"
_REVERSE = "reverse engineering binary analysis"
_MALWARE = "malware analysis security threat"
_THREAT = "threat modeling security risk"
_WORKFLOW = "workflow orchestration durable"
_TRACING = "tracing observability monitoring"
_SLIDES = "presentation slides deck"
_FLOWCHART = "diagram mermaid flowchart documentation"
_PAPERS = "research scientific literature papers"
_MARKET = "market research competitive analysis trend"
_IDEA = "idea validation assumptions market"
_STARTUP = "startup financial model market business"
_STALE_DOCS = "documentation outdated sync"
_AI_WRITING = "ai writing content editing"
_DX = "developer experience dx tooling setup"
_RL = "reinforcement learning reward agent"
_FORECAST = "forecasting time series data science"
_LICENCE = "license licensing legal compliance open source"
_PROMPT = "prompt llm engineering"
_PROJECT = "project management planning schedule"
_AUDIT = "compliance audit controls"
_SOCIAL = "social media twitter api"
_ASSET = "visual asset icon logo design image"

_CUSTOMER_SUCCESS = "customer success retention churn account health"
_CRM = "crm salesforce sales customer"
_DESKTOP = "desktop electron cross platform app"
_CLI = "cli command line tool terminal"
_DESIGN_SYSTEM = "design system component library ui"
_LOOK = "ui design visual ux"
_SCHEMA_CHANGE = "database migration schema version"
_PLATFORM = "platform engineering developer self service"
_MCP = "mcp server tool integration claude"
_WINDOWS_SCRIPT = "powershell windows automation script"
_CONTENT = "content marketing blog seo"
_BA = "business analysis requirements process stakeholder"
_DBA = "database administration backup replication"
_CENTRAL_LOGS = "logging observability monitoring log aggregation"
_API_VERSIONS = "api design versioning compatibility"

_NICHE_ENTRIES: dict[str, str] = {
    # breaking things on purpose; experiments and their numbers
    "chaosdrill": _CHAOS,
    "splittest": _EXPERIMENT,
    "enoughusers": _EXPERIMENT,
    "controlgroup": _EXPERIMENT,
    "realornoise": _EXPERIMENT,
    "comeback": _RETENTION,
    "wordofmouth": _GROWTH,
    "viralloop": _GROWTH,
    "flywheel": _GROWTH,
    # privacy, health and money rules
    "keepdata": "data retention privacy gdpr compliance",
    "eucustomers": "gdpr privacy compliance",
    "rightforgotten": "gdpr privacy erasure",
    "hospital": _HEALTH,
    "hospitals": _HEALTH,
    "clinic": _HEALTH,
    "clinics": _HEALTH,
    "patientdata": _HEALTH,
    "medicalbilling": f"{_HEALTH} billing coding revenue",
    "carddata": f"pci compliance {_SECURITY} payment",
    "auditprep": _AUDIT,
    # small devices
    "randomreboot": f"{_EMBEDDED} debugging",
    "hangsafter": f"{_EMBEDDED} debugging memory",
    "batterypowered": f"{_EMBEDDED} power iot",
    "smartthermostat": _IOT,
    "devicefleet": f"{_IOT} device management",
    # old systems
    "mainframe": _LEGACY,
    "cobol": _LEGACY,
    "antiquated": _LEGACY,
    "norewrite": _LEGACY,
    # money markets and banks
    "tradingbot": _TRADING,
    "stockprices": _TRADING,
    "stoploss": "risk management position limits hedging portfolio",
    "investmentportfolio": _TRADING,
    "forex": _TRADING,
    "paymentreconcile": _FINTECH,
    "banktransfer": _FINTECH,
    "kycaml": f"{_FINTECH} kyc",
    # games and chains
    "npc": _GAME,
    "npcs": _GAME,
    "hitbox": _GAME,
    "respawn": _GAME,
    "gamelevel": _GAME,
    "cryptowallet": _CHAIN,
    "gasfees": _CHAIN,
    "cryptocurrency": _CHAIN,
    # people, customers, sales
    "helpdesk": _SUPPORT,
    "supporttickets": _SUPPORT,
    "cannedreplies": _SUPPORT,
    "coldemail": _SALES,
    "salesleads": _SALES,
    "salesdemo": "sales engineer proof concept demo",
    "jobposting": _HR,
    "payroll": f"{_HR} payroll",
    "layoffs": _HR,
    "timeoff": f"{_HR} pto leave",
    "performancereview": f"{_HR} performance review",
    # office IT, CMS, stores, builds
    "sharedmailbox": _WINDOWS,
    "officeaccounts": _WINDOWS,
    "noncoders": _CMS,
    "storerelease": _STORE,
    "slowbuild": _BUILD,
    "compiletime": _BUILD,
    # looking inside binaries, attackers
    "nosource": _REVERSE,
    "obfuscated": _REVERSE,
    "decompile": _REVERSE,
    "suspiciousfile": _MALWARE,
    "trojan": _MALWARE,
    "keylogger": _MALWARE,
    "spyware": _MALWARE,
    "attackerview": _THREAT,
    # long jobs, tracing
    "longrunning": _WORKFLOW,
    "whereslow": _TRACING,
    # documents for people
    "slidedeck": _SLIDES,
    "flowchart": _FLOWCHART,
    "flowcharts": _FLOWCHART,
    "researchpapers": _PAPERS,
    "sizemarket": _MARKET,
    "ideacheck": _IDEA,
    "fundraising": _STARTUP,
    "burnrate": _STARTUP,
    "staledocs": _STALE_DOCS,
    "soundsai": _AI_WRITING,
    "devsetup": _DX,
    "trialanderror": _RL,
    "salesforecast": _FORECAST,
    "commercialuse": _LICENCE,
    "botwrong": f"{_PROMPT} hallucination",
    "missingdeadlines": _PROJECT,
    "tweets": _SOCIAL,
    "tweet": _SOCIAL,
    "logo": _ASSET,
    "logos": _ASSET,
    "appicon": _ASSET,
    # a second pass: the roster areas round 17 named only by their domain words
    "upsell": f"{_CUSTOMER_SUCCESS} sales",
    "crm": _CRM,
    "wifi": _NETWORK,
    "gitmess": _GIT,
    "liveupdates": _REALTIME,
    "jobsbacklog": _QUEUE,
    "spamfolder": _EMAIL,
    "desktopapp": _DESKTOP,
    "clitool": _CLI,
    "designsystem": _DESIGN_SYSTEM,
    "userinterviews": _UX,
    "lookdated": _LOOK,
    "onlinestore": _ECOMMERCE,
    "schemachange": _SCHEMA_CHANGE,
    "nightlyimport": _ETL,
    "modelprod": _MLOPS,
    "promptfix": f"{_LLM} engineering",
    "translationissue": _I18N,
    "searchbad": f"{_SEARCH} relevance",
    "logsearch": _CENTRAL_LOGS,
    "splitmonolith": "microservices architecture monolith",
    "selfservice": _PLATFORM,
    "claudetools": _MCP,
    "windowsscript": _WINDOWS_SCRIPT,
    "replicationlag": _DBA,
    "customerhealth": _CUSTOMER_SUCCESS,
    "requirementsgather": _BA,
    "contentplan": _CONTENT,
    "duplicatecontent": f"{_SEO} cannibalization keyword",
    "featuredsnippet": f"{_SEO} snippet",
    "apichange": _API_VERSIONS,
    "errorsacross": f"error analysis logs {_DEBUG}",
    "slackbot": "slack bot integration api",
    # a third pass: wshobson's and VoltAgent's remaining specialists
    "testsfirst": "tdd test driven development testing",
    "ownmodel": "fine tuning llm training model",
    "gradeanswers": "evaluation llm judge benchmark",
    "makeimage": "image generation ai",
    "socialposts": "social media publishing content",
    "stepbystep": "tutorial documentation guide",
    "agentsteam": "multi agent orchestration coordination",
    "firstprinciples": "first principles thinking assumptions",
    "gpubox": "gpu ml infrastructure training",
    "systemdiagram": "architecture diagram c4 documentation",
    # a fourth pass: product, docs, devices, mobile reach, tenants, abuse, media
    "whattobuild": _PM,
    "confusingdocs": _DOCS,
    "baremetal": _EMBEDDED,
    "surveyresults": "survey research analysis data",
    "pivottable": "data analysis spreadsheet",
    "bothplatforms": f"{_MOBILE} cross platform",
    "phonecrash": f"{_MOBILE} crash {_DEBUG}",
    "farusers": "cdn edge network latency",
    "videocall": "video streaming webrtc realtime",
    "bigupload": "file upload storage",
    "pertenant": "multi tenant saas architecture database",
    "fakesignups": f"{_SECURITY} fraud bot abuse rate limiting",
    "scrapesite": "scraping crawler data extraction",
    # a fifth pass: capacity, packages, infrastructure by hand, cloud moves, manual QA, IP
    "trafficpeak": "load testing performance capacity scalability",
    "versionclash": _DEPS,
    "clickops": "infrastructure iac terraform",
    "tocloud": "cloud migration architecture",
    "manualqa": "test automation qa testing",
    "copiedcode": "legal intellectual property license",
    "whydropped": "data analysis analytics root cause",
    "predictchurn": f"{_ML} prediction churn data science",
    # a sixth pass: design handoff, copy, model choice, text mining, cascades, internal tools
    "competitorpricing": _MARKET,
    "designtocode": "design implementation ui figma frontend",
    "uxbugs": "ui ux testing usability",
    "textmining": _NLP,
    "pickllm": "llm architecture model selection",
    "cascadefailure": f"{_RESILIENCE} distributed error",
    "internaltool": "tooling developer tools cli",
    "homepagecopy": "landing page copywriting conversion",
    "documentapi": f"api {_DOCS} openapi",
    "finddatasets": "data research dataset",
}

#: Round 20's everyday phrases of the niche domains (``joined: phrase | phrase``, as
#: :data:`_PHRASE_LINES`; read together with it).
_NICHE_PHRASE_LINES = """
chaosdrill: break things on purpose | break it on purpose | fail on purpose
chaosdrill: on purpose in staging
chaosdrill: kill random pods | kill random servers | kill random instances | simulate an outage
chaosdrill: simulate outages | simulate a failure | simulate failures | outage drill
chaosdrill: failure drill
splittest: split test | split tests | split testing | a b test | a b tests | a b testing
splittest: two versions of the page | which variant won | which version won | winning variant
enoughusers: sample size | how many users do we need | enough users to tell
controlgroup: control group | holdout group
realornoise: real or noise | just noise | real or just
realornoise: statistically significant | is the difference real | is the lift real
comeback: stick around | stopped using the app | stop using the app | stopped using our app
comeback: day 7 retention | day 30 retention | week 1 retention
wordofmouth: word of mouth | invite friends | invite a friend | refer a friend | referral loop
viralloop: viral loop | go viral | viral growth | growth loop | product led growth
keepdata: how long can we keep | how long may we keep | how long should we keep
keepdata: how long to keep | keep customer data | keep user data | store customer data
keepdata: keep chat logs
eucustomers: eu customers | eu users | european customers | european users | california users
eucustomers: california customers | users in europe | customers in europe
rightforgotten: right to be forgotten | delete everything about | delete all their data
patientdata: patient data | patient records | medical records | health records | health data
patientdata: patient information | patient portal | doctors office | medical app | health app
medicalbilling: medical billing | insurance claims | billing codes | medical codes
carddata: card numbers | card number | store credit cards | card data
auditprep: prepare for an audit | preparing for an audit | audit next month | pass the audit
auditprep: pass an audit | failed the audit | audit findings
randomreboot: reboots randomly | keeps rebooting | random reboots | resets randomly
randomreboot: keeps resetting itself | keeps resetting every
hangsafter: hangs after a few hours | freezes after a few hours | hangs after a while
hangsafter: freezes after a while | stops responding after | locks up after
batterypowered: battery powered | runs on battery | runs on a coin cell | deep sleep
batterypowered: low power mode
smartthermostat: smart thermostat | smart thermostats
devicefleet: fleet of devices | device fleet | thousands of devices | devices in the field
devicefleet: devices go offline | device goes offline | devices drop off
norewrite: without a rewrite | without rewriting | without rewriting everything | old codebase
norewrite: old system | old systems | written in the 90s | decade old
norewrite: years old code | python 2 | still on python 2 | old php | old java | old framework
tradingbot: trading bot | trading strategy | trading strategies | algorithmic trading
tradingbot: algo trading
stockprices: stock prices | stock price | stock market | market data | historical prices
stoploss: stop loss | position size | position sizing | sharpe ratio | max drawdown
investmentportfolio: investment portfolio | stock portfolio | my portfolio of stocks
paymentreconcile: bank reconciliation | payment reconciliation | reconcile payments
paymentreconcile: reconcile transactions
banktransfer: link a bank account | connect bank accounts | bank transfer | bank transfers
banktransfer: wire transfer | money transfer | open banking
kycaml: know your customer | identity verification | anti money laundering | money laundering
gamelevel: level design | game loop | player movement | enemy ai | boss fight
gamelevel: collision detection | jump feels | physics feels | game feel
cryptowallet: crypto wallet | connect wallet | wallet connect | connect a wallet | mint nfts
gasfees: gas fees | gas fee | gas costs | on chain | onchain
supporttickets: support tickets | support ticket | support queue | customer complaints
supporttickets: angry customers | reply to customers | customer inquiries | support inbox
cannedreplies: canned replies | canned responses | macro replies | reply templates
coldemail: cold email | cold emails | cold outreach | follow up emails | follow up email
coldemail: sales email | sales emails | sales pitch | sales script | close the deal
salesleads: sales leads | qualified leads | lead generation | lead nurturing | find leads
salesdemo: demo for a client | demo for a prospect | proof of concept for a client | sales demo
jobposting: job posting | job description | job ad | hiring process | interview questions
jobposting: interview process | offer letter | employee handbook
layoffs: let someone go | fire an employee | firing an employee | termination letter
timeoff: parental leave | sick leave | vacation policy | leave policy
performancereview: performance review | performance reviews | performance improvement plan
sharedmailbox: shared mailbox | shared mailboxes | office 365 | microsoft 365 | group policy
officeaccounts: new employee accounts | office laptops | domain controller | active directory
noncoders: without a developer | non technical editors | content editors | edit the site myself
noncoders: update the website myself | our marketing team edits
storerelease: submit to the app store | submit the app | publish the app | release the app
storerelease: store listing | app store listing | play store listing | release to the store
slowbuild: slow builds | build takes | builds take | build is slow | builds are slow
slowbuild: build times | build time | slow compile | slow compilation
compiletime: compile time | compile times | compilation time | takes long to compile
nosource: without source code | lost the source | no source code | what does this binary
nosource: what this binary does | what does this exe | closed source binary
suspiciousfile: suspicious file | suspicious attachment | suspicious executable | infected file
suspiciousfile: computer virus | infected with | strange process
attackerview: what could an attacker | how could someone attack | how would someone hack
attackerview: how could someone hack | attack surface | ways to attack
longrunning: long running workflow | long running workflows | long running jobs
longrunning: multi step process | resume after a crash | survive restarts | steps that can fail
whereslow: where the time goes | which service is slow | trace a request | follow a request
slidedeck: slide deck | slide decks | pitch deck | presentation slides | powerpoint slides
flowchart: flow chart | sequence diagram | draw a diagram | draw the flow
researchpapers: research papers | scientific papers | published studies | literature review
researchpapers: peer reviewed | academic papers
sizemarket: market size | how big is the market | size the market | market trends
sizemarket: target market | target audience | industry trends
ideacheck: worth building | validate the idea | validate my idea | before we build
ideacheck: go or no go | riskiest assumption
burnrate: burn rate | unit economics | financial projections | revenue projections
staledocs: docs are outdated | docs are out of date | outdated docs | docs out of date
staledocs: docs out of sync | readme is outdated | readme is out of date | docs no longer match
soundsai: sounds like ai | sounds like chatgpt | sounds robotic | less robotic
soundsai: written by ai | sounds like a robot
devsetup: local setup | dev environment | development environment | setting up the project
devsetup: new developers take | onboarding new developers | set up their machine
trialanderror: learns by trial and error | learn by trial and error | learns by itself
trialanderror: self driving | robot arm
salesforecast: sales forecast | forecast sales | predict sales | demand forecast
salesforecast: forecast demand
commercialuse: commercial use | use it commercially | open source license | license compatible
commercialuse: can we use this library | license of this library
botwrong: makes up answers | gives wrong answers
botwrong: answers confidently
missingdeadlines: missed deadline | missed the deadline | missing deadlines | behind schedule
missingdeadlines: over budget | project plan | project timeline | status report
appicon: app icon | app icons | og image | social image | social preview
gitmess: merge conflict | merge conflicts | messed up my branch | undo a commit
gitmess: undo my last commit
gitmess: lost my commits | rewrite history | squash commits | squash my commits
liveupdates: live updates | update without refresh | without refreshing | without reloading
liveupdates: real time updates | updates in real time | live dashboard
jobsbacklog: background jobs | background job | jobs pile up | jobs piling up | queue keeps growing
jobsbacklog: queue backs up | jobs stuck | stuck jobs | consumers fall behind | consumer lag
spamfolder: goes to spam | going to spam | land in spam | lands in spam | landing in spam
spamfolder: marked as spam
spamfolder: spam folder | ends up in spam | end up in spam
desktopapp: desktop app | desktop application | desktop apps | runs on windows and mac
desktopapp: mac and windows app
clitool: command line tool | command line tools | command line app | command line interface
designsystem: design system | component library | consistent buttons | shared components
designsystem: style guide
userinterviews: user interviews | usability test | usability testing | users are confused
userinterviews: users get confused | users cant find
lookdated: looks outdated | looks dated | looks ugly | look nicer | look more modern
lookdated: look more professional | looks amateur
onlinestore: online store | online shop | sell online | sell products online
schemachange: schema changes | schema change | change the schema | track schema changes
schemachange: database changes
nightlyimport: nightly import | nightly export | import csv files | copy data from
nightlyimport: sync data between | move data from | data from one system
modelprod: model in production | serve the model | deploy the model | deploy a model
modelprod: retrain the model | retrain every | model versions
promptfix: ignores instructions | ignores my instructions | doesnt follow instructions
promptfix: better prompt | improve the prompt | write a prompt
translationissue: text overflows | translated text | translated strings | missing translations
translationissue: german text
searchbad: search results are | search doesnt find | search is slow | search returns
logsearch: cant find the logs | logs are everywhere | centralize logs
logsearch: centralized logging
splitmonolith: split the monolith | break up the monolith | separate services | smaller services
selfservice: internal platform | golden path | self service | developer portal | paved road
claudetools: give claude access | connect claude to | claude can use | tool for claude
claudetools: tools for claude
windowsscript: automate windows | windows script | windows servers | windows machines
replicationlag: replication lag | replica lag | backups fail | backup failed | restore from backup
customerhealth: customer health | at risk accounts | accounts at risk | renewal rate
customerhealth: net revenue retention | expansion revenue
requirementsgather: gather requirements | gathering requirements | business requirements
requirementsgather: process map | as is process | current process
contentplan: blog post ideas | content calendar | keyword research | blog posts for
contentplan: content strategy | editorial calendar
duplicatecontent: pages compete | competing pages | same keyword | duplicate content
duplicatecontent: two pages rank
featuredsnippet: featured snippet | featured snippets | answer box | people also ask
apichange: breaking change | breaking changes | api versioning | version the api | old clients
errorsacross: same error in | errors across | error spike | errors spiking | spike in errors
slackbot: slack bot | slash command | slack app | post to slack | message in slack
testsfirst: write the tests first | tests before the code | tests first | red green refactor
ownmodel: fine tune | fine tuning | fine tuned | train it on our data | train on our own data
ownmodel: train on our data | train a model on our
gradeanswers: grade the answers | compare model outputs | judge the outputs | score the responses
gradeanswers: evaluate the model | eval set | evaluation set | which model answers better
makeimage: generate an image | generate images | make a picture | create an illustration
makeimage: hero image | product photos
socialposts: post to linkedin | schedule posts | social posts | posting schedule | post on linkedin
stepbystep: step by step tutorial | step by step guide | hands on tutorial | teach beginners
agentsteam: several agents | multiple agents | agents working together | team of agents
agentsteam: agents talk to each other
firstprinciples: first principles | why do we do it this way | rethink from scratch
gpubox: gpu box | gpu server | our gpus | gpu cluster | out of gpu memory
systemdiagram: architecture diagram | system diagram | diagram of our system | boxes and arrows
whattobuild: what to build next | what should we build | which feature first | feature requests
whattobuild: customer feedback | users keep asking for | what to work on next
confusingdocs: docs are confusing | nobody reads the docs | hard to understand docs
confusingdocs: docs are hard to follow | explain it to new developers
baremetal: bare metal | kb of ram | kb of flash | no operating system | without an os
termsofservice: terms and conditions | cookie policy
surveyresults: survey results | user survey | nps score | net promoter score
pivottable: pivot table | pivot tables | excel formulas | excel formula
bothplatforms: ios and android | android and ios | both platforms | one codebase for
phonecrash: crash reports | crashes on some phones | crashes on older phones | only on android
phonecrash: only on iphone | only on some phones
farusers: users in asia | users in australia | far from the server | slow in europe
farusers: slow for users in
videocall: video streaming | live streaming feature | add video calls | video calls in our app
videocall: add video chat | add screen sharing | video call feature
bigupload: large file uploads | upload big files | resumable uploads
bigupload: big file uploads | upload large files
pertenant: each customer gets | per customer data | separate data per customer
pertenant: tenant isolation | multi tenant | multi tenancy
fakesignups: fake signups | fake accounts | bot signups | spam signups
scrapesite: scrape a website | scrape data | scrape the site | crawl pages | crawl a website
trafficpeak: load test | load testing | how many users can it handle | black friday traffic
trafficpeak: handle the traffic | survive the launch | traffic spike | traffic spikes
versionclash: version conflict | version conflicts | dependency hell | outdated packages
versionclash: conflicting versions | packages are outdated
clickops: click ops | clicked together in the console | set up by hand in the console
clickops: infrastructure as code | created by hand in the console
tocloud: move to the cloud | moving to the cloud | leave our data center | on prem to cloud
tocloud: out of our data center | off our own servers
manualqa: manual testing takes | test everything by hand | nobody tests before | tested by hand
manualqa: click through the app before
copiedcode: copied our code | stole our code | stole our design | copied our app
whydropped: why did sales drop | why did signups drop | why did revenue drop | what drives churn
whydropped: why did conversion drop
predictchurn: predict which customers | predict churn | likely to churn | likely to cancel
competitorpricing: what competitors charge | compare us to competitors | how we compare to
competitorpricing: competitor pricing | competitors pricing
designtocode: from figma to code | implement the figma design | match the figma | pixel perfect
designtocode: matches the mockup | match the mockup | match the design
uxbugs: click through the app and report | find ux bugs | usability issues | ux issues
textmining: sentiment of reviews | positive or negative reviews | extract names from text
textmining: pull names out of | classify support tickets | sentiment analysis
pickllm: which llm should we use | which model should we use | pick a model | choose an llm
pickllm: cheaper model | pick an llm | which llm
cascadefailure: cascading failures | cascading failure | takes down everything
cascadefailure: brings everything down | one service fails
internaltool: internal tool | internal tools | admin tool for our team | code generator
homepagecopy: homepage headline | hero text | hero section | tagline for | value proposition
documentapi: document our api | document the api | swagger docs | document our endpoints
finddatasets: find datasets | find a dataset | public data about | open data about
"""


#: Everyday two- to four-word names of a thing (as request tokens, stopwords kept) -> the one
#: word the table above holds for it: "brute force" is an attack on logins, "many to many" a
#: relation in a schema, "dark mode" a theme, while each word alone says little or another
#: thing (a race, a retention rate, a cookie). ``joined: phrase | phrase`` lines (a joined
#: word may have several lines); a phrase is written as a request's tokens are (log in, sign
#: in: login, signin; n+1 one token), so no phrase is tokenised at import.
_PHRASE_LINES = """
darkmode: dark mode | dark theme | light mode | night mode
bruteforce: brute force | brute forcing | brute forced
manytomany: many to many | one to many | many to one
foreignkey: foreign key | foreign keys
primarykey: primary key | primary keys
softdelete: soft delete | soft deletes | soft deleted | soft deletion
audittrail: audit trail | audit trails | audit log | audit logs
readreplica: read replica | read replicas
connectionpool: connection pool | connection pooling | connection pools
queryplan: query plan | query plans | execution plan
nplusone: n+1 | n plus one
coldstart: cold start | cold starts
webvitals: web vitals | core web vitals
pagespeed: page speed
oncall: on call rotation | on call schedule | on call engineer | on call shift
oncall: am on call | im on call | be on call | was on call | the on call | our on call
oncall: on call
errorbudget: error budget | error budgets
highavailability: high availability
faultinjection: fault injection | failure injection
rca: root cause analysis
postmortem: post mortem | post mortems
healthcheck: health check endpoint | health check fails | health check failing
healthcheck: health checks fail | liveness probe | readiness probe
bluegreen: blue green deploy | blue green deployment | blue green deployments
zerodowntime: zero downtime
featureflag: feature flag | feature flags | feature toggle | feature toggles
loadbalancer: load balancer | load balancers | load balancing
apikey: api key | api keys
envvar: environment variable | environment variables | env var | env vars
sso: single sign on
2fa: two factor | 2 factor
mfa: multi factor
magiclink: magic link | magic links
cookieconsent: cookie consent | cookie banner | cookie banners
dataretention: data retention | retention policy
privacypolicy: privacy policy
termsofservice: terms of service | terms of use
racecondition: race condition | race conditions
techdebt: tech debt | technical debt
deadcode: dead code
codesmell: code smell | code smells
eventsourcing: event sourcing
pushnotification: push notification | push notifications
appstore: app store
playstore: play store | google play
deeplink: deep link | deep links | deep linking
screenreader: screen reader | screen readers
colorcontrast: color contrast | colour contrast
keyboardnavigation: keyboard navigation | keyboard accessible
alttext: alt text
userstory: user story | user stories
acceptancecriteria: acceptance criteria
releasenotes: release notes
apidocs: api docs | api documentation | api reference
helpcenter: help center | help centre | knowledge base article
landingpage: landing page | landing pages
clickthrough: click through | click throughs
bouncerate: bounce rate
dropoff: drop off rate | drop offs
deadletter: dead letter
timeseries: time series
speechtotext: speech to text
tts: text to speech
structuredoutput: structured output | structured outputs
functioncalling: function calling | tool use | tool calling
contextwindow: context window
creditcard: credit card | credit cards
freetrial: free trial | free trials
iap: in app purchase | in app purchases
transactionalemail: transactional email | transactional emails
fulltext: full text search | full text index | full text indexing
metatags: meta tags | meta description
timezone: time zone | time zones
ota: over the air
pwa: progressive web app | service worker | service workers
ssr: server side rendering | server rendering
socialmedia: social media | social network | social networks
infiniteloop: infinite loop | infinite loops | endless loop
redirectloop: redirect loop | login loop | too many redirects
oom: out of memory
canaryrelease: canary release | canary releases | canary deploy | canary deployment
canaryrelease: canary deployments | canary rollout | canary analysis
sprintplanning: sprint planning | sprint review | sprint goal | sprint backlog | this sprint
sprintplanning: next sprint | current sprint | per sprint
frauddetection: fraud detection | fraud prevention | fraudulent orders | fraudulent transactions
frauddetection: fraudulent payments | payment fraud
suspiciousactivity: suspicious activity | suspicious logins | suspicious login | suspicious traffic
suspiciousactivity: suspicious requests
deadlock: dead lock | dead locks
responsive: mobile view | mobile layout | small screens | smaller screens | small screen
cls: layout shift | layout shifts
emptystate: empty state | empty states
blankscreen: blank screen | blank page | white screen | white page
greyedout: greyed out | grayed out
lockout: locked out | lock out
sessionpersist: remember me | stay signin | stay login | keeps logout
passwordreset: password reset | reset password | forgot password | reset link
sociallogin: social login | login with google | signin with google | signin with apple
sociallogin: login with github | signin with github | login with facebook
accounttakeover: account takeover | account takeovers
accessrights: user roles | access rights | access levels | who can edit | who can see
accessrights: who can access | admin only | admins only | role based
ratelimit: rate limit | rate limits | rate limited | rate limiting | too many requests
thirdparty: third party api | third party apis | third party service | third party services
dedupe: duplicate rows | duplicate records | duplicated rows | duplicated records
audittrail: change history | who changed | edit history | version history
restore: accidentally deleted | deleted by accident | deleted by mistake
slow: takes forever | taking forever | takes ages | loads forever | loading forever
pageload: page load | page loads | load time | load times | loading time
memoryusage: memory usage | high memory | memory keeps growing | eats memory
timeout: timed out | times out | timing out
oncall: got paged | getting paged | get paged | paged at | paged me
alertfatigue: alert fatigue | noisy alerts | too many alerts
spof: single point of failure
statuspage: status page
worksonmymachine: works on my machine | works locally | works on my laptop
golive: go live | goes live | went live | going live
customdomain: custom domain | domain name | custom domains
cert: not secure | certificate expired | cert expired
disk: disk space | disk full | out of disk
envvar: env file | env files
secretleak: leaked key | leaked keys | leaked token | leaked tokens | leaked credentials
secretleak: leaked secret | leaked secrets | leaked password | leaked api key
secretleak: exposed credentials | exposed keys | committed secrets | pushed secrets
securityquestionnaire: security questionnaire | security questionnaires
pii: personal data | personal information
erasure: delete my account | delete their account | account deletion | delete user data
cifailure: fail in ci | fails in ci | fails on ci | failing in ci | fail on ci | failing on ci
flaky: randomly fail | randomly fails | sometimes fails | fails sometimes | fail randomly
bugreport: expected behavior | expected behaviour | expected result | actual result
testplan: test plan | test plans | test cases | test scenarios
activeusers: active users | daily active | monthly active | weekly active
yoy: week over week | month over month | year over year
aov: average order value
ltv: lifetime value
mrr: monthly recurring revenue | recurring revenue
docchat: chat with our docs | chat with docs | questions about our docs | chat with pdf
docchat: chat with your docs | answers from our docs | chat with our data
modeldrift: model drift | data drift | concept drift | accuracy dropped | accuracy drops
recsys: similar products | similar items | you might also like | you may also like
semanticsearch: search by meaning | similar documents
autoclassify: auto tag | auto tagging | auto categorize | automatically categorize
autoclassify: automatically tag | categorize tickets | tag tickets
appstore: app review | rejected by apple | apple rejected | app rejected
offline: works offline | without internet | no internet | no connection | bad connection
offline: poor connection | spotty connection | no signal
prd: product spec | feature spec | product requirements | requirements doc
prd: one pager | write requirements | requirements for
graphdb: graph db | graph database | graph databases | friends of friends
quickstart: getting started | quick start
onboarding: first time users | new users | first run
messageloss: messages get lost | lost messages | messages lost | messages dropped
exactlyonce: processed twice | duplicate messages | delivered twice | exactly once
smarthome: smart home
doublecharge: charged twice | double charged | double charge | double charging
paymentfailure: failed payments | payment failed | payment fails | card declined | declined cards
emaildelivery: emails not arriving | not receiving emails | emails not delivered
emaildelivery: email not arriving | emails never arrive | emails dont arrive
fuzzy: typo tolerance | typo tolerant
rtl: right to left
dateformat: date format | date formats | number format | number formats
multilingual: translate the app | translate our app | translate the site | translate our site
googleranking: show up on google | rank on google | ranking on google | rank higher
googleranking: google search results | search engine | search engines
cloudbill: cloud bill | aws bill | aws costs | cloud costs | infra costs | hosting costs
cloudbill: aws invoice | gcp bill | azure bill
hardtomaintain: hard to read | hard to maintain | hard to change | hard to test
hardtomaintain: god class | god object | huge file | huge function | long function
broken: stopped working | stops working | no longer works
keyboardnavigation: tab order | focus order | focus trap | without a mouse
colorblind: color blind | colour blind
lowvision: low vision | blind users | visually impaired
subscription: pay monthly | pay every month | charged monthly | charged every month
subscription: billed monthly | billed every month | monthly plan | yearly plan | annual plan
subscription: cancel anytime | cancel any time | recurring payment | recurring payments
subscription: платити щомісяця | оплата щомісяця | щомісячна оплата | щомісячну оплату
subscription: платили щомісяця | платять щомісяця | оплачувати щомісяця | списувати щомісяця
subscription: скасувати будь коли | відписатись будь коли
productplanning: which features | what features | what to build first
productplanning: які фічі
"""


# -- round 26: the bundled specialists' checklists in everyday words --------------------------
# The five bundled agents (a FastAPI backend, databases, DevOps, a React frontend, LLM/ML) are
# the roster every user meets first. Per agent, the topics of its own description and body
# (every section), and per topic the product, everyday and symptom words and short phrases
# people use for it without the technical term: "only admins should see it" (authorization),
# "move it to the background" (background tasks), "drag the cards" (drag and drop), "the
# spinner never goes away" (loading states), "search by meaning" (semantic search), "sort into
# categories automatically" (classification). Written from the checklists, not from request
# sets. Words with a second everyday sense (reorder: buy again; kanban: a team's process;
# offset, orphaned, restrict, spam) enter only in phrases that name the developer sense; the
# domain words name both the large rosters' fields and the bundled agents' own words.
_B_ACCESS = f"{_ACCESS} role"
_B_OWN_DATA = f"{_ACCESS} role tenant isolation"
_B_BACKGROUND = "background task worker queue async job"
_B_UPLOAD = "file upload storage multipart api"
_B_API_DOCS = "openapi swagger api documentation"
_B_API_INPUT = "validation api input request backend"
_B_API_PAGES = "pagination api list endpoint"
_B_KEYSET = "pagination keyset database query performance"
_B_CORS = "cors api backend http"
_B_BLOCKING = "async concurrency backend performance blocking"
_B_TOKEN_AUTH = "authentication auth session jwt token"
_B_LOADING = "loading state spinner skeleton frontend ui component"
_B_ERROR_UI = "error state message frontend ui component"
_B_DND = "drag drop frontend ui component"
_B_FORM = "form validation input field frontend ui"
_B_UI_STATE = "state management frontend react cache"
_B_UI_LIST = "list table component frontend ui sort filter"
_B_NAV = "routing navigation router frontend react"
_B_STYLE = f"{_CSS} style layout design"
_B_DOUBLE = f"{_FRONTEND} react rerender render"
_B_SCHEMA = f"{_DB_MODEL} table"
_B_BIG_TABLE = "database partitioning performance scaling table index"
_B_SLOW_QUERY = f"{_DB_QUERY} index"
_B_LOST_UPDATE = "transaction locking concurrency database isolation"
_B_UNIQUE = "constraint unique index database schema"
_B_FK = "foreign key constraint database schema relational"
_B_BACKUP = "backup restore database disaster recovery devops"
_B_FAILOVER = "replication failover database high availability"
_B_CONTAINER = "docker container compose devops"
_B_CI = "ci cd pipeline continuous integration devops"
_B_RELEASE = "deployment release production devops"
_B_ROLLBACK = "rollback deployment release devops"
_B_UPTIME = "uptime monitoring alert incident devops"
_B_RESTART = "restart healthcheck container process devops"
_B_METRICS = "monitoring metrics dashboard prometheus grafana"
_B_SCALE_OUT = "autoscaling scaling infrastructure devops"
_B_STAGING = "staging environment deployment devops"
_B_BOT = "chatbot prompt llm ai"
_B_CLUSTER = "clustering ml machine learning"
_B_EXTRACT = "extraction llm structured output json"
_B_SUMMARY = "summarization summary llm ai"
_B_LLM_COST = "cost token llm"
_B_EVAL = "evaluation llm quality"
_B_ANOMALY = "anomaly detection ml machine learning"

_BUNDLED_ENTRIES: dict[str, str] = {
    # backend: who may do what, work moved off the request, files, API docs and errors
    "superuser": _B_ACCESS,
    "superusers": _B_ACCESS,
    "onlyadmins": _B_ACCESS,
    "owndata": _B_OWN_DATA,
    "backgroundtask": _B_BACKGROUND,
    "jobstatus": _B_BACKGROUND,
    "fileupload": _B_UPLOAD,
    "apidescribe": _B_API_DOCS,
    "apiinput": _B_API_INPUT,
    "allatonce": _B_API_PAGES,
    "keysetpaging": _B_KEYSET,
    "crossorigin": _B_CORS,
    "preflight": _B_CORS,
    "blocksserver": _B_BLOCKING,
    "tokenexpiry": _B_TOKEN_AUTH,
    "callbackurl": "webhook api callback",
    "apiclients": "api versioning compatibility backend endpoint",
    # frontend: states of a screen, dragging, forms, lists, navigation, looks, re-renders
    "loadingstate": _B_LOADING,
    "errorui": _B_ERROR_UI,
    "dragdrop": _B_DND,
    "boardview": _B_DND,
    "fielderrors": _B_FORM,
    "doublesubmit": _B_FORM,
    "uistate": _B_UI_STATE,
    # round 88: state kept in the page's address (filters in the url): the page's state,
    # unless the request writes an API path, whose URL it is (PAGE_URL)
    "urlstate": _B_UI_STATE,
    # round 88: an API path (/api/campaigns/512, POST /payments) and a request body's
    # encoding (form-data), read from the raw request: signatures.http_marks
    "apipath": "api endpoint backend route http",
    "bodyencoding": "multipart api endpoint backend http",
    "uitable": _B_UI_LIST,
    "infinitescroll": f"{_B_UI_LIST} scroll pagination",
    "spanav": _B_NAV,
    "clipboard": _FRONTEND,
    "firesdouble": _B_DOUBLE,
    "toastmessage": f"{_FRONTEND} notification",
    "confirmdialog": f"{_FRONTEND} modal dialog",
    # database: where data lives, big tables, slow lookups, concurrent writes, duplicates
    "storewhat": _B_SCHEMA,
    "linktable": _B_SCHEMA,
    "hugetable": _B_BIG_TABLE,
    "slowlookup": _B_SLOW_QUERY,
    "lostupdate": _B_LOST_UPDATE,
    "mustbeunique": _B_UNIQUE,
    "orphanrows": _B_FK,
    "jsoncolumn": "jsonb json database schema",
    "manyqueries": "orm query performance n+1",
    # devops: packaging, pipelines, going live and back, knowing it is down, more servers
    "packageapp": _B_CONTAINER,
    "dockerimage": _B_CONTAINER,
    "cipipeline": _B_CI,
    "putonline": _B_RELEASE,
    "undodeploy": _B_ROLLBACK,
    "sitedown": _B_UPTIME,
    # round 51: an error rate past a threshold is an alert on a metric (an API's or a
    # service's), not the API's code nor a model's accuracy
    "errorratealert": _B_UPTIME,
    "autorestart": _B_RESTART,
    "servermetrics": _B_METRICS,
    "scaleout": _B_SCALE_OUT,
    "dbbackup": _B_BACKUP,
    "dataloss": _B_BACKUP,
    "dbfailover": _B_FAILOVER,
    "failover": _B_FAILOVER,
    "previewenv": _B_STAGING,
    "hardcodedsecret": f"{_SECRETS} devops",
    # LLM/ML: the bot's behaviour, grouping and sorting texts, pulling fields out, costs
    "botbehaviour": _B_BOT,
    "chatassistant": _B_BOT,
    "clustergroup": _B_CLUSTER,
    "extractfields": _B_EXTRACT,
    "tldr": _B_SUMMARY,
    "llmcost": _B_LLM_COST,
    "modeloutput": "llm structured output json schema",
    "anomalydetect": _B_ANOMALY,
    # a second pass over the same checklists: single words with no second everyday sense
    "debounce": f"{_FRONTEND} input performance",
    "datatable": _B_UI_LIST,
    "sse": _REALTIME,
    "realtime": _REALTIME,
    "queue": _B_BACKGROUND,
    "heartbeat": _MONITOR,
    "incident": f"{_INCIDENT} {_MONITOR}",
    "cdn": "cdn caching network static assets devops",
    "ubuntu": "linux server devops",
    "uvicorn": "python asgi server backend deployment",
    "gunicorn": "python wsgi server backend deployment",
    "transcribe": _SPEECH,
    "sentiment": _NLP,
    "multitenant": "multi tenant saas architecture database",
    # a third pass: exports, request shapes, charts, shortcuts, scrolling, rollouts, streams
    "exportfile": "export file download api endpoint",
    "apishape": "api request response schema endpoint",
    "chartui": f"{_FRONTEND} chart visualization",
    "scrollpos": f"{_FRONTEND} scroll",
    "logrotation": "logging disk server devops",
    "rollingdeploy": _B_RELEASE,
    "llmstream": "streaming llm response",
    "vectorstore": _RAG,
    "chunkdocs": f"{_RAG} chunking",
    "llmfallback": "llm provider fallback retry rate limit",
    "promptinjection": f"{_LLM} security injection",
    "fewshot": f"{_LLM} examples",
}

#: Round 26's everyday phrases of the bundled specialists' topics (``joined: phrase | ...``,
#: as :data:`_PHRASE_LINES`; read together with it).
_BUNDLED_PHRASE_LINES = """
onlyadmins: only admins | only admin | only the admin | only administrators | admins only see
onlyadmins: only for admins | admin users only | only the author | only login users
onlyadmins: regular users can | normal users can | any user can
onlyadmins: lock down the endpoint | hide it from users
onlyadmins: roles and permissions | admin panel access | read only access | read only users
onlyadmins: anonymous users | guest users | unauthenticated users | private to each
sse: server sent events
owndata: see other users | see other customers | see other peoples | see other managers
owndata: see other teams | see other companies | see other tenants | see other accounts
owndata: see other employees | see other members | see other clients
owndata: sees other users | sees other customers | sees other managers | sees other teams
owndata: only see their own | see only their own
owndata: someone elses data | other users data | other customers data | other peoples data
owndata: edit other users | delete other users | access other users
backgroundtask: run in background | run in the background | background task
backgroundtask: run it in the background | runs in the background | do it in the background
backgroundtask: process in the background | processed in the background | move it to the background
backgroundtask: background tasks | background processing | move it to a worker
backgroundtask: send it to a queue | put it in a queue | async job | async jobs
backgroundtask: dont make the user wait | without making the user wait | fire and forget
jobstatus: status endpoint | progress endpoint | poll for status | poll the status
jobstatus: task status | progress of the job
fileupload: file attachments
fileupload: avatar upload
apidescribe: swagger ui | openapi spec | openapi schema | swagger page | swagger descriptions
apidescribe: response examples | request examples | example requests | example responses
apidescribe: descriptions and examples | describe the endpoints | descriptions to the api
apiinput: api accepts | endpoint accepts | the server accepts | accepts invalid | accepts empty
apiinput: accepts negative | negative price | negative quantity | invalid data
apiinput: reject invalid | rejects valid
allatonce: returns all rows | returns everything at once | all records at once
allatonce: whole list at once | thousands of items | response is huge
keysetpaging: offset pagination | keyset pagination | cursor pagination | cursor based
keysetpaging: large offset | deep pages | deep pagination | offset is slow | offset limit
crossorigin: cross origin | allowed origins | allow origin | different origin
blocksserver: blocks other requests | blocks all requests | blocks the event loop | event loop
blocksserver: blocks the whole server | freezes the whole server | one slow request
blocksserver: other requests wait | all requests hang | server hangs
tokenexpiry: token expired | token expires | refresh token | refresh tokens
tokenexpiry: logout after
tokenexpiry: session expired | session expires
callbackurl: callback url | calls our server | posts to our server
callbackurl: sends us an event | receive events from
apiclients: old app versions | old mobile app | old clients break | keep the old endpoint
apiclients: deprecate the endpoint | deprecated endpoint | v1 and v2 | new version of the api
loadingstate: spinner never | spinner keeps | spinner stays | infinite spinner
loadingstate: endless spinner | stuck on loading | stuck loading | stuck on the spinner
loadingstate: loading state | loading states | loading indicator | loading spinner | loading bar
loadingstate: loading skeleton | skeleton screen | skeleton screens | skeleton loader
loadingstate: nothing shows while | shows nothing while | blank while loading | while it loads
loadingstate: progress bar | progress indicator | flashes empty
errorui: error state | error states | show an error message | show a friendly error
errorui: error message to the user | user sees nothing
errorui: nothing happens on click
errorui: retry button | try again button
dragdrop: drag and drop | drag n drop | drag drop | by dragging | drag to reorder | drag them
dragdrop: drag it | drag cards | drag the cards | drag the items | drag the rows | drag files
dragdrop: reorder by dragging | move cards between
dragdrop: reorder the cards | reorder cards | reorder tasks | reorder the tasks
dragdrop: reorder the columns | reorder columns | reorder the rows | reorder rows | dropzone
boardview: kanban board | kanban boards | kanban columns | kanban view | kanban style
boardview: trello like | like trello | task board | board view
fielderrors: under the field | next to the field | below the input | under the input
fielderrors: field turns red | highlight the field | inline errors | inline validation
fielderrors: error under the | form validation | validate the form | form errors | form fields
fielderrors: form loses | form resets | form clears | form is cleared
fielderrors: signup form | contact form | checkout form | settings form | multi step form
doublesubmit: submit button | submitting twice | submitted twice | double submit
doublesubmit: double click | clicked twice | disable the button | button is disabled
uistate: on page refresh | page refresh | refresh the page | reload the page | page reload
uistate: after a refresh | after reloading | need to refresh | have to refresh
uistate: until i refresh | until i reload | shows old data | stale data | old data until
uistate: filters reset | filter resets | remember the selected | keep the selected
uistate: prop drilling | global state | shared state | across pages
uitable: column header | column headers | click the header | sortable table | sortable columns
uitable: data grid | show as cards
uitable: sort the table | filter the table | table on the page | list on the page
uitable: table in the ui | show them in a table | show it in a table | search box
infinitescroll: infinite scroll | infinite scrolling | load more button | show more button
infinitescroll: loads more when | scroll to load
spanav: back button | browser back | url changes | url doesnt change
spanav: refresh gives 404 | protected route | protected routes | private route
spanav: private routes | redirect after login | redirects after login | active link
spanav: nav menu
styling: rounded corners | drop shadow | box shadow | text is cut off
styling: font size | line height | extra space between
styling: looks broken on
styling: hover effect | hover state
firesdouble: renders twice | rendered twice | re render | re renders | rerenders twice
firesdouble: fetches twice | fetched twice | request twice | requests twice
firesdouble: every keystroke | each keystroke | on every keystroke | typing lag
firesdouble: two requests instead
toastmessage: toast notification | toast notifications
toastmessage: success message | success toast | error toast | flash message
confirmdialog: confirmation dialog | confirm dialog | confirmation popup | confirm popup
confirmdialog: confirmation modal | click outside | clicking outside | close on escape
confirmdialog: closes on escape | are you sure dialog | are you sure popup
storewhat: how should we model | table structure | data model
storewhat: data modeling | data modelling | database design | db design
storewhat: keep the history of | store the history of | history of changes
storewhat: add a field to | add a new field | new field to | rename a column | rename the column
storewhat: drop a column | drop the column | change the column type | make it nullable
storewhat: to the user model | field to the table | fields to the table
linktable: join table | junction table | linking table | lookup table | link two tables
linktable: belongs to many
hugetable: millions of rows | billions of rows | million rows
hugetable: table grows | table keeps growing | archive old rows | archive old data
hugetable: by month into | old rows
slowlookup: full table scan | seq scan | sequential scan | scans the whole table
slowlookup: search by email is slow | lookup is slow | filtering is slow | sorting is slow
slowlookup: slow when filtering | slow when sorting | count is slow
slowlookup: report query | the query takes | query takes
lostupdate: overwrite each other | overwrites each other | overwriting each other
lostupdate: concurrent edits | simultaneous edits | lost update | lost updates | edit at once
lostupdate: stock goes negative
lostupdate: negative stock
mustbeunique: unique constraint
mustbeunique: duplicate usernames | two users with the same
mustbeunique: two accounts with the same
orphanrows: orphaned rows | orphaned records | orphan rows | orphan records | dangling rows
orphanrows: cascade delete | delete cascade | deleting a user breaks
jsoncolumn: json column | json field | json fields | store json | custom fields
jsoncolumn: arbitrary attributes | flexible attributes | flexible schema
manyqueries: too many queries | hundreds of queries | one query per | a query per
manyqueries: query per row | query per item | queries in a loop | a query for each
packageapp: package the app | run everything with one command | one command to run
packageapp: spin up locally | start everything locally | runs the same everywhere
packageapp: same environment everywhere | local environment with
dockerimage: base image | docker image | container image
dockerimage: slim image
cipipeline: on every push | on every pull request | on every commit | on every pr
cipipeline: block the merge | red build | build is red | pipeline is red
cipipeline: run the tests automatically | tests run automatically
cipipeline: automatic tests | lint on every | build and push
putonline: put it online | put the site online | get it online | get the app online
putonline: host the app | host our app | run it on a server | on a real server
putonline: ship to prod | push to prod | release to production
putonline: publish the site | publish the app online | the new version out
undodeploy: roll back the release | roll back the deploy | roll back the deployment
undodeploy: roll back prod | revert the release | revert the deploy | undo the deploy
undodeploy: undo the release | undo the last deploy | last deploy broke | deploy broke
undodeploy: release broke | previous release | the release broke
sitedown: site is down | site goes down | site went down
sitedown: when the site is down | is the site up | server is down | server went down
sitedown: find out from users
sitedown: find out from customers | before users notice | before customers notice
autorestart: process dies | process keeps crashing | container keeps
autorestart: restart on failure
servermetrics: server metrics | server health | resource usage | cpu and memory
servermetrics: memory and cpu | cpu usage | disk usage | charts of cpu
scaleout: scale out | more instances | more servers
scaleout: add servers | spin up more
scaleout: handle more users | server cant handle | overloaded server | server is overloaded
dbbackup: nightly dump | database dump | dump the database | copy of the database
dbbackup: point in time recovery | database backup | database backups | backup the database
dbbackup: backup of the database | snapshot of the database | restore the database
dataloss: lose all data | lost all data | lost the data | data loss
dataloss: if the server dies | if the disk dies
dbfailover: hot standby | standby database | primary goes down | primary database goes
dbfailover: second copy of the database | database goes down | database is down
previewenv: test environment | separate environment | preview environment | preview deployments
previewenv: copy of production | like production | same as production | staging server
hardcodedsecret: hardcoded password | hardcoded passwords | hardcoded keys | hardcoded secrets
hardcodedsecret: passwords in the code | keys in the code | keys in the repo | keys in git
hardcodedsecret: secrets in git | env file in git | committed the env | password in the repo
botbehaviour: the bot says | bot says | the bot answers | bot answers | bot replies
botbehaviour: chatbot replies | answer only from | answers only about
botbehaviour: tone of the answers
botbehaviour: the ai should | ai should answer | the ai answers
chatassistant: support bot | help bot | assistant on the site
chatassistant: answers customer questions | answer customer questions
docchat: questions about our documents | based on our documents
docchat: from our knowledge base | from our pdfs | over our documents | over our docs
docchat: ask questions about our | our internal docs
semanticsearch: by meaning | not exact words | not just keywords | not by keywords
semanticsearch: beyond keywords | similar questions | similar tickets | similar articles
semanticsearch: find similar | related articles | related posts | more like this
semanticsearch: meaning not | natural language search | search in plain english
semanticsearch: search with natural language
autoclassify: categorize incoming | classify incoming
autoclassify: by category automatically | categories automatically
autoclassify: assign categories | assign a category | auto categorization | auto categorisation
autoclassify: auto categorise | automatically categorise
autoclassify: automatically classify
autoclassify: classify automatically | auto classify | detect the category | guess the category
autoclassify: detect spam | spam detection
autoclassify: detect toxic | flag offensive | moderate comments | content moderation
autoclassify: route tickets | tag them automatically | label them automatically | auto label
autoclassify: detect the language | detect language
clustergroup: by topic automatically | group by topic | group them by topic
clustergroup: group similar | similar ones together
clustergroup: topic modeling | topic modelling
clustergroup: segment customers | customer segments | customer segmentation
clustergroup: by topic | by theme | by themes | by similarity
extractfields: extract data from | extract fields from | extract the fields | pull fields from
extractfields: fields from invoices | data from invoices | data from receipts | from receipts
extractfields: from scanned documents | from pdf files | parse resumes | parse cvs
extractfields: extract names | extract dates | extract amounts
llmcost: openai bill | openai costs | llm bill | llm costs | gpt costs | claude costs
llmcost: token costs | token usage | cost per request | cost per call | too expensive to call
llmcost: spend on openai | spending on openai | ai costs | ai bill
modeloutput: model returns | the model returns | model output | llm output | gpt returns
modeloutput: claude returns | parse the model | parse the llm | the model answers
modeloutput: model answers | model responds | model replies | returns broken json
functioncalling: call our function | call our functions | call our api itself | call tools
functioncalling: call the function itself | calls tools
functioncalling: let the model call | model should call | model calls | ai can call
functioncalling: bot can call | function itself
functioncalling: create tasks itself | book a meeting itself | actions on its own
gradeanswers: answers got worse
gradeanswers: answers got better | test the prompts | prompt tests
gradeanswers: regression tests for the prompt | golden set
gradeanswers: measure quality of
botwrong: invents facts
botwrong: invents answers | invented links | fake sources | fake citations | made up links
anomalydetect: anomaly detection | detect anomalies | unusual patterns | find outliers
anomalydetect: spot anomalies
exportfile: csv export | export to csv | export to excel | download as csv | download as pdf
exportfile: generate a pdf | pdf report | excel export | export the report
apishape: query params | query parameters | path params | request body | response body
apishape: response schema | request schema | response model | response format
chartui: render a chart | chart component
chartui: charts on the dashboard | chart on the page | graph on the page
scrollpos: scroll to top | scroll position | jumps to the top | scrolls to the top
scrollpos: scroll to the top
datepicker: date picker | date range picker | time picker | calendar picker
clipboard: copy to clipboard | copy button
primarykey: auto increment | uuid ids | sequential ids | uuid instead of | uuid primary
logrotation: log rotation | rotate the logs | logs fill the disk | logs fill up the disk
cert: renew the certificate | certificate renewal | renew the cert
rollingdeploy: rolling deploy | rolling update | rolling updates | rolling restart
dockerimage: latest tag
fewshot: few shot | few shot examples
llmstream: token by token | stream the answer | stream the response
llmstream: streaming the answer
contextwindow: context too long | too long for the model | exceeds the context | context limit
contextwindow: max tokens | token limit
vectorstore: vector database | vector db | vector store | vector index | vector search
chunkdocs: chunk size | split documents into | split the documents | split pdfs into
chunkdocs: split the pdf into | chunking strategy
pickllm: switch to claude | switch from openai | switch to gpt | compare gpt and claude
pickllm: move from openai
llmfallback: fallback to another model | when openai is down | openai is down | provider is down
llmfallback: rate limited by openai | openai rate limit | openai rate limits | anthropic rate limit
llmfallback: rate limits from openai | openai returns 429 | claude is overloaded
promptinjection: prompt injection | ignore previous instructions | ignore your instructions
promptinjection: ignore all previous
tldr: tl dr | auto summary | automatic summary
"""


# Round 28: symptoms and requests in the words people use for them, where the English misses
# of the spent sets showed a wording no table held (analysis: bench/RESULTS.md, round 28).
# Each row is written as its class from general knowledge (every common wording of the
# symptom), not as the case: layout chores, content that flashes or goes stale, SQL built
# from strings, code too big to read, moving off a legacy system step by step, a latency
# regression, a training run that diverges, users leaving a flow, search that misses what
# people mean, fields pulled out of free text, records that must be kept, a page size.
_R28_LAYOUT = "css layout styling frontend"
_R28_FLASH = "frontend rendering state ui"
_R28_SQLI = "sql injection security vulnerability"
_R28_SPLIT = "refactoring refactor code quality"
_R28_LEGACY = "legacy modernization migration refactoring"
_R28_REGRESSION = "performance latency regression bottleneck profiling"
_R28_DIVERGE = "training deep learning neural network pytorch"
_R28_FUNNEL = "ux usability funnel conversion analytics"
_R28_MEANING = "semantic search embedding llm"
_R28_EXTRACT = "extraction llm structured output"
_R28_KEEP = "retention compliance database audit"
_R28_PAGING = "pagination api endpoint"
_R28_AUDIT = "audit trail history versioning database table"
_R28_PUSH = "realtime websocket push"

_R28_ENTRIES: dict[str, str] = {
    "csslayout": _R28_LAYOUT,
    "staleflash": _R28_FLASH,
    "sqlfromstrings": _R28_SQLI,
    "splitcode": _R28_SPLIT,
    "stepwisemigration": _R28_LEGACY,
    "latencyregression": _R28_REGRESSION,
    "lossdiverges": _R28_DIVERGE,
    "userdropoff": _R28_FUNNEL,
    "searchmeaning": _R28_MEANING,
    "actionitems": _R28_EXTRACT,
    "keeprecords": _R28_KEEP,
    "pagesize": _R28_PAGING,
    "changehistory": _R28_AUDIT,
    "pushinstead": _R28_PUSH,
}

#: Round 28's phrases (``joined: phrase | ...``, as :data:`_PHRASE_LINES`).
_R28_PHRASE_LINES = """
csslayout: center a div | centre a div | center the div | center it vertically
csslayout: center vertically | vertically center | vertically centered | horizontally center
csslayout: center horizontally | align vertically
csslayout: sticky on scroll | sticky header | sticky navbar | sticky footer | sticky sidebar
csslayout: text overflows | overflows the container | goes off screen
staleflash: flashes for a second | flash of old | flashes the old | shows the old price
staleflash: shows the old value | old value flashes | flicker on load | flickers on load
staleflash: stale data on the page | shows stale data | shows outdated data
sqlfromstrings: concatenates strings into sql | concatenate strings into sql
sqlfromstrings: string concatenation in sql | concatenating user input | user input into sql
sqlfromstrings: builds sql from strings | raw sql with user input | sql built from strings
sqlfromstrings: f string sql | string formatted sql
splitcode: without changing behaviour | without changing behavior | behaviour must stay
splitcode: behavior must stay | behaviour stays the same | behavior stays the same
splitcode: ball of mud | god class | god object | spaghetti code | too long to read
splitcode: line function | line method | line class
stepwisemigration: big bang rewrite | strangler fig | strangler pattern
stepwisemigration: step by step migration | incremental migration | without a rewrite
stepwisemigration: rewrite from scratch
latencyregression: latency doubled | latency tripled | slower since the last release
latencyregression: slower after the release | slower after the last release
latencyregression: slower since the deploy
latencyregression: slower after the deploy | since the last deploy
latencyregression: p95 went | p99 went | p50 went | response time doubled | got slower after
lossdiverges: loss goes nan | loss is nan | loss becomes nan | loss turns nan | nan loss
lossdiverges: loss explodes | loss diverges | exploding gradients | vanishing gradients
lossdiverges: mixed precision | after a few epochs | every few epochs | loss stops going down
userdropoff: drop off at | users drop off | abandon the signup | abandon signup
userdropoff: abandon checkout | abandon the checkout | abandon their cart | conversion funnel
userdropoff: leave at step | quit at step | give up at step
searchmeaning: zero results | get what they mean | understand what they mean
searchmeaning: doesnt find synonyms | matches only exact words
searchmeaning: only exact matches | exact keyword match | keyword search misses
actionitems: action items | pulled out automatically
actionitems: key points from | due dates from | owners and due dates
keeprecords: legally required to keep | must not be deleted
keeprecords: disappear from their history | vanish from the history
pagesize: items per page | results per page | page size param | page size parameter
pagesize: page size query
pagesize: next page of results | limit and offset
changehistory: keep a history of | history of every change | track every change
changehistory: previous versions of the record
pushinstead: typing indicator | is typing indicator | page polls every | polls the server every
pushinstead: polls every few seconds | polling every
pushinstead: instant message delivery | push it to the browser | push updates to the client
toastmessage: show a toast | shows a toast | toast message | toast messages | snackbar message
keepdata: are we allowed to keep | allowed to keep their | how long we can keep
keepdata: how long can we store | how long we can store | keep their chat logs
"""


# Round 31: two-to-four-word technical names, which a request otherwise reads by their words
# one by one, the first of them often an everyday word ("machine" of machine learning, "state"
# of state management, "message" of message queue). Walked from general knowledge per field
# (not from the misses), each mapped to the words rosters' descriptions use for the field.
_R31_ML = "ml machine learning model training ai"
_R31_LLM = "llm ai prompt language model"
_R31_STATE = "state management redux store frontend"
_R31_NEXT = "nextjs next react server rendering"
_R31_QUEUE = "messaging queue event broker kafka rabbitmq"
_R31_JOBS = "queue worker background jobs async"
_R31_ETL = "data pipeline etl engineering warehouse"
_R31_REVIEW = "code review reviewer quality"
_R31_TESTS = "testing test qa coverage"
_R31_LEAK = "memory leak performance profiling debugging"
_R31_ACCESS = "authorization permission access control security rbac"
_R31_GATEWAY = "gateway microservices infrastructure proxy"
_R31_ARCH = "architecture design patterns system design"
_R31_TYPES = "typescript types type checking"
_R31_RESILIENCE = "resilience retry reliability fault tolerance"
_R31_STORAGE = "storage cloud s3 bucket"
_R31_CHARTS = "data visualization chart dashboard"
_R31_CICD = "ci cd pipeline deployment devops"
_R31_WEBSEC = "security vulnerability xss csrf web"
_R31_UXR = "ux usability research user experience"
_R31_ERRORS = "error handling exception"
_R31_MIGRATION = "database migration schema"
_R31_GIT = "git version control"
_R31_DEBT = "refactoring refactor code quality legacy"
_R31_LOAD = "load testing performance benchmark"
_R31_SCRAPE = "scraping crawler data extraction"
_R31_CLI = "cli command line terminal tool"
_R31_SHELL = "bash shell scripting script"
_R31_SPA = "frontend spa react javascript web app"
_R31_PWA = "pwa progressive web app frontend offline"
_R31_PUSH = "push notifications mobile"
_R31_CHAIN = "blockchain smart contract solidity web3"
_R31_GAME = "game development engine unity"
_R31_EMBEDDED = "embedded firmware iot microcontroller"
_R31_TIMESERIES = "timeseries database metrics"
_R31_FULLTEXT = "search indexing elasticsearch full text"
_R31_APIDESIGN = "api design rest endpoint"
_R31_PRODUCT = "product requirements management roadmap"
_R31_AGILE = "agile scrum sprint project management"
_R31_DESIGNSYS = "design system ui component library tokens"
_R31_BALANCE = "load balancing infrastructure networking scaling"
_R31_FLAGS = "feature flag release experiment rollout"
_R31_EVENTS = "event sourcing cqrs architecture event driven"
_R31_CONTAINERS = "docker container kubernetes devops"
_R31_IAC = "infrastructure terraform devops cloud"
_R31_CHAOS = "chaos engineering resilience failure experiments game day"
_R31_PLANNING = "product strategy roadmap prioritize features manager"
_R31_RETENTION = "customer success retention churn health adoption"
_R31_BUILD = "build performance compilation times bundler tooling"

_R31_ENTRIES: dict[str, str] = {
    "mlname": _R31_ML,
    "llmname": _R31_LLM,
    "statemanagement": _R31_STATE,
    "nextrouter": _R31_NEXT,
    "messagequeue": _R31_QUEUE,
    "backgroundjobs": _R31_JOBS,
    "datapipeline": _R31_ETL,
    "codereview": _R31_REVIEW,
    "testkinds": _R31_TESTS,
    "memoryleak": _R31_LEAK,
    "accesscontrol": _R31_ACCESS,
    "apigateway": _R31_GATEWAY,
    "softwarearchitecture": _R31_ARCH,
    "typesafety": _R31_TYPES,
    "faulttolerance": _R31_RESILIENCE,
    "objectstorage": _R31_STORAGE,
    "chartkinds": _R31_CHARTS,
    "cicdname": _R31_CICD,
    "websecurity": _R31_WEBSEC,
    "userresearch": _R31_UXR,
    "errorhandling": _R31_ERRORS,
    "schemamigration": _R31_MIGRATION,
    "versioncontrol": _R31_GIT,
    "techdebt": _R31_DEBT,
    "loadtesting": _R31_LOAD,
    "webscraping": _R31_SCRAPE,
    "commandline": _R31_CLI,
    "shellscript": _R31_SHELL,
    "singlepageapp": _R31_SPA,
    "progressivewebapp": _R31_PWA,
    "pushnotification": _R31_PUSH,
    "smartcontract": _R31_CHAIN,
    "gameengine": _R31_GAME,
    "embeddedsystem": _R31_EMBEDDED,
    "timeseries": _R31_TIMESERIES,
    "fulltextsearch": _R31_FULLTEXT,
    "apidesign": _R31_APIDESIGN,
    "productspec": _R31_PRODUCT,
    "agileprocess": _R31_AGILE,
    "designsystemname": _R31_DESIGNSYS,
    "loadbalancer": _R31_BALANCE,
    "featureflagname": _R31_FLAGS,
    "eventsourcingname": _R31_EVENTS,
    "containername": _R31_CONTAINERS,
    "infraascode": _R31_IAC,
    "chaostesting": _R31_CHAOS,
    "productplanning": _R31_PLANNING,
    "customerretention": _R31_RETENTION,
    "slowbuild": _R31_BUILD,
}

#: Round 31's phrases (``joined: phrase | ...``, as :data:`_PHRASE_LINES`); the Ukrainian rows
#: give the common inflected forms as raw tokens (an apostrophe is dropped: рев'ю is ревю).
_R31_PHRASE_LINES = """
mlname: machine learning | deep learning | reinforcement learning | supervised learning
mlname: unsupervised learning | transfer learning | neural network | neural networks
mlname: neural net | feature engineering
mlname: gradient boosting | random forest | decision tree | training data | training set
llmname: large language model | large language models | language model | language models
llmname: system prompt | prompt engineering | chat completion | chat completions
statemanagement: state management | global state | app state | application state
statemanagement: state manager | state store | shared state | state container
nextrouter: app router | pages router | server component | server components
nextrouter: server action | server actions
messagequeue: message queue | message queues | message broker | message brokers
messagequeue: pub sub | event bus | event stream | event streams | event streaming
messagequeue: message bus | queue consumer | queue consumers
backgroundjobs: background job | background jobs | job queue | task queue | cron job
backgroundjobs: cron jobs | scheduled job | scheduled jobs | background worker
backgroundjobs: background workers | background task | background tasks
datapipeline: data pipeline | data pipelines | data ingestion | data lake | data warehouse
datapipeline: data lakehouse | data transformation
codereview: code review | code reviews | review my code | review my pr | review this pr
codereview: review the pr | review this code | review the code | review my pull request
codereview: review this pull request | pull request review | pr review | reviewing code
testkinds: unit test | unit tests | unit testing | integration test | integration tests
testkinds: integration testing | end to end test | end to end tests
testkinds: test coverage | test suite | test suites | test case | test cases | flaky test
testkinds: flaky tests | regression test | regression tests | snapshot test | snapshot tests
memoryleak: memory leak | memory leaks | leaking memory | leaks memory | memory usage grows
memoryleak: memory keeps growing | heap keeps growing | memory grows
accesscontrol: access control | role based access | role based | permission check
accesscontrol: permission checks | user roles | roles and permissions | admin only
apigateway: api gateway | service mesh | reverse proxy | sidecar proxy
softwarearchitecture: system design | software architecture | design pattern
softwarearchitecture: design patterns | clean architecture | hexagonal architecture
softwarearchitecture: dependency injection | domain driven design | bounded context
softwarearchitecture: bounded contexts | architecture decision | monolith to microservices
typesafety: type safety | type safe | type error | type errors | type checking
typesafety: type checker | type definitions | type annotations | type hints
faulttolerance: circuit breaker | circuit breakers | retry logic | exponential backoff
faulttolerance: fault tolerance | fault tolerant | graceful degradation | retry with backoff
objectstorage: object storage | blob storage | storage bucket
chartkinds: bar chart | bar charts | line chart | line charts | pie chart | pie charts
chartkinds: data visualization | data visualisation | scatter plot | heat map
cicdname: continuous integration | continuous delivery | continuous deployment
cicdname: build pipeline | deploy pipeline | deployment pipeline | release pipeline
websecurity: cross site scripting | cross site request forgery | content security policy
websecurity: security headers | session hijacking | clickjacking
userresearch: user research | user interview | user interviews | usability test
userresearch: usability testing | user journey | user journeys | user flow | user flows
userresearch: user experience | user testing | persona | personas
errorhandling: error handling | exception handling | error boundary | error boundaries
errorhandling: unhandled exception | unhandled exceptions | uncaught exception
schemamigration: database migration | database migrations | schema migration
schemamigration: schema migrations | schema change | schema changes | migration script
versioncontrol: version control | merge conflict | merge conflicts | git history
versioncontrol: force push | commit history | branching strategy
techdebt: technical debt | tech debt | legacy code | dead code | code smell | code smells
techdebt: code quality | duplicated code | copy pasted code
loadtesting: load test | load tests | load testing | stress test | stress testing
loadtesting: performance test | performance testing | benchmark suite
webscraping: web scraping | web scraper | scrape a website | scrape the site | crawl a site
commandline: command line | terminal command
shellscript: shell script | shell scripts | bash script | bash scripts | shell scripting
singlepageapp: single page app | single page application | single page applications
progressivewebapp: progressive web app | progressive web apps | installable web app
pushnotification: push notification | push notifications | push message | push messages
smartcontract: smart contract | smart contracts | token contract | nft contract
gameengine: game engine | game loop | game dev | game development | indie game
embeddedsystem: embedded system | embedded systems | embedded device | embedded firmware
timeseries: time series | time series data | time series database
fulltextsearch: full text search | fuzzy search | search index | search ranking
apidesign: api design | api versioning | api contract
productspec: product requirements | product spec | user story | user stories
productspec: acceptance criteria | feature spec | product roadmap | requirements doc
agileprocess: sprint planning | backlog grooming | story points | daily standup
agileprocess: retrospective meeting | scrum master
designsystemname: design system | design tokens | component library | ui kit | style guide
loadbalancer: load balancer | load balancers | load balancing | sticky sessions
featureflagname: feature flag | feature flags | feature toggle | feature toggles
featureflagname: gradual rollout | percentage rollout | kill switch
eventsourcingname: event sourcing | event sourced | event store | event driven
eventsourcingname: event driven architecture
containername: container image | container registry
infraascode: infrastructure as code
codereview: review before merge | review before merging | review this diff | review the diff
codereview: review my diff | look over my pr | look at my pr | check my pr | review my changes
codereview: код ревю | кодревю | ревю коду | ревю мого | ревю цього | зроби ревю | зробити ревю
codereview: глянь мій пр | глянь цей пр | глянь мій pr | глянь цей pr | глянь мій пулреквест
codereview: глянь цей пулреквест | подивись мій пр | подивись цей пр | подивись мій pr
codereview: перевір мій пр | перевір мій pr | перед мерджем | перед мержем
testkinds: юніт тести | юніт тестів | юніт тестами
testkinds: інтеграційні тести | інтеграційних тестів | е2е тести | покриття тестами
testkinds: регресійне тестування | смоук тести | план тестування | автотести | автотестів
darkmode: темна тема | темну тему | темної теми | темний режим | темного режиму | нічний режим
darkmode: нічна тема | нічну тему | нічної теми | нічного режиму | темні теми | темна версія
darkmode: темну версію | нічна версія | нічну версію | темний стиль | темна схема | темну схему
designsystemname: дизайн система | дизайн систему | дизайн системи | дизайн системою
designsystemname: дизайн токени | дизайн токенів | бібліотека компонентів | бібліотеку компонентів
sqlfromstrings: sql інєкції | sql інєкцій | sql інєкцію | sql інєкція
sqlfromstrings: збирається конкатенацією | конкатенацією рядків
cicdname: пайплайн збирання | пайплайн збірки | ci пайплайн | пайплайн деплою
cicdname: безперервна інтеграція | безперервне розгортання
memoryleak: витік памяті | витоки памяті | тече память | їсть всю память | память росте
statemanagement: керування станом | стейт менеджмент | глобальний стан
messagequeue: черга повідомлень | черги повідомлень | брокер повідомлень
loadbalancer: балансувальник навантаження | балансування навантаження
featureflagname: фіче флаг | фіче флаги | фічафлаг | фіча флаги
mlname: нейронна мережа | нейронну мережу | нейромережа | нейромережу
latencyregression: затримка p95 | затримка p99 | p95 подвоїлась | p99 подвоїлась | затримка зросла
datapipeline: etl job | etl jobs | nightly etl | нічний etl | etl пайплайн | конвеєр даних
chaostesting: chaos engineering | chaos monkey | game day | fault injection | kill random pods
chaostesting: kill half the pods | failure injection | хаос інжиніринг | вбивати рандомні поди
chaostesting: вбити половину подів | вбити поди | вбивати поди
productplanning: prioritize features | prioritise features | help me prioritize | what to build next
productplanning: put together a roadmap | roadmap for q1 | roadmap for q2 | roadmap for q3
productplanning: roadmap for q4 | mvp scope | scope the mvp | what goes into the mvp
productplanning: what goes into q1 | what goes into q2 | what goes into q3 | what goes into q4
productplanning: які фічі брати | які фічі робити | що брати в роадмап | роадмап на
productplanning: пріоритизувати фічі | наступний квартал
customerretention: churn risk | at risk of churning | stopped login | stopped using the product
customerretention: keep these customers | retain customers | customer health | account health
customerretention: утримати клієнтів | утримати клієнта | утримати клієнтів у продукті
customerretention: перестали заходити | не заходив у продукт | ризик відтоку | відтік клієнтів
slowbuild: build takes | build is slow | slow build | slow builds | builds take | build time
slowbuild: збірка займає | збірка йде | збірка вебпаком | прискорити збірку | прискор збірку
slowbuild: довго збирається | збірка триває
userdropoff: кидають кошик | кидають реєстрацію | кидає кошик | кидають оформлення
userresearch: переробити флоу | перепроєктувати флоу | юзер флоу | користувацький шлях
userresearch: не можуть знайти | незрозуміло як | заплутане оформлення
"""  # noqa: RUF001 - Ukrainian rows


# Round 35: symptoms and chores worded the way people report them, walked per field from
# general knowledge (tests that fail now and then, pages that should update by themselves,
# a cloud bill that grew, an outage in progress, a breach, a site gone from search, customers
# who stop paying, an idea to check, growth by invitation, alerts that page for nothing,
# baskets, a bot over one's own documents, a first-day setup, a dated look, an agent that
# picks the wrong tool, a slow report, a model that overfits or decays, a study to find, a
# click-through of every screen, EU users' data, a service split or a layering question,
# infrastructure in a general-purpose language). Each row names a field, not a request;
# a row whose joined word an earlier block defines adds wordings to that concept.
_R35_INCIDENT = "incident response outage production oncall"
_R35_BREACH = "security incident breach response forensics"
_R35_SEODROP = "seo search ranking google indexing traffic"
_R35_COHORT = "retention cohort analysis churn data analytics"
_R35_BASKET = "data science analysis association recommendation sales ml model"
_R35_RAGDOCS = "rag retrieval embedding vector llm documents"
_R35_UIPASS = "testing qa ui manual exploratory usability"
_R35_ARCHREVIEW = "architecture architectural review coupling boundaries layering"
_R35_OVERFIT = "ml model machine learning training overfitting"
_R35_IACCODE = "pulumi infrastructure code typescript python"
_R35_FAKETIMERS = "jest vitest mock timers testing"
_R35_SECREVIEW = "security audit vulnerability review"
_R35_MONITORING = "monitoring observability alerting sre metrics"
_R35_CHATBOT = "slack bot chat messaging integration"
_R35_DATAQUALITY = "data quality analytics validation sql pipeline"
_R35_UNDERLOAD = "performance scalability load bottleneck"
_R35_SESSIONS = "authentication auth session jwt token"
_R35_CPU = "performance profiling optimization cpu"
_R35_EMAILOPENS = "email marketing campaign deliverability"

_R35_ENTRIES: dict[str, str] = {
    "incidentnow": _R35_INCIDENT,
    "databreach": _R35_BREACH,
    "seodrop": _R35_SEODROP,
    "cohortchurn": _R35_COHORT,
    "basketanalysis": _R35_BASKET,
    "ragdocs": _R35_RAGDOCS,
    "uitestpass": _R35_UIPASS,
    "archreview": _R35_ARCHREVIEW,
    "overfitmodel": _R35_OVERFIT,
    "iaclanguage": _R35_IACCODE,
    "faketimers": _R35_FAKETIMERS,
    "securityreview": _R35_SECREVIEW,
    "monitoringsetup": _R35_MONITORING,
    "channelbot": _R35_CHATBOT,
    "numbersoff": _R35_DATAQUALITY,
    "underload": _R35_UNDERLOAD,
    "sessionloss": _R35_SESSIONS,
    "cpuspike": _R35_CPU,
    "emailopens": _R35_EMAILOPENS,
}

#: Round 35's phrases (``joined: phrase | ...``, as :data:`_PHRASE_LINES`; the Ukrainian rows
#: as raw tokens, an apostrophe dropped).
_R35_PHRASE_LINES = """
flaky: fails randomly | failing randomly | randomly failing | fails intermittently
flaky: intermittently fails | intermittent failures | intermittent test failures
flaky: passes locally | pass locally | green locally | passes on retry | passes on rerun
flaky: fails only in ci | only fails in ci | fails in ci but | one run in five
flaky: every few runs | every other run | out of 10 runs | out of 5 runs
flaky: падають рандомно | падає рандомно | падає через раз | падають через раз
flaky: раз на 5 прогонів | раз на пять прогонів | раз на десять запусків | раз на 10 запусків
flaky: локально все зелене | локально проходять | локально проходить | тільки в ci
flaky: лише в ci | нестабільні тести | нестабільний тест | флакі тест | флейкі тест
liveupdates: appear live | show up live | update live | updates live | without a refresh
liveupdates: without page reload | without reloading the page | live chat
liveupdates: без перезавантаження | без оновлення сторінки
liveupdates: наживо | живий чат | онлайн чат
cloudbill: cloud spend | aws spend | cost spike
cloudbill: рахунок за aws | рахунок за авс | рахунок за хмару | рахунок за gcp
cloudbill: витрати на хмару | витрати на aws | витрати на авс
incidentnow: what do we do right now | what do we do now | what should we do right now
incidentnow: down for everyone | for everyone since | errors for everyone | site is down
incidentnow: outage right now | everything is down | prod is down | production is down
incidentnow: що робити прямо зараз | що робимо прямо зараз | що нам робити зараз
incidentnow: прод лежить | лежить прод | впав прод | сайт лежить | все лежить
databreach: someone leaked | data leak | data breach | leaked our database | database was leaked
databreach: leaked the database | open to the internet | exposed to the internet
databreach: weird logins | suspicious logins | unauthorized access | we got hacked | were hacked
databreach: злив базу | злили базу | витік даних | витік бази | підозрілі логіни | дивні логіни
databreach: нас зламали | відкрита в інтернет | відкрита для всіх
seodrop: dropped out of google | disappeared from google | fell out of google | lost rankings
seodrop: rankings dropped | organic traffic dropped | traffic from google | deindexed
seodrop: not indexed | not showing up in google | not in google anymore
seodrop: випав з гугла | випали з гугла | зник з гугла | зникли з гугла | просіли позиції
seodrop: органічний трафік | трафік з гугла | не індексується | не індексуються
cohortchurn: stopped paying | cancel their subscription | signup in january
cohortchurn: joined in january | by signup month
cohortchurn: who signup in | that signup in | users who joined in
cohortchurn: перестають платити | перестали платити
cohortchurn: відписуються | скасовують підписку
predictchurn: predict which users | which users cancel | which users will cancel | who will churn
predictchurn: churn prediction | churn model | хто відпишеться | передбачити відтік
ideacheck: is it worth building | worth doing at all | is the idea any good
ideacheck: are there competitors | does anyone need this
ideacheck: варто взагалі робити | чи варто робити | таких вже | хто вже таке робить
ideacheck: хто вже робить | чи має це сенс | чи це взагалі має сенс | має сенс взагалі
viralloop: invite their colleagues | invite colleagues | invite teammates | invite their friends
viralloop: referral program | referral loop | word of mouth | grow by itself | grows on its own
viralloop: запрошували колег | запрошувати колег | запросити колег | запрошували друзів
viralloop: реферальна програма | реферальну програму | ріс сам | росте сам | сарафанне радіо
alertfatigue: alert fires every | alert keeps firing | flapping alert | alert flaps
alertfatigue: stop getting paged | paged every night
alertfatigue: false alarms | false alerts | алерт спрацьовує | алерти спрацьовують
alertfatigue: хибні алерти | забагато алертів | будять вночі | будить вночі
basketanalysis: bought together | frequently bought together | buy together | market basket
basketanalysis: купують разом | купують разом з | беруть разом
ragdocs: answers from our docs | answers from internal documents | answer questions about our docs
ragdocs: chat with our docs | over our documents | links to the sources | cites its sources
ragdocs: knowledge base bot | відповідає по документах | відповідає по внутрішніх
ragdocs: по внутрішніх документах | посилання на джерела | з посиланнями на джерела | по базі знань
devsetup: takes days to set up | set up the project locally | new person asks
devsetup: піднімає проект локально | підняти проект локально | запустити проект локально
devsetup: новий розробник | новим розробникам | новому розробнику
lookdated: looks like 2005 | looks like 2010 | looks like 2012 | modern look | fresh look
lookdated: colors and fonts | fonts and colors | colours and fonts | fonts and colours
lookdated: кольори шрифти | шрифти і кольори | кольори і шрифти | шрифти та кольори
lookdated: виглядає як сайт з | виглядало сучасно | сучасний вигляд | оновити вигляд
lookdated: застарілий вигляд | виглядає застаріло
promptfix: rewrite the prompt | rewrite the instructions | rewrite the system prompt
promptfix: picks the wrong tool | calls the wrong tool | confuses the tools | confuses tools
promptfix: перепиши інструкції | переписати інструкції | перепиши промпт | переписати промпт
promptfix: плутає інструменти | викликає не той | системний промпт
agentsteam: agents in what order | in what order the agents
agentsteam: кілька агентів | декілька агентів
slowlookup: report takes a minute | report loads for | report is slow | dashboard loads for
slowlookup: звіт вантажиться | звіт грузиться | звіт відкривається | вантажиться хвилину
slowlookup: грузиться хвилину | завантажується хвилину
overfitmodel: overfitting | overfits | overfit | underfitting | перенавчається
overfitmodel: перенавчилась | перенавчилася | недонавчається
modeldrift: retrain every | automatic retraining
modeldrift: retraining pipeline | модель гіршає
modeldrift: автоматичне перенавчання | перенавчання щотижня | перенавчати щотижня
researchpapers: find studies | find research on | meta analysis
researchpapers: systematic review | знайди дослідження | наукові статті
researchpapers: наукових статей | огляд літератури
uitestpass: click through every | click through all | go through every screen
uitestpass: every button works | each button works | check every button | smoke test the ui
uitestpass: пройдись по всіх | пройтись по всіх | кожна кнопка | кожну кнопку | прокликай
uitestpass: проклікай | проклацай
dataretention: how long can we keep | how long can we store | скільки можна зберігати
dataretention: скільки можна це зберігати | скільки зберігати
cookieconsent: do we need consent | need their consent | users from the eu | eu users
cookieconsent: european users | з євросоюзу | з єс | згода на обробку | потрібна згода
cookieconsent: якась згода
staledocs: readme застарів | readme застаріло | застарілий readme
postmortem: blameless postmortem | incident review | incident report | incident timeline
postmortem: write up the incident | постмортем | розбір інциденту
postmortem: звіт про інцидент
splitmonolith: monolith into services | monolith into microservices | break the monolith
splitmonolith: split our monolith | out of the monolith
splitmonolith: service boundaries | microservice boundaries | separate service or
splitmonolith: its own service | моноліт на сервіси | моноліт на мікросервіси
splitmonolith: розпиляти моноліт | розбити моноліт | розділити моноліт
splitmonolith: окремий сервіс чи | винести в окремий сервіс | виділити в окремий сервіс
archreview: architecturally | architecturally sound | is that ok architecturally
archreview: architecture review | review the architecture | layering violation
archreview: layered architecture | another services database | another services tables
archreview: another services db | shared database between services | шарову архітектуру
archreview: шарова архітектура | шаровій архітектурі | порушує архітектуру | ламає архітектуру
archreview: огляд архітектури | ревю архітектури
iaclanguage: infrastructure in typescript | infrastructure in python | infra in typescript
iaclanguage: instead of hcl | not in hcl | rather than hcl | а не на hcl | замість hcl
iaclanguage: інфраструктуру на тайпскрипті | інфраструктуру на typescript
codereview: what would you improve | is this code ok | is the code ok | any red flags in
codereview: чи нормально написано | що б ти покращив | що можна покращити | подивись цей модуль
codereview: подивись цей код | глянь цей код | глянь пр | глянь pr | подивись пр
securityreview: security review | review for security | audit the security | глянь на безпеку
securityreview: пр на безпеку | код на безпеку | перевір безпеку | аудит безпеки
cipipeline: build and deploy | build test and deploy | test build and deploy | білд і деплой
cipipeline: білд та деплой | збірка і деплой | збірка та деплой | тести білд
monitoringsetup: monitoring and alerting | monitoring and alerts | alerts and monitoring
monitoringsetup: моніторинг і алерти | моніторинг та алерти | моніторинг і алертинг
monitoringsetup: алерти і моніторинг
channelbot: bot that posts | bot posts to | bot which posts | posts to the channel
channelbot: post to the channel | posts to a channel | post to a channel | post a message to
channelbot: posts a message to | notify the channel | бот що постить | бот який постить
channelbot: бот що пише в | постить в канал | пише в канал
datapipeline: arrive late | late arriving | late arriving data | arriving late | schema drift
splittest: variant a | variant b | variant c | ship it or | is it noise | or is it noise
splittest: контрольна група | тестова група | контроль vs
splittest: чи це шум | статистично значуще | статистично значимий | статистично значима
numbersoff: numbers dont match | numbers do not match
numbersoff: numbers are off | metrics disagree | duplicates in the report | duplicate rows in
numbersoff: counted twice | цифри не сходяться | не сходяться цифри | дані не сходяться
numbersoff: дублі в звіті
cls: page jumps | content jumps | jumps while loading | layout jumps | сторінка стрибає
cls: контент стрибає
underload: time out under load | times out under load | falls over under load
underload: breaks under load
slow: seconds to load | seconds to open | page load time | довго вантажиться | секунд вантажиться
sessionloss: logout randomly | get logout | keeps logout | session expires
sessionloss: sessions expire | викидає з акаунта | розлогінює | викидає з акаунту
cpuspike: cpu spikes | cpu spike | cpu at 100 | high cpu | cpu usage spikes
cpuspike: навантаження на процесор | процесор на 100
emailopens: open rate | open rates | click rate | nobody opens our | unsubscribe rate
emailopens: відкривають листи | ніхто не відкриває
faketimers: fake timers | фейкові таймери | фейкових таймерів | фейковими таймерами
embeddedsystem: фрі ртос | фріртос | есп32 | есп 32 | ардуіно | ардуїно | стм32
homepagecopy: text for the homepage | copy for the homepage | homepage copy | landing page copy
homepagecopy: rewrite the headline | the headline and the button | текст для головної
homepagecopy: текст для лендінгу | перепишіть заголовок | перепиши заголовок
homepagecopy: заголовок і кнопку
productplanning: feature ideas | into the roadmap | on the roadmap
datapipeline: вивантаження з crm | вивантаження в сховище
datapipeline: вивантаження у сховище
"""  # noqa: RUF001 - Ukrainian rows


# Round 36: the bundled specialists' fields in the words of the people who report to them
# (product managers, QA, support, on-call, juniors, founders), English and Ukrainian (literary
# and surzhyk): a product effect with no technical term in it. Walked per agent from general
# knowledge: backend (a message, a charge or an order that happens twice; an upload that dies;
# old app versions; API docs; someone else's records by a changed id; a file built on the
# server), database (who liked what, records hidden but kept, numbers counted twice, a table
# that grew), DevOps (a place to preview before release, a site down unnoticed, a manual
# release, a full disk), frontend (the types and the card a new field shows on), LLM (a text
# too long for the model, search by synonyms, sorting by what people wrote). Each row names a
# field; the domain words are the bundled descriptions' own terms and the large rosters'.
_R36_TWICE = "idempotency retry duplicate api backend webhook"
_R36_UPLOAD = "file upload multipart timeout request size api backend"
_R36_CONTEXT = "context window chunking llm prompt tokens"
_R36_CLASSIFY = "classification text llm ml categories"
_R36_UICARD = "frontend ui component card typescript"
_R36_MANUALDEPLOY = "ci cd pipeline deployment devops automation"
_R36_DISK = "disk server monitoring devops infrastructure"
_R36_SOFTDELETE = "soft delete database schema column archive"
_R36_GROWTH = "database table partitioning archive storage"

_R36_ENTRIES: dict[str, str] = {
    "happenstwice": _R36_TWICE,
    "uploaddies": _R36_UPLOAD,
    "toolongformodel": _R36_CONTEXT,
    "sortbytext": _R36_CLASSIFY,
    "uicard": _R36_UICARD,
    "manualdeploy": _R36_MANUALDEPLOY,
    "diskfull": _R36_DISK,
    "staledeploy": "deployment release cache cdn devops",
    "httpstatus": "http status codes exception handlers api backend",
    "peakload": _B_SCALE_OUT,
    "domainmove": "domain dns hosting server devops",
    "botmemory": "context window llm chatbot conversation memory",
    "hiddenbutkept": _R36_SOFTDELETE,
    "dbgrows": _R36_GROWTH,
}

#: Round 36's phrases (``joined: phrase | ...``, as :data:`_PHRASE_LINES`; the Ukrainian rows
#: as raw tokens, an apostrophe dropped); a row whose joined word an earlier block defines
#: (apiclients, apidescribe, previewenv, owndata, linktable, searchmeaning, sitedown, numbersoff)
#: adds wordings to that concept.
_R36_PHRASE_LINES = """
happenstwice: charged twice | created twice | processed twice | saved twice
happenstwice: order twice | confirmation email twice | confirmation twice
happenstwice: duplicate orders | duplicate payments
happenstwice: duplicate charges | duplicate emails | double charge | double charged
happenstwice: double payment | double booking | retries the callback | retries the webhook
happenstwice: retried request | same request twice | request is retried | on retry
happenstwice: двічі прийшов | прийшов двічі | приходить двічі | приходять двічі | прийшло двічі
happenstwice: надсилається двічі | відправляється двічі | відправився двічі | списало двічі
happenstwice: списали двічі | списує двічі | створюється два | створюються два
happenstwice: дублюються замовлення | дублюються платежі | дублюються листи
happenstwice: дубль замовлення | дублі замовлень | дважди пришло
uploaddies: big uploads | large uploads | big video uploads | large video uploads | upload dies
uploaddies: upload fails after | uploads fail after | upload times out | uploads time out
uploaddies: upload in parts | upload in chunks | chunked upload | chunked uploads
uploaddies: request entity too large | payload too large | file size limit | max upload size
uploaddies: upload limit | upload a big file | upload a large file | uploading a big file
uploaddies: uploading a large file | uploading large files | uploading big files
uploaddies: великі файли не | великих файлів | великий файл | великі відео | великих відео
uploaddies: заливка файлів | заливці файлу | заливка відео | аплоад великих | аплоад файлів
uploaddies: завантаження великих | завантаженні великих | ліміт на розмір файлу
uploaddies: обривається через | відвалюється через | падає через 30 | падає через пів
apiclients: old mobile clients | older mobile clients | old app clients | older app versions
apiclients: old versions of the app | older versions of the app | still call v1 | still on v1
apiclients: without breaking them | without breaking old | break old clients | breaking old
apiclients: старі мобільні клієнти | старих мобільних клієнтів | старі версії застосунку
apiclients: старі версії мобільного | старі версії апки | старих версій застосунку
apiclients: старі клієнти | старих клієнтів | ходять на v1 | сидять на v1 | v2 апі | v2 апішки
apiclients: v2 api | нову версію апі | нову версію api | версію апі | версіонування апі
apidescribe: api docs | api documentation | docs for our api | docs for the api
apidescribe: documentation for the api | documentation for our api | api reference
apidescribe: документація api | документацію api | документація апі | документацію апі
apidescribe: документацію до апі | документацію до api | прикладами запитів | приклади запитів
apidescribe: сваггер | свагер | опенапі
owndata: change the id in the url | changing the id in the url | other peoples orders
owndata: other users orders | someone elses orders | чужі замовлення | чужі дані
owndata: чужі проєкти | чужі проекти | чужі рахунки | інший айді | інший id | чужий айді
previewenv: preview features | preview the features | preview new features | test server
previewenv: demo server | demo environment | sandbox environment | before we go live
previewenv: click around before | try it before release | preview before release
previewenv: тестовий стенд | тестовий сервер | тестове середовище | окреме середовище
previewenv: демо стенд | демо сервер | стейджинг | стейдж | препрод | передпрод
previewenv: дивиться фічі | подивитись фічі | глянути фічі
sitedown: down all night | down overnight | was down for hours | nobody noticed
sitedown: лежав всю ніч | лежав цілу ніч | лежить сайт | сайт лежав | сайт лежить
sitedown: ніхто не помітив | впав сайт | сайт впав | сервер лежав | сервер ліг
manualdeploy: copies files to the server | copy files to the server | deploy by hand
manualdeploy: deploys by hand | deployed by hand | deploy manually | manual deploy
manualdeploy: manual deploys | manual release | manual releases | by hand every release
manualdeploy: merging to main | merge to main | ships automatically | deploys automatically
manualdeploy: deploy automatically | auto deploy | autodeploy
manualdeploy: руками копіює | руками копіюємо | копіює файли на сервер | вручну деплоїмо
manualdeploy: руками деплоїмо | деплой руками | деплоїмо руками | мерж в мейн
manualdeploy: автодеплой | автоматичний деплой | само викочувалось | саме викочувалось
staledeploy: old version after deploy | shows the old version | still the old version
staledeploy: на сайті стара версія | показує стару версію | після деплою стара
diskfull: server disk is full | disk on the server | no space left on device
diskfull: server ran out of disk
diskfull: на сервері закінчилось місце | на сервері закінчилося місце | місце на сервері
diskfull: диск на сервері | диск сервера
uicard: profile card | user card | product card | task card | on the card | the card shows
uicard: ts types | typescript types | types on the frontend | frontend types
uicard: картку профілю | картці профілю | картка профілю | на картці | картку товару
uicard: картці товару | картці задачі | картку задачі | ts типи | тс типи | типи на фронті
linktable: which user liked | who liked which | who liked what | which users liked
linktable: хто який пост | хто що лайкнув | хто лайкнув | які юзери лайкнули
numbersoff: counts some customers twice | counted twice in the report | count twice
numbersoff: суми двоїться | сума двоїться | рахує двічі | двоїться в звіті
hiddenbutkept: hidden but kept | hide but keep | hidden but not deleted | soft delete
hiddenbutkept: mark as deleted | marked as deleted | kept for accounting | keep deleted
hiddenbutkept: не стирати з бази | не видаляти з бази | ховати але не | позначати видаленими
hiddenbutkept: мяке видалення | софт деліт
dbgrows: database is growing | database grows | db is growing | database keeps growing
dbgrows: archive old records | archive old data | move old records | old records out
dbgrows: база росте | база розрослась | база розрослася | архівувати старі | старі записи
toolongformodel: too long for the model | too long for the prompt | does not fit the prompt
toolongformodel: doesnt fit in the prompt | doesnt fit the model | over the token limit
toolongformodel: token limit | context limit | cuts off the end | only the first pages
toolongformodel: only reads the first | too long for gpt | too long for claude
toolongformodel: задовгий для моделі | задовгий для промпту | занадто довгий для моделі
toolongformodel: не влазить у модель | не влазить в модель | не влазить у промпт
toolongformodel: не влазить в промпт | не влазить в контекст | не влазить у контекст
toolongformodel: за контекст | ліміт токенів | обрізає кінець | тільки перші сторінки
searchmeaning: understand synonyms | understands synonyms | search should understand
searchmeaning: search understands | розуміти синоніми | розумів синоніми
searchmeaning: пошук розумів | пошук має розуміти | шукав за змістом
sortbytext: by what people wrote | by what they wrote | based on what they wrote
sortbytext: by what customers wrote | by the text of | sort leads | sort the leads
sortbytext: positive or negative | tag reviews | label reviews | categorize messages
sortbytext: classify messages | classify emails | classify leads | categorize emails
sortbytext: за тим що написали | за тим що люди написали | розсортуй ліди
sortbytext: розсортувати ліди | сортувати ліди | позитивний чи негативний
sortbytext: позитивні чи негативні | класифікуй | класифікувати | категоризувати
happenstwice: receipt twice | receipts twice | twice after paying | два чеки | чек двічі
happenstwice: двічі чек | двічі лист | лист двічі
callbackurl: should tell us when | notify us when a payment | tells us when a payment
callbackurl: payment succeeds | payment went through | повідомляти нас коли | оплата пройшла
crossorigin: browser blocks | blocked by the browser | браузер блокує | блокує запити
liveupdates: appear instantly | show up instantly | other person sees | зявлялись миттєво
liveupdates: зявлялися миттєво | зявляються миттєво | одразу бачив
apiclients: old phones must | keep working on old | must keep working | старі телефони мають
apiclients: мають і далі працювати | щоб старі не зламались | щоб старі не поламались
httpstatus: should be 404 | instead of 404 | should return 404 | should be 400 | should be 409
httpstatus: should be 422 | returns 500 instead | return 500 instead | wrong status code
httpstatus: а треба 404 | має бути 404 | а треба 400 | має бути 400 | а треба 409
httpstatus: повертаємо 500 | повертає 500 | віддає 500 | віддаємо 500 | статус код
mustbeunique: with the same email | the same email | same username | same phone number
mustbeunique: однаковим емейлом | однаковим email | однаковими емейлами | однаковим логіном
mustbeunique: однаковий емейл | однаковий email | дублікати емейлів | дублі емейлів
manyqueries: small queries | tiny queries | дрібних запитів | сотні запитів | запит на кожен
manyqueries: запит на кожну | запит на кожний | сотні запитів до бази
lostupdate: block each other | blocking each other | lock each other | waiting on each other
lostupdate: блокують одне одного | блокують один одного | блокують одна одну
storewhat: price history | where should we keep | where should we store | where to store
storewhat: історію цін | історія цін | де зберігати | де тримати | як зберігати
sitedown: outages from | find out about outages | learn about outages | дізнаємось від клієнтів
sitedown: дізнаємося від клієнтів | дізнаємось від юзерів | про падіння дізнаємось
errorratealert: error rate goes | error rate is above | error rate above | error rate over
errorratealert: error rate exceeds | error rate spikes | error rate jumps | error rate climbs
errorratealert: api error rate | 5xx rate | rate of 5xx | share of 500s | percent of 500s
errorratealert: відсоток помилок | частка помилок | рівень помилок | відсоток 500 | частка 500
errorratealert: помилок більше ніж | 5xx більше | error rate on the api | error rate of the api
errorratealert: error rate on prod | error rate in prod | error rate in production
peakload: black friday | чорну пятницю | чорна пятниця | в чорну пятницю
peakload: falls over when | falls over under | сайт лягає | лягає під навантаженням
peakload: when traffic grows | more servers when | більше серверів коли
hardcodedsecret: api key is in the code | key is in the code | keys are in the code
hardcodedsecret: ключ в коді | ключ у коді | ключ лежить в коді | ключі в коді | ключі в репо
hardcodedsecret: ключ в репо | ключ у репо | винеси в секрети | винеси його в секрети
uitable: filter above | filters above | фільтр над
uitable: фільтри над | фільтр до списку
toolongformodel: does not fit into one request | doesnt fit into one request | into one prompt
toolongformodel: does not fit into the model | не влазить в один | не влазить у один
toolongformodel: не поміщається в модель | не поміщається в промпт | не поміщається в контекст
tldr: коротке резюме | короткий підсумок | резюме кожної | резюме кожного | summarize each
tldr: in three bullet points | in 3 bullet points | короткий переказ
happenstwice: duplicate bookings | duplicate records | billed twice | billed two times
happenstwice: two times for one | resends the request | resend the request
happenstwice: двічі списуються | списуються двічі | двічі за одну | повторно відправляє
happenstwice: повторно надсилає | повторний запит
uploaddies: finish uploading | stuck uploading | upload gets stuck | uploads over
uploaddies: не довантажуються | не довантажується | не заливаються | не заливається
apiclients: app from last year | rename fields | renaming fields | force update
apiclients: minimum app version | перейменування полів | перейменувати поля | торішня версія
owndata: guessing the id | guess the id | чужу адресу | чужий профіль
owndata: чуже замовлення | чужий заказ
apiinput: accepts emails without | accepts any | приймає пусті | приймає невалідні
apiinput: приймає відємні | приймає будь який
backgroundtask: makes the page wait | the page waits | user waits a minute | тримає сторінку
backgroundtask: юзер чекає хвилину | користувач чекає хвилину
storewhat: every version of | version of a document | versions of a document | кожну версію
storewhat: кожна версія | версії документа | історію версій
linktable: in many categories | in several categories | many tags | у багатьох категоріях
linktable: в багатьох категоріях | в кількох категоріях | у кількох категоріях
orphanrows: pointing nowhere | point to nothing | висять ні до кого | ні до кого не привязані
manualdeploy: build by hand | the build by hand | вручну заливає | руками заливає | заливає збірку
peakload: traffic doubled | since the traffic | трафік виріс | трафік подвоївся | трафіку побільшало
diskfull: server memory | memory on the server | running out of memory on | серверу закінчується
diskfull: на сервері закінчується | память на сервері
domainmove: domain does not open | domain doesnt open | new hosting | move to another hosting
domainmove: moved to a new host | домен не відкривається | новий хостинг | переїзду на новий
domainmove: переїхали на новий | інший хостинг
toolongformodel: only sees part | sees only part | hundreds of pages | сотні сторінок
toolongformodel: бачить лише частину | бачить тільки частину | лише частину документа
botmemory: bot forgets | forgets what the customer | forgets earlier | forgets the conversation
botmemory: бот забуває | забуває що клієнт | забуває попередні | забуває розмову
searchmeaning: should also find | має знаходити і | знаходило і
sortbytext: based on their content | based on the content | розкидай за змістом
sortbytext: reviews mention | mention delivery | згадують проблеми | відгуки згадують
storewhat: як це зберігати в базі | how do we store it in the database
storewhat: design the table | design a table | design the tables | design tables
storewhat: design the schema | design a schema | design the database | table for storing
storewhat: tables for storing | schema for storing | спроєктуй таблицю | спроєктуй таблиці
storewhat: спроєктуй схему | спроєктувати таблицю | спроєктувати схему | продумай схему
storewhat: продумай таблиці | таблицю для зберігання | таблиці для зберігання | схему бази
hiddenbutkept: delete users but | delete the user but | but need their | to stay after deleting
hiddenbutkept: видаляємо юзерів але | видалити юзера але | мають лишитись | мають залишитись
apidescribe: documents every endpoint | document every endpoint | document the endpoints
apidescribe: описом усіх ендпоінтів | опис усіх ендпоінтів | описом ендпоінтів | опис ендпоінтів
happenstwice: clicks pay again | taps pay again | друге замовлення
happenstwice: оплатити вдруге | оплатити ще раз | вдруге створюється
manualdeploy: through ftp | via ftp | over ftp | по ftp | через ftp | заливаємо нову версію
manualdeploy: upload the new version
peakload: site dies when | dies under load | site crashes when | сайт падає коли | сайт лягає коли
slowlookup: times slower | got slower this | став повільнішим | у рази повільніше
slowlookup: в рази повільніше
uicard: картку юзера | картку користувача
happenstwice: дубль заказу | дубль замовлення | двічі клікне | двічі клацне
hiddenbutkept: юзерів видаляємо але | щоб бухгалтерія бачила
uicard: тайпінги | карточку юзера | карточку профілю | карточці юзера | карточка юзера
toolongformodel: в контекст не лізе | не лізе в контекст | не лізе в модель | не лізе в промпт
toolongformodel: в контекст не влазить | задовгий док | задовгий документ для
searchmeaning: шукати по смислу | пошук по смислу | шукати за смислом | шукав по смислу
sortbytext: по тому що вони написали | по тому що написали | що вони написали в заявці
tldr: саммарі | самарі
botmemory: бот губить контекст | бот втрачає контекст | loses track of the conversation
"""  # noqa: RUF001 - Ukrainian rows


#: Round 42: Ukrainian wordings of the concepts most requests reach through an English phrase
#: (354 of the 451 joined words had English rows only): the everyday Ukrainian a developer,
#: a product person or a QA engineer writes for them, as raw tokens (apostrophes dropped).
_R42_PHRASE_LINES = """
autoclassify: автоматично розкидати | автоматично розподіляти | автоматично тегувати
autoclassify: автоматично категоризувати | розкидати по категоріях | розкидати по темах
autoclassify: розподіляти по категоріях | проставляти теги | визначати категорію
loadingstate: спінер крутиться | вічний спінер | нескінченний спінер | крутиться спінер
loadingstate: висить на завантаженні | зависає на завантаженні | індикатор завантаження
loadingstate: лоадер крутиться | вічний лоадер
dragdrop: перетягувати картки | перетягнути картку | перетягуванням | перетягувати мишкою
dragdrop: драг н дроп | міняти порядок перетягуванням | перетягувати рядки
uistate: після оновлення сторінки | поки не оновиш | поки не перезавантажиш | тільки після f5
uistate: показує старі дані | старі дані поки | після f5 | натиснути f5 | поки не натиснеш f5
onlyadmins: тільки адміни | лише адміни | тільки адмін | тільки для адмінів | лише для адмінів
onlyadmins: будь який юзер може | будь який користувач може | звичайні юзери можуть
onlyadmins: звичайний користувач може | тільки автор
fielderrors: під полем | біля поля | поле червоним | підсвітити поле | підсвіти поле
fielderrors: помилки під полями | помилка під полем | валідація форми | помилки у формі
csslayout: відцентрувати блок | вирівняти по центру | липкий хедер | зафіксувати хедер
csslayout: закріпити хедер | хедер прилипав
semanticsearch: за змістом | по змісту | за сенсом | по сенсу | не тільки точний збіг
semanticsearch: схожі статті | схожі питання | схожі тікети | знаходити схожі | шукати схожі
functioncalling: виклик функцій | викликати функції | викликати наші функції
functioncalling: щоб модель викликала | модель викликала | бот викликав
docchat: по нашій документації | по наших документах | з нашої документації | з бази знань
docchat: по базі знань | питання по документах | відповідав по документах | по наших пдф
docchat: чат з документами | чат з пдф
gradeanswers: оцінити відповіді | порівняти відповіді моделей | яка модель відповідає краще
gradeanswers: відповіді стали гірші | відповіді погіршились | тести для промптів
gradeanswers: еталонні відповіді
llmcost: рахунок за openai | рахунок від openai | витрати на openai | витрати на токени
llmcost: вартість токенів | рахунок за ллм | рахунок за токени | дорого виходить на токенах
extractfields: витягнути дані з | витягти дані з | витягувати поля з | дані з рахунків
extractfields: дані з чеків | з фото чека | з фото чеків | з відсканованих | розпарсити резюме
putonline: викласти в інтернет | викласти сайт | запустити на сервері | на справжній сервер
putonline: виставити в інтернет | опублікувати сайт | щоб сайт був доступний
undodeploy: відкотити реліз | відкотити деплой | відкотитись на | повернути попередню версію
undodeploy: відкат релізу | відкотити на попередню | відкотити назад
keepdata: скільки можна зберігати | скільки часу зберігати | як довго зберігати
keepdata: зберігати дані клієнтів | зберігати персональні дані | чи можна зберігати
norewrite: без переписування | не переписуючи | стара система | старий моноліт | легасі код
norewrite: на php 5 | на python 2
firesdouble: рендериться двічі | на кожну літеру | на кожне натискання | два запити замість
firesdouble: запит двічі | відправляє двічі | шле двічі
secretleak: злили ключ | ключ злили | витік ключа | закомітили ключ | закомітили секрети
secretleak: ключ в репо | ключ у репо | пароль в репо | пароль у репо | світиться ключ
modeloutput: модель повертає | модель віддає | ллм повертає | гпт повертає | кривий json
modeloutput: битий json | невалідний json | ллмка вертає | модель вертає
spanav: кнопка назад | урл не змінюється | при оновленні 404 | редірект після логіну
spanav: захищені роути | приватні роути
botbehaviour: бот відповідає | бот каже | бот пише | чатбот відповідає | тон відповідей
pickllm: яку модель обрати | яку ллм обрати | яку модель взяти | дешевша модель
pickllm: перейти на claude | перейти з openai | порівняти gpt і claude
backgroundjobs: фонова задача | фонові задачі | у фоні | в фоні | у фон | в фон
backgroundjobs: фоновий воркер | черга задач | за розкладом | по розкладу
dbbackup: бекап бази | дамп бази | бекап бд | відновити базу | відновити бд
dbbackup: резервна копія бази | копія бази
toastmessage: спливаюче повідомлення | повідомлення про успіх | тост повідомлення
confirmdialog: діалог підтвердження | вікно підтвердження | ви впевнені
staleflash: на секунду показує | мигає стара | показує стару ціну | стара ціна мигає
staleflash: блимає при завантаженні
errorui: показати помилку | повідомлення про помилку | юзер нічого не бачить
errorui: нічого не відбувається | кнопка спробувати ще
hugetable: мільйони рядків | мільйон рядків | мільйонів рядків | таблиця росте
hugetable: архівувати старі | старі рядки
accessrights: ролі користувачів | права доступу | рівні доступу | хто може редагувати
accessrights: хто може бачити
doublesubmit: відправляється двічі | подвійний клік | двічі натиснути | натиснули двічі
doublesubmit: заблокувати кнопку
clustergroup: згрупувати по темах | групувати по темах | розбити на групи | схожі разом
clustergroup: сегментувати клієнтів | сегменти клієнтів | сегментація клієнтів | по темах
splitcode: не змінюючи поведінку | без зміни поведінки | поведінка має лишитись
splitcode: спагеті код | розбити на модулі | розбити файл | розбити функцію
chaosdrill: зламати навмисно | навмисно поклавши | вбивати рандомні | симулювати падіння
chaosdrill: симулювати відмову | що буде якщо впаде
lossdiverges: лосс nan | лос nan | лосс росте | лосс вибухає | вибухають градієнти
lossdiverges: градієнти вибухають | лосс не падає | лос не падає
softwarearchitecture: дизайн системи | архітектура системи | патерни проєктування
softwarearchitecture: чиста архітектура | гексагональна архітектура | впровадження залежностей
techdebt: технічний борг | техборг | мертвий код | дубльований код | якість коду
llmfallback: коли openai лежить | openai лежить | openai недоступний | ліміти openai
llmfallback: openai повертає 429 | запасна модель | перемикатись на іншу модель
patientdata: дані пацієнтів | медичні записи | медичні дані | картки пацієнтів
coldemail: холодні листи | холодний лист | продажний лист | скрипт продажів
jobsbacklog: задачі накопичуються | черга росте | черга постійно росте | задачі зависають
jobsbacklog: консюмери не встигають | воркери не встигають
blocksserver: блокує інші запити | блокує event loop | блокує весь сервер | всі запити чекають
blocksserver: один повільний запит | сервер зависає
styling: закруглені кути | заокруглені кути | тінь під | розмір шрифту | висота рядка
styling: текст обрізається | ефект при наведенні | при наведенні
chartkinds: стовпчикова діаграма | кругова діаграма | лінійний графік | теплова карта
chartkinds: візуалізація даних | намалюй графік | побудувати графік
hardtomaintain: важко читати | важко підтримувати | важко змінювати | важко тестувати
hardtomaintain: величезний файл | величезна функція | довга функція
gamelevel: дизайн рівнів | ігровий цикл | рух гравця | зіткнення | фізика гри
botwrong: вигадує відповіді | вигадує факти | дає неправильні відповіді | вигадані посилання
botwrong: галюцинує | галюцинації | фейкові джерела
gitmess: мердж конфлікт | конфлікт при мерджі | конфлікти при мерджі | відкотити коміт
gitmess: скасувати коміт | загубив коміти | сквошнути коміти | переписати історію
spamfolder: падають в спам | потрапляють в спам | йдуть в спам | летять в спам | в папку спам
keysetpaging: пагінація через офсет | курсорна пагінація | великий офсет | офсет повільний
boardview: канбан дошка | канбан дошку | як у трелло | як трелло | дошка задач
scaleout: більше інстансів | більше серверів | додати сервери | сервер не витримує
scaleout: сервер не справляється | більше користувачів
exportfile: експорт в csv | експорт в ексель | вивантажити в csv | завантажити як pdf
exportfile: згенерувати pdf | звіт у pdf | експорт звіту
apishape: параметри запиту | тіло запиту | тіло відповіді | схема відповіді | формат відповіді
pushinstead: індикатор набору | хтось друкує | опитує сервер | поллінг кожні | без перезавантаження
typesafety: типобезпека | помилки типів | перевірка типів | анотації типів | тайп хінти
audittrail: історія змін | хто змінив | журнал змін | аудит лог | журнал дій
sprintplanning: планування спринту | в цьому спринті | наступний спринт
offline: без інтернету | працює офлайн | поганий звязок | немає звязку | без мережі
eucustomers: клієнти з єс | юзери з європи | клієнти з європи | користувачі з європи
supporttickets: тікети підтримки | звернення клієнтів | скарги клієнтів | черга підтримки
jobposting: опис вакансії | вакансію на | питання для співбесіди | процес найму
storerelease: викласти в апстор | викласти в плеймаркет | опублікувати застосунок
storerelease: сторінка в апстор | реліз в стор
missingdeadlines: зриваємо дедлайни | зірвали дедлайн | відстаємо від плану | план проєкту
trafficpeak: навантажувальне тестування | скільки користувачів витримає | чорна пятниця
trafficpeak: сплеск трафіку | пік трафіку | витримати запуск
jsoncolumn: json колонка | json поле | довільні атрибути | кастомні поля | гнучка схема
packageapp: однією командою | запустити все локально | підняти все локально
servermetrics: метрики сервера | навантаження на процесор | використання памяті | cpu і память
accesscontrol: контроль доступу | рольовий доступ | перевірка прав | ролі і права
faulttolerance: повторні спроби | експоненційна затримка | відмовостійкість | ретраї з затримкою
loadtesting: навантажувальний тест | стрестест | тест продуктивності | нагрузочне тестування
productspec: вимоги до продукту | юзерсторі | юзерсторіз | критерії приймання | тз на
primarykey: первинний ключ | автоінкремент | uuid замість
contextwindow: контекстне вікно | контекст не влазить | ліміт токенів | максимум токенів
oncall: графік чергувань | на чергуванні | черговий інженер | будить вночі | будило вночі
llmname: мовна модель | мовні моделі | системний промпт | промпт інжиніринг
canaryrelease: канарковий реліз | канаркові релізи | канарейковий деплой | на частину юзерів
sociallogin: вхід через гугл | входити через гугл | логін через гугл | вхід через епл
sociallogin: вхід через фейсбук | логін через гітхаб | соціальний логін
googleranking: в пошуку гугла | видачі гугла | вище в гуглі | в топ гугла | пошукова видача
comeback: перестали користуватись | кинули користуватись | повертається на другий тиждень
comeback: не повертається | не повертаються | утримання на 7 день
auditprep: підготуватись до аудиту | пройти аудит | аудит наступного місяця | зауваження аудиту
devicefleet: тисячі пристроїв | парк пристроїв | пристрої в полі | пристрої відвалюються
banktransfer: підключити банківський рахунок | банківський переказ | переказ коштів
banktransfer: відкритий банкінг
suspiciousfile: підозрілий файл | підозріле вкладення | заражений файл | дивний процес
longrunning: довгий процес | багатокроковий процес | відновитись після падіння | пережити рестарт
sizemarket: розмір ринку | обєм ринку | наскільки великий ринок | цільова аудиторія | тренди ринку
nightlyimport: нічний імпорт | нічний експорт | імпорт csv | переносити дані з
nightlyimport: синхронізувати дані між
modelprod: модель в продакшн | модель у прод | задеплоїти модель | перенавчати модель
modelprod: версії моделі
ownmodel: дотренувати модель | донавчити модель | навчити на наших даних | тренувати на наших даних
whattobuild: що робити далі | фічреквести | фідбек клієнтів | юзери постійно просять
videocall: відеодзвінки | відеочат | демонстрація екрану | стрімінг відео
designtocode: з фігми в код | по макету | як у фігмі | піксель в піксель | з макетом
tokenexpiry: токен протух | токен протухає | токен закінчився | рефреш токен | сесія закінчилась
tokenexpiry: викидає з акаунту | розлогінює | розлогінило
dbfailover: репліка бази | якщо база впаде | основна база впаде | база лягла | резервна база
stepwisemigration: переписати з нуля | поетапна міграція | поступова міграція | поетапно перейти
pagesize: елементів на сторінку | записів на сторінку | наступна сторінка результатів
pagesize: ліміт і офсет
errorhandling: обробка помилок | обробка винятків | необроблений виняток | необроблені винятки
schemamigration: міграція бази | міграції бази | зміна схеми | скрипт міграції
versioncontrol: історія гіта | форс пуш | стратегія гілок | історія комітів
healthcheck: хелсчек падає | хелсчек | перевірка здоровя | readiness проба | liveness проба
envvar: змінна оточення | змінні оточення | змінні середовища | змінна середовища | env файл
pushnotification: пуш сповіщення | пуш повідомлення | пуші не приходять | пуш не приходить
keyboardnavigation: навігація з клавіатури | без мишки | порядок табуляції | фокус губиться
frauddetection: шахрайські замовлення | шахрайські транзакції | виявлення шахрайства | фрод
cert: сертифікат протух | сертифікат закінчився | оновити сертифікат | не захищено
cifailure: падає в ci | падає на ci | падають в ci | падають на ci | падає в пайплайні
emaildelivery: листи не приходять | лист не приходить | не доходять листи | листи не доходять
realornoise: статистично значуще | чи це реальна різниця | чи це просто шум | просто шум
hangsafter: зависає через кілька годин | зависає через годину | перестає відповідати через
noncoders: без програміста | без розробника | редагувати сайт самим | контент менеджери
attackerview: як можуть зламати | як би зламали | поверхня атаки | вектори атаки
soundsai: звучить як ші | звучить як чатгпт | як робот | написано ші
commercialuse: комерційне використання | відкрита ліцензія | сумісність ліцензій
userinterviews: інтервю з користувачами | юзабіліті тест | юзабіліті тестування | юзери плутаються
userinterviews: не можуть знайти
customerhealth: під ризиком | ризик відтоку | продовження підписки | відсоток продовжень
requirementsgather: зібрати вимоги | збір вимог | бізнес вимоги | поточний процес
contentplan: ідеї для блогу | контент план | контентплан | підбір ключових слів
makeimage: згенерувати картинку | згенеруй картинку | намалювати ілюстрацію | фото товарів
phonecrash: падає на деяких телефонах | крашиться на андроїді | крашиться на айфоні
phonecrash: тільки на андроїді | тільки на айфоні | на старих телефонах
pertenant: кожен клієнт має | дані кожного клієнта | ізоляція тенантів | мультитенантність
versionclash: конфлікт версій | конфлікти версій | застарілі пакети | пекло залежностей
tocloud: переїхати в хмару | переїзд в хмару | з власних серверів | зі свого дата центру
textmining: тональність відгуків | позитивні чи негативні | аналіз тональності | витягнути імена
nosource: загубили вихідники | що робить цей бінарник
jobstatus: статус задачі | прогрес задачі | глянути статус | перевіряти статус | ендпоінт статусу
allatonce: повертає всі рядки | віддає все одразу | всі записи одразу | відповідь величезна
infinitescroll: нескінченний скрол | нескінченна прокрутка | кнопка показати ще
infinitescroll: підвантажувати при скролі
dataloss: втратити всі дані | втратили дані | втрата даних | якщо сервер помре | якщо диск помре
chunkdocs: розмір чанка | розбити документи на | порізати документи | порізати пдфки | чанкінг
nextrouter: серверні компоненти | серверний компонент | серверні екшени | app роутер
websecurity: міжсайтовий скриптинг | заголовки безпеки | викрадення сесії
agileprocess: стендап | ретроспектива | сторіпоінти | грумінг беклогу | скрам майстер
appstore: ревю в апстор | відхилили в апстор | епл відхилив | відхилили застосунок
suspiciousactivity: підозріла активність | підозрілі логіни | підозрілий трафік | підозрілі запити
responsive: мобільна версія | на мобілці | на маленьких екранах | на телефоні криво
ratelimit: забагато запитів | обмежити кількість запитів | ліміт запитів | рейтліміт
pageload: час завантаження | сторінка довго вантажиться | довго завантажується
pageload: повільно вантажиться
paymentfailure: оплата не проходить | платіж не пройшов | картку відхилено | відхилені картки
wordofmouth: запросити друзів | запроси друга | реферальна програма | сарафанне радіо
randomreboot: перезавантажується сам | постійно перезавантажується | рандомні ребути
batterypowered: від батарейки | глибокий сон | режим енергозбереження
tradingbot: торговий бот | торгова стратегія | алгоритмічна торгівля | алготрейдинг
stockprices: ціни акцій | ціна акцій | фондовий ринок | ринкові дані | історичні ціни
cryptowallet: криптогаманець | підключити гаманець | крипто гаманець
gasfees: комісія за газ | плата за газ | ончейн
salesleads: ліди для продажів | кваліфіковані ліди | лідогенерація | знайти лідів
sharedmailbox: спільна поштова скринька | офіс 365 | групова політика
slidedeck: пітч дек | слайди для презентації | презентація для інвесторів
salesforecast: прогноз продажів | спрогнозувати продажі | прогноз попиту | передбачити продажі
appicon: іконка застосунку | іконка апки | іконку апки | іконки для апки | превю для соцмереж
desktopapp: десктопний застосунок | десктопна програма | під windows і mac | під віндовс і мак
designsystem: дизайн система | дизайн систему | бібліотека компонентів | однакові кнопки
schemachange: зміни схеми | змінити схему | відстежувати зміни схеми
translationissue: текст вилазить | перекладений текст | немає перекладів | німецький текст
selfservice: внутрішня платформа | портал для розробників | самообслуговування
claudetools: дати claude доступ | підключити claude до | інструменти для claude
replicationlag: відставання репліки | лаг репліки | бекап не робиться | відновити з бекапу
duplicatecontent: сторінки конкурують | дубльований контент | однакове ключове слово
apichange: ломаючі зміни | зламати старих клієнтів | версіонування апі | старі клієнти
errorsacross: та сама помилка в | сплеск помилок | помилки ростуть | купа помилок
slackbot: бот у слаку | бот в слаку | слеш команда | постити в слак | повідомлення в слак
socialposts: пости в лінкедін | запланувати пости | графік постів | пости в соцмережі
gpubox: сервер з gpu | наші gpu | кластер gpu | не вистачає памяті gpu
confusingdocs: документація незрозуміла | ніхто не читає документацію | важко зрозуміти доки
baremetal: кб памяті | кб флешу | без операційної системи | без ос
farusers: юзери в азії | користувачі в азії | далеко від сервера | повільно в європі
bigupload: завантаження великих файлів | докачування файлів | великі файли
scrapesite: спарсити сайт | парсити сайт | зібрати дані з сайту | краулити сторінки
clickops: інфраструктура як код | накликано в консолі | руками в консолі
manualqa: тестуємо руками | все руками тестуємо | ніхто не тестує перед | прокликати застосунок
competitorpricing: ціни конкурентів | порівняти з конкурентами | скільки беруть конкуренти
cascadefailure: каскадні збої | каскадне падіння | кладе все | валить все | один сервіс падає
dockerimage: базовий образ | легкий образ
dockerimage: докер імедж | докер імідж | імедж докера | імідж докера
chatassistant: бот підтримки | бот для підтримки | асистент на сайті
chatassistant: відповідати на питання клієнтів
anomalydetect: виявлення аномалій | знайти аномалії | незвичні патерни | знайти викиди
"""  # noqa: RUF001 - Ukrainian rows


#: Round 41's phrases: how people ask for the corpus rosters' sibling fields without naming
#: them, written per field from general knowledge (as :data:`_R36_PHRASE_LINES`; every
#: joined word is an earlier block's): data moved on a schedule into a warehouse (a data
#: engineer's, not the analyst's who queries it), deciding what to build (product), people who
#: cannot find a thing in the product (UX), a project slow to set up (developer experience),
#: work split between agents, failures injected on purpose (chaos), an idea to judge.
_R41_PHRASE_LINES = """
datapipeline: into bigquery | into snowflake | into redshift | into clickhouse | into the warehouse
datapipeline: into our warehouse | into the data warehouse | into the lake | to the warehouse
datapipeline: заливати в | заливаємо в | залити в | заливаємо до | заливати до
datapipeline: nightly load | nightly loads | nightly sync | daily load | daily loads
datapipeline: incremental load | incremental loads | full reload | backfill | backfills
datapipeline: change data capture | ingestion job | ingestion jobs
datapipeline: щоночі заливаємо | щоночі заливати | щоночі тягнемо | щоночі тягнути
datapipeline: щоночі вивантажуємо | щоночі імпортуємо | нічне завантаження | нічний імпорт
datapipeline: тягнемо дані | тягнути дані | переливати дані | переливаємо дані | перелити дані
productplanning: which features do we | which features should we | what features should we
productplanning: what features do we | which feature first | which feature next
productplanning: what should we build | what do we build | build next quarter
productplanning: this quarter | feature requests | що брати першим | яку фічу першою
productplanning: на наступний квартал | в наступному кварталі | запити на фічі | хотілки
userresearch: cant find where | cannot find where | cant find the | cannot find the
userresearch: dont know where to | do not know where to | hard to find | no idea where
userresearch: get lost in | where to click | незрозуміло де
userresearch: важко знайти | не бачать де | губляться в
devsetup: run the project locally | running locally | run it locally | get the project running
devsetup: project running locally | new teammates | new hires take | new joiners
devsetup: setup takes | onboarding takes | local environment takes
devsetup: запустити локально | підняти локально | піднімають проект | нові люди
devsetup: новим людям | онбординг займає
agentsteam: between agents | across agents | between the agents | among the agents
agentsteam: assign to agents | між агентами | які агенти | якому агенту | розподіли між
agentsteam: розподілити між
chaosdrill: randomly kill | kill pods | kill a pod | kill random | randomly terminate
chaosdrill: randomly shut down | inject failures | inject latency | fault injection
chaosdrill: випадково вбивати | вбивати поди | рандомно вбивати | рандомно вимикати
ideacheck: startup idea | app idea | business idea | is this idea | is the idea
ideacheck: розбий ідею | оціни ідею | перевір ідею | ідея для стартапу | ідея застосунку
ideacheck: ідея апки | ідея для апки
subscription: pays monthly | monthly plans | cancel whenever | recurring billing
subscription: recurring charge | щомісячна підписка | щомісячну підписку
comeback: users come back | users coming back | customers come back | after the first week
comeback: after their first week | after the first month | after their first month
comeback: юзери повертаються | користувачі повертаються | юзерів повертається
comeback: користувачів повертається | після першого тижня | після першого місяця
customerhealth: at risk of leaving | likely to churn | about to cancel | about to leave
customerhealth: клієнти йдуть | йдуть від нас | під ризиком відтоку | можуть піти від нас
appicon: icon for the app | icons for the app | icon sizes | all icon sizes
appicon: іконка апки | іконку апки | іконки апки | іконку для апки | іконки для апки
appicon: іконка застосунку | іконку застосунку | іконку для застосунку
"""

#: The fields of round 41's phrases that no earlier block names.
_R41_ENTRIES: dict[str, str] = {}


#: Round 52: Ukrainian rows for concepts that had English phrases only (each joined word's
#: domain is the English row's). Word forms as written: phrases match tokens exactly. Left
#: out: видалити акаунт (a consumer's own account), графік на дашборді (графік is also a
#: rota), по словах (a stream is the frontend's as often as the model's), чому впали продажі,
#: без даунтайму (zero downtime reads as a deploy; a table changed without downtime is the
#: database's: -2 on the bundled roster).
_R52_PHRASE_LINES = """
controlgroup: контрольна група | контрольної групи | контрольну групу
rightforgotten: право на забуття | видалити всі дані про
carddata: номери карток | номери карт | дані карток | зберігати картки | зберігати номери карток
paymentreconcile: звірка платежів | звірити платежі | звіряти платежі | звірка з банком
compiletime: довго компілюється | час компіляції | компіляція займає | компілюється хвилин
bottleneck: вузьке місце | вузьким місцем | вузькі місця | вузьких місць
whereslow: де губиться час | який сервіс гальмує
flowchart: блок схема | блок схему | діаграма послідовності | діаграму послідовності
clitool: консольна утиліта | консольну утиліту | утиліта командного рядка | консольний застосунок
onlinestore: інтернет магазин | онлайн магазин | інтернет магазину | онлайн магазину
searchbad: пошук не знаходить | пошук нічого не знаходить | пошук видає | пошук повертає
logsearch: логи розкидані | централізовані логи | зібрати логи в одному місці | зібрати всі логи
testsfirst: спочатку тести | тести спочатку | тести перед кодом | спершу тести
systemdiagram: діаграма архітектури | діаграму архітектури | схема архітектури | схему архітектури
termsofservice: умови використання | умови користування | публічна оферта | публічну оферту
surveyresults: результати опитування | опитування користувачів | опитування юзерів
pivottable: зведена таблиця | зведену таблицю | зведені таблиці | формули в екселі
bothplatforms: під обидві платформи | на обидві платформи | обидві платформи | ios та android
bothplatforms: android та ios | айос та андроїд | андроїд та айос
fakesignups: фейкові реєстрації | фейкових реєстрацій | фейкові акаунти | фейкових акаунтів
fakesignups: бот реєстрації | спам реєстрації | боти реєструються
documentapi: задокументувати апі | документацію до апі | документація апі | документацію апі
finddatasets: знайти датасет | знайти датасети | відкриті дані про
readreplica: репліка для читання | репліки для читання | репліку для читання
queryplan: план запиту | план виконання | плані запиту
coldstart: холодний старт | холодного старту | холодному старті
rca: аналіз першопричин | першопричину | першопричина | коренева причина | кореневу причину
apikey: апі ключ | апі ключі | апі ключа | ключ апі | ключі апі
2fa: двофакторна | двофакторну | двофакторної | двофакторка | двофакторку
racecondition: гонка станів | гонки станів | гонку станів
deadcode: мертвий код | мертвого коду | мертвому коді
userstory: користувацькі історії | користувацьких історій
acceptancecriteria: критерії приймання | критерії прийняття | критеріїв приймання
releasenotes: реліз ноути | нотатки до релізу | примітки до релізу | опис релізу
bouncerate: показник відмов | відсоток відмов | показника відмов
timeseries: часові ряди | часових рядів | часового ряду
speechtotext: розпізнавання мовлення | розпізнавання голосу | розпізнавати голос | голос в текст
tts: синтез мовлення | синтезу мовлення | озвучка тексту | озвучувати текст | текст в голос
structuredoutput: валідний json | структурована відповідь | структуровану відповідь
creditcard: кредитна картка | кредитні картки | кредитної картки | кредитку
freetrial: пробний період | пробного періоду | безкоштовний період | безкоштовного періоду
iap: покупки в застосунку | покупки в додатку | вбудовані покупки | внутрішні покупки
timezone: таймзона | таймзони
infiniteloop: нескінченний цикл | безкінечний цикл | нескінченному циклі | зациклюється
redirectloop: циклічний редірект | нескінченний редірект | редірект по колу
blankscreen: білий екран | пустий екран | порожній екран | біла сторінка | пуста сторінка
passwordreset: скидання пароля | скинути пароль | забув пароль | забули пароль
passwordreset: відновлення пароля | відновити пароль
dedupe: дублікати записів | дублі записів | дублюються записи | дублі в базі
restore: випадково видалив | випадково видалили | випадково видалила | видалили випадково
worksonmymachine: локально працює | в мене працює | на моїй машині працює | локально все працює
golive: вийти в прод | вихід в прод | запуск в прод | викатити в прод
customdomain: свій домен | власний домен | кастомний домен | свого домену | власного домену
disk: місце на диску | диск заповнений | закінчилось місце | закінчується місце на диску
activeusers: активних користувачів | активних юзерів | активні користувачі | активні юзери
recsys: схожі товари | схожих товарів | вам також може сподобатись | рекомендації товарів
messageloss: губляться повідомлення | повідомлення губляться | втрачаються повідомлення
exactlyonce: обробляється двічі | обробляються двічі | приходять двічі | дублюються повідомлення
doublecharge: списало двічі | списали двічі | подвійне списання | двічі списали
broken: перестав працювати | перестало працювати | перестала працювати | більше не працює
datepicker: вибір дати | вибору дати | вибір діапазону дат
clipboard: копіювати в буфер | скопіювати в буфер | кнопка копіювання
logrotation: ротація логів | ротацію логів | логи забивають диск
rollingdeploy: поступовий деплой | поступове оновлення | по одному поду
vectorstore: векторна база | векторну базу | векторна бд | векторну бд | векторний індекс
promptinjection: промпт інєкція | промпт інєкції | ігноруй попередні інструкції
objectstorage: обєктне сховище | обєктного сховища
webscraping: парсинг сайтів | спарсити сайт | парсити сайт | парсити сайти | скрапінг
commandline: командний рядок | командного рядка | командному рядку
shellscript: баш скрипт | баш скрипта | шел скрипт | bash скрипт
smartcontract: смарт контракт | смарт контракти | смарт контракту | смартконтракт
gameengine: ігровий движок | ігровий рушій | ігрового движка | ігрового рушія
infraascode: інфраструктура як код | інфраструктуру як код
underload: падає під навантаженням | лягає під навантаженням | під навантаженням падає
spof: єдина точка відмови | єдиною точкою відмови
statuspage: сторінка статусу | статус сторінка | сторінку статусу
thirdparty: сторонній сервіс | сторонні сервіси | стороннього сервісу | стороннє апі
dateformat: формат дати | формат дат | формат чисел | формату дати
rtl: справа наліво
colorblind: дальтоніки | дальтоніків
lowvision: слабозорих | слабозорі | незрячих | незрячі
screenreader: скрінрідер | скрінрідера | читач екрану | екранний читач
colorcontrast: контраст кольорів | контрастність кольорів | контрастність тексту
alttext: альт текст | альтернативний текст | альт тексти
deeplink: діплінк | діплінки | діплінка
aov: середній чек | середнього чека
yoy: рік до року | місяць до місяця | тиждень до тижня
helpcenter: довідковий центр | статті бази знань
bugreport: очікувана поведінка | очікуваний результат | фактичний результат
testplan: тест кейси | тестові сценарії | план тестування | тестових сценаріїв
prd: специфікація фічі | специфікацію фічі | вимоги до продукту | продуктові вимоги
graphdb: графова база | графову базу | графова бд | графову бд | графової бази | графовій базі
graphdb: друзі друзів | друзів друзів | графова субд | графову субд
pii: персональні дані | персональних даних
"""

#: Round 103: how a shop's people ask for a list given in parts (page by page, частинами:
#: the API's pagination), what tables a feature needs (the schema), and where one request's
#: time goes (tracing).
_R103_PHRASE_LINES = """
allatonce: in one response | in a single response | in one go | all in one go | page by page
allatonce: одним запитом | однією відповіддю | за один раз | одним махом
storewhat: tables look like | table look like | should the tables look | what tables do we need
storewhat: which tables do we need | які таблиці потрібні | які таблиці треба
storewhat: розкласти в базі | в базі розкласти | розкласти по таблицях | по таблицях розкласти
whereslow: where the time goes | where the seconds go | куди йде час | де губляться секунди
"""


#: Round 102: the phrases that say which sense an everyday word has (``joined: phrase | ...``,
#: as :data:`_PHRASE_LINES`): texts sent to people are SMS (not text processing); the work
#: accounts staff sign in with are single sign-on's (not a Stripe account).
_R102_PHRASE_LINES = """
sms: text message | text messages | a text message | by text | via text | texts and emails
sms: texts and email | texts or emails | send texts | send them a text | send a text
sms: смс повідомлення | смс і імейли | смс та імейли | смс і пошту
workaccounts: work google accounts | work google account | company google accounts
workaccounts: company google account | google workspace accounts | work microsoft accounts
workaccounts: company microsoft accounts | work accounts only | corporate accounts
workaccounts: google work accounts | microsoft work accounts | their google accounts
workaccounts: their microsoft accounts | their work accounts | company accounts
workaccounts: корпоративні акаунти | корпоративних акаунтів | робочі акаунти | робочих акаунтів
"""  # noqa: RUF001 - Ukrainian rows

#: Round 102: the joined words of :data:`_R102_PHRASE_LINES` that name no row yet.
_R102_ENTRIES: dict[str, str] = {"workaccounts": _SSO}


def _phrase_table() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """First token -> (the phrase's tokens, its joined word), longest phrases first."""
    found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    lines = (
        _PHRASE_LINES,
        _NICHE_PHRASE_LINES,
        _BUNDLED_PHRASE_LINES,
        _R28_PHRASE_LINES,
        _R31_PHRASE_LINES,
        _R35_PHRASE_LINES,
        _R36_PHRASE_LINES,
        _R41_PHRASE_LINES,
        effects.PHRASE_LINES,
        _R42_PHRASE_LINES,
        _R52_PHRASE_LINES,
        _R102_PHRASE_LINES,
        _R103_PHRASE_LINES,
    )
    for line in "\n".join(text.strip() for text in lines).splitlines():
        joined, _, phrases = line.partition(":")
        joined = joined.strip()  # once per line, not per phrase (import time)
        for phrase in phrases.split("|"):
            sequence = tuple(phrase.split())
            found.setdefault(sequence[0], []).append((sequence, joined))
    # most first tokens begin one phrase: nothing to sort (sorted() is stable either way)
    return {
        first: tuple(items) if len(items) == 1 else tuple(sorted(items, key=_longest_first))
        for first, items in found.items()
    }


def _longest_first(item: tuple[tuple[str, ...], str]) -> int:
    """Sort key of :func:`_phrase_table`: the longer phrase first."""
    return -len(item[0])


#: :func:`_phrase_table`, built once, when first needed (not carried: a cached index carries
#: the tables made from it, and a cached route needs no other).
_phrase_index = lru_cache(maxsize=1)(_phrase_table)


#: The tables below are made on first use, or read from a cached routing index
#: (:mod:`coordinator.routing.carried`); their old names still read them (:func:`__getattr__`).
_PHRASES: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
#: The joined words of the phrases (ideacheck, productplanning): a phrase of several words
#: names its field more surely than one everyday word does (round 41).
JOINED: frozenset[str]
#: Round 88: the joined words of phrases that name a URL as the page's address (filters in
#: the url, в урлі): a request that writes an API path means that path's URL instead.
PAGE_URL: frozenset[str] = frozenset(("urlstate",))
#: Per phrase, its most telling token (not a stopword or an everyday word where it has one,
#: else its longest): a request holding none of them holds no phrase, a test that costs one
#: set operation (many phrases begin with an everyday word: the on call, in app purchase).
PHRASE_GUARD: frozenset[str]


@carried.table
def joined_words() -> frozenset[str]:
    """:data:`JOINED`."""
    return frozenset(joined for items in _phrase_index().values() for _, joined in items)


def _telling(sequence: tuple[str, ...]) -> str:
    """A phrase's most telling token (:data:`PHRASE_GUARD`)."""
    return max(sequence, key=lambda t: (t not in STOPWORDS and t not in COMMON_WORDS, len(t)))


@carried.table
def phrase_guard() -> frozenset[str]:
    """:data:`PHRASE_GUARD`."""
    return frozenset(
        _telling(sequence) for items in _phrase_index().values() for sequence, _ in items
    )


@carried.table
def _phrases_by_telling() -> dict[str, str]:
    """Per telling token, the phrases filed under it, a ``number<TAB>tokens<TAB>joined``
    line each, numbered in :func:`_phrase_table`'s order. Text, not tuples: a cached index
    carries ~3,000 strings, read in a fraction of a millisecond (the phrases as tuples took
    2-3 ms), and a request splits only the lines of the telling tokens it holds."""
    lines: dict[str, list[str]] = {}
    for number, (sequence, joined) in enumerate(
        item for items in _phrase_index().values() for item in items
    ):
        lines.setdefault(_telling(sequence), []).append(f"{number}\t{' '.join(sequence)}\t{joined}")
    return {token: "\n".join(found) for token, found in lines.items()}


#: A phrase filed under its telling token: its number, its tokens and its joined word.
_Filed = tuple[int, tuple[str, ...], str]
#: A telling token's phrases of two or more tokens by their first two (each with its number,
#: in table order), and the joined word of its one-token phrase (None when it has none).
_TokenScan = tuple[dict[tuple[str, ...], list[_Filed]], str | None]


@lru_cache(maxsize=4096)
def _scan_table(token: str) -> _TokenScan:
    """The phrases filed under the telling token ``token`` (numbered in table order), as a
    request is scanned for them (:func:`phrases`): a one-token phrase's only token is its
    telling token, so its first such phrase is the one."""
    pairs: dict[tuple[str, ...], list[_Filed]] = {}
    single = None
    for line in _phrases_by_telling()[token].split("\n"):  # in table order
        number, words, joined = line.split("\t")
        sequence = tuple(words.split(" "))
        if len(sequence) > 1:
            pairs.setdefault(sequence[:2], []).append((int(number), sequence, joined))
        elif single is None:
            single = joined
    return pairs, single


#: The scan tables of a set of telling tokens: their phrases of several tokens by their
#: first two (in table order), their one-token phrases by token, those first two tokens,
#: and the tokens a phrase may start with (the first of those two, or a one-token phrase's).
_Scan = tuple[
    dict[tuple[str, ...], list[_Filed]],
    dict[str, str],
    frozenset[tuple[str, ...]],
    frozenset[str],
]


@lru_cache(maxsize=1024)
def _scan_tables(telling: frozenset[str]) -> _Scan:
    """The tables of the telling tokens ``telling`` — the only phrases a request holding
    those tokens and no other telling token can hold (each phrase's telling token is one of
    its words) — joined from each token's (:func:`_scan_table`): a list is sorted only
    where two tokens file phrases that start alike."""
    pairs: dict[tuple[str, ...], list[_Filed]] = {}
    singles: dict[str, str] = {}
    for token in telling:
        filed, single = _scan_table(token)
        for start, found in filed.items():
            pairs[start] = sorted(pairs[start] + found) if start in pairs else found
        if single is not None:
            singles[token] = single
    return pairs, singles, frozenset(pairs), frozenset([*singles, *(p[0] for p in pairs)])


def phrases(tokens: list[str]) -> list[str]:
    """The joined words (darkmode, bruteforce) of the everyday phrases ``tokens`` holds
    (:data:`_PHRASE_LINES`), each once: each enters a query as one more word, whose domain
    the table gives. At each position the longest phrase found wins."""
    return list(_phrases_held(tokens))


def written_phrase(tokens: list[str], joined: str) -> str | None:
    """The phrase of ``tokens`` that :func:`phrases` reads as the joined word ``joined``
    ("review my pr" for codereview), as its tokens; None when ``tokens`` holds none."""
    sequence = _phrases_held(tokens).get(joined)
    return " ".join(sequence) if sequence else None


def _phrases_held(tokens: list[str]) -> dict[str, tuple[str, ...]]:
    """:func:`phrases`, each joined word with the tokens of the phrase that gave it."""
    out: dict[str, tuple[str, ...]] = {}
    telling = phrase_guard().intersection(tokens)
    if not telling:  # most requests: no phrase's telling token (one set operation: route78)
        return out
    # ...then the first two tokens of every longer phrase filed under the telling tokens
    # held, and the one-token phrases; a position's phrases are looked up by its two tokens
    # (round 26: ~2,000 phrases)
    pairs, singles, starts, firsts = _scan_tables(telling)
    if starts.isdisjoint(pairwise(tokens)) and not singles:
        return out
    # only a position whose token starts some phrase can hold one (most: one set test)
    last = len(tokens) - 1
    for position in compress(count(), map(firsts.__contains__, tokens)):  # found in C
        token = tokens[position]
        found = singles.get(token)
        held: tuple[str, ...] | None = None  # a one-token phrase's: the token (made if kept)
        pair = (token, tokens[position + 1] if position < last else "")
        for _number, sequence, joined in pairs.get(pair, ()):
            if tuple(tokens[position : position + len(sequence)]) == sequence:
                found, held = joined, sequence
                break
        if found is not None and found not in out:
            out[found] = held or (token,)
    return out


@carried.table
def _parse() -> dict[str, str]:
    """Routing term of each word -> its domain words as written (stemmed when first met)."""
    table: dict[str, str] = {}
    for word, domain_words in (
        _ENTRIES
        | _NICHE_ENTRIES
        | _BUNDLED_ENTRIES
        | _R28_ENTRIES
        | _R31_ENTRIES
        | _R35_ENTRIES
        | _R36_ENTRIES
        | _R41_ENTRIES
        | _R102_ENTRIES
        | effects.ENTRIES
        | OUTCOME_ENTRIES
    ).items():
        for key in term_list(word):
            table[key] = domain_words
    return table


#: Routing term of an everyday word -> the domain words it belongs to, as written (their
#: routing terms: :func:`_related`, computed when a request first holds the word); made by
#: :func:`_parse` on first use (:func:`concept_table`).
CONCEPTS: dict[str, str]
#: :data:`CONCEPTS`, made or read on first use.
concept_table = _parse


def __getattr__(name: str) -> object:
    """The tables made on first use, by the names they had as module constants (PEP 562)."""
    return carried.old_name(globals(), _MADE, name)


@lru_cache(maxsize=1024)
def _related(term: str) -> tuple[str, ...]:
    """The routing terms of the domain everyday word ``term`` belongs to (not ``term``)."""
    found = (t for w in _parse()[term].split() for t in term_list(w))
    return tuple(t for t in dict.fromkeys(found) if t != term)


#: A product name as written -> its row's domain words (:mod:`coordinator.routing.products`;
#: looked up by the word as written, so no name is stemmed until it is met).
_PRODUCT_ROWS: dict[str, str] = {
    name: row for row, names in reversed(PRODUCTS) for name in names.split()
}
#: An exception or error name (KeyError, NullPointerException, ECONNREFUSED's kin are
#: signatures): whatever technology it names, the request is about a failure.
_ERROR_NAME = re.compile(r"[a-z0-9]{2,}(?:error|exception)")


@lru_cache(maxsize=1)
def _failure() -> tuple[str, ...]:
    """The terms of a failure (made when first needed): :data:`_FAILURE`."""
    return (*_related("bug"), "bug")


_FAILURE: tuple[str, ...]
#: What :func:`__getattr__` reads each old name from.
_MADE: dict[str, Callable[[], object]] = {
    "_PHRASES": _phrase_index,
    "JOINED": joined_words,
    "PHRASE_GUARD": phrase_guard,
    "CONCEPTS": _parse,
    "_FAILURE": _failure,
}


#: What every name :data:`_ERROR_NAME` matches ends with (a test before the pattern).
_ERROR_ENDS = ("error", "exception")


@lru_cache(maxsize=16384)  # ~2 new pairs a new request; ~180 bytes each
def domain(term: str, word: str) -> tuple[str, ...]:
    """The domain terms of ``term`` (the routing term of surface ``word``), if any: an
    everyday word's, a product name's (as written, or as the glossary renders a Cyrillic
    spelling), or, for a Cyrillic word the glossary lacks, those of the product name it
    spells by sound (локі: loki, its name first). Kept per pair: a query reads the domain
    of each word the roster lacks (:meth:`QueryReader._made`) at every request."""
    if word.endswith(_ERROR_ENDS) and _ERROR_NAME.fullmatch(word):
        return _failure()
    if term in _parse():
        return _related(term)
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


@carried.table
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
    kuma mantine matomo miro monogame nats passkey pinia platformio prisma pulumi redux sass
    scipy seldon sentry spark sphinx swagger symfony telegraf vanta
    """.split()
)


@lru_cache(maxsize=4096)
def _spelled(word: str) -> tuple[str, ...]:
    """The routing term of the product name a Cyrillic ``word`` spells (by
    :func:`match.sound_parts`, with vowels Ukrainian writes that way) and its domain terms;
    empty when none or several names fit."""
    if len(word) < SPELLED_LETTERS:
        return ()
    shape = spelled_shape(word)  # skeleton(transliterate(word)), kept per word
    heads, tails = _name_ends()
    if shape[:_NAME_END] not in heads and shape[-_NAME_END:] not in tails:
        return ()  # near no name's spelling: its sound is not read (route39)
    key, runs = match.sound_parts(transliterate(word))
    found = _sound_names().get(key)
    if found is None or not match.sounds_alike(found[2], runs):
        return ()
    if not match.near(shape, found[1], SPELLED_EDIT):
        return ()  # a sound alone is too weak a tie (бачити is no bash, кроки no crewai)
    return _product(found[0])


#: Two spellings near each other (:func:`match.near` with SPELLED_EDIT: equal, one a 5+
#: letter prefix of the other, or one edit apart, both SPELLED_EDIT+ letters, which share
#: the shorter's first or last half) begin or end with the same three letters.
_NAME_END = 3


@lru_cache(maxsize=1)
def _name_ends() -> tuple[frozenset[str], frozenset[str]]:
    """The first and the last :data:`_NAME_END` letters of every name's folded spelling in
    :func:`_sound_names`: a word whose spelling shares neither is near none of them, so no
    name it may sound like passes :func:`_spelled`'s last test (~16 K instructions of its
    sound skeleton not made for half the new Cyrillic words)."""
    spellings = [found[1] for found in _sound_names().values() if found is not None]
    return (
        frozenset(shape[:_NAME_END] for shape in spellings),
        frozenset(shape[-_NAME_END:] for shape in spellings),
    )


@carried.table
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
