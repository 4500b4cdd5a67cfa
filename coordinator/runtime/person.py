"""Questions only a person answers: what a Blocked agent's Required asks for that no agent's
tools produce, whatever its Domain, unless the config's ``domains:`` map names its agent
(consult49).

An agent's Required asks for work (``Fix the migration``, ``A composite index``) or for
something a person holds or gives: a secret or credentials, an approval or sign-off, a
decision of someone who owns it (the product owner's, the business's), access the agent
lacks (``Someone with cluster-admin ...``), a fact only the team has (``Which label the team
treats as the ground truth``, where the Blocker says nobody wrote it down), or content only
its owner gives (consult61): the copy a page shows, a release's version number or date, the
names of people, a product or a plan, prices, which team owns what. Models still
write a Domain for those ("DevOps" for a registry token), and a consultant of that domain
can only say it has none: :func:`person_asked` names the kind, and the chain waits for a
person instead. Read on the Required alone (the Blocker, only for a fact nobody wrote down);
English and Ukrainian. A word a technical Required also uses ("token", "access", "decide")
counts only in the phrases that ask for the thing itself.
"""

from __future__ import annotations

import re
from enum import StrEnum
from operator import itemgetter

from protocols import AgentReport


class PersonAsk(StrEnum):
    """What a person's question asks for (the wait's detail says it)."""

    SECRET = "credentials or a secret"
    APPROVAL = "an approval or sign-off"
    DECISION = "a decision its owner makes"
    ACCESS = "access the agent lacks"
    FACT = "a fact only the team has"
    CONTENT = "content only its owner gives"


_PEOPLE = (
    r"(?:(?:someone|somebody|a person|хтось) (?:with|who|that|з|хто|у кого)|whoever|"  # noqa: RUF001 - Ukrainian
    r"the (?:data |service |account |product |system |"
    r"business |code )?owner|product owner|stakeholders?|the team|the business|the company|"
    r"(?:legal|marketing|finance|sales|security|product) team|lawyers?|on-call lead|team lead|"
    r"(?:product|project|engineering) manager|власник\w*|керівник\w*|юрист\w*|"
    r"замовник\w*)"
)
_CREDENTIAL = (
    r"(?:credentials?|password(?! (?:reset|hash\w*|polic\w+|field|strength|validation|check|"
    r"attempts?|guess\w*|change|rotation|manager|less))|"
    r"passphrase|(?:api|access|secret|signing|private|ssh|deploy|license) keys?|"
    r"(?:client|signing|webhook|shared) secret|secrets?(?= (?:for|from|of)\b)|"
    r"(?:registry|access|api|auth|bearer|deploy|personal access|bot|npm|pypi|github) tokens?|"
    r"(?:account|tenant|subscription) id|role arn|connection string|"
    r"облікові дані|пароль\w*|секрет\w*|токен\w* (?:для )?доступу|ключ\w* api|api[ -]ключ\w*)"
)
#: Content a person gives, not work: copy, a release's version or date, names of people,
#: a product or a plan (not of a variable), prices, who owns what (consult61).
_CONTENT = (
    r"(?:copy\b(?! of)|(?:wording|microcopy|headline|tagline|slogan)\b|"
    r"text\b(?! (?:index|field|column|search|file|input|area|box|encoding|format|editor|"
    r"splitter|chunk|embedding|classification|model|of (?:the |an? )?(?:\d+|error|"
    r"exception|log|response|request|file|commit)))|"
    r"release'?s? (?:version|number|name)|version (?:number|tag|name)s? (?:for|of) (?:the |"
    r"this |our )?(?:next |new |upcoming )?(?:release|launch|changelog)|"
    r"(?:release|launch|go-live|go live|ship|shipping|cut-?over|publication) dates?\b"
    r"(?! (?:calculation|field|column|format|logic|parsing|picker|filter))|"
    r"(?:names?|titles?) (?:and \w+ )?of (?:the |our |each |every )?(?:team|people|person|"
    r"members?|staff|employees|authors?|contributors?|customers?|company|product|plans?|"
    r"tiers?)\b|(?:product|brand|company|plan|tier)'?s? name\b|"
    r"(?:prices?|pricing)\b(?! (?:api|table|column|calculation|field|service|feed|index|"
    r"engine|logic|rounding|model|page))|owning team|owners? of (?:each|every|the) "
    r"(?:service|component|system|module)|"
    r"текст\w*|формулюванн\w*|номер\w* версі\w*|версі\w* (?:релізу|випуску)|"
    r"дат\w* (?:релізу|запуску|виходу|публікації)|імена\b|ім'я\b|назв\w* (?:продукту|"
    r"компанії|тарифу|плану)|цін[аиуі]\b|вартіст\w*)"
)

