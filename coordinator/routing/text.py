# ruff: noqa: RUF001, RUF002, RUF003 - Ukrainian text is intended
"""Text normalisation shared by trigger extraction and routing, for English and Ukrainian.

A request and an agent definition meet on *terms*: lower-cased tokens with apostrophes removed,
Ukrainian spellings of common tech words mapped to their English form (``ендпоінт`` ->
``endpoint``, ``міграцію`` -> ``migration``) and word forms reduced by a light suffix-stripping
stemmer (``Створи`` and ``створити`` -> ``створ``; ``queries`` and ``query`` -> ``query``).

The stemmers (:mod:`coordinator.routing.stems`) are deliberately small: they only have to make
the same word meet itself in different forms; they never have to produce dictionary words. A
Ukrainian form's glossary stem is found by :mod:`coordinator.routing.uk_roots`; spelling folded
across scripts for fuzzy comparison is :mod:`coordinator.routing.shapes`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coordinator.routing import carried
from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.romanised import cyrillic
from coordinator.routing.stems import UK_FORM_ENDINGS, stem_en, stem_uk
from coordinator.routing.uk_roots import glossary_english, glossary_key
from coordinator.routing.vocab import COMMON_WORDS_UK, LANGUAGES

_APOSTROPHES = re.compile(r"[ʼ'’`ʻ]")


_TOKEN = re.compile(r"n\+1|[0-9a-zа-яіїєґё]+(?:\+\+|#)?")


_CYRILLIC = re.compile(r"[а-яіїєґё]")


_LATIN = re.compile(r"[a-z]")


#: Latin letters that look like Cyrillic ones: a mixed word made only of these reads as
#: Cyrillic; one with another Latin letter (reactом) is left alone.
_HOMOGLYPHS = str.maketrans("aceiopxykmthb", "асеіорхукмтнв")


_LATIN_LOOKALIKES = frozenset("aceiopxykmthb")


#: A Latin word given a Ukrainian case ending (dockerі, prodі, reactом, nginxа).
_LATIN_INFLECTED = re.compile(r"[a-z]{2,}(?:а|у|і|ом|ою|ах|ам|ами|ів|ові|ку|ка|ці|ки)")


#: A run of Latin letters in a word.
_LATIN_RUN = re.compile(r"[a-z]+")


#: A version tag (v2, v14): as generic as a bare number, whichever body happens to name it.
_VERSION = re.compile(r"v[0-9]+")


#: Multi-word phrases rewritten before tokenising (Ukrainian ones, and English ones whose words
#: read alone mislead): two strings each pattern's match holds (the second "" when one
#: says enough), tested before the pattern runs, the pattern, its replacement.
_PHRASES: tuple[tuple[str, str, re.Pattern[str], str], ...] = (
    ("даних", "", re.compile(r"\bбаз[аиуіо]\w*\s+даних\b"), " database "),
    ("інтелект", "", re.compile(r"\bштучн\w*\s+інтелект\w*\b"), " ai "),
    # дата- joined to a word by a hyphen is data (дата-інженер, дата-пайплайн), not a date
    ("дата-", "", re.compile(r"\bдата-(?=[а-яіїєґa-z])"), " data "),
    ("навчанн", "", re.compile(r"\bмашинн\w*\s+навчанн\w*\b"), " machine learning "),
    # log in, logged out, signing up: one word, so it does not read as logging or signing
    ("log", "", re.compile(r"\blog(?:s|ged|ging)?\s+(in|out)\b"), r" log\1 "),
    ("sign", "", re.compile(r"\bsign(?:s|ed|ing)?\s+(in|up|out)\b"), r" sign\1 "),
    # a symptom that names a domain without its word: a bot that makes things up hallucinates
    (
        "mak",
        "up",
        re.compile(
            r"\bmak(?:e|es|ing)\s+(?:stuff|things|facts|answers)\s+up\b(?![\s-]+to[\s-]+date)"
        ),
        " hallucination llm ",
    ),
    (
        "made",
        "up",
        re.compile(r"\bmade[ -]up\s+(?:answers?|facts?|stuff|things)\b"),
        " hallucination llm ",
    ),
    (
        "вигаду",
        "",
        re.compile(r"\b(?:бот\w*|чатбот\w*|модел\w*|асистент\w*|llm|gpt)\s+(?:\w+\s+)?вигаду\w*"),
        " hallucination llm ",
    ),
    # round 103: a store of data said to be backed up (is our postgres backed up?) or to be
    # backed up (back up the database) is its backup, not a queue or traffic that backs up
    (
        "backed",
        "up",
        re.compile(
            r"\b(database|db|postgres|postgresql|mysql|data|server|files)\s+"
            r"(?:(?:is|are|was|were|being|been|has|have|gets?|getting)\s+){0,2}backed\s+up\b"
        ),
        r"\1 backup ",
    ),
    (
        "back",
        "up",
        re.compile(
            r"\bback(?:s|ing)?\s+up\s+(?=(?:the\s+|our\s+|my\s+)?"
            r"(?:database|db|postgres|postgresql|mysql|data|server|files)\b)"
        ),
        "backup ",
    ),
)


#: Ukrainian two-word terms whose words read alone mislead (доступність is accessibility, зона
#: доступності an availability zone), written from a checklist of the field's collocations:
#: the first word's stem, the stems the next words begin with, the English term.
_UK_TERMS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("зон", ("доступност",), "availability zone"),
    ("висок", ("доступн",), "high availability"),
    ("сховищ", ("даних",), "data warehouse"),
    ("озер", ("даних",), "data lake"),
    ("головн", ("сторін",), "home page"),
    ("оформленн", ("замовлен",), "checkout"),
    ("гугл", ("таблиц",), "google sheets"),
    ("точк", ("входу",), "entry point"),
    ("контрол", ("версій",), "version control"),
    ("модульн", ("тест",), "unit test"),
    ("вихідн", ("код",), "source code"),
    ("сирцев", ("код",), "source code"),
    ("чорн", ("спис",), "denylist blocklist"),
    ("відмов", ("в", "обслуговуванн"), "denial of service"),
    ("обробк", ("природн", "мов"), "nlp"),
    ("реальн", ("час",), "realtime"),
    ("робоч", ("процес",), "workflow"),
    ("стан", ("гонитв",), "race condition"),
    ("стан", ("гонк",), "race condition"),
    ("єдин", ("вхід",), "sso"),
    ("єдин", ("входу",), "sso"),
    ("кінцев", ("точк",), "endpoint"),
    # round 32: relations named by their cardinality, pools, time zones
    ("багат", ("до", "багат"), "many to many relationship"),
    ("один", ("до", "багат"), "one to many relationship"),
    ("один", ("до", "одн"), "one to one relationship"),
    ("пул", ("зєднан",), "connection pool"),
    ("пул", ("підключен",), "connection pool"),
    ("часов", ("пояс",), "timezone"),
    ("докер", ("образ",), "docker image"),
    ("образ", ("докер",), "docker image"),
    ("образ", ("контейнер",), "container image"),
    ("докер", ("композ",), "docker compose"),
    # two-word LLM terms spelled by ear: their words alone are generic (tool, call, use)
    ("тул", ("колінг",), "tool calling"),
    ("тул", ("кол",), "tool calling"),
    ("тул", ("юз",), "tool use"),
    ("фанкшн", ("колінг",), "function calling"),
    ("функці", ("колінг",), "function calling"),
    # round 77: product names of two words said by ear, read as the one name they write
    # in Latin (бут alone is no boot, скрипт alone any script)
    ("спрінг", ("бут",), "spring boot"),
    ("спринг", ("бут",), "spring boot"),
    ("джава", ("скрипт",), "javascript"),
    ("тайп", ("скрипт",), "typescript"),
    ("нод", ("джс",), "nodejs"),
    ("ноуд", ("джс",), "nodejs"),
)


#: First words given whole (a noun's irregular forms).
_UK_TERM_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("день", "дня", "днем", "дні", "дню"), ("народженн",), "birthday"),
)


@carried.table
def _uk_term_firsts() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Every form of a two-word term's first word -> the rest of each term it may begin."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for stem, rest, english in _UK_TERMS:
        for ending in UK_FORM_ENDINGS:
            table.setdefault(stem + ending, []).append((rest, english))
    for forms, rest, english in _UK_TERM_WORDS:
        for form in forms:
            table.setdefault(form, []).append((rest, english))
    return {form: tuple(terms) for form, terms in table.items()}


def _uk_term(tokens: list[str], position: int) -> tuple[list[str], int] | None:
    """The English words of the two-word term that begins at ``position`` and how many tokens
    it spans, or None."""
    for rest, english in _uk_term_firsts().get(tokens[position], ()):
        end = position + 1 + len(rest)
        following = tokens[position + 1 : end]
        if len(following) == len(rest) and all(map(str.startswith, following, rest)):
            return english.split(), end
    return None


#: Developer shorthand, read as the words it stands for (the short form is kept too).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "prod": ("prod", "production"),
    "repo": ("repo", "repository"),
    "repos": ("repo", "repository"),
    "db": ("db", "database"),
    "dbs": ("db", "database"),
    "k8s": ("k8s", "kubernetes"),
    "auth": ("auth", "authentication"),
    "perf": ("perf", "performance"),
    "env": ("env", "environment"),
    "envs": ("env", "environment"),
    "deps": ("deps", "dependency"),
    "dep": ("deps", "dependency"),
    "infra": ("infra", "infrastructure"),
    "pr": ("pr", "pull"),
    "prs": ("pr", "pull"),
    "ui": ("ui", "interface"),
    "ux": ("ux", "experience"),
    "btn": ("btn", "button"),
    "col": ("col", "column"),
    "cols": ("col", "column"),
    "msg": ("msg", "message"),
    "docs": ("docs", "documentation"),
    "doc": ("doc", "documentation"),
    "config": ("config", "configuration"),
    "configs": ("config", "configuration"),
    "async": ("async", "asynchronous"),
    "impl": ("impl", "implementation"),
    "e2e": ("e2e", "end", "test"),
    "ml": ("ml", "machine", "learning"),
    "llms": ("llm",),
    # round 115: a table's parts and a config in a terse ask ("add gift_wrap col to orders";
    # col and cols above, round 116)
    "tbl": ("tbl", "table"),
    "tbls": ("tbl", "table"),
    "cfg": ("cfg", "configuration"),
    "idx": ("idx", "index"),
}


STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but if then else of to in on at by for with from into onto over under about
    as is are was were be been being am do does did done doing have has had having it its this
    that these those there here i me my we our us you your he she they them their his her what
    which who whom whose when where why how all any both each few more most other some such no
    nor not only own same so than too very can will just should would could may might must shall
    also via per up out off again further once s t don doesn isn aren wasn weren won etc e g ie
    whats thats hows wheres whos whens theres heres dont doesnt didnt isnt arent wasnt werent
    im ive youre theyre weve
    eg vs let lets please want need needs like get gets got make makes made new one two
    since until while because though although first after before during instead without
    within across behind among whether either neither every much many already still yet even
    ever never always often maybe really quite rather something anything everything nothing
    і й та а але або чи не ні що це цей ця ці цього цієї цим тих той та те як так там тут де
    коли чому хто який яка яке які якого якої яким для з із зі в у на до від по про при за під
    над між через без після перед біля щоб бо же ж ще вже лише тільки також теж є був була було
    були буде будуть мене мені мій моя моє мої ми нас нам наш наша наше наші ти тебе тобі твій
    ви вас вам ваш він вона воно вони його її їх їм нього неї них себе свій своє своя свої весь
    вся все всі кожен кожна кожне кожні дуже можна треба потрібно будь ласка хочу
    замість поки тому якщо бо хоча ніж щоразу завжди ніколи вже ось цю цей цим цих
    яку якій якому якими яких цьому цією цими такий така таке такі такого такої мою моєї моїх
    моєму твою свою своєї своїх своєму нашу нашої нашому нашим наших вашу вашої вашому ваших
    їхній їхня їхнє їхні усі усе усіх всіх всю всього інший інша інше інші іншого
    робити роблю робиш робить робимо робите роблять робив робила робило робили
    зробити зроблю зробиш зробить зробимо зробите зроблять зробив зробила зробило зробили
    мати маю маєш має маємо маєте мають мав мала мало мали
    могти можу можеш може можемо можете можуть міг могла могло могли
    хотіти хочеш хоче хочемо хочете хочуть хотів хотіла хотіли
    бути буду будеш будемо будете бувають стати стане стануть став стала стало стали
    дай дайте давай давайте
    мабуть можливо взагалі зараз просто навіть досі таки якось щось десь колись куди звідки
    потім спершу спочатку тоді тепер знову ось тіпа кароче короче ваще шо шоб ше тре
    щас нема немає плз
    """.split()
)


