# ruff: noqa: RUF001, RUF002, RUF003 - Ukrainian text is intended
"""Text normalisation shared by trigger extraction and routing, for English and Ukrainian.

A request and an agent definition meet on *terms*: lower-cased tokens with apostrophes removed,
Ukrainian spellings of common tech words mapped to their English form (``ендпоінт`` ->
``endpoint``, ``міграцію`` -> ``migration``) and word forms reduced by a light suffix-stripping
stemmer (``Створи`` and ``створити`` -> ``створ``; ``queries`` and ``query`` -> ``query``).

The stemmer is deliberately small: it only has to make the same word meet itself in different
forms; it never has to produce dictionary words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from operator import itemgetter

from coordinator.routing import carried
from coordinator.routing.endings import Endings
from coordinator.routing.glossary import GLOSSARY
from coordinator.routing.romanised import cyrillic
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
#: Endings a noun or adjective takes (зона, зони, зоною; висока, високої, високу, ...).
_UK_FORM_ENDINGS = (
    "", "а", "и", "і", "у", "ю", "е", "є", "о", "я", "ї", "ою", "ею", "ам", "ами", "ах", "ом",
    "ий", "ій", "ої", "ого", "ому", "им", "их", "ими", "ім", "ів", "ями", "ях", "ям", "ь", "ем",
)  # fmt: skip


@carried.table
def _uk_term_firsts() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Every form of a two-word term's first word -> the rest of each term it may begin."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for stem, rest, english in _UK_TERMS:
        for ending in _UK_FORM_ENDINGS:
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


#: Verbal prefixes a stem may begin with: a truncated root stands for such a stem only with
#: three letters of the stem's own root after the prefix (перебілд: not переб-, which
#: перебувати also leaves; прикріп: not прикр-, which прикрити leaves).
_STEM_PREFIXES = ("пере", "при", "роз", "від", "під", "над", "без")


def _prefixes(keys: list[str]) -> dict[str, str]:
    """A truncated root (5+ letters, at most 4 short of a stem, 3+ letters past a verbal
    prefix) -> the longest stem it begins (the first such stem of ``keys``, longest first)."""
    table: dict[str, str] = {}
    for key in keys:
        floor = max(5, len(key) - 4)
        if key.startswith(_STEM_PREFIXES):
            prefix = next(p for p in _STEM_PREFIXES if key.startswith(p))
            floor = max(floor, len(prefix) + 3)
        for size in range(floor, len(key) + 1):
            table.setdefault(key[:size], key)
    return table


@carried.table
def _glossary_prefixes() -> dict[str, str]:
    """:func:`_prefixes` of the glossary's stems, longest first (built on the first truncated
    root: an English request never needs it)."""
    return _prefixes(sorted(GLOSSARY, key=len, reverse=True))


#: Cyrillic -> Latin, tuned to how Ukrainian developers spell English words (дж -> j, г -> g).
#: A translation table (:meth:`str.translate`: one call, in C).
_TRANSLIT = str.maketrans(
    dict(
        zip(
            "абвгґдезиіїйклмнопрстуфхцчшщьюяєжё",
            "a b v g g d e z i i i i k l m n o p r s t u f h ts ch sh shch _ u ya e zh e".split(),
            strict=True,
        )
    )
)

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

#: Derivational suffixes of verbs and nouns made from a root (оптиміз-увати,
#: індекс-ування, валід-ацією, монітор-ити; surzhyk's -ірувать, -увать: протест-ірувать,
#: перепис-увать), longest first.
_UK_DERIVATIONAL: tuple[str, ...] = tuple(
    sorted(
        """
        ізуванням изуванням ізування изування ізувати изувати ізуйте ізуй
        уванням юванням ування ювання увати ювати уйте юйте ував ював уй юй
        ацією ація ації ацію ити ати яти ингом ингу инг
        ований ована оване овані ованого ованої ованих ованим ованому ованою ованими
        ьований ьована ьоване ьовані
        ується юється уються юються
        ірувать ірувати ірував ірувала ірували ірують ірує іруйте іруй ірування ировать
        ирувать увать ювать
        """.split(),
        key=len,
        reverse=True,
    )
)
#: :data:`_UK_DERIVATIONAL` looked up by length (the first in order is the longest).
_UK_DERIVATIONAL_AT = Endings(_UK_DERIVATIONAL)
#: Reflexive endings of verbs (вантаж-ить-ся, перезапуска-єть-ся), taken off before a root.
_UK_REFLEXIVE = ("ся", "сь")
#: Perfective prefixes (за-кешувати, про-тестувати, з-деплоїти).
_UK_PREFIXES = ("про", "за", "з", "с")
#: Their first letters (a word that starts with none of them has none of them).
_UK_PREFIX_FIRSTS = frozenset(prefix[0] for prefix in _UK_PREFIXES)

_UK_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        """
        ування ювання ування ання яння ення іння ість ості остей остям
        увати ювати ували ували ування ують юють ються ється ується
        ати яти ити іти ути ать ять ить іть ють уть ете єте ите іте емо ємо имо імо
        ала ало али ила ило или ола ував ював ує ює уй юй ай ій ей
        ами ями ові еві єві ого ього ому ьому ими іми ої ою ею єю ах ях ів їв ям ам ом ем
        ія ію ії ий ій ій ся сь ці ки
        а я у ю і ї и е є о ь й
        """.split(),
        key=len,
        reverse=True,
    )
)
#: :data:`_UK_ENDINGS` looked up by length (the first in order is the longest).
_UK_ENDINGS_AT = Endings(_UK_ENDINGS)

_EN_PLURAL: tuple[tuple[str, str], ...] = (
    ("sses", "ss"),
    ("ies", "y"),
    ("xes", "x"),
    ("ches", "ch"),
    ("shes", "sh"),
)
#: Every plural ending at once: a word ending in none of them skips the loop.
_EN_PLURAL_ENDINGS = tuple(suffix for suffix, _ in _EN_PLURAL)
#: Derivational endings and the shortest stem each may leave (``-er``/``-or`` are handled
#: apart: only a stem of 5+ letters loses them, so docker and dockerfile keep ``docker``).
_EN_STEP2: tuple[tuple[str, int], ...] = tuple(
    sorted(
        (
            ("ization", 3),
            ("isation", 3),
            ("ations", 3),
            ("ation", 3),
            ("ition", 3),
            ("ments", 3),
            ("ment", 3),
            ("ness", 3),
            ("ance", 4),
            ("ence", 4),
            ("able", 4),
            ("ible", 4),
            ("ity", 3),
            ("ive", 3),
            ("ize", 3),
            ("ise", 3),
            ("ate", 3),
            ("al", 4),
            ("ly", 4),
            ("e", 4),
        ),
        key=lambda item: len(item[0]),
        reverse=True,
    )
)
#: Every derivational ending at once: a word ending in none of them (most words) skips the loop.
_EN_STEP2_ENDINGS = tuple(suffix for suffix, _ in _EN_STEP2)
#: The letters they end in.
_EN_STEP2_LAST = frozenset(suffix[-1] for suffix in _EN_STEP2_ENDINGS)
#: Each derivational ending's shortest stem, and their lengths longest first.
_EN_STEP2_KEEP = dict(_EN_STEP2)
_EN_STEP2_SIZES = tuple(sorted({len(suffix) for suffix in _EN_STEP2_KEEP}, reverse=True))
_VOWEL = re.compile(r"[aeiouy]")
#: Derivational endings that end in e: a stem that lost -ing, -ed or -er gets its e back
#: when that completes one (creating -> create, optimizer -> optimize), so both meet.
_E_ENDINGS = tuple(suffix for suffix, _ in _EN_STEP2 if suffix.endswith("e") and suffix != "e")
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
        key = _glossary_key(token)
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
    key = _glossary_key(head + tail)
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
        english = () if token in COMMON_WORDS_UK else _glossary(token)
        if english:
            return english
        stem = stem_uk(token)
        return () if stem in _UK_STOP_STEMS else (stem,)
    return (stem_en(token),)


def _glossary(token: str) -> tuple[str, ...]:
    """The English terms of a Ukrainian ``token`` from the glossary: its own entry, else the
    entry of its root once a derivational suffix (оптимізувати, індексування) or a
    perfective prefix (задокументуй, протестувати) is taken off (empty when none)."""
    key = _glossary_key(token)
    if key is None:
        for form, derived in _uk_roots(token):
            key = (_derived_key if derived else _glossary_key)(form, truncated=True)
            if key is not None:
                break
    if key is None:
        key = _semelfactive_key(token)
    if key is None:
        base = _unalternated(token)
        key = _glossary_key(base) if base else None
    if key is None:
        base = _closed_i(token)
        key = _glossary_key(base) if base else None
    if key is None:
        key = _fleeting_key(token)
    if key is None:
        key = _prefixed_verb_key(token)
    if key is None:
        key = _diminutive_key(token)
    if key is None:
        infinitive = _infinitive_of_future(token)
        return _glossary(infinitive) if infinitive else ()
    return _english_terms(key) if key is not None else ()


@lru_cache(maxsize=4096)
def _english_terms(key: str) -> tuple[str, ...]:
    """The routing terms of glossary stem ``key``'s English words (kept per stem: the
    forms of one word share it)."""
    return tuple(stem_en(w) for w in GLOSSARY[key])


def glossary_terms() -> dict[str, None]:
    """Newreq76: the routing terms of every glossary stem's English words, in glossary
    order, each once: what a Ukrainian word the glossary reads stands for (each stem's made
    and kept now, as :func:`_english_terms` keeps it on first use)."""
    return dict.fromkeys(t for key in GLOSSARY for t in _english_terms(key))


def _glossary_key(form: str, *, truncated: bool = False, tail: int | None = None) -> str | None:
    """The glossary stem ``form`` starts with (plus a short ending, or at most ``tail``
    letters); with ``truncated``, also a longer glossary stem that starts with ``form``
    (монітор -> моніторинг), the longest stem first (класифік -> класифікац, not клас)."""
    if truncated and len(form) >= 5:
        longer = _glossary_prefixes().get(form)
        if longer is not None:
            return longer
    for size in range(len(form), max(0, len(form) - 5), -1):
        key = form[:size]
        if key not in GLOSSARY:
            continue
        most = _max_ending(key) if tail is None else tail
        if len(form) - size <= most or (tail is None and form[size:] in _NOUN_ENDINGS_3):
            if size < len(form) and not _takes_ending(key, form[size:]):
                continue
            return key
    return None


#: Every inflectional ending a noun, adjective or verb form may end in (for short stems).
_UK_ANY_ENDING = (
    frozenset(_UK_ENDINGS)
    | frozenset(_UK_FORM_ENDINGS)
    | frozenset("ть ти мо те ш в ла ли ло ємо єш єте ють уть ать ять ає ають аєш".split())
)
_UK_VOWELS = frozenset("аеєиіїоуюя")


def _takes_ending(key: str, ending: str) -> bool:
    """Whether glossary stem ``key`` may be followed by ``ending``: a short stem that is a
    word form of a shorter one with the same meaning (поди: под-и) takes no ending of two
    or more letters that opens with a consonant (подивитись is no pod), and a stem of three
    letters only a real ending (гра-ти, шл-ють, not гра-ф: граф is no game)."""
    if (
        len(key) <= 4
        and len(ending) >= 2
        and ending[0] not in _UK_VOWELS
        and key[-1] in _UK_VOWELS
        and GLOSSARY.get(key[:-1]) == GLOSSARY[key]
    ):
        return False
    return len(key) > 3 or ending in _UK_ANY_ENDING


#: What may join a glossary stem of four or more letters to a derivational suffix: -із-/-из-
#: (синхрон-із-ація, контейнер-из-ація), Latin -ур-/-істр-/-он-/-ік- (конфіг-ур-ація,
#: адмін-істр-ування, версі-он-ування, дубл-ік-ати), the л a labial takes before -ювати
#: (встанов-л-ювати) and the ж of д before -увати (дослід-ж-увати).
_ROOT_LINKS = frozenset(("із", "из", "ур", "істр", "он", "ік", "л", "ж"))


def _derived_key(form: str, *, truncated: bool) -> str | None:
    """The glossary stem of a root a derivational suffix left: the whole root, or the stem
    and one of :data:`_ROOT_LINKS` (подар-увати is no под-, граб-увати no гра-)."""
    key = _glossary_key(form, truncated=truncated, tail=0)
    if key is None:
        key = _noun_of_verb(form)
    if key is None:
        for link in _ROOT_LINKS:
            if form.endswith(link) and len(form) - len(link) >= 4:
                key = _glossary_key(form[: -len(link)], tail=0)
                if key is not None:
                    break
    return key


#: What a borrowed verb's root takes to become its noun in -ція (ізол-ювати: ізол-яц-ія,
#: інтегр-увати: інтегр-ац-ія, реаліз-увати: реаліз-ац-ія).
_NOUN_SUFFIXES = ("яц", "ац")


def _noun_of_verb(root: str) -> str | None:
    """The glossary stem of the noun in -ція a borrowed verb's root makes (ізолювати ->
    ізоляц): the root and -яц/-ац must be a glossary stem whole."""
    if len(root) < 3:
        return None
    for suffix in _NOUN_SUFFIXES:
        if root + suffix in GLOSSARY:
            return root + suffix
    return None


#: Endings of a verb of one action made from a borrowed word (деплой-нути, пуш-нув, фікс-ніть).
_UK_SEMELFACTIVE = ("нути", "нула", "нули", "нуло", "нуть", "нув", "ніть", "ну")


def _semelfactive_key(token: str) -> str | None:
    """The glossary stem of a verb of one action (деплойнути -> деплой, закомітнув ->
    коміт): the word less its -ну- ending and a perfective prefix must be a glossary stem of
    four or more letters whole, or one of five or more and one letter (деплой-: депло);
    no truncated root (натиснути, повернути, подихнути meet nothing)."""
    if not token.endswith(_UK_SEMELFACTIVE):  # most words: one test in C, no loop
        return None
    for ending in _UK_SEMELFACTIVE:
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            root = token[: -len(ending)]
            for form in (root, *(root[len(p) :] for p in _UK_PREFIXES if root.startswith(p))):
                key = _glossary_key(form, tail=1)
                if key is not None and len(key) >= (4 if key == form else 5):
                    return key
            return None
    return None


#: Dative and locative endings that alternate the stem's last consonant (черга -> черзі,
#: збірка -> збірці, муха -> мусі): ending -> the consonant of the base form.
_UK_ALTERNATIONS = (("зі", "г"), ("ці", "к"), ("сі", "х"))
#: The genitive plural drops a stem's last vowel before к (покупка -> покупок).
_UK_FLEETING = ("ок", "ек")


def _unalternated(token: str) -> str | None:
    """The stem of ``token`` with a consonant alternation or a fleeting vowel undone
    (черзі -> черг, збірці -> збірк, покупок -> покупк), or None when neither applies."""
    if len(token) < 5:
        return None
    for ending, consonant in _UK_ALTERNATIONS:
        if token.endswith(ending):
            return token[: -len(ending)] + consonant
    if token.endswith(_UK_FLEETING) and len(token) >= 6:
        return token[:-2] + "к"
    return None


#: Consonants a base form's fleeting vowel stands before (спис-о-к: списку, вуз-о-л: вузла,
#: стовп-е-ць: стовпця), with what the base form ends in.
_FLEETING_BASES: dict[str, tuple[str, ...]] = {
    "к": ("ок", "ек"),
    "л": ("ол", "ел"),
    "ц": ("ець",),
}


def _fleeting_key(token: str) -> str | None:
    """The glossary word whose base form has a vowel its other forms drop (список: списку,
    списки; виняток: винятку; стовпець: стовпця): the stem of ``token`` with that vowel put
    back must be a glossary stem whole (a base form, not a longer word's start)."""
    for cut in (1, 2, 3):  # the ending: списк-у, списк-ами, стовпц-ями
        base = token[:-cut]
        if len(base) < 4 or base[-2] in "аеєиіїоуюяь":
            continue
        for ending in _FLEETING_BASES.get(base[-1], ()):
            form = base[:-1] + ending
            if form in GLOSSARY:
                return form
    return None


#: A borrowed abbreviation made a Ukrainian noun by a diminutive or colloquial suffix and
#: an ending (ллм-к-а, пдф-к-и, апі-х-а, апі-шк-у, джсон-к-ою, гпт-шеч-к-а).
_DIMINUTIVE = r"^(.{2,}?)(?:ш|оч|еч|шеч|о|е)?[кх](?:а|и|у|ою|ці|і|ок|ам|ами|ах|е|ой)?$"
_UK_CONSONANTS = frozenset("бвгґджзйклмнпрстфхцчшщ")


@lru_cache(maxsize=1)
def _diminutive() -> re.Pattern[str]:
    """:data:`_DIMINUTIVE` compiled (when a word the glossary lacks first needs it)."""
    return re.compile(_DIMINUTIVE)


def _diminutive_key(token: str) -> str | None:
    """The glossary stem of a borrowed abbreviation behind a diminutive suffix (ллмка ->
    ллм, апіха -> апі): the root must be a glossary stem whole that spells its one short
    English word (pdf, api, json), and either consonants only (ллм, пдф: no Ukrainian word)
    or ending in a vowel (апі): пушка, башка and банка keep their own sense."""
    near_end = token[2:][-4:]  # where the pattern needs its к or х
    if "к" not in near_end and "х" not in near_end:
        return None  # most words: none there (a test cheaper than the pattern)
    found = _diminutive().match(token)
    if found is None:
        return None
    root = found.group(1)
    english = GLOSSARY.get(root)
    if english is None or len(english) != 1 or len(english[0]) > 4:
        return None
    if not (_UK_CONSONANTS.issuperset(root) or root[-1] in _UK_VOWELS):
        return None
    same = _consonant_skeleton(transliterate(root)) == _consonant_skeleton(english[0])
    return root if same else None


#: A stem that ends in е or о and then consonants (платеж-ів, рахунок -> no), as
#: ``^(.{2,}?)[ео]([бвгґджзклмнпрстфхцчшщ]+)$`` reads it: the consonants that close it.
_CLOSING_CONSONANTS = "бвгґджзклмнпрстфхцчшщ"


def _closed_i(token: str) -> str | None:
    """The base form of a word whose і turns into е or о when an ending opens its last
    syllable (платіж -> платежів, ніж -> ножа), or None: the stem with that е/о back to і."""
    if len(token) < 5:
        return None
    stem = stem_uk(token)
    # no pattern: the е/о is the letter before the stem's closing consonants (the
    # pattern's second group), and two letters or more come before it
    opened = stem.rstrip(_CLOSING_CONSONANTS)
    if len(opened) == len(stem) or len(opened) < 3 or opened[-1] not in "ео":
        return None
    return opened[:-1] + "і" + stem[len(opened) :]


#: Prefixes a verb borrowed from English takes besides про-, за-, з-, с- (по-партиціонувати,
#: від-рефакторити, пере-деплоїти, роз-шардити, ви-деплоїти, на-тюнити, до-налаштувати;
#: surzhyk's от-: от-рефакторить):
#: longest first, so пере- is read before по-.
_UK_VERB_PREFIXES = ("пере", "від", "роз", "під", "при", "по", "ви", "на", "до", "об", "от")
#: Forms of a verb in -ити, -ати, -їти (and its noun in -ння) that follow a borrowed root
#: (від-рефактор-ити, -ив, -ила, -ь, -іть; пере-деплої-ти; пере-білдж-ування is a
#: derivational suffix, read by :func:`_uk_roots`), longest first.
_UK_VERB_FORMS: tuple[str, ...] = tuple(
    sorted(
        """
        итися итись иться ити ить иш имо ите ила или ило ив ять іть ьте ь
        ітися ітись іться іти ів іла іли їтися їтись їться їти їв їла їли їть
        атися атись ати ав ала али ало ає ають ай айте ання анням анні
        ити ення енням енні
        тимуть тиме тимемо тимеш тимете тиметься тимуться
        """.split(),
        key=len,
        reverse=True,
    )
)
#: :data:`_UK_VERB_FORMS` looked up by length (the first in order is the longest).
_UK_VERB_FORMS_AT = Endings(_UK_VERB_FORMS)


def _prefixed_verb_key(token: str) -> str | None:
    """The glossary stem of a borrowed verb behind one of :data:`_UK_VERB_PREFIXES`
    (попартиціонувати -> партиціон, відрефакторити -> рефактор): the prefix must be
    followed by a root of four or more letters and a verb's suffix or ending, so a noun
    that begins with a prefix keeps it (порядок is no рядок, виклик no клик)."""
    if not token.startswith(_UK_VERB_PREFIXES):  # most words: one test in C, no loop
        return None
    for prefix in _UK_VERB_PREFIXES:
        if not token.startswith(prefix) or len(token) - len(prefix) < 6:
            continue
        rest = token[len(prefix) :]
        for form, derived in _uk_roots(rest):
            if derived:
                key = _derived_key(form, truncated=True)
                if key is not None and _borrowed_root(key):
                    return key
        ending = _UK_VERB_FORMS_AT.longest(rest, len(rest) - 4)  # a root of 4+ letters
        if ending:
            key = _derived_key(rest[: -len(ending)], truncated=False)
            return key if key is not None and _borrowed_root(key) else None
        return None
    return None


_VOWELS = re.compile(r"[aeiou]")
#: The synthetic future of an imperfective verb: its infinitive and -му, -меш, -ме, -мемо,
#: -мете, -муть and -меться (кешуватиме, індексуватимуть, деплоїтиметься).
_UK_FUTURE = re.compile(r"(.{4,}ти)(?:му|меш|ме|мемо|мете|муть)(?:ся|сь)?|(.{4,}ти)меться")


def _infinitive_of_future(token: str) -> str | None:
    """The infinitive of a synthetic future form (кешуватиметься -> кешувати), or None."""
    if "тим" not in token:  # most words: every form holds ти and then an ending in м-
        return None
    found = _UK_FUTURE.fullmatch(token)
    return (found.group(1) or found.group(2)) if found else None


def _borrowed_root(key: str) -> bool:
    """Whether glossary stem ``key`` is a borrowed root that spells one of its English words
    (рефактор: refactor, скейл: scale, мердж: merge): five or more letters whose consonants
    agree with the word's for three letters (прав: permission, пуст: empty do not; four-letter
    roots are left out: на-стил-ати, ви-таск-увати, при-краш-увати are Ukrainian verbs)."""
    if len(key) < 5:
        return False
    mine = _consonant_skeleton(transliterate(key))[:3]
    return any(_consonant_skeleton(w)[:3] == mine for w in GLOSSARY[key])


def _consonant_skeleton(word: str) -> str:
    """The first letter and the consonants of :func:`skeleton` (j and g as one)."""
    folded = skeleton(word).replace("j", "g")
    return folded[:1] + _VOWELS.sub("", folded[1:])


def _uk_roots(token: str) -> list[tuple[str, bool]]:
    """Roots of a Ukrainian word: without a reflexive ending (-ся, -сь), without a
    derivational suffix, without a perfective prefix, and combinations; each with whether a
    derivational suffix was taken off (such a root is the whole stem: подар-увати is no
    под-, грабувати no гра-)."""
    bases = [token]
    if token.endswith(_UK_REFLEXIVE) and len(token) >= 7:  # вантажиться, перезапускається
        token = token[:-2]
        bases.append(token)
    if token[:1] in _UK_PREFIX_FIRSTS:  # most words: no loop of startswith calls
        for prefix in _UK_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 5:
                bases.append(token[len(prefix) :])
                break
    roots: list[tuple[str, bool]] = []
    for base in bases:
        if base is not bases[0]:
            roots.append((base, False))
        suffix = _UK_DERIVATIONAL_AT.longest(base, len(base) - 4)
        if suffix:
            roots.append((base[: -len(suffix)], True))
    return roots


def _max_ending(key: str) -> int:
    """How long an inflectional ending may follow a glossary stem (short stems: short endings)."""
    return 2 if len(key) <= 3 else 4


#: The plural instrumental endings a short stem takes too (баг-ами, лог-ами, под-ами,
#: рол-ями); not -ові, an adjective's as well (базові: basic, типові: typical).
_NOUN_ENDINGS_3 = frozenset(("ами", "ями"))


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


@lru_cache(maxsize=1024)
def transliterate(word: str) -> str:
    """A Latin spelling of a Ukrainian word, as developers borrow English (``постгрес``);
    kept a while: a new word's stem is read for the roster's terms, its names and domain."""
    word = word.replace("дж", "j").replace("кс", "x")
    return word.translate(_TRANSLIT).replace("_", "")


_DOUBLED = re.compile(r"(.)\1+", re.DOTALL)
#: A letter written twice: where :data:`_DOUBLED` matches, and searched for faster (no
#: repeat to try at every place).
_PAIR = re.compile(r"(.)\1", re.DOTALL)
#: A run's one letter (``r"\1"`` as a callable, called in C: a template such as ``r"\1"``
#: is expanded by Python code at each run, ~3x the substitution's cost).
_RUN_LETTER = itemgetter(1)


def undouble(word: str) -> str:
    """``word`` with each run of one letter written once (``fasttext`` -> ``fastext``)."""
    # most words hold no doubled letter: a search tells at ~60% of a substitution's cost
    # (route39), and the substitution runs only where it finds a run
    return _DOUBLED.sub(_RUN_LETTER, word) if _PAIR.search(word) else word


def skeleton(word: str) -> str:
    """``word`` with spelling variation folded away, for fuzzy comparison across scripts."""
    return undouble(word.translate(_FOLD))


#: Route91: the consonants a transliterated skeleton may hold where a Latin name's has the
#: other (a voiced or voiceless pair, ф for ph, в for a Greek b, ш, с or з for a c, which the
#: skeleton writes k; review93: дж, written j, for a soft g, реджекс for regex): any other
#: consonant changed makes a native word another one (вивести: vivest is no vitest, пробіл
#: no profile). Each pair both ways round.
_SOUND_PAIRS = frozenset(
    pair
    for a, b in ("bp", "dt", "gk", "sz", "fv", "fp", "bv", "ks", "kz", "gj")
    for pair in (a + b, b + a)
)
#: The Latin consonants a skeleton holds (a letter no transliteration wrote, э, is no guess).
_CONSONANT_LETTERS = frozenset("bcdfgjklmnpqrstvwxz")


def one_sound(one: str, other: str) -> bool:
    """Whether two skeletons of one length that differ in one place differ by anything but
    two consonants :data:`_SOUND_PAIRS` does not pair (True when they differ in no place or
    in more than one: two neighbouring letters swapped)."""
    changed = [pair for pair in zip(one, other, strict=True) if pair[0] != pair[1]]
    if len(changed) != 1:
        return True
    a, b = changed[0]
    consonants = a in _CONSONANT_LETTERS and b in _CONSONANT_LETTERS
    return not consonants or a + b in _SOUND_PAIRS


@lru_cache(maxsize=4096)
def spelled_shape(word: str) -> str:
    """:func:`skeleton` of ``word``'s :func:`transliterate`: how a Cyrillic word is compared
    with Latin names. Kept per word: a new word's stem is compared with the roster's terms,
    its names and the products' heard by ear, each by this one form."""
    return skeleton(transliterate(word))


def ascii_table(changes: dict[str, str | None]) -> list[str | None]:
    """A ``str.translate`` table of every ASCII character, ``changes`` made (None: dropped;
    one past ASCII stays, as an IndexError). route39: a character a dict table lacks costs
    ``translate`` a KeyError raised and cleared, ~1 K instructions a character."""
    return [changes.get(c, c) for c in map(chr, range(128))]


def complete_table(changes: Mapping[str, str | int | None]) -> dict[int, str | int | None]:
    """``str.maketrans(changes)`` with every ASCII and Cyrillic (U+0400-U+04FF) character
    it lacks mapped to itself: what ``translate`` makes of a word is the same, without a
    KeyError for each letter the table leaves alone (route39)."""
    identity: dict[int, str | int | None] = {c: c for c in (*range(128), *range(0x400, 0x500))}
    return identity | str.maketrans(dict(changes))


_FOLD = ascii_table({"c": "k", "q": "k", "y": "i", "w": "v", "h": "", "x": "ks"})


@lru_cache(maxsize=4096)
def stem_uk(word: str) -> str:
    """Strip one Ukrainian inflectional ending, keeping a stem of at least three letters
    (kept per word: a word the glossary lacks is stemmed to undo a closed і and again as
    its term)."""
    ending = _UK_ENDINGS_AT.longest(word, len(word) - 3)
    if ending:
        word = word[: -len(ending)]
    if word.endswith("ь") and len(word) > 3:
        word = word[:-1]
    return word


#: One syllable closed by a single consonant after a single vowel (strip, scop, cod):
#: Porter's *o condition, where a final e is part of the word (stripe is not strip).
_SHORT_SYLLABLE = re.compile(r"^[^aeiouy]*[aeiouy][^aeiouywx]$")


def _short_syllable(stem: str) -> bool:
    """Whether ``stem`` is one short syllable (consonants, one vowel, one consonant)."""
    return _SHORT_SYLLABLE.match(stem) is not None


#: Round 102: words whose stem would be another word's (experience and experiment both
#: experi: a user's experience read as a chaos or A/B experiment), by the prefix they share,
#: and the stem they keep.
_EN_APART: tuple[tuple[str, str], ...] = (("experien", "experienc"),)


def stem_en(word: str) -> str:
    """A light English stemmer: plural and tense endings, then up to two derivational ones."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.startswith(_EN_APART[0][0]):  # one pair: a test costs less than a loop
        return _EN_APART[0][1]
    # each ending below is tested only on a word whose last letter one of them ends in
    # (route39: a letter compared costs a fraction of ``endswith``'s arguments parsed)
    if word[-1] == "s":  # every plural ending ends in s
        for suffix, replacement in _EN_PLURAL if word.endswith(_EN_PLURAL_ENDINGS) else ():
            if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "ies" else 3):
                word = word[: -len(suffix)] + replacement  # tries -> try as retries -> retry
                break
        else:
            if not word.endswith(("ss", "us", "is")):
                word = word[:-1]
    stripped = doubled = False
    for suffix in ("ing", "ed") if word[-1] in "gd" and word.endswith(("ing", "ed")) else ():
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 3 and _VOWEL.search(rest):
            word, stripped = rest, True
            if word[-1] == "i" and word[-2] not in "aeiou":  # queried, tried: query, try
                word = word[:-1] + "y"
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word, doubled = word[:-1], True
            break
    # reviewer -> review, debugger -> debug; docker stays (most words: neither ending)
    for suffix in ("er", "or") if word[-1] == "r" and word.endswith(("er", "or")) else ():
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 5:
            doubled = rest[-1] == rest[-2] and rest[-1] not in "lsz"
            word = rest[:-1] if doubled else rest
            stripped = True
            break
    if stripped and (word + "e").endswith(_E_ENDINGS):  # creating, create -> cre
        word += "e"
    elif stripped and not doubled and _short_syllable(word):  # striping, scoped, coding
        word += "e"
    if word[-1] in _EN_STEP2_LAST and word.endswith(_EN_STEP2_ENDINGS):
        return _derivational(word)
    return word


def _derivational(word: str) -> str:
    """``word`` without up to two of :data:`_EN_STEP2`'s derivational endings (the
    longest first, each leaving its shortest stem at least)."""
    for _ in range(2):
        if not word.endswith(_EN_STEP2_ENDINGS):
            break
        # the endings it ends with, longest first (as :data:`_EN_STEP2` is kept): one
        # look-up per length, not an endswith per ending; e is the one of one letter
        for size in _EN_STEP2_SIZES:
            keep = _EN_STEP2_KEEP.get(word[-size:])
            if keep is None or (size == 1 and _short_syllable(word[:-1])):
                continue  # stripe, scope, write keep their e: strip, scop, writ are other words
            if len(word) - size >= keep:
                word = word[:-size]
                break
        else:
            break
    return word
