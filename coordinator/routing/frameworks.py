# ruff: noqa: RUF001, RUF002 - Ukrainian letters are intended
"""A framework's or platform's own agent against a generic one (round 81).

Large rosters hold agents named for one framework or platform (svelte-expert, swift-expert,
prometheus-expert, wordpress-master, jest-expert) beside generic agents of its language or
layer (mobile-developer, frontend-developer, typescript-expert) and experts of the
framework next to it (solidjs-expert, vitest-expert). In a near tie the generic or
neighbouring agent often explains more of a request's plain words ("list", "scroll",
"store", "page"), while the request is about the framework it names: "sveltekit page loses
store state", "swiftui list lags on old iPhones", "prometheus rate() spikes when a pod
restarts". :meth:`coordinator.routing.choice_named.NamedPicks._framework_tie` gives such a
tie to the one candidate whose name the request writes; these helpers read what a name holds
and what a request writes. Nothing here lists an agent: the names come from the roster.

Round 87, the other way round: a framework's agent the request does not name at all
(flutter-expert or powershell-ui-architect for "add a dark theme to the web app") leads only
by its body's plain words; :meth:`coordinator.routing.choice_named.NamedPicks._generic_first` gives
such a tie to a generic agent near it. :func:`technology_words` holds, per agent, what a
request names its technology by, and :func:`names_technology` reads a request for them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from itertools import compress, count, pairwise

from coordinator.routing.aliases import curated_forms
from coordinator.routing.byear import name_folds, word_folds
from coordinator.routing.products import PRODUCTS
from coordinator.routing.query import _Query
from coordinator.routing.roles import is_technology
from coordinator.routing.signatures import PHRASE_NAMES, SHORT_NAMES
from coordinator.routing.text import STOPWORDS, is_cyrillic, term_list, words
from coordinator.routing.tuning import MAX_PLANS
from coordinator.routing.vocab import LANGUAGES, SENSES

#: The prefix of a query term that is a phrase one technology prints (signatures.phrases).
SIGNED = "phrase:"
#: The words before a technology compared with the one asked for ("lighter than electron").
CONTRASTS = frozenset("than unlike ніж чим замість".split())
#: Round 113: the words before a technology a request does not want ("without
#: elasticsearch", "без еластіка", "not kafka", "не монго"): the request asks for another
#: one, so the technology named must not pull its agent.
NOT_WANTED = frozenset("without not без не".split())
#: The endings a framework's name adds to its language's or platform's (sveltekit, swiftui,
#: nextjs): a compound so ended names the agent named for its first part (not java in
#: javascript).
FRAMEWORK_SUFFIXES = ("kit", "ui", "js")
#: The suffix a framework's short name drops (next for nextjs, nest for nestjs: round 101).
FRAMEWORK_JS = "js"
#: The most agents of a roster that may describe themselves by a word for the word to name
#: one technology's agent (round 87: expo, widget for flutter; not mobile, app, web).
OWN_WORDS = 2

#: Round 101: the words before the language a request moves off ("from python", "з
#: пайтона") and before the one it moves to ("to go", "на go"; also "in go" after a verb of
#: moving: "rewrite it in go").
MOVE_FROM = frozenset("from off з із зі".split())
MOVE_TO = frozenset("to into onto на в у".split())
MOVE_TO_AFTER_VERB = MOVE_TO | {"in"}
#: Round 101: the verbs of a move between languages, as written (rewrite, port, migrate,
#: convert) and the beginnings of their Ukrainian forms (переписати, перенести, переїхати,
#: перевести, мігрувати, перейти).
MOVE_VERBS = frozenset(
    """
    rewrite rewrites rewriting rewrote rewritten port ports porting ported migrate migrates
    migrating migrated migration move moves moving moved convert converts converting converted
    switch switching switched translate translating
    """.split()
)
MOVE_STEMS = (
    "переписа",
    "перепиш",
    "перенес",
    "перенос",
    "переїх",
    "переїж",
    "перевед",
    "перевод",
    "перевест",
    "мігр",
    "перейт",
    "перейд",
    "переход",
    "перейш",
)


@cache
def name_forms(name: str) -> frozenset[str]:
    """The terms a request writes to name the technology agent ``name`` is named for
    (svelte-expert: svelt, sveltekit, sveltejs), or none when its name holds no technology
    (mobile-developer, code-reviewer)."""
    out: set[str] = set()
    for word in name.split("-"):
        terms = term_list(word)
        if terms and is_technology(word, terms[0]):
            out.add(terms[0])
            out.update(term_list(word + end)[0] for end in FRAMEWORK_SUFFIXES)
    return frozenset(out)


@cache
def compound_forms(name: str) -> frozenset[str]:
    """Round 121: the languages or frameworks two words of agent ``name`` make as one
    (expo-react-native-expert: reactnative), with their second word's term (native, which
    "ріакт нейтів" writes), whose name then names that framework, not its first word's
    (react alone is react-specialist's); empty for most names."""
    found: set[str] = set()
    for first, second in pairwise(name.split("-")):
        if first + second in LANGUAGES:
            found.update(term_list(first + second)[:1] + term_list(second)[:1])
    return frozenset(found)


def writes(query: _Query, term: str) -> bool:
    """Whether the request writes ``term`` itself as what it is about: not only a pasted
    error or a tool brings it (MemoryError brings python; its word's first terms hold it,
    or the word is Ukrainian, the glossary's), not as what it is compared with ("lighter
    than electron", "легшу ніж на електроні": the other framework is asked for) or as what
    it does not want ("без tailwind", "no elasticsearch": round 113), and not
    only as the first part of another technology's name (react in "react native":
    :func:`opens_compound`). A short name is the name written (:func:`short_for`)."""
    word = query.surface.get(term, "")
    tokens = query.tokens
    if not (term in term_list(word) or is_cyrillic(word) or _versioned(word, term)):
        # a short name (otel: round 117) is the name; next.js is read as next and js
        word = word if short_for(word, term) else _dotted(tokens, term)
        if not word:
            return False
    for i, token in enumerate(tokens):  # a loop, not any() over a generator (3.11)
        if token == word and (
            not CONTRASTS.isdisjoint(tokens[max(0, i - 2) : i])
            or (i and _marked(tokens, i, NOT_WANTED))
            or opens_compound(tokens, i)
        ):
            return False
    return True


#: Round 117: nicknames that are also a file's extension (lines.ts, main.tf: read as two
#: words): a pasted path writes them as often as a person names the technology, so they
#: are no name written (a stack trace through a .ts file stays the debugger's).
FILE_EXTENSIONS = frozenset("ts tf".split())


@cache
def _short_names() -> dict[str, frozenset[str]]:
    """Per short name, the terms of the technology it names (see :func:`short_for`)."""
    out: dict[str, set[str]] = {}
    nicknames = [(w, n) for w, n in SHORT_NAMES.items() if w not in FILE_EXTENSIONS]
    found = [*nicknames, *curated_forms().items()]
    found += [(w, (m,)) for w, (_, m) in SENSES.items() if " " not in m]
    for word, names in found:
        out.setdefault(word, set()).update(term_list(n)[0] for n in names)
    return {word: frozenset(terms) for word, terms in out.items()}


def short_for(word: str, term: str) -> bool:
    """Round 117: whether ``word`` writes the technology of ``term`` by a short name: a
    nickname or product name (ts, pg, swagger, gofiber: signatures.SHORT_NAMES), a
    curated alias (otel, sklearn: aliases.CURATED) or a homonym its neighbours read as
    one technology (es beside a mapping, chatgpt in the admin: vocab.SENSES; the term is
    the query's only when they did). "otel traces from fastapi" names OpenTelemetry as
    "opentelemetry traces" would."""
    return term in _short_names().get(word, ())


def _versioned(word: str, term: str) -> bool:
    """Round 105: whether ``word`` writes ``term``'s name with a version joined on (vue3)."""
    return word[-1:].isdigit() and term in term_list(word.rstrip("0123456789"))


def opens_compound(tokens: list[str], at: int) -> bool:
    """Round 92: whether the word at ``at`` is the first part of another technology's name
    written in two words ("react native": reactnative, "java script"): that word names the
    compound, not itself (a framework suffix, "vue js", "swift ui", names the word's own)."""
    if at + 1 >= len(tokens):
        return False
    second = tokens[at + 1]
    if second in FRAMEWORK_SUFFIXES or not second.isalpha():
        return False
    joined = tokens[at] + second
    found = term_list(joined)
    return bool(found) and found[0] not in term_list(tokens[at]) and is_technology(joined, found[0])


def _dotted(tokens: list[str], term: str) -> str:
    """The first word of a name the request writes with a dot (next.js, node.js: read as
    two words) whose joined form's term is ``term``, or ""."""
    for first, second in pairwise(tokens):
        if second == "js" and term in term_list(first + second)[:1]:
            return first
    return ""


#: Round 100: a platform whose apps are native in one language (iOS: Swift), by that
#: language's term, with the terms a request names the platform by: an iPhone app's own
#: work is the language's agent's (swift-expert, "native iOS"), not a generic mobile
#: developer's. Android is not here: its apps are Kotlin's or Java's, the platform names
#: neither.
NATIVE_PLATFORMS = {
    "swift": frozenset(term_list(w)[0] for w in "ios iphone iphones ipad ipads ipados".split())
}
#: Terms of another platform or a cross-platform framework written beside it (the app is
#: then not one platform's native code).
_OTHER_PLATFORMS = frozenset(
    term_list(w)[0]
    for w in "android flutter react reactnative expo xamarin ionic kotlin crossplatform".split()
)


def native_language(query: _Query) -> str | None:
    """Round 100: the language of the one platform the request's own words name
    (:data:`NATIVE_PLATFORMS`: "our iPhone app drains the battery" is Swift's), None when
    it names none, or another platform or a cross-platform framework too."""
    own = full_weight(query)
    if not _OTHER_PLATFORMS.isdisjoint(own):
        return None
    for language, platform in NATIVE_PLATFORMS.items():
        if not platform.isdisjoint(own):
            return language
    return None


def named_for_platform(name: str, query: _Query) -> bool:
    """Whether agent ``name`` is named for the native platform the request names (ios-expert
    for "our iOS app"): the platform's own agent, which its language's does not displace."""
    words = {t for word in name.split("-") for t in term_list(word)[:1]}
    own = full_weight(query) & words
    return any(not platform.isdisjoint(own) for platform in NATIVE_PLATFORMS.values())


def full_weight(query: _Query) -> frozenset[str]:
    """The request's terms at full weight (its own words, not their senses)."""
    found = []
    for t, w in query.weights.items():  # a loop: a comprehension is a call of its own (3.11)
        if w == 1.0:
            found.append(t)
    return frozenset(found)


#: Round 105: the terms of the languages and frameworks (vocab.LANGUAGES): a pasted error
#: that brings one (KeyError: python) may be any program's, not that language's own work.
_LANGUAGE_TERMS = frozenset(term_list(w)[0] for w in LANGUAGES)


def names_own(query: _Query, forms: frozenset[str], own: frozenset[str]) -> bool:
    """Round 105: whether the request names the technology an agent's name holds
    (``forms``: its name forms and language) itself, at full weight (``own``:
    :func:`full_weight`): written as a word (:func:`writes`: "terraform:", тераформ) or, for
    a tool or protocol (no language), brought by what only it prints (an error class such as
    McpError, a file such as .terraform.lock.hcl: its own vocabulary). A language only a
    pasted error brings names none: a KeyError may come from any Python program."""
    named = forms & own
    return bool(named) and any(writes(query, t) or t not in _LANGUAGE_TERMS for t in named)


#: Round 105: the label a request opens with: one to three words before a colon ("вебпак
#: 5: ...", "go fiber: ...", "terraform: ..."), not a URL's scheme.
_LABEL = re.compile(r"\s*((?:[^\s:]+\s+){0,2}[^\s:]+)\s*:(?!//)")


def label_terms(request: str) -> frozenset[str]:
    """Round 105: the first terms of the words of the label ``request`` opens with (what it
    is about: webpack for "вебпак 5: Module not found ..."), empty when it opens with none."""
    found = _LABEL.match(request) if ":" in request else None  # most requests: no colon
    if found is None:
        return frozenset()
    return frozenset(t for word in words(found.group(1)) for t in term_list(word)[:1])


def printed_by(query: _Query) -> frozenset[str]:
    """Round 105: the terms of the technologies whose own messages the request pastes (its
    phrases only one technology prints: signatures.PHRASE_NAMES); empty for most."""
    return frozenset(
        term
        for t in query.weights
        if t.startswith(SIGNED)
        for name in PHRASE_NAMES.get(t, ())
        for term in term_list(name)[:1]
    )


@cache
def field_tools(name: str) -> frozenset[str]:
    """Round 105: the terms of the tools a product row lists whose domain words hold a word
    of agent ``name`` (email-deliverability-engineer: sendgrid, spf, dkim; build-engineer:
    gradle, webpack): the tools of the field it is named for, its own vocabulary."""
    return frozenset(t for word in name.split("-") for t in _tools(word))


def writes_any(query: _Query, terms: frozenset[str], own: frozenset[str]) -> bool:
    """Whether the request writes one of ``terms`` itself (:func:`writes`), at full weight
    (``own``: :func:`full_weight`)."""
    written = terms & own
    for t in written:  # most: none to read (a loop, not any() over a generator)
        if writes(query, t):
            return True
    return False


def phrase_languages(query: _Query, languages: frozenset[str]) -> list[tuple[str, str]]:
    """The ``languages`` a phrase of the request names as one ("react native" is
    reactnative's, a framework of its own), each with the term of the phrase's first word
    (react), which then names no language: the request is about the phrase's framework."""
    out = []
    for t in query.weights:
        if t.startswith(SIGNED) and " " in t:
            parts = t[len(SIGNED) :].split()
            joined = term_list("".join(parts))[:1]
            opener = term_list(parts[0])[:1]
            if joined and opener and joined[0] in languages and joined != opener:
                out.append((opener[0], joined[0]))
    return out


def technology_words(
    names: Sequence[str],
    described: Sequence[frozenset[str]],
    languages: Sequence[frozenset[str]],
) -> list[frozenset[str]]:
    """Per agent named for a technology (:func:`name_forms`), what a request names that
    technology by (round 87): its name's forms and words, its language's nickname
    (``languages``: go for golang-pro), the words of its name, triggers and description
    that at most OWN_WORDS agents of the roster name or describe themselves by (expo; not
    expert, mobile), the tools
    a product row of its technology lists (kubectl, helm: rows whose domain words hold the
    name word), and the folded Cyrillic spellings by ear of its name words (флатер, го);
    empty for an agent named for none (ui-designer, mobile-developer)."""
    counts = Counter(t for terms in described for t in terms)
    counts.update(t for name in names for word in set(name.split("-")) for t in term_list(word)[:1])
    out: list[frozenset[str]] = []
    for name, terms, own in zip(names, described, languages, strict=True):
        forms = name_forms(name)
        if not forms:
            out.append(frozenset())
            continue
        found = forms | own | {t for t in terms if counts[t] <= OWN_WORDS}
        for word in name.split("-"):
            term = term_list(word)[:1]
            if term and (term[0] in forms or counts[term[0]] <= OWN_WORDS):
                found |= {term[0], *name_folds(word), *_tools(word)}
        found |= {key for nickname in own if nickname.isascii() for key in name_folds(nickname)}
        for language in own & NATIVE_PLATFORMS.keys():  # round 100: ios for swift-expert
            found |= NATIVE_PLATFORMS[language]
        out.append(frozenset(found))
    return out


def _tools(word: str) -> frozenset[str]:
    """The terms of the products a row of :data:`products.PRODUCTS` lists when its domain
    words hold ``word`` (kubernetes: k8s, kubectl, helm)."""
    return _tools_by_word().get(word, frozenset())


@cache
def _tools_by_word() -> dict[str, frozenset[str]]:
    """:func:`_tools` of every domain word of :data:`products.PRODUCTS` (one pass over the
    rows, made on first use: each agent's name words are looked up while requests are
    routed, a scan of every row each)."""
    found: dict[str, set[str]] = {}
    for domain, listed in PRODUCTS:
        terms = [t for product in listed.split() for t in term_list(product)[:1]]
        for word in domain.split():
            found.setdefault(word, set()).update(terms)
    return {word: frozenset(terms) for word, terms in found.items()}


def heard_folds(query: _Query) -> frozenset[str]:
    """The folded spellings by ear (byear.word_folds) of the request's Cyrillic words that
    the glossary left as written (флатером, го), compared with a technology's words
    (:func:`technology_words` holds its name's spellings by ear)."""
    found: set[str] = set()
    for t in query.weights:
        if is_cyrillic(t):
            found |= word_folds(query.surface.get(t) or t)
    return frozenset(found)


def names_technology(query: _Query, words: frozenset[str]) -> bool:
    """Whether the request's terms (at any weight) name the technology whose terms are
    ``words`` (:func:`technology_words`); a Cyrillic word by ear is :func:`heard_folds`'."""
    return not words.isdisjoint(query.weights)


def moved_languages(
    tokens: Sequence[str], language: Callable[[str], str]
) -> tuple[str, tuple[int, ...]]:
    """Round 101: the language a request moves code to and the positions of the languages it
    moves off ("from python to go", "з python на go", "переписати старий jquery фронт на
    реакт", "rewrite this perl script in python"), else ("", ()). ``language`` gives a
    token's language term ("" for none). The target is the one language written after a
    word of moving to (to, на; "in" after a verb of moving) that follows a language written
    after a word of moving off (from, з) or a verb of moving; the languages left are those
    after a word of moving off, or, with such a verb, every other one. A request that names
    one language twice (python 2 to python 3) or moves to no language it names (jquery to
    "something modern") moves none."""
    if MOVE_TO_AFTER_VERB.isdisjoint(tokens):  # most requests (a caller may test it first)
        return "", ()
    after = _written_after(tokens, MOVE_TO_AFTER_VERB)
    if not any(map(language, after)) or not _moving(tokens):  # no language after "to"
        return "", ()
    found = [(i, lang) for i, t in enumerate(tokens) if (lang := language(t))]
    if len({lang for _, lang in found}) < 2:
        return "", ()
    verb = next((i for i, t in enumerate(tokens) if _moves(t)), len(tokens))
    off = [(i, lang) for i, lang in found if _marked(tokens, i, MOVE_FROM)]
    first_off = min((i for i, _ in off), default=len(tokens))
    targets = {
        lang
        for i, lang in found
        if (i > first_off and _marked(tokens, i, MOVE_TO))
        or (i > verb and _marked(tokens, i, MOVE_TO_AFTER_VERB))
    }
    if len(targets) != 1:
        return "", ()
    (target,) = targets
    left = off if verb == len(tokens) else found
    return target, tuple(i for i, lang in left if lang != target)


def _written_after(tokens: Sequence[str], markers: frozenset[str]) -> list[str]:
    """The tokens written after one of ``markers``, or two after with a stopword between
    ("to go", "to the go service"), in order, each once: the markers' places found in C
    (to, in, на, в: most requests hold one), then only the tokens after them read."""
    places: set[int] = set()
    last = len(tokens) - 1
    for at in compress(count(), map(markers.__contains__, tokens)):
        if at < last:
            places.add(at + 1)
            if at + 1 < last and tokens[at + 1] in STOPWORDS:
                places.add(at + 2)
    return [tokens[at] for at in sorted(places)]


def unwanted(tokens: Sequence[str], technology: Callable[[str], bool]) -> tuple[int, ...]:
    """Round 113: the positions of the technologies (``technology`` tells) a request does not
    want, written after a word of :data:`NOT_WANTED` ("логи дешево, без еластіка", "a broker,
    not kafka"): they are left out of its words."""
    # one membership test per word (a request in Ukrainian often holds не): no call
    return tuple(
        at
        for at in range(1, len(tokens))
        if (
            tokens[at - 1] in NOT_WANTED
            or (at > 1 and tokens[at - 2] in NOT_WANTED and tokens[at - 1] in STOPWORDS)
        )
        and technology(tokens[at])
    )


def moved_off(tokens: Sequence[str], technology: Callable[[str], bool]) -> tuple[int, ...]:
    """Round 113: the positions of the technologies (``technology`` tells) a request moves
    off to another one with a verb of moving ("переїжджаємо з вебпака на vite", "migrate from
    jenkins to github actions"), not only between languages (:func:`moved_languages`): they
    weigh as little as a language moved off."""
    if MOVE_FROM.isdisjoint(tokens) or not (
        not MOVE_VERBS.isdisjoint(tokens) or _stem_written(tokens)
    ):  # most requests: no word of moving off, or no verb of moving
        return ()
    off = [
        at
        for at, token in enumerate(tokens)
        if _marked(tokens, at, MOVE_FROM) and technology(token)
    ]
    if off and any(
        at > off[0] and _marked(tokens, at, MOVE_TO) and _product(token)
        for at, token in enumerate(tokens)
    ):
        return tuple(off)
    return ()


#: Round 121: the words that say a language is the team's, not the job ("python team",
#: "a php shop", "команда на пайтоні"): what the people know, the context of the ask.
TEAM_WORDS = frozenset(
    """
    team teams devs developers engineers shop folks people
    команда команди команду командою розробники розробників девелопери програмісти
    """.split()
)
_TEAM_GLUE = frozenset("на on of з із".split())
#: Round 121: a CI matrix, whose languages, written with their versions ("a matrix over
#: python 3.10-3.13", "матриця node 18, 20"), are what the pipeline runs, not the job.
MATRIX_WORDS = frozenset("matrix матриця матрицю матриці матрицею".split())
#: Round 121: either (one look-up for most requests).
CONTEXT_WORDS = TEAM_WORDS | MATRIX_WORDS


def team_languages(tokens: Sequence[str], language: Callable[[str], str]) -> tuple[int, ...]:
    """Round 121: the positions of the languages (``language`` gives a token's, "" for none) a
    request names as its team's ("python team", "our node devs", "команда на пайтоні") or,
    with their versions, as what a CI matrix runs ("a matrix over python 3.10-3.13"): the
    context of what it asks, weighed as little as a language moved off; () for most requests
    (no team or matrix word)."""
    team, matrix = not TEAM_WORDS.isdisjoint(tokens), not MATRIX_WORDS.isdisjoint(tokens)
    if not (team or matrix):
        return ()
    return tuple(
        at
        for at, token in enumerate(tokens)
        if (
            (team and _said_of_team(tokens, at))
            or (matrix and at + 1 < len(tokens) and tokens[at + 1].isdigit())
        )
        and language(token)
    )


def _said_of_team(tokens: Sequence[str], at: int) -> bool:
    """Round 121: whether ``tokens[at]`` is said of a team: an English team word after it
    ("python devs"; a Ukrainian one after it opens the next clause: "на пайтоні, команда
    чекає") or a team word before it with a glue word ("команда на пайтоні")."""
    if at + 1 < len(tokens) and tokens[at + 1] in TEAM_WORDS and tokens[at + 1].isascii():
        return True
    return at > 1 and tokens[at - 1] in _TEAM_GLUE and tokens[at - 2] in TEAM_WORDS


def _product(token: str) -> bool:
    """Round 113: whether ``token`` names a well-known technology (vite, github), an agent
    for it on the roster or not: what a request moves to."""
    found = term_list(token)
    return bool(found) and is_technology(token, found[0])


def _moving(tokens: Sequence[str]) -> bool:
    """Whether ``tokens`` hold a word of moving off or a verb of moving (one pass)."""
    if not (MOVE_FROM.isdisjoint(tokens) and MOVE_VERBS.isdisjoint(tokens)):
        return True
    return _stem_written(tokens)


#: :data:`MOVE_STEMS` at a word's start, for :func:`_moving`.
_MOVE_STEM = re.compile(r"(?<!\w)(?:" + "|".join(MOVE_STEMS) + ")")
#: Route78: per token, whether :data:`_MOVE_STEM` finds a stem in it (kept while fewer than
#: MAX_PLANS are, as a query's plans).
_STEM_IN: dict[str, bool] = {}


def _stem_written(tokens: Sequence[str]) -> bool:
    """Whether :data:`_MOVE_STEM` finds a stem in ``tokens`` joined by spaces, read token by
    token and kept per token (route78: the scan of the joined text cost ~14 K instructions
    a request with a word of moving off, each token's look-up ~0.4 K). The same: a stem
    holds no space, and a space is no word character, so a match starts and ends within one
    token and its look-behind reads the same there as in the joined text."""
    kept = _STEM_IN
    for token in tokens:
        found = kept.get(token)
        if found is None:
            found = _MOVE_STEM.search(token) is not None
            if len(kept) < MAX_PLANS:
                kept[token] = found
        if found:
            return True
    return False


def _moves(token: str) -> bool:
    """Whether ``token`` is a verb of moving code between languages (:data:`MOVE_VERBS`)."""
    return token in MOVE_VERBS or token.startswith(MOVE_STEMS)


def _marked(tokens: Sequence[str], at: int, markers: frozenset[str]) -> bool:
    """Whether one of ``markers`` stands before ``tokens[at]``, or two words before with a
    stopword between ("to the go service", "з нашого python")."""
    if at and tokens[at - 1] in markers:
        return True
    return at > 1 and tokens[at - 2] in markers and tokens[at - 1] in STOPWORDS
