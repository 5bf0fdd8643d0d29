"""The files in `forms/`: they load, and they say what the domain says they must."""

from __future__ import annotations

from pathlib import Path

import pytest

from backa_desktop.domain.form_engine import answer_slots, items_for
from backa_desktop.domain.forms import (
    AtLeastOneRule,
    Audience,
    DecisionItem,
    FormStatus,
    NeedStatusItem,
    Respondent,
    ScaleItem,
    SmileyItem,
    TextItem,
)
from backa_desktop.domain.needs import CARD_ORDER, Need
from backa_desktop.domain.process import Beslut
from backa_desktop.services.forms import (
    FORMS_DIR_ENV,
    FormNotFoundError,
    FormRegistry,
    content_hash,
    default_forms_dir,
)
from tests.forms.conftest import REPO_FORMS

SHIPPED = {
    "upptackarkort",
    "fem_fragor",
    "skattning",
    "samtal_4_6",
    "samtal_7_12",
    "samtal_13_18",
    "fordjupad_behovskompass",
}

FEM_FRAGOR = [
    "Vilka behov utifrån Behovskompassen är inte uppfyllda?",
    "Har jag den information jag behöver för att hjälpa barnet?",
    "Vad är barnets och vårdnadshavarens syn på situationen?",
    "Vad kan jag göra för att hjälpa barnet?",
    "Vilken ytterligare hjälp kan behövas från andra verksamheter?",
]

# Seed 002 (OCR fixes of seeds/README.md applied), in card order of the needs.
SEED_CONCERNS = {
    Need.TRYGGHET: [
        "Barnet kan inte lita på de som finns i dess nätverk",
        "Barnet är inte tryggt i hemmet, skolan, på nätet eller i sin närmiljö",
        "Barnet visar ingen förmåga att hantera situationer som innebär en risk för sig själv"
        " eller andra",
        "Barnet är inte skyddat från kränkningar, kriminalitet eller utnyttjande av andra",
        "Barnet misstänks befinna sig i en möjlig koppling till kriminalitet",
        "Barnet misstänks begå kriminella handlingar",
        "Barnet misstänks befinna sig i en möjlig koppling till kriminella nätverk",
        "Barnet misstänks leva i hedersvåld och förtryck",
    ],
    Need.UTVECKLING: ["Barnet upplevs inte utvecklat i förhållande till sin ålder"],
    Need.FRITID: ["Barnet har inga fritidsintressen eller tid för återhämtning"],
    Need.ANSVAR: [
        "Barnet deltar inte i undervisningen i skolan",
        "Barnet har inga vänner som tar ansvar",
        "Barnet kan inte hantera svårigheter och problem",
        "Barnet visar ingen hänsyn om andra",
    ],
    Need.RESPEKTERAS: [
        "Barnet känner sig inte tagen på allvar och inte delaktig i viktiga beslut",
        "Barnet har inga vänner som stöttar det",
        "Barnet känner sig retad/utstött eller kränkt av andra",
    ],
    Need.TILLHORIGHET: [
        "Barnet känner sig inte viktig eller uppskattad av sina vårdnadshavare",
        "Barnet känner sig inte viktig eller uppskattad av barn eller vuxna i dess nätverk",
        "Barnets familj saknar ett socialt nätverk som deltar aktivt i dess liv",
    ],
}


def test_every_shipped_file_loads_and_is_released(registry: FormRegistry) -> None:
    files = sorted(p.name for p in REPO_FORMS.glob("*.yaml"))
    assert len(files) == sum(len(registry.versions(f)) for f in SHIPPED) + 1
    assert {f.id for f in registry.all_forms()} == SHIPPED
    assert {f.id for f in registry.released_forms()} == SHIPPED
    for form in registry.all_forms():
        assert form.status is FormStatus.RELEASED
        assert registry.source(form.id, form.version).name == f"{form.id}.v{form.version}.yaml"
    assert registry.compass().released


