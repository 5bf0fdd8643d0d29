"""How Barnets plan and Min plan fall on their pages, short and long, in several languages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from backa_desktop.domain.plan import PlanActionStatus
from backa_desktop.printing import render
from backa_desktop.printing.languages import load_catalogue
from backa_desktop.printing.models import ActionRow, PlanDocument
from tests.printing import samples
from tests.printing.pdfs import pages_text

LONG_WORDS = "Åsa får byta om före gympan i ett eget rum i stället för omklädningsrummet."
LONG_VIEW = ("Jag vill kunna vara med de andra på rasten utan att vara rädd, och jag vill att "
             "de vuxna märker när någon är elak. ") * 6


def _long_plan() -> PlanDocument:
    """Twenty actions, one of them longer than the room left on its page, and long views."""
    doc = samples.plan(20)
    first = ActionRow(what=LONG_WORDS, who="Idrottslärare", unit="Backaskolan",
                      due_on=date(2027, 3, 1), status=PlanActionStatus.PAGAENDE)
    return doc.model_copy(update={
        "goals": [LONG_VIEW, *doc.goals],
        "reason": "\n\n".join([doc.reason] * 5),
        "actions": [first, *doc.actions,
                    ActionRow(what=LONG_VIEW, who="Örjan Ström", status=PlanActionStatus.PLANERAD)],
        "child_view": LONG_VIEW,
    })


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("child", [False, True])
def test_the_action_header_repeats_only_where_a_page_begins(lang: str, child: bool) -> None:
    header = load_catalogue(lang).t("child.col_what" if child else "plan.col_what")
    pages = pages_text(render(_long_plan(), lang=lang, child_version=child))
    lines = [[line.strip() for line in page.splitlines()] for page in pages]
    with_table = [page for page in lines if header in page]
    assert len(with_table) >= 3  # the table does run over pages
    for page in with_table:
        assert page.count(header) == 1, page


@pytest.mark.parametrize("lang", ["sv", "en", "so", "ar", "ti"])
@pytest.mark.parametrize("child", [False, True])
def test_no_word_in_the_action_table_is_broken(lang: str, child: bool) -> None:
    pdf = render(_long_plan(), lang=lang, child_version=child)
    text = "\n".join(pages_text(pdf))
    assert re.search(r"omklädningsrummet", text), "the long word was broken over two lines"
    if lang == "so":  # Somali's long status words keep whole as well
        status = load_catalogue("so").t(
            "child.status_pagaende" if child else "status.pagaende")
        for word in status.split():
            assert word in text


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("child", [False, True])
def test_the_compass_heading_is_on_the_page_of_the_compass(lang: str, child: bool) -> None:
    t = load_catalogue(lang).t
    heading, legend = (("child.compass", "child.compass_met") if child
                       else ("plan.compass", "compass.met"))
    for doc in (samples.plan(3), _long_plan()):
        pages = pages_text(render(doc, lang=lang, child_version=child))
        with_heading = [p for p in pages if t(heading) in p]
        assert with_heading
        assert all(t(legend) in p for p in with_heading)


def _fills(pdf: bytes) -> list[float]:
    """How far down each page its text goes, as a fraction of the page (poppler's line boxes;
    the running header and footer do not count)."""
    from backa_desktop.printing.layout import PAGE_HEIGHT
    from tests.printing.i18n import lines

    found = lines(pdf)
    return [max((line.y_min for line in found if line.page == number
                 and 60 < line.y_min < PAGE_HEIGHT - 60), default=0.0) / PAGE_HEIGHT
            for number in range(1, max(line.page for line in found) + 1)]


@pytest.mark.parametrize("lang", ["sv", "en", "so", "fa", "ar"])
def test_the_first_page_of_a_long_plan_is_filled_before_the_compass(lang: str) -> None:
    """Where the compass does not fit below the plan's opening, the goals start on the first
    page and run over to the next, the compass after them; the first page is not left a
    third empty."""
    fills = _fills(render(_long_plan(), lang=lang))
    assert fills[0] > 0.8, fills


@pytest.mark.parametrize("lang", ["sv", "en", "so", "ar"])
def test_no_page_of_a_short_plan_is_left_half_empty(lang: str) -> None:
    fills = _fills(render(samples.plan(3), lang=lang))
    assert all(fill > 0.6 for fill in fills[:-1]), fills


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_compass_section_reads_in_order_and_loses_nothing(lang: str) -> None:
    t = load_catalogue(lang).t
    for doc in (samples.plan(3), _long_plan()):
        text = "\n".join(pages_text(render(doc, lang=lang)))
        compass = text.index(t("plan.compass_intro", name="Åsa")[:30])
        about = text.index(t("plan.about", needs="X").split("X")[0].strip())
        goals = text.index(t("plan.goals", name="Åsa"))
        assert compass < about
        assert about < goals or goals < compass  # the goals go before the compass or after
        for goal in doc.goals:
            assert goal.split()[0] in text[goals:]


@pytest.mark.parametrize("lang", ["sv", "en", "so", "ar"])
def test_the_first_page_of_a_long_min_plan_is_filled(lang: str) -> None:
    """The child's copy opens with its compass; a long wish below it starts on the first page
    and goes on overleaf instead of moving whole and leaving the page a third empty."""
    pdf = render(_long_plan(), lang=lang, child_version=True)
    fills = _fills(pdf)
    assert fills[0] > 0.8, fills
    text = " ".join(" ".join(page.split()) for page in pages_text(pdf))
    if lang in ("sv", "en"):  # (poppler gives right-to-left headings in visual order)
        t = load_catalogue(lang).t
        assert text.index(t("child.compass")) < text.index(t("child.goals"))
    for goal in _long_plan().goals:  # every wish is printed, the long one to its end
        assert " ".join(goal.split()[-4:]) in text


def test_a_short_somali_plan_fills_its_first_page() -> None:
    """Somali's longer words leave the compass no room below the goals on the first page:
    the short table of actions goes there too, ending overleaf before the compass, instead
    of the page being left a third empty (and the plan running to four pages)."""
    pdf = render(samples.plan(3), lang="so")
    fills = _fills(pdf)
    assert fills[0] > 0.8, fills
    assert len(fills) <= 3, fills


@pytest.mark.parametrize("lang", ["sv", "so"])
def test_a_long_table_of_actions_stays_after_the_compass(lang: str) -> None:
    t = load_catalogue(lang).t
    text = " ".join(" ".join(p.split()) for p in pages_text(render(_long_plan(), lang=lang)))
    assert text.index(t("compass.met")) < text.index(t("plan.actions"))