#: (The Ukrainian verb forms above mirror the English stopwords' do, make, have, can, want,
#: be, become and let: everyday verbs that say nothing about which specialist fits.)
#: Ukrainian stems that carry no topic: inflected stopwords (нашого, цього, свого) and verbs
#: whose English words are stopwords (зроби: make; потрібен: need).
_UK_STOP_STEMS: frozenset[str] = frozenset(
    {w for w in STOPWORDS if len(w) >= 3 and _CYRILLIC.search(w)}
    | {"зроб", "потріб", "потрібен", "свог"}
)


#: A config key, dotted path or file name: ``min.insync.replicas``, ``payment_intent.succeeded``.
_CONFIG = re.compile(r"[a-z0-9-]+(?:[._/][a-z0-9-]+)+|[a-z0-9]+(?:_[a-z0-9]+)+")


def normalise(text: str) -> str:
    """Lower-case ``text``, drop apostrophes and rewrite known Ukrainian phrases."""
    lowered = text.lower()
    # most requests hold no apostrophe: five substring tests cost less than the regex pass
    if "'" in lowered or "’" in lowered or "ʼ" in lowered or "`" in lowered or "ʻ" in lowered:
        lowered = _APOSTROPHES.sub("", lowered)
    lowered = lowered.replace("ё", "е")
    for marker, also, pattern, replacement in _PHRASES:
        if marker in lowered and also in lowered:  # "backend" runs no pattern of backing up
            lowered = pattern.sub(replacement, lowered)
    return lowered