def test_compass_counts(registry: FormRegistry) -> None:
    compass = registry.compass()
    assert [n.id for n in compass.needs] == list(CARD_ORDER)
    assert [len(n.positive_indicators) for n in compass.needs] == [6, 8, 6, 3, 3, 7, 4, 5]
    assert sum(len(n.positive_indicators) for n in compass.needs) == 42
    assert sum(len(n.concern_indicators) for n in compass.needs) == 20
    labels = [n.label for n in compass.needs]
    assert labels == [
        "OMSORG",
        "TRYGGHET",
        "HÄLSA",
        "FRITID",
        "TILLHÖRIGHET",
        "ANSVARSTAGANDE",
        "RESPEKTERAS",
        "UTVECKLAS",
    ]
    for need in compass.needs:
        assert need.icon == need.id.value
        assert need.child_voice.startswith("Jag ")
        assert need.description and need.accessible_name == need.label


def test_concern_indicators_are_the_seed_verbatim(registry: FormRegistry) -> None:
    compass = registry.compass()
    for need in Need:
        texts = [c.text for c in compass.need(need).concern_indicators]
        assert texts == SEED_CONCERNS.get(need, [])


def test_crime_and_honour_items_are_flagged(registry: FormRegistry) -> None:
    compass = registry.compass()
    flagged = {c.text for n in compass.needs for c in n.concern_indicators if c.criminal_data}
    assert flagged == {
        "Barnet misstänks befinna sig i en möjlig koppling till kriminalitet",
        "Barnet misstänks begå kriminella handlingar",
        "Barnet misstänks befinna sig i en möjlig koppling till kriminella nätverk",
        "Barnet misstänks leva i hedersvåld och förtryck",
    }
    prompting = {
        c.text for n in compass.needs for c in n.concern_indicators if c.prompts_orosanmalan
    }
    assert flagged < prompting


def test_fem_fragor_wording_equals_the_seed(registry: FormRegistry) -> None:
    form = registry.get("fem_fragor")
    questions = [item for item in form.items() if item.id.startswith("fraga_")]
    assert [q.label for q in questions] == FEM_FRAGOR
    assert all(isinstance(q, TextItem) and q.length == "long" for q in questions)
    decision = next(item for item in form.items() if isinstance(item, DecisionItem))
    assert [o.id for o in decision.options] == [
        Beslut.EGEN_VERKSAMHET,
        Beslut.BARNKONTAKT,
        Beslut.BARNTEAM,
        Beslut.INDIVIDUELLT_BARNTEAM,
        Beslut.OROSANMALAN,
    ]


def test_upptackarkort_shape(registry: FormRegistry) -> None:
    card = registry.get("upptackarkort")
    statuses = [i for i in card.items() if isinstance(i, NeedStatusItem)]
    assert [i.need for i in statuses] == list(CARD_ORDER)
    assert {i.label for i in statuses} == {"Är barnets behov uppfyllt?"}
    assert len({i.accessible_name for i in statuses}) == 8  # each says which need
    assert set(card.comment_needs()) == set(Need)
    assert card.item("situation").required
    # Ids other code relies on (anonymisation, routing); later versions must keep them.
    kinds = {
        "situation": "text",
        "egna_atgarder.vidtagna": "yes_no",
        "egna_atgarder.kommentar": "text",
        "mottagande_enhet": "unit",
        "vh1.informerad": "yes_no",
        "vh1.samtycke": "yes_no",
        "vh2.informerad": "yes_no",
        "vh2.samtycke": "yes_no",
    }
    assert {item_id: card.item(item_id).kind for item_id in kinds} == kinds
    assert card.rules == (
        AtLeastOneRule(
            id="minst_ett_behov",
            items=tuple(i.id for i in statuses),
            message="Svara på minst ett behov.",
        ),
    )


def test_skattning_rates_every_positive_indicator(registry: FormRegistry) -> None:
    form = registry.get("skattning")
    compass = registry.compass()
    scales = [i for i in form.items() if isinstance(i, ScaleItem)]
    assert len(scales) == 42
    for item in scales:
        assert item.indicator is not None and item.need is not None and item.vet_ej
        assert item.label == compass.positive_indicator(item.indicator).text
    assert form.notes == ("Den som skattar ska vara utbildad.",)
    assert form.requires_trained_rater
    assert form.title == "Skattningsformulär för personal"
    assert form.item(form.co_signer_item or "").label == "Din arbetskollega"
    assert set(form.comment_needs()) == set(Need)


