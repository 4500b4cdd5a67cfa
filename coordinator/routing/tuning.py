"""The lexical router's calibrated constants: field weights, factors, postings and the
"none" thresholds (see :mod:`coordinator.routing.lexical`; calibrated on the dev sets, see
``bench/eval_routing.py`` and ``bench/routing_constants.py``).
"""

from __future__ import annotations

#: On a large roster whose bodies are long (at least LONG_BODY terms on average), an agent
#: whose body alone holds a term counts this share of one towards the term's document
#: frequency: a word every body uses in passing (dependency, upgrade) stays specific to the
#: agents whose name, triggers or description say it.
BODY_DF = 0.5


LONG_BODY = 400


#: Field weights: how much a term in each part of a definition counts.
FIELD_WEIGHTS: dict[str, float] = {"name": 3.0, "triggers": 2.0, "description": 1.0, "body": 0.2}


K1 = 1.2


B = 0.75


#: A fired explicit trigger adds this times the idf of its terms...
TRIGGER_BONUS = 1.0


#: ...but a one-term trigger only this much, so it cannot outweigh a many-term match.
SINGLE_TRIGGER_BONUS = 0.6


#: A term in an agent's name weighs at least this share of its idf among names only.
NAME_IDF = 0.25


#: Postings kept per term (highest contributions first): bounds the work per request.
MAX_POSTINGS = 12


#: A roster term reached through a sub-word, a typo or a transliteration counts this much...
RELATED_FACTOR = 0.5


#: A shipping event named as a moment is left out when the request has this many words
#: besides the moment and stopwords: "what to check after a release" keeps it.
MOMENT_REST = 2


#: A phrase of the concepts table (worth building, which features next quarter) brings its
#: field's words at this share: several words name a field more surely than one (round 41).
PHRASE_FACTOR = 0.75


#: ...or this much when the request's own term is in the roster too (it is the main evidence).
KNOWN_RELATED_FACTOR = 0.25


#: A Ukrainian word the roster lacks that transliterates to a word of an agent's name
#: (тайпскрипт -> typescript-pro, флатер -> flutter-expert) counts this much: it is that
#: technology's name in another script, not a guess at an ordinary word.
TRANSLIT_FACTOR = 1.0


#: A Ukrainian spelling may meet a roster term by its sound only when some agent describes
#: itself by the term and its idf is at least this share of the roster's highest (сноуфлейк
#: no, ейрфлоу -> airflow, ридмі -> readme; not зараз -> serious, скоро -> score).
SOUND_IDF = 0.5


#: A term found in more than 1/COMMON_DF of the agents keeps only GENERIC_POSTINGS postings
#: (it says little, and reading all its postings is most of the work per request).
COMMON_DF = 8


GENERIC_POSTINGS = 8


#: Besides those, at most this many more postings per term, of the agents whose name, triggers
#: or description hold it (strongest first): long bodies cannot push them all out.
DESCRIBED_POSTINGS = 8


#: Postings read for a related term (its strongest agents only).
RELATED_POSTINGS = 4


#: Everyday English words weigh this share of their roster idf (vocab.COMMON_WORDS)...
COMMON_FACTOR = 0.5


#: ...and a technology name used as a plain English word this share.
HOMONYM_FACTOR = 0.2


#: An everyday word only agents' bodies use (large roster) weighs this share in scores.
BODY_WORD_FACTOR = 0.5


#: A word no agent knows weighs this share of the roster's median idf.
UNKNOWN_FACTOR = 0.5


#: A description shorter than this many terms gets full credit for its body's vocabulary.
SHORT_DESCRIPTION = 40


#: Credit for a term only the body knows, when the description is long enough.
BODY_CREDIT = 0.6


#: The chosen agent must explain this share of the request's known weight...
MIN_COVERAGE = 0.15


#: ...or this share when all it explains is one common term (weighing under WEAK_SHARE of
#: the roster's median idf)...
SINGLE_TERM_COVERAGE = 0.5


#: (none39: 0.5 before; 0.55 catches a request carried by one middling word, in-sample +1
#: true "none", no answered request lost: bench/none_curve.py.)
WEAK_SHARE = 0.55


#: ...but only this share when the request names a product's audience (customers, users):
#: a business's request whose domain words are few (see :mod:`coordinator.routing.audience`).
AUDIENCE_COVERAGE = 0.075


#: ...or this share when no agent fits by the shares above but the request names a piece of
#: software (an app, a site, a form: audience.names_product), given to the nearest agent (round 70).
PRODUCT_COVERAGE = 0.075

#: ...and score at least this share of the roster's highest idf (what one rare term is worth;
#: none39: 0.25 before, 0.3-0.35 a plateau in-sample, +1 true "none", none lost).
MIN_SCORE = 0.3


#: Another agent is named in ``also`` when a part of the request, routed alone, goes to it
#: (choice.Chooser.also), it scores this share of the best...
ALSO_SCORE = 0.35


#: ...and explains this share of the request the chosen one does not (0.2 before the parts
#: were checked: bench/eval_also.py, twenty-second session).
ALSO_SHARE = 0.15