def words(text: str) -> list[str]:
    """The surface tokens of ``text`` after :func:`normalise` (no stemming, stopwords kept);
    a Cyrillic word with Latin look-alike letters typed into it is read as Cyrillic, and
    Ukrainian words that write one borrowed word are joined (:func:`_joined`)."""
    return normalised_words(normalise(text))


def normalised_words(lowered: str) -> list[str]:
    """:func:`words` of a text ``lowered`` that :func:`normalise` made (a caller that also
    needs the normalised text, such as :func:`normalised_config_words`, makes it once)."""
    tokens = _tokens(lowered)
    if lowered.isascii():  # no Cyrillic letter: nothing to read as Cyrillic
        return tokens
    if _LATIN.search(lowered) is not None and _CYRILLIC.search(lowered) is not None:
        tokens = [_cyrillic_lookalikes(t) for t in tokens]
    return _with_js(_joined(tokens))


#: Round 105: "JS" said in Ukrainian (джс, жс) after a framework's name: "ангуляр джс",
#: "некст.джс", "вью джс" are AngularJS, Next.js, Vue.js, as "angular js" reads.
_HEARD_JS = frozenset(("джс", "жс"))


def _with_js(tokens: list[str]) -> list[str]:
    """``tokens`` with a framework's name and the "js" said after it (:data:`_HEARD_JS`)
    joined into the framework's name in Latin (ангуляр джс -> angularjs); most requests
    hold no such word (one set test)."""
    if _HEARD_JS.isdisjoint(tokens):
        return tokens
    out: list[str] = []
    for token in tokens:
        name = _js_name(out[-1]) if token in _HEARD_JS and out else ""
        if name:
            out[-1] = name
        else:
            out.append(token)
    return out