@pytest.mark.parametrize(
    ("form_id", "ages"),
    [("samtal_4_6", (4, 6)), ("samtal_7_12", (7, 12)), ("samtal_13_18", (13, 18))],
)
def test_samtal_forms(registry: FormRegistry, form_id: str, ages: tuple[int, int]) -> None:
    form = registry.get(form_id)
    assert form.audience is Audience.MIXED
    assert form.age_range is not None and (form.age_range.min, form.age_range.max) == ages
    child = items_for(form, Respondent.CHILD)
    smileys = [i for i in child if isinstance(i, SmileyItem)]
    assert [i.need for i in smileys] == list(CARD_ORDER)
    for guardian in (Respondent.GUARDIAN_1, Respondent.GUARDIAN_2):
        scales = [i for i in items_for(form, guardian) if isinstance(i, ScaleItem)]
        assert [i.need for i in scales] == list(CARD_ORDER)
        words = [i for i in items_for(form, guardian) if isinstance(i, TextItem)]
        assert len(words) == 8
    keys = {slot.key for slot in answer_slots(form)}
    assert {"omsorg.barnet@child", "omsorg.egna_ord@guardian_2", "samtalsdatum"} <= keys


def test_barnsamtal_4_6_title_and_simpler_questions(registry: FormRegistry) -> None:
    small = registry.get("samtal_4_6")
    big = registry.get("samtal_13_18")
    assert small.title == "Barnsamtal 4-6 år"

    def words(form_id: str) -> float:
        form = registry.get(form_id)
        labels = [i.label for i in items_for(form, Respondent.CHILD) if isinstance(i, SmileyItem)]
        return sum(len(label.split()) for label in labels) / len(labels)

    assert words(small.id) < words("samtal_7_12") < words(big.id)


def test_fordjupad_has_triangle_matrix_and_plan(registry: FormRegistry) -> None:
    form = registry.get("fordjupad_behovskompass")
    titles = [s.title for s in form.sections]
    for side in (
        "Hur jag växer och utvecklas",
        "Vad jag behöver av dem som tar hand om mig",
        "Min omvärld",
    ):
        section = form.sections[titles.index(side)]
        assert [i.label for i in section.items] == ["Styrkor", "Utmaningar"]
    matrix = [i.label for i in form.section_of("motstandskraft.sarbarhet").items]
    assert matrix == ["Motståndskraft", "Sårbarhet", "Skyddande miljö", "Påfrestningar"]
    to_plan = form.item("behov_till_plan")
    assert [o.id for o in getattr(to_plan, "options", ())] == [n.value for n in CARD_ORDER]


def test_every_visible_text_has_an_accessible_name(registry: FormRegistry) -> None:
    for form in registry.all_forms():
        assert form.accessible_name
        for section in form.sections:
            assert section.accessible_name
            if section.comment is not None:
                assert section.comment.accessible_name
            for item in section.items:
                assert item.accessible_name, (form.id, item.id)
                for option in getattr(item, "options", ()):
                    assert option.accessible_name


def test_lookup_and_hash(registry: FormRegistry) -> None:
    form = registry.get("upptackarkort")  # the newest released version
    assert registry.get("upptackarkort", 3) is form
    assert registry.versions("upptackarkort") == [1, 2, 3]
    assert content_hash(form) == form.content_hash
    assert len(form.content_hash) == 64
    assert content_hash(registry.compass()) != form.content_hash
    with pytest.raises(FormNotFoundError):
        registry.get("upptackarkort", 4)
    with pytest.raises(FormNotFoundError):
        registry.get("finns_inte")
    with pytest.raises(FormNotFoundError):
        registry.compass(7)


def test_default_forms_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(FORMS_DIR_ENV, raising=False)
    assert default_forms_dir() == REPO_FORMS
    monkeypatch.setenv(FORMS_DIR_ENV, str(tmp_path))
    assert default_forms_dir() == tmp_path