#: ...among this many top candidates.
ALSO_AMONG = 3


#: The runner-up is named in ``also`` when a part of the request, routed alone, goes to it,
#: it explains this share of the part...
ALSO_PART_COVERAGE = 0.4


#: ...scores this many times the least score a route needs (MIN_SCORE of the top idf)...
ALSO_PART_SCORE = 6.0


#: ...and the chosen agent scores at most this share of its score on that part.
ALSO_PART_RATIO = 0.3


#: On a large roster a request that touches only words an agent's body mentions once in
#: passing (in-flight, return, clause), and nothing else in its definition names, fits no
#: specialist...
#: ...where large means this many agents: then every domain has an agent whose description
#: names it (on a small roster a body's vocabulary is the evidence: button, sidebar).
LARGE_ROSTER = 20


#: A role agent for the act a request asks (debugger, code-reviewer: routing/acts.py) within
#: this share of the top scorer takes the request from it (round 44).
ACT_CLOSE = 0.4
#: ... when a phrase names the act outright (code review, unit tests, security audit).
ACT_SAID_CLOSE = 0.7


#: Candidates scoring within this share of the best are a near tie, decided by coverage
#: (when one explains at least COVERAGE_LEAD more of the request than the top scorer).
CLOSE_SCORE = 0.1


#: A candidate a fired trigger names alone (Router._named) within this share of a top scorer
#: that no trigger fired for takes the request: a named term outweighs a few plain words.
NAMED_CLOSE = 0.2


COVERAGE_LEAD = 0.05


#: An agent chosen explaining under this share of a request about an everyday field's
#: subjects (fabrics) was chosen by stray words: the field's agent takes it (round 67).
STRAY_COVERAGE = 0.3

#: Round 89: an agent holding a request's words only as words this many agents hold (and none
#: of them in its name, triggers or description) explains it by chance: when the request
#: names nothing software is made of, it needs SINGLE_TERM_COVERAGE ("what time does the
#: post office close": incident-responder's post-mortem, time and close).
STRAY_DF = 4


#: A candidate named for a technology the request names itself (golang-pro for "go grpc
#: service") within this share of a top scorer whose name the request does not say takes it.
NAMED_TECH_CLOSE = 0.4


#: Round 101: the agent of the one language a request writes within this share of a top
#: scorer takes it when every candidate over it is named for a technology the request does
#: not name (gin-expert, django-expert for "our Go API on Fiber": Choice._siblings_above).
SIBLING_CLOSE = 0.7


#: A top scorer named for a technology the request does not name (flutter-expert for "add a
#: dark theme to the web app") yields to the best candidate named for none within this share
#: of it (round 87).
GENERIC_CLOSE = 0.2


#: A request about a whole system that names no language leaves a top scorer named for one
#: for the best candidate named for none within this share of it (round 41).
SYSTEM_CLOSE = 0.25


#: A name term counts as the agent's own (not a role word such as pro or expert) when at most
#: this share of the roster's names hold it, and never more than OWN_NAME_MAX of them.
OWN_NAME_SHARE = 0.02


OWN_NAME_MAX = 6


#: When the top scorer is no fit, a candidate scoring this share of it that fits takes over.
RUNNER_UP = 0.5


#: ...or this share on a small roster, where a few terms' idf is coarse and coverage says more.
SMALL_RUNNER_UP = 0.33


#: How many candidates a decision lists.
TOP_CANDIDATES = 5


#: Surface words whose query plan is kept (bounds the router's memory).
MAX_PLANS = 50_000

#: The weight of an outcome frame's domain words in a query (:mod:`coordinator.routing.outcomes`):
#: a request naming who, the act and its object is about that field, though it names none of
#: its words; less than a word the request itself holds.
FRAME_FACTOR = 0.8

#: An agent holding at least this share of a fired outcome frame's domain terms (by idf,
#: :meth:`Scorer.frame_share`) that leads by score keeps the request against a choice step
#: (near tie, named language or product, act, whole feature, NOT-for redirect) moving it to
#: an agent holding at most FRAME_YIELD of its share (round 62).
FRAME_HOLD = 0.8


FRAME_YIELD = 0.6


#: A candidate holding the request's outcome frames against the chosen one, within this
#: share of its score, takes it when the chosen one leads only by the frame's own words
#: (round 86: :meth:`SituationPicks._frame_over_words`).
FRAME_WORDS_CLOSE = 0.4


#: On a small roster, a best agent scoring under this multiple of the roster's least fit
#: score that ties (within CLOSE_SCORE) with another on words most agents hold is no fit
#: (round 98: :meth:`Chooser._tied`): "pay a junior developer", "a customer's data".
TIE_SCORE = 3.0


#: Round 102: a large roster's pick whose score the request's everyday words give this share
#: of or more (and the rest of the request less than a chosen agent must score) is chosen by
#: those words, not by the request's situation (:meth:`SituationPicks._everyday_pick`).
EVERYDAY_CARRY = 0.5

#: ...or this share, whatever the rest of the request gives it.
EVERYDAY_MOST = 0.7
