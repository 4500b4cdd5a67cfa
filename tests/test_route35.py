# ruff: noqa: RUF001 - Ukrainian words are intended
"""route35: a transliterated word's near roster terms are looked up by the halves two
shapes one edit apart share (:class:`coordinator.routing.match._Split`), not found by a
scan of every shape of its length: the same terms as the scan's definition
(:func:`coordinator.routing.match.near` against each shape that begins with the same two
letters), for the roster's own shapes, shapes one edit or a prefix away, and words it lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.roster.loader import load_registry
from coordinator.routing.lexical import Router
from coordinator.routing.match import TRANSLIT_EDIT, Vocabulary, near
from coordinator.routing.shapes import skeleton, transliterate

BUNDLED = Path(__file__).resolve().parents[1] / "agents"
#: Terms a roster may hold besides the bundled one's, of every length near a probe's.
MORE_TERMS = (
    "postgres postgresql postgis kubernetes kubectl kafka karafka kotlin koin terraform "
    "terragrunt playwright playwrite flutter fluentd fastapi fastify grafana graphql redis "
    "redux react reactive preact prisma prism python pytorch typescript typer sentry "
    "celery selenium"
).split()
#: Words a request writes that no roster term is (everyday Ukrainian, misspelt names).
REQUEST_WORDS = (
    "постгрес кубернетіс кафку котлін тераформ плейрайт флатер фастапі графану графкуель "
    "редіс реакт призма пайтон пайторч тайпскрипт селері селеніум налаштування скаржаться "
    "глянути кластера нотатка флапають ендпоінти чергового розмічено заголовки"
).split()


def _vocabulary() -> Vocabulary:
    """The bundled roster's terms and :data:`MORE_TERMS`, as a router indexes them."""
    router = Router(load_registry([BUNDLED], only=True, cache=False))
    return Vocabulary([*router.idf, *MORE_TERMS], {"flutter": "flut"})


def _probes(vocabulary: Vocabulary) -> set[str]:
    """Each shape the vocabulary holds, with a letter left out, changed (to z or a) or
    added at every place, its prefixes of four letters or more, and the requests' words'
    shapes."""
    shapes = {shape for entries in vocabulary._shapes.values() for shape, _ in entries}
    probes = set(shapes)
    for shape in shapes:
        for at in range(len(shape) + 1):
            # a letter changed to a consonant (near only where it pairs: route91) or a vowel
            probes.update(
                (
                    shape[:at] + shape[at + 1 :],
                    shape[:at] + "z" + shape[at + 1 :],
                    shape[:at] + "a" + shape[at + 1 :],
                ),
            )
            probes.update((shape[:at] + "e" + shape[at:], shape[:at] + "k" + shape[at:]))
        probes.update(shape[:size] for size in range(4, len(shape)))
    probes.update(skeleton(transliterate(word)) for word in REQUEST_WORDS)
    return probes


def _scanned(vocabulary: Vocabulary, shape: str, edit: int) -> set[str]:
    """The terms whose shapes are near ``shape`` by definition: each shape that begins
    with the same two letters, compared (what the scan before route35 found)."""
    if len(shape) < 4:
        return set()
    return {t for other, t in vocabulary._shapes.get(shape[:2], ()) if near(shape, other, edit)}


@pytest.mark.parametrize("prepared", [False, True])
def test_near_shapes_looked_up_by_their_halves_are_those_a_scan_finds(prepared: bool) -> None:
    """Built on first use or by ``prepare`` (a server), the halves find the near terms of
    every probe that a comparison with each shape of the same first two letters finds."""
    vocabulary = _vocabulary()
    if prepared:
        vocabulary.prepare()
        assert vocabulary._split.keys() == vocabulary._shapes.keys()
    probes = _probes(vocabulary)
    assert len(probes) > 10_000
    found = 0
    for shape in sorted(probes):
        for edit in (TRANSLIT_EDIT - 1, TRANSLIT_EDIT):
            near_terms = set(vocabulary._near(shape, edit))
            assert near_terms == _scanned(vocabulary, shape, edit), (shape, edit)
            found += bool(near_terms)
    assert found > len(probes)  # most probes are near some term: the test compares answers


def test_a_transliterated_word_meets_the_terms_it_spells() -> None:
    """The lookup still reads a Ukrainian word as the roster term it spells, one edit or a
    prefix away, and a word that spells none as none."""
    vocabulary = _vocabulary()
    assert "postgresql" in vocabulary.related("постгрес")  # a prefix
    assert "kotlin" in vocabulary.related("котлін")
    assert "grafana" in vocabulary.related("графану")  # one letter changed
    assert "terraform" in vocabulary.related("тераформ")  # a doubled letter written once
    assert vocabulary.related("скаржат") == ()


#: Ukrainian words of every shape the readers by ear below meet: vowel runs, doubled
#: letters, a soft sign, an apostrophe, capitals.
UK_WORDS = (
    "налаштування скаржаться глянути кооперація зоопарк сім'я п'ять ЙОГО Ґанок ааабб аьа "
    "кластера нотатка флапають ендпоінти чергового розмічено заголовки тесткафі кейклоаку "
    "сторінці сторінка сторінку фотошоп формула макросом лікарня лікар багажу аудіокниги "
    "рецепт рецептами відпустка відпустку подарунок кіно серіал квитки погода"
).split()


def test_a_words_heads_and_folds_by_ear_are_its_vowel_runs_folded_once() -> None:
    """:func:`byear.key_heads` and :func:`byear.word_folds` (one translate, then
    :func:`undouble`) give the heads and keys the vowel-run substitutions give."""
    from coordinator.routing import byear
    from coordinator.routing.shapes import undouble

    for word in (*UK_WORDS, *REQUEST_WORDS):
        folded = byear._CYRILLIC_VOWEL_RUN.sub("а", word.lower().translate(byear._FOLD))
        whole = undouble(folded)
        heads = tuple(whole[:size] for size in range(byear.MIN_KEY, len(whole) + 1))
        assert byear.key_heads.__wrapped__(word) == heads, word
        lowered = word.lower().translate(byear._FOLD)
        forms = [lowered, *(lowered[: -len(e)] for e in byear._ENDINGS if lowered.endswith(e))]
        keys = frozenset(byear._key(form)[0] for form in forms if form)
        assert byear.word_folds.__wrapped__(word) == keys, word
