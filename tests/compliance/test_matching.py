"""The matcher on its own: normalisation, legal forms, transliteration variants, alignment, scores."""

import datetime as dt

import pytest

from compliance.matching import Candidate, Query, analyse, best_matches, compare

pytestmark = pytest.mark.django_db  # the compliance conftest loads rules for every test

CHEMEZOV = Candidate("16685", "person", "CHEMEZOV, Sergei", countries=("RU",), birth_dates=({"date": "1952-08-20"},))
ROSOBORON = Candidate("18782", "organization", "ROSOBORONEKSPORT OAO")


def score(name, candidate=CHEMEZOV, **query):
    match = compare(Query(name=name, **query), candidate)
    return match.score if match else 0.0


def keys(name, candidate=CHEMEZOV, **query):
    return [step.key for step in compare(Query(name=name, **query), candidate).steps]


@pytest.mark.parametrize("name", ["Чемезов Сергей", "Sergey Chemezov", "CHEMEZOV SERGEI", "Chemezov, Sergej",
                                  "Sergei Viktorovich Chemezov", "Mr. Sergei Chemezov", "S. Chemezov",
                                  "Sergei Chemesov", "Tchemezov Sergei", "chemezov-sergei"])
def test_renderings_of_a_listed_name_match(name):
    assert score(name) >= 0.7


@pytest.mark.parametrize("name", ["Chemezov Ivan", "Ivanov Sergei", "Tanaka Hiroshi", "Sergei", "Chemodanov Sergei"])
def test_other_people_do_not(name):
    assert score(name) < 0.7


@pytest.mark.parametrize(("a", "b"), [("Sergey", "Sergei"), ("Yuriy", "Iurii"), ("Yuri", "Yuriy"),
                                      ("Mikhail", "Mihail"), ("Yekaterina", "Ekaterina"), ("Tsoi", "Tzoi"),
                                      ("Dmitriy", "Dmitry"), ("Yulia", "Iulia"), ("Aleksey", "Alexei")])
def test_common_transliteration_variants_read_alike(a, b):
    assert [part.folded for part in analyse(a).parts] == [part.folded for part in analyse(b).parts]


@pytest.mark.parametrize(("text", "form"), [("OOO Romashka", "OOO"), ("ООО Ромашка", "OOO"), ("TOO Almaty", "TOO"),
                                            ("Almaty Auto Trade LLP", "LLP"), ("ПАО Газпром", "PAO"),
                                            ("OsOO Bishkek", "OSOO"), ("株式会社トヨタ", "株式会社"),
                                            ("北京汽车有限公司", "有限公司"), ("JSC Rosoboronexport", "JSC"),
                                            ("АО Рособоронэкспорт", "AO"), ("PJSC Gazprom", "PJSC")])
def test_legal_forms_are_recognised_in_four_scripts(text, form):
    assert form in [found.upper() for found in analyse(text).legal_forms]


def test_a_legal_form_neither_makes_nor_prevents_a_match():
    assert score("АО Рособоронэкспорт", ROSOBORON) == 1.0
    assert score("Rosoboroneksport LLC", ROSOBORON) == 1.0
    assert score("OAO", ROSOBORON) < 0.7
    assert "legal_form_ignored" in keys("JSC Rosoboroneksport", ROSOBORON)


def test_the_cyrillic_match_explains_the_transliteration_and_the_aligned_parts():
    match = compare(Query(name="Чемезов Сергей"), CHEMEZOV)
    steps = {step.key: step.params for step in match.steps}
    assert steps["transliterated"]["latin"] == "Chemezov Sergey"
    aligned = [step.params for step in match.steps if step.key == "part_aligned"]
    assert {(item["query"], item["listed"], item["how"]) for item in aligned} == {
        ("chemezov", "chemezov", "exact"), ("sergey", "sergei", "variant")}


def test_short_names_must_be_equal():
    short = Candidate("1", "organization", "BNC")
    assert score("BNC", short) == 1.0
    assert score("BNK", short) == 0.0


def test_country_and_birth_date_raise_or_lower_the_score():
    plain = score("Chemezov Sergei Ivanovich Petrov")
    assert score("Chemezov Sergei Ivanovich Petrov", country="RU") > plain
    assert score("Chemezov Sergei Ivanovich Petrov", country="KZ") < plain
    assert score("Chemezov Sergei Ivanovich Petrov", birth_date=dt.date(1952, 8, 20)) > plain
    assert score("Chemezov Sergei Ivanovich Petrov", birth_date=dt.date(1990, 1, 1)) < plain
    assert "birth_date_mismatch" in keys("Chemezov Sergei", birth_date=dt.date(1990, 1, 1))


def test_kinds_that_cannot_be_the_same_party_do_not_match():
    assert compare(Query(name="Rosoboroneksport", kind="person"), ROSOBORON) is None
    assert compare(Query(name="Chemezov Sergei", kind="organization"), CHEMEZOV) is None


def test_best_matches_keeps_the_best_name_of_each_entry_best_first():
    alias = Candidate("16685", "person", "Sergey Chemezov", is_alias=True)
    other = Candidate("35310", "person", "CHEMEZOV, Sergey Sergeevich")
    matches = best_matches(Query(name="Sergey Chemezov"), [other, CHEMEZOV, alias])
    assert [match.candidate.entry_ref for match in matches] == ["16685", "35310"]
    assert matches[0].score >= matches[1].score