def _js_name(token: str) -> str:
    """The name of the framework ``token`` (its glossary word when Cyrillic: некст, вью)
    writes with "js" (vuejs, nextjs, angularjs), "" when it names none (LANGUAGES)."""
    name = token
    if not token.isascii():
        key = glossary_key(token)
        english = GLOSSARY.get(key, ()) if key is not None else ()
        name = english[0] if len(english) == 1 else ""
    if not (name.isascii() and name.isalpha()):
        return ""
    if name.endswith("js"):
        return name if name in LANGUAGES else ""
    return name + "js" if name in LANGUAGES or name + "js" in LANGUAGES else ""


#: English letters as Ukrainian speakers name them (ем сі пі: MCP); і, о and зі are left
#: out (and, o, with), and so is дабл-ю (two words).
_LETTER_NAMES: dict[str, str] = {
    "ей": "a",
    "бі": "b",
    "сі": "c",
    "ді": "d",
    "еф": "f",
    "джі": "g",
    "ейч": "h",
    "ай": "i",
    "джей": "j",
    "кей": "k",
    "ел": "l",
    "ель": "l",
    "ем": "m",
    "ен": "n",
    "оу": "o",
    "пі": "p",
    "кю": "q",
    "ар": "r",
    "ес": "s",
    "ті": "t",
    "ю": "u",
    "ві": "v",
    "ікс": "x",
    "екс": "x",
    "вай": "y",
    "зед": "z",
    "зет": "z",
}


