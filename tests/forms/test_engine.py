"""The form engine on the shipped forms: validation, means, prefill, signing, corrections."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from backa_desktop.domain.form_engine import (
    MSG_SCALE,
    MSG_SCALE_OR_VET_EJ,
    Errors,
    FormMismatchError,
    PrefillContext,
    ResponseInvalidError,
    answer_slots,
    concern_flags,
    decision,
    is_visible,
    items_for,
    means_by_respondent,
    missing_required,
    need_means,
    need_statuses,
    new_response,
    prefill,
    respondents_of,
    sign,
    start_correction,
    unmet_needs,
    validate_response,
)
from backa_desktop.domain.forms import (
    VET_EJ,
    AnswerValue,
    FormDefinition,
    FormResponse,
    Respondent,
    ResponseStatus,
    ScaleItem,
    answer_key,
    comment_key,
    parse_answer_key,
)
from backa_desktop.domain.needs import Need, NeedStatus
from backa_desktop.domain.process import Beslut
from backa_desktop.services.forms import FormRegistry

CHILD = "0192f0c4-1111-7000-8000-000000000001"
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


def _answers(response: FormResponse, answers: dict[str, AnswerValue | None]) -> FormResponse:
    return FormResponse.model_validate(
        {**response.model_dump(), "answers": {**response.answers, **answers}}
    )


@pytest.fixture
def card(registry: FormRegistry) -> FormDefinition:
    return registry.get("upptackarkort")


def _complete_card(card: FormDefinition) -> FormResponse:
    return _answers(
        new_response(card, CHILD),
        {
            "situation": "På förskolans gård vid hämtning, måndag morgon.",
            "egna_atgarder.vidtagna": False,
            "mottagande_enhet": "enhet-bvc-1",
            "vh1.informerad": True,
            "vh1.samtycke": True,
            "trygghet.uppfyllt": NeedStatus.INTE_UPPFYLLT.value,
            "fritid.uppfyllt": NeedStatus.INTE_UPPFYLLT.value,
            "halsa.uppfyllt": NeedStatus.VET_INTE.value,
            "omsorg.uppfyllt": NeedStatus.UPPFYLLT.value,
        },
    )


# --- validation ----------------------------------------------------------------------------


def _sv(errors: Errors) -> dict[str, str]:
    """The problems as the Swedish app shows them next to the fields."""
    return {key: problem.text("sv") for key, problem in errors.items()}


def _keys(errors: Errors) -> dict[str, str]:
    return {key: problem.key for key, problem in errors.items()}


def test_empty_card_lists_required_items_and_the_need_rule(card: FormDefinition) -> None:
    errors = _sv(validate_response(card, new_response(card, CHILD)))
    assert errors["minst_ett_behov"] == "Svara på minst ett behov."
    assert errors["situation"] == "Skriv ett svar."
    assert errors["egna_atgarder.vidtagna"] == "Svara ja eller nej."
    assert errors["mottagande_enhet"] == "Välj en enhet."
    assert "vh2.informerad" not in errors  # optional: a child may have one guardian
    assert "egna_atgarder.kommentar" not in errors  # hidden until "Ja"
    assert validate_response(card, new_response(card, CHILD), check_required=False) == {}


def test_complete_card_is_valid(card: FormDefinition) -> None:
    response = _complete_card(card)
    assert validate_response(card, response) == {}
    assert missing_required(card, response) == []


def test_a_card_to_an_other_unit_is_valid_with_its_name(card: FormDefinition) -> None:
    """"Annan": a unit outside the directory, by name; a name is what makes it an answer."""
    named = _answers(_complete_card(card), {"mottagande_enhet": "annan:Familjecentralen Ugglan"})
    assert validate_response(card, named) == {}
    blank = _answers(_complete_card(card), {"mottagande_enhet": "annan:  "})
    assert _sv(validate_response(card, blank)) == {
        "mottagande_enhet": "Skriv namnet på enheten."}
    long = _answers(_complete_card(card), {"mottagande_enhet": "annan:" + "x" * 201})
    assert _keys(validate_response(card, long)) == {"mottagande_enhet": "form.text_too_long"}


def test_one_vet_inte_satisfies_the_need_rule(card: FormDefinition) -> None:
    response = _answers(
        _complete_card(card),
        {f"{n.value}.uppfyllt": None for n in Need} | {"utveckling.uppfyllt": "vet_inte"},
    )
    assert "minst_ett_behov" not in validate_response(card, response)


def test_wrong_values_get_messages_next_to_their_field(registry: FormRegistry) -> None:
    form = registry.get("skattning")
    response = _answers(
        new_response(form, CHILD),
        {
            "omsorg.hemmiljo": 6,
            "omsorg.extra_stod": True,  # a bool is not a 1-5 value
            "omsorg.stimulans": "3",
            "omsorg.uppmuntran": VET_EJ,
            "datum_for_bedomning": "23/11/2026",
            "finns.inte": "x",
        },
    )
    errors = _sv(validate_response(form, response, check_required=False))
    assert errors == {
        "omsorg.hemmiljo": "Välj ett värde mellan 1 och 5 eller Vet ej.",
        "omsorg.extra_stod": "Välj ett värde mellan 1 och 5 eller Vet ej.",
        "omsorg.stimulans": "Välj ett värde mellan 1 och 5 eller Vet ej.",
        "datum_for_bedomning": "Ange ett datum (ÅÅÅÅ-MM-DD).",
        "finns.inte": "Frågan finns inte i den här versionen av formuläret.",
    }


def test_scale_without_vet_ej_says_exactly_one_to_five() -> None:
    form = FormDefinition.model_validate(
        {
            "id": "liten",
            "version": 1,
            "title": "Liten",
            "audience": "staff",
            "status": "draft",
            "sections": [
                {
                    "id": "s",
                    "title": "S",
                    "items": [
                        {"id": "skala", "kind": "scale_1_5", "label": "Hur?", "required": True}
                    ],
                }
            ],
        }
    )
    empty = new_response(form, CHILD)
    assert _keys(validate_response(form, empty)) == {"skala": MSG_SCALE}
    assert _keys(validate_response(form, _answers(empty, {"skala": VET_EJ}))) == {
        "skala": MSG_SCALE
    }
    assert _keys(validate_response(form, _answers(empty, {"skala": 0}))) == {"skala": MSG_SCALE}
    assert validate_response(form, _answers(empty, {"skala": 5})) == {}


def test_show_if_makes_an_item_required(card: FormDefinition) -> None:
    response = _answers(_complete_card(card), {"egna_atgarder.vidtagna": True})
    item = card.item("egna_atgarder.kommentar")
    assert is_visible(card, item, response.answers)
    assert "egna_atgarder.kommentar" not in validate_response(card, response)  # optional
    assert not is_visible(card, item, _complete_card(card).answers)


def test_fem_fragor_own_unit_needs_action_and_follow_up(registry: FormRegistry) -> None:
    form = registry.get("fem_fragor")
    # question 3 is answered for the child and each guardian (version 2)
    answered = {f"fraga_{i}": "Svar." for i in (1, 2, 4, 5)} | {"fraga_3@child": "Svar."}
    own = _answers(new_response(form, CHILD), answered | {"beslut": "egen_verksamhet"})
    errors = validate_response(form, own)
    assert set(errors) == {"beslut.atgard", "beslut.uppfoljning"}
    to_contact = _answers(own, {"beslut": "barnkontakt", "beslut.atgard": "Samtal hemma."})
    assert validate_response(form, to_contact) == {}
    signed = sign(form, to_contact, signed_by="personal-1", signed_at=NOW)
    assert "beslut.atgard" not in signed.answers  # hidden answers are not signed
    assert decision(form, signed) is Beslut.BARNKONTAKT
    assert decision(form, new_response(form, CHILD)) is None
    bad = _answers(own, {"beslut": "behov_uppfyllt"})  # a Beslut the form does not offer
    assert validate_response(form, bad)["beslut"].text() == "Välj ett beslut."
    assert validate_response(form, bad)["beslut"].text("en") == "Choose a decision."


def test_talk_answers_are_per_respondent(registry: FormRegistry) -> None:
    form = registry.get("samtal_7_12")
    response = _answers(
        new_response(form, CHILD),
        {
            answer_key("omsorg.barnet", Respondent.CHILD): 4,
            answer_key("omsorg.barnet", Respondent.GUARDIAN_1): 2,
            "omsorg.vardnadshavare": 3,
            answer_key("trygghet.vardnadshavare", Respondent.GUARDIAN_2): 9,
            answer_key("samtalsdatum", Respondent.CHILD): "2026-11-23",
        },
    )
    errors = validate_response(form, response, check_required=False)
    assert errors["omsorg.barnet@guardian_1"].text("en") == (
        "The question is not answered by guardian 1."
    )
    assert _sv(errors) == {
        "omsorg.barnet@guardian_1": "Frågan besvaras inte av vårdnadshavare 1.",
        "omsorg.vardnadshavare": "Svaret saknar uppgift om vem som svarar.",
        "trygghet.vardnadshavare@guardian_2": "Välj ett värde mellan 1 och 5 eller Vet ej.",
        "samtalsdatum@child": "Frågan besvaras inte av flera svarande.",
    }


def test_answer_keys_round_trip() -> None:
    assert answer_key("omsorg.barnet") == "omsorg.barnet"
    assert answer_key("omsorg.barnet", Respondent.GUARDIAN_2) == "omsorg.barnet@guardian_2"
    assert parse_answer_key("omsorg.barnet@guardian_2") == ("omsorg.barnet", Respondent.GUARDIAN_2)
    assert parse_answer_key("situation") == ("situation", None)
    with pytest.raises(ValueError):
        parse_answer_key("omsorg@rektor")
    with pytest.raises(ValidationError):
        FormResponse(
            form_id="x", form_version=1, content_hash="0" * 64, child_id=CHILD, answers={"A B": 1}
        )


def test_comments(card: FormDefinition, registry: FormRegistry) -> None:
    response = _complete_card(card).model_copy(
        update={"comments": {Need.TRYGGHET: "Rädd för att gå hem."}}
    )
    assert validate_response(card, response) == {}
    fem = registry.get("fem_fragor")
    stray = new_response(fem, CHILD).model_copy(update={"comments": {Need.OMSORG: "x"}})
    assert comment_key(Need.OMSORG) in validate_response(fem, stray, check_required=False)


def test_mismatched_form_is_a_programming_error(
    card: FormDefinition, registry: FormRegistry
) -> None:
    response = new_response(card, CHILD)
    with pytest.raises(FormMismatchError):
        validate_response(registry.get("fem_fragor"), response)
    forged = response.model_copy(update={"content_hash": "a" * 64})
    with pytest.raises(FormMismatchError):
        validate_response(card, forged)
    with pytest.raises(Exception, match="lydelse"):
        registry.for_response(forged)
    assert registry.for_response(response) is card


# --- means ---------------------------------------------------------------------------------


def test_means_exclude_vet_ej(registry: FormRegistry) -> None:
    form = registry.get("skattning")
    omsorg = [i.id for i in form.items() if isinstance(i, ScaleItem) and i.need is Need.OMSORG]
    fritid = [i.id for i in form.items() if isinstance(i, ScaleItem) and i.need is Need.FRITID]
    answers: dict[str, AnswerValue | None] = dict(
        zip(omsorg, [5, 4, VET_EJ, 3, VET_EJ, 2], strict=True)
    )
    answers |= {fid: VET_EJ for fid in fritid}
    response = _answers(new_response(form, CHILD), answers)
    means = need_means(form, response)
    assert means[Need.OMSORG] == pytest.approx(3.5)  # (5 + 4 + 3 + 2) / 4
    assert means[Need.FRITID] is None  # only "vet ej"
    assert means[Need.HALSA] is None  # unanswered
    assert list(means) == list(Need)


def test_means_per_respondent(registry: FormRegistry) -> None:
    form = registry.get("samtal_4_6")
    response = _answers(
        new_response(form, CHILD),
        {
            "omsorg.barnet@child": 5,
            "omsorg.vardnadshavare@guardian_1": 2,
            "omsorg.vardnadshavare@guardian_2": VET_EJ,
            "trygghet.vardnadshavare@guardian_2": 4,
        },
    )
    assert need_means(form, response, Respondent.CHILD)[Need.OMSORG] == 5
    assert need_means(form, response, Respondent.GUARDIAN_1)[Need.OMSORG] == 2
    assert need_means(form, response, Respondent.GUARDIAN_2)[Need.OMSORG] is None
    assert need_means(form, response, Respondent.GUARDIAN_2)[Need.TRYGGHET] == 4
    assert need_means(form, response) == {}  # no unscoped ratings in a talk
    by = means_by_respondent(form, response)
    assert set(by) == {Respondent.CHILD, Respondent.GUARDIAN_1, Respondent.GUARDIAN_2}


# --- prefill -------------------------------------------------------------------------------


def test_fem_fragor_question_1_from_the_card(card: FormDefinition, registry: FormRegistry) -> None:
    signed_card = sign(
        card,
        _complete_card(card).model_copy(
            update={"comments": {Need.FRITID: "Går aldrig på någon aktivitet.", Need.OMSORG: "Ok"}}
        ),
        signed_by="personal-1",
        signed_at=NOW,
    )
    assert unmet_needs(card, signed_card) == [Need.TRYGGHET, Need.FRITID]
    assert need_statuses(card, signed_card)[Need.HALSA] is NeedStatus.VET_INTE
    context = PrefillContext.from_upptackarkort(
        card, signed_card, registry.compass(), today=date(2026, 11, 23), current_user="personal-1"
    )
    fem = registry.get("fem_fragor")
    answers = prefill(fem, context)
    assert answers == {"fraga_1": "TRYGGHET\nFRITID: Går aldrig på någon aktivitet."}
    draft = new_response(fem, CHILD, context)
    assert draft.answers["fraga_1"] == answers["fraga_1"]
    assert draft.status is ResponseStatus.DRAFT
    assert draft.content_hash == fem.content_hash


def test_no_unmet_needs_leaves_question_1_empty(
    card: FormDefinition, registry: FormRegistry
) -> None:
    response = _answers(
        _complete_card(card), {"trygghet.uppfyllt": "uppfyllt", "fritid.uppfyllt": None}
    )
    context = PrefillContext.from_upptackarkort(card, response, registry.compass())
    assert prefill(registry.get("fem_fragor"), context) == {}


def test_prefill_today_and_current_user(registry: FormRegistry) -> None:
    form = registry.get("skattning")
    context = PrefillContext(today=date(2026, 11, 23), current_user="personal-7")
    assert prefill(form, context) == {"skattare": "personal-7", "datum_for_bedomning": "2026-11-23"}


# --- who answers what ----------------------------------------------------------------------


def test_items_for_audience(registry: FormRegistry) -> None:
    talk = registry.get("samtal_13_18")
    child = items_for(talk, Respondent.CHILD)
    assert {i.kind for i in child} == {"smiley", "text"}
    assert len(child) == 16
    staff = items_for(talk, Respondent.STAFF)
    assert [i.id for i in staff] == ["samtalsdatum", "samtalsledare", "deltagare", "sammanfattning"]
    assert respondents_of(talk) == list(Respondent)
    card = registry.get("upptackarkort")
    assert items_for(card, Respondent.CHILD) == []
    assert len(items_for(card, Respondent.STAFF)) == len(list(card.items()))
    assert len(answer_slots(talk)) == 4 + 8 * (1 + 2 + 3)


# --- signing and corrections ---------------------------------------------------------------


def test_sign_skattning_with_co_rater(registry: FormRegistry) -> None:
    form = registry.get("skattning")
    context = PrefillContext(today=date(2026, 11, 20), current_user="personal-1")
    draft = new_response(form, CHILD, context)
    with pytest.raises(ResponseInvalidError) as caught:
        sign(form, draft, signed_by="personal-1", signed_at=NOW)
    assert caught.value.errors["omsorg.hemmiljo"].key == MSG_SCALE_OR_VET_EJ
    scores = {i.id: 3 for i in form.items() if isinstance(i, ScaleItem)}
    complete = _answers(draft, scores | {"arbetskollega": "personal-2"})
    signed = sign(form, complete, signed_by="personal-1", signed_at=NOW)
    assert signed.signed and signed.status is ResponseStatus.SIGNED
    assert signed.co_signer == "personal-2"
    assert signed.occasion_date == date(2026, 11, 20)
    assert signed.signed_at == NOW
    with pytest.raises(ValueError, match="redan signerat"):
        sign(form, signed, signed_by="personal-1", signed_at=NOW)
    with pytest.raises(ResponseInvalidError) as same:
        sign(form, complete, signed_by="personal-2", signed_at=NOW)
    assert set(same.value.errors) == {"arbetskollega"}
    other = complete.model_copy(update={"co_signer": "personal-3"})
    assert "arbetskollega" in validate_response(form, other)


def test_signed_response_rules() -> None:
    with pytest.raises(ValidationError):
        FormResponse(
            form_id="x", form_version=1, content_hash="0" * 64, child_id=CHILD, status="signed"
        )
    with pytest.raises(ValidationError):
        FormResponse(
            form_id="x", form_version=1, content_hash="0" * 64, child_id=CHILD, signed_by="p"
        )


def test_correction_points_at_the_original(card: FormDefinition) -> None:
    signed = sign(card, _complete_card(card), signed_by="personal-1", signed_at=NOW)
    with pytest.raises(ValueError):
        start_correction(card, _complete_card(card), "rec-1")
    correction = start_correction(card, signed, "0192f0c4-2222-7000-8000-000000000001")
    assert correction.corrects == "0192f0c4-2222-7000-8000-000000000001"
    assert correction.status is ResponseStatus.DRAFT and correction.signed_by is None
    assert correction.answers == signed.answers
    fixed = _answers(correction, {"fritid.uppfyllt": "uppfyllt"})
    resigned = sign(card, fixed, signed_by="personal-1", signed_at=NOW)
    assert unmet_needs(card, resigned) == [Need.TRYGGHET]
    assert resigned.corrects == correction.corrects


def test_response_survives_json(card: FormDefinition) -> None:
    signed = sign(card, _complete_card(card), signed_by="personal-1", signed_at=NOW)
    again = FormResponse.model_validate_json(signed.model_dump_json())
    assert again == signed
    body = signed.model_dump(mode="json")
    assert body["answers"]["vh1.samtycke"] is True
    assert FormResponse.model_validate(body) == signed


def test_concern_flags(registry: FormRegistry) -> None:
    compass = registry.compass()
    assert concern_flags(compass, []) == (False, False)
    assert concern_flags(compass, ["trygghet.oro.hedersvald"]) == (True, True)
    assert concern_flags(compass, ["trygghet.oro.inte_skyddat"]) == (False, True)
    assert concern_flags(compass, ["fritid.oro.inga_intressen"]) == (False, False)
