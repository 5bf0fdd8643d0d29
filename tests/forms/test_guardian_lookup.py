"""One lookup names a guardian everywhere: the form texts, the summaries' "who answered",
a consent's party in a printed reading and the compass legend ask `guardian_name` and fall
back to their own numbered wording in the language they print in."""

from __future__ import annotations

import pytest

from backa_desktop.domain.consent import ConsentParty
from backa_desktop.domain.forms import Respondent, guardian_name, guardian_number, guardian_word
from backa_desktop.domain.records import RecordType
from backa_desktop.printing.languages import load_catalogue
from backa_desktop.services.documents.reading import _Words
from backa_desktop.services.documents.summaries import respondent_words
from backa_desktop.services.overview import Directory

NAMES = ("Märta Öberg", "Per Öberg")
PRINT_LANGUAGES = ("sv", "en", "ar", "fa", "so", "ti", "uk")


@pytest.mark.parametrize(("value", "number"), [
    (Respondent.GUARDIAN_1, 1), (Respondent.GUARDIAN_2, 2), ("guardian_2", 2),
    (ConsentParty.VARDNADSHAVARE_1, 1), ("vardnadshavare_2", 2), (1, 1), (2, 2),
    (Respondent.CHILD, 0), (Respondent.STAFF, 0), (ConsentParty.BARN, 0), (3, 0), ("", 0),
])
def test_a_value_says_which_guardian_it_is(value: int | str, number: int) -> None:
    assert guardian_number(value) == number


@pytest.mark.parametrize(("value", "names", "expected"), [
    (Respondent.GUARDIAN_1, NAMES, "Märta Öberg"),
    (ConsentParty.VARDNADSHAVARE_2, NAMES, "Per Öberg"),
    (Respondent.GUARDIAN_2, ("Märta Öberg",), ""),
    (Respondent.GUARDIAN_1, ("  ", "Per Öberg"), ""),
    (Respondent.GUARDIAN_1, (" Märta Öberg ",), "Märta Öberg"),
    (Respondent.CHILD, NAMES, ""),
    (ConsentParty.BARN, NAMES, ""),
])
def test_a_guardian_is_named_only_by_a_name_in_the_profile(
    value: str, names: tuple[str, ...], expected: str
) -> None:
    assert guardian_name(value, names) == expected


def test_a_form_text_falls_back_to_the_numbered_guardian() -> None:
    assert guardian_word(2, ("Märta Öberg", ""), "sv") == "vårdnadshavare 2"
    assert guardian_word(2, (), "en", start=True) == "Guardian 2"
    assert guardian_word(1, NAMES, "en") == "Märta Öberg"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_who_answered_in_a_summary_is_named_or_numbered(language: str) -> None:
    cat = load_catalogue(language)
    numbered = {"sv": "Vårdnadshavare 2", "en": "Guardian 2"}[language]
    assert respondent_words(Respondent.GUARDIAN_2, cat, NAMES) == "Per Öberg"
    assert respondent_words(Respondent.GUARDIAN_2, cat, ("Märta Öberg",)) == numbered
    assert respondent_words(Respondent.GUARDIAN_2, cat) == numbered
    assert respondent_words(Respondent.CHILD, cat, NAMES) == cat.t("summary.respondent.child")


@pytest.mark.parametrize("language", PRINT_LANGUAGES)
def test_a_consents_party_in_a_reading_is_named_or_numbered(language: str) -> None:
    cat = load_catalogue(language)
    numbered = cat.text.get("reading.enum.party.vardnadshavare_1", "Vårdnadshavare 1")

    def words(names: tuple[str, ...]) -> _Words:
        return _Words(RecordType.CONSENT, Directory(staff={}, units={}), {},
                      lambda i: i, cat, names)

    assert words(NAMES).value("party", "vardnadshavare_1") == "Märta Öberg"
    assert words(("", "Per Öberg")).value("party", "vardnadshavare_1") == numbered
    assert words(()).value("party", "vardnadshavare_1") == numbered
    assert words(NAMES).value("party", "barn") != "Märta Öberg"