#: Letter names that are also everyday words (ті: those, ей: hey, ай: ouch, ю, ар, ен, оу,
#: екс: ex-): a run of them alone is no abbreviation.
_WORDLIKE_LETTERS = frozenset(("ті", "ей", "ай", "ю", "ар", "ен", "оу", "екс"))


def _joined(tokens: list[str]) -> list[str]:
    """``tokens`` with split spellings joined (:func:`_joined_at`): English letters named in
    Ukrainian, a two-word term whose words mislead alone, a borrowed word in two parts."""
    starts = _join_starts()
    # most requests hold no letter name, compound part or term's first word: one set test
    if starts.isdisjoint(tokens):
        return tokens
    out: list[str] = []
    done = 0
    for position in [i for i, token in enumerate(tokens) if token in starts]:
        if position < done:
            continue
        found = _joined_at(tokens, position)
        if found is not None:
            out += tokens[done:position]
            out += found[0]
            done = found[1]
    return out + tokens[done:] if out else tokens


def _joined_at(tokens: list[str], position: int) -> tuple[list[str], int] | None:
    """What the tokens from ``position`` join into and where the join ends: a run of two or
    more English letter names (ем сі пі -> mcp, сі ай -> ci; one of them no everyday word),
    a two-word term (зона доступності -> availability zone), or two Cyrillic words whose
    concatenation is a glossary stem reaching two letters into the second (гіт лаб ->
    гітлаб, тензор флоу -> тензорфлоу); None when nothing joins there."""
    names, count = _LETTER_NAMES, len(tokens)
    end = position
    while end < count and tokens[end] in names:
        end += 1
    run = tokens[position:end]
    if len(run) >= 2 and not _WORDLIKE_LETTERS.issuperset(run):
        return ["".join(names[t] for t in run)], end
    found = _uk_term(tokens, position)
    if found is not None:
        return found
    if position + 1 < count and tokens[position] in _join_heads():
        joined = _compound(tokens[position], tokens[position + 1])
        if joined is not None:
            return [joined], position + 2
    return None


def _compound(head: str, tail: str) -> str | None:
    """``head + tail`` when that is one glossary word reaching 2+ letters into ``tail`` and
    one of the two means nothing alone (тензор флоу: тензор; чат бот stays two words)."""
    if tail in STOPWORDS or not _CYRILLIC.search(tail):
        return None
    key = glossary_key(head + tail)
    if key is None or len(key) < len(head) + 2:
        return None
    return None if _glossed(head) and _glossed(tail) else head + tail


def _glossed(token: str) -> bool:
    """Whether the glossary gives ``token`` English words (its terms are Latin)."""
    found = term_list(token)
    return bool(found) and found[0].isascii()


@carried.table
def _join_starts() -> frozenset[str]:
    """Every token :func:`_joined` may start a joined word at."""
    return frozenset(_LETTER_NAMES.keys() | _join_heads() | _uk_term_firsts().keys())


@carried.table
def _join_heads() -> frozenset[str]:
    """The first parts a compound glossary stem may be split into (2+ letters, leaving 2+
    letters of the stem; no stopword): built on the first Cyrillic request."""
    return frozenset(
        {key[:size] for key in GLOSSARY for size in range(2, len(key) - 1)} - STOPWORDS
    )


