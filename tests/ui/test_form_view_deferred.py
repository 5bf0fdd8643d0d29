"""A long form builds the sections below the first screen after its first paint: the rest
must come with the answers, the read-only state and the Tab order of a form built at once."""

from __future__ import annotations

from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.services.forms import FormRegistry, default_forms_dir
from backa_desktop.ui.form_view import EAGER_SECTIONS, FormView
from backa_desktop.ui.qt import QPushButton, QScrollArea, Qt, QVBoxLayout, QWidget


def _chain(window: QWidget) -> list[QWidget]:
    out, widget = [], window.nextInFocusChain()
    while widget is not window:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:  # what Tab can reach
            out.append(widget)
        widget = widget.nextInFocusChain()
    return out


def test_the_rest_is_built_after_the_first_paint_in_tab_order(qtbot: Any) -> None:
    definition = FormRegistry.load(default_forms_dir()).get("upptackarkort")
    assert len(definition.sections) > EAGER_SECTIONS
    window = QWidget()
    qtbot.addWidget(window)
    lay = QVBoxLayout(window)
    scroll = QScrollArea(window)
    scroll.setWidgetResizable(True)
    view = FormView(definition, parent=scroll.viewport())
    response = form_engine.new_response(definition, "child-1")
    last = definition.sections[-1].items[0]
    assert last.kind == "yes_no" and last.respondents is None
    key = last.id
    answers = {**response.answers, key: True}
    view.set_response(response.model_copy(update={"answers": answers}))
    view.set_read_only(True)
    scroll.setWidget(view)
    lay.addWidget(scroll)
    after = QPushButton("Stäng", window)  # made after the form, as the screen's buttons are
    lay.addWidget(after)
    assert view._pending  # only the first sections so far
    assert view.answers()[key] is True  # an answer of a section not built yet is kept
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: not view._pending, timeout=5000)

    assert len(view._section_boxes) == len(definition.sections)
    assert view._editors[key].value() is True  # the answer is in the late editor
    late_need = next(s.need for s in definition.sections[EAGER_SECTIONS:] if s.comment)
    assert view._comments[late_need].isReadOnly()  # and the read-only state
    chain = _chain(window)
    inside = [i for i, w in enumerate(chain) if view.isAncestorOf(w)]
    assert inside == list(range(inside[0], inside[0] + len(inside)))  # one run, no gaps
    assert chain.index(after) > inside[-1]  # the button after the whole form
    fields = [chain.index(e.focus_target()) for e in view._editors.values()
              if e.focus_target() in chain]
    assert len(fields) > len(view._section_boxes)
    assert fields == sorted(fields)  # the questions in Tab order as on screen


def test_reading_the_fields_builds_the_rest_at_once(qtbot: Any) -> None:
    definition = FormRegistry.load(default_forms_dir()).get("upptackarkort")
    view = FormView(definition)
    qtbot.addWidget(view)
    view.set_response(form_engine.new_response(definition, "child-1"))
    assert view._pending
    slots = {s.key for s in form_engine.answer_slots(definition)}
    assert set(view.editors) == slots
    assert not view._pending


def test_a_section_built_on_demand_in_a_shown_form_is_shown_at_once(qtbot: Any) -> None:
    definition = FormRegistry.load(default_forms_dir()).get("upptackarkort")
    view = FormView(definition)
    qtbot.addWidget(view)
    view.set_response(form_engine.new_response(definition, "child-1"))
    view.show()
    assert view._pending
    last = view.fields[definition.sections[-1].items[0].id]  # builds the rest now
    assert last.isVisibleTo(view)  # not only in the event loop's next turn