#: Each kind's phrases, on the Required (lower case), checked in this order (a pattern a
#: kind: cheaper than one of them all, which defeats the regex engine's prefix checks).
_KINDS: dict[PersonAsk, str] = {
    # the thing asked for: among the first words, or one more "and"
    PersonAsk.SECRET: rf"(?:^(?:\S+\s+){{0,5}}?|\b(?:and|or|та|і|або) (?:\S+\s+){{0,3}}?)"  # noqa: RUF001 - Ukrainian
    rf"{_CREDENTIAL}\b(?! (?:flow|rotation|refresh|expir\w*|validation|handling|storage|"
    r"leak\w*|reuse))",
    PersonAsk.APPROVAL: r"\b(?:approv(?:al|ed|e)\b(?! (?:step|gate|stage|job|workflow|"
    r"flow|process|rule|button|screen|endpoint|status|logic|check))|sign-?off|go-ahead|"
    r"permission (?:from|to|of)|confirmation (?:that|from|of)|consent (?:from|of)|"
    r"погодженн\w*|затвердженн\w*|схваленн\w*|дозв[іо]л\w* (?:від|на))",  # noqa: RUF001 - Ukrainian
    PersonAsk.DECISION: rf"\b(?:decision\b(?! (?:tree|table|logic|engine|node))|"
    rf"(?:business|product|pricing|legal|company) (?:rule|call|policy)|рішенн\w* {_PEOPLE}|"
    rf"{_PEOPLE}'s (?:rule|call))",
    PersonAsk.ACCESS: r"^(?:read |write |admin |ssh |root |shell |console |production |"
    r"prod )?(?:access|доступ\w*) (?:to|for|до)\b",
    PersonAsk.FACT: rf"(?:\b(?:from|by|від) {_PEOPLE}|^{_PEOPLE})\b",
    # the thing asked for, among the first words (after an article) or one more "and"
    PersonAsk.CONTENT: rf"(?:^(?:(?:the|a|an|our|its|their)\s+(?:\S+\s+){{0,4}}?)?|"
    rf"\b(?:and|or|та|і|або) (?:\S+\s+){{0,2}}?){_CONTENT}",  # noqa: RUF001 - Ukrainian
}
_ASKS = tuple((kind, re.compile(pattern)) for kind, pattern in _KINDS.items())
#: The start of a word each phrase above needs: the Required's words are looked at first
#: (most Requireds have none of them, and the phrases' alternations cost ~18 K instructions
#: on even one word); a phrase added above needs its word here.
_STEMS = (
    *("credential", "password", "passphrase", "key", "secret", "token", "id", "arn", "string"),
    *("облікові", "пароль", "секрет", "токен", "ключ", "approv", "sign", "ahead", "permission"),
    *("confirmation", "consent", "погодж", "затвердж", "схвал", "дозв", "decision", "rule"),
    *("call", "policy", "рішен", "access", "доступ", "someone", "somebody", "person", "хтось"),
    *("whoever", "owner", "stakeholder", "team", "business", "company", "lawyer", "lead"),
    *("manager", "власник", "керівник", "юрист", "замовник"),
    *("copy", "wording", "microcopy", "headline", "tagline", "slogan", "text", "release"),
    *("version", "go", "launch", "ship", "cut", "publication", "name", "title", "price"),
    *("owning", "текст", "формулюв", "номер", "версі", "дат", "імена", "ім", "назв", "цін"),
    *("pricing", "вартіст"),
)
#: The stems' first three letters: a word's are looked up (a set, not 46 prefix tests).
_GATE = frozenset(stem[:3] for stem in _STEMS)
_FIRST_THREE = itemgetter(slice(3))
_WORDS = re.compile(r"[^\W\d_]+")
_ANY_PEOPLE = re.compile(rf"\b{_PEOPLE}\b")
#: A Blocker saying that nobody has written down or decided what the Required asks.
_UNKNOWN = re.compile(
    r"\b(?:nobody|no one|not (?:yet )?(?:decided|documented|written down|chosen)|has not "
    r"(?:chosen|decided|said)|the spec (?:does not|doesn't) say|the spec is silent|ніхто|"
    r"ніде не|не вирішено|не задокументовано|не визначено|не записано)\b",
    re.IGNORECASE,
)
#: First words of a Required that asks for work (English imperatives): an agent's, whatever
#: it names; a Ukrainian infinitive (:data:`_INFINITIVE`) too.
_WORK = frozenset(
    "add fix make write implement create build set configure change update move remove rotate copy "
    "store use put rewrite refactor replace migrate tune optimise optimize improve split review "
    "audit check verify validate test document design find handle explain restrict limit "
    "throttle block enable disable stop reset render return show keep".split()
)
_INFINITIVE = ("ити", "ати", "яти", "іти", "ути", "іть", "йте")
#: A Required that is a question about a value (a fact to be told, not work to be done),
#: asked in English or Ukrainian.
_UK_ASKING = "який яка яке які яку якого якої яким якою яких чи хто коли скільки".split()
_QUESTION = re.compile(
    rf"(?:which|what|whether|who|when|how (?:many|much|long)|{'|'.join(_UK_ASKING)})\b"
)
_ASKING = frozenset({"which", "what", "whether", "who", "when", "how", *_UK_ASKING})
#: Who a product's limits are for (its clients, users, plans), English and Ukrainian.
_PARTY = (
    r"(?:clients?|users?|customers?|tenants?|accounts?|callers?|members?|visitors?|buyers?|"
    r"sellers?|partners?|plans?|tiers?|api keys?|клієнт\w*|користувач\w*|покупц\w*|"
    r"акаунт\w*|тенант\w*|тариф\w*)"
)
#: Asking an amount: how many, much, long or often, or what maximum, minimum, limit, quota
#: or number (English and Ukrainian).
_AMOUNT = (
    r"(?:how (?:many|much|long|often)|скільки|what (?:is |are |should be |will be )?(?:the )?"
    r"(?:max(?:imum)?|min(?:imum)?|limit|quota|cap|number)|(?:який|яка|яку|які) (?:ліміт\w*|"
    r"квот\w*|(?:максимальн\w+ |мінімальн\w+ )?кількіст\w*))"
)
#: A permission's words after "is", "be" ("is allowed to", "be permitted to").
_LET = r"(?:allowed|permitted|able|entitled) to"
#: What a party is let do: a modal or a permission, English and Ukrainian, in a statement's
#: order or a question's ("can a user", "is a tenant permitted to", "може користувач").
_MAY = (
    rf"(?:may|might|can|could|get to|(?:is|are|be|should be|will be) {_LET}|може|можуть|"
    r"можна|зможе|зможуть|дозволено|дозволяється|(?:має|мають) право)"
)
#: What follows that is no use of the product the owner limits (what a party needs or sees).
_NOT_GRANTED = r"(?:need|require|expect|want|see\b|be\b|потребу|очіку|хоч)"
#: A Required asking how much of something a party may do or have: a limit of the product,
#: whose owner decides it ("How many requests per minute a client may make", "how many
#: projects can a user create", "скільки проєктів може мати користувач"); not what a system
#: can take ("how many connections postgres can hold": no party), nor what a party may need.
_LIMIT = re.compile(
    rf"{_AMOUNT}\b.*?\b(?:{_PARTY}\s+(?:\w+\s+)?{_MAY}\s+(?!{_NOT_GRANTED})\w+|"
    rf"{_MAY}\s+(?:\w+\s+)?{_PARTY}\b(?!\s+(?:\w+\s+)?{_NOT_GRANTED})|"
    rf"(?:is|are|should|will)\s+(?:\w+\s+)?{_PARTY}\s+(?:be\s+)?{_LET})"
)


def person_asked(report: AgentReport) -> PersonAsk | None:
    """What the report's Required asks that only a person gives (see the module), or None
    for work an agent does."""
    said = report.required or ""
    words = _WORDS.findall(said.lower())
    if not words or words[0] in _WORK or words[0].endswith(_INFINITIVE):
        return None
    named = not _GATE.isdisjoint(map(_FIRST_THREE, words))
    if not named and words[0] not in _ASKING:
        return None
    required = said.strip().lstrip("-*• ").lower()
    for kind, pattern in _ASKS if named else ():
        if pattern.search(required):
            return kind
    if words[0] in _ASKING and _QUESTION.match(required):
        if _LIMIT.match(required):
            return PersonAsk.DECISION
        if _UNKNOWN.search(report.blocker or "") or _ANY_PEOPLE.search(required):
            return PersonAsk.FACT
    return None