#: A text made only of token letters and spaces (most repeated requests): a character class
#: scanned in C.
_PLAIN_TEXT = re.compile(r"[0-9a-zа-яіїєґё ]*")


def _tokens(lowered: str) -> list[str]:
    """``_TOKEN.findall(lowered)``, the same list: no token holds a space, so a text of
    token letters and spaces only is its space-separated chunks (one test for the whole
    text). Any other text is scanned whole by the pattern: route31 measured a test per
    chunk (a set test builds a string object per non-Latin-1 letter) and a pattern per
    chunk with punctuation at ~2x the one pass's cost on the new requests of the sets."""
    if _PLAIN_TEXT.fullmatch(lowered) is not None:
        return lowered.split()
    return _TOKEN.findall(lowered)


def _cyrillic_lookalikes(token: str) -> str:
    """``token`` read in one script when it mixes two: in Cyrillic when its only Latin
    letters look Cyrillic; a Latin word with a Ukrainian ending (reactом, dockerі) as it is
    (its stem is the Latin word); any other Latin letters typed into a Cyrillic word
    spelled in Cyrillic (kontейner: контейнер, :func:`coordinator.routing.romanised.cyrillic`)."""
    if token.isascii() or _LATIN.search(token) is None or not token.isalpha():
        return token
    latin = {c for c in token if c.isascii()}
    if latin <= _LATIN_LOOKALIKES:
        return token.translate(_HOMOGLYPHS)
    if _LATIN_INFLECTED.fullmatch(token) is not None:
        return token
    return _LATIN_RUN.sub(lambda run: cyrillic(run.group()), token)


def config_words(text: str) -> set[str]:
    """Tokens of ``text`` that are parts of config keys, dotted paths or file names."""
    if "." not in text and "_" not in text and "/" not in text:
        return set()
    return normalised_config_words(normalise(text))


def normalised_config_words(lowered: str) -> set[str]:
    """:func:`config_words` of a text ``lowered`` that :func:`normalise` made (normalising
    adds no separator: a text without one holds no key either way)."""
    found: set[str] = set()
    if "." not in lowered and "_" not in lowered and "/" not in lowered:
        return found
    # a key holds no space: only the space-separated chunks with a separator can hold one
    for chunk in lowered.split():
        if "." in chunk or "_" in chunk or "/" in chunk:
            for match in _CONFIG.finditer(chunk):
                found.update(_TOKEN.findall(match.group(0)))
    return found


@lru_cache(maxsize=65536)
def term_list(token: str) -> tuple[str, ...]:
    """The routing terms of one normalised token (none for a bare number or a version tag).

    A Ukrainian token in the glossary becomes its English words; any other Ukrainian token
    its stem; an English token its stem.
    """
    if token.isdigit() or (token[:1] == "v" and _VERSION.fullmatch(token)):
        return ()
    if token in ABBREVIATIONS:
        return tuple(stem_en(w) for w in ABBREVIATIONS[token])
    if not token.isascii() and _CYRILLIC.search(token):  # an ASCII token: no search
        english = () if token in COMMON_WORDS_UK else glossary_english(token)
        if english:
            return english
        stem = stem_uk(token)
        return () if stem in _UK_STOP_STEMS else (stem,)
    return (stem_en(token),)


def term(token: str) -> str:
    """The first routing term of ``token`` ("" for a bare number)."""
    found = term_list(token)
    return found[0] if found else ""


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed terms of ``text`` in order (stopwords dropped unless ``keep_stopwords``)."""
    out: list[str] = []
    for token in words(text):
        if not keep_stopwords and (token in STOPWORDS or len(token) < 2):
            continue
        out.extend(term_list(token))
    return out


@lru_cache(maxsize=65536)
def is_cyrillic(word: str) -> bool:
    """Whether ``word`` holds a Cyrillic letter (kept per word: a route asks it of the same
    words many times, and a regex search costs more than the look-up)."""
    # every Cyrillic letter is past ASCII: an ASCII word (a flag of the string) is not
    return not word.isascii() and _CYRILLIC.search(word) is not None
