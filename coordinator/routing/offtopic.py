# ruff: noqa: RUF001 - Ukrainian text is intended
"""Requests about everyday life, not software.

A roster's long bodies hold everyday words (a poem, a car, a cat, a wedding), so a request
such as "translate my wedding speech into French" or "help me pick a name for my puppy" finds
an agent whose body mentions translation or naming. Such a request names a subject from
everyday life and nothing software is made of (no app, site, API, script, database, form,
user...; an error code alone is no software: cars have them): then no specialist fits,
whatever technology it mentions in passing ("a poem about kubernetes").
A request that names both ("a recipe app", "the pet shop's checkout page") routes as usual,
and so does every request on a roster with an agent for such subjects (a poet).
"""

from __future__ import annotations

from enum import IntEnum
from functools import lru_cache

from coordinator.routing.text import is_cyrillic, term_list

#: Subjects from everyday life: writing for people, family occasions, food and health,
#: animals, vehicles, travel (cats, not cat: a Unix command; a stem all the same).
_LIFE_EN = """
    poem poems poetry verse rhyme rhymes lyrics song songs essay eulogy
    wedding birthday anniversary funeral girlfriend boyfriend wife husband sister brother
    mom dad grandma grandmother grandpa baby
    recipe recipes cooking bake baking calorie calories diet workout gym vitamin
    puppy kitten kitty cats dog dogs pet pets parrot hamster horse
    car cars tire tires vehicle motorbike bicycle
    vacation holiday honeymoon hotel horoscope zodiac
""".split()
#: The same subjects as Ukrainian stems (a token starting with one names the subject).
_LIFE_UK = tuple(
    """
    вірш поем пісн римов роман промов
    весілл ювіле похорон дівчин хлопц дружин чолові сестр бабус дідус
    рецепт готуванн випічк калорі дієт спортзал вітамін
    цуцен кошен котик кота коту котів собак песик папуг хомяк
    автомобіл велосипед мотоцикл
    відпустк канікул готел переліт перельот гороскоп
    """.split()
)
#: Short Ukrainian words for the same subjects, matched whole (кіт is no prefix of кітчен).
_LIFE_UK_WORDS = frozenset("кіт кот коти пес мама тато брат есе шина шини авто".split())
#: What software is made of: one of these and the request is about software after all.
_SOFTWARE_EN = """
    app apps application website site web page api endpoint service server backend frontend
    database db sql query table schema script program bot codebase repo repository function
    class component module test tests deploy deployment email emails newsletter form button
    screen data dataset model pipeline cli tool plugin extension bug crash feature field
    filter search list user users login signup upload cache column row json csv file files
    storage ui ux mobile ios android admin dashboard sync notification webhook payment
    checkout cart request response http url token session llm ai gpt prompt chatbot agent
    log logs grep shell terminal command bash linux
    player playback stream streaming audio video image images photo photos avatar feed
    template i18n locale localization recommendation recommendations widget chart report
    export import backup cron job queue worker push sms integration sdk library framework
""".split()
_SOFTWARE_UK = tuple(
    """
    застосун додат сайт сторінк ендпоінт сервіс сервер бекенд фронтенд баз таблиц скрипт
    програм бот код репозитор функці клас компонент модул тест деплой пошт розсилк форм
    кнопк екран дан модел пайплайн інструмент плагін баг помилк фіч поле пошук список
    користувач логін реєстрац завантаж кеш колонк файл мобільн адмін сповіщен оплат кошик
    запит токен сесі промпт агент нейромереж машинн штучн
    аватар фото відео аудіо плеєр шаблон стрічк рекоменд віджет звіт експорт імпорт бекап
    черг інтеграц бібліотек фреймворк відображ
    """.split()
)


#: How many everyday-life subjects a roster must describe to have a specialist for them.
LIFE_SPECIALIST = 2


@lru_cache(maxsize=1)
def _terms() -> tuple[frozenset[str], frozenset[str]]:
    life = frozenset(t for w in _LIFE_EN for t in term_list(w))
    software = frozenset(t for w in _SOFTWARE_EN for t in term_list(w))
    return life, software


def serves_life(described: frozenset[str]) -> bool:
    """Whether a roster whose agents describe themselves by the terms ``described`` has a
    specialist for everyday life (a poet, a chef): then it routes such requests itself. One
    such word is no specialist (Scala's Cats Effect): it takes LIFE_SPECIALIST of them."""
    return len(described & _terms()[0]) >= LIFE_SPECIALIST


def life_subject(tokens: list[str]) -> str | None:
    """The everyday-life subject ``tokens`` (a request's words) are about, when they name
    one and nothing software is made of; else None."""
    found: str | None = None
    for token in tokens:
        kind = _KINDS.get(token)
        if kind is None:
            kind = _kind(token)
            if len(_KINDS) < MAX_KINDS:
                _KINDS[token] = kind
        if kind is _Word.SOFTWARE:
            return None
        if kind is _Word.LIFE and found is None:
            found = token
    return found


class _Word(IntEnum):
    OTHER = 0
    LIFE = 1
    SOFTWARE = 2


#: Per surface word, its kind (a plain dict: read once per word of every request).
_KINDS: dict[str, _Word] = {}
MAX_KINDS = 65536


def _kind(token: str) -> _Word:
    """Whether ``token`` names software, an everyday-life subject, or neither."""
    if is_cyrillic(token):
        if token.startswith(_SOFTWARE_UK):
            return _Word.SOFTWARE
        if token in _LIFE_UK_WORDS or token.startswith(_LIFE_UK):
            return _Word.LIFE
        return _Word.OTHER
    life, software = _terms()
    stems = term_list(token)
    if not software.isdisjoint(stems):
        return _Word.SOFTWARE
    return _Word.LIFE if not life.isdisjoint(stems) else _Word.OTHER
