"""Render each main screen of the app from a data folder to PNG files (README, review).

The app is built exactly as `backa-desktop` builds it, with the synchronous task runner, and
driven through its own screens. Nothing is saved: forms shown with example answers are
closed without autosave, so the folder is left as it was (apart from audit events for the
children opened, which is what opening a record means)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backa_desktop.domain.form_ids import FormUse
from backa_desktop.domain.process import ChildStatus
from backa_desktop.services import children as children_service
from backa_desktop.services import workflow
from backa_desktop.services.vault import Session
from backa_desktop.ui.qt import QApplication, QSize, Qt, QWidget, qInstallMessageHandler
from backa_desktop.ui.screens.form_screen import FormScreen
from backa_desktop.ui.workspace import Workspace

SIZE = (1366, 900)


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


Inspect = Callable[[str, QWidget], None]
# Called with each screen's name and widget just before it is drawn (the 200 % layout test
# looks for clipped labels and overlapping widgets there).
_inspect: list[Inspect] = []


def _save(
    widget: QWidget, out: Path, name: str, app: QApplication, written: list[Path]
) -> None:
    _settle(app)
    for look in _inspect:
        look(name, widget)
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"kunde inte skriva {path}")
    written.append(path)


def _pick_child(session: Session) -> str:
    """A child well into the process (rated, in a team): the overview then has everything."""
    for status in (ChildStatus.I_BARNTEAM, ChildStatus.INDIVIDUELLT_BARNTEAM, ChildStatus.UPPTACKT):
        rows = children_service.search_children(
            session, "", children_service.ChildFilter(status=status), limit=50
        )
        for row in rows:
            age = row.age()
            if age is not None and 7 <= age <= 12:
                return str(row.record_id)
        if rows:
            return str(rows[0].record_id)
    rows = children_service.search_children(session, "", None, limit=1)
    if not rows:
        raise RuntimeError("Mappen har inga barn. Kör först `backa demo`.")
    return str(rows[0].record_id)


def _quiet_qt_messages() -> None:
    """The offscreen platform warns about window features it lacks; that is not news."""
    previous = None

    def handler(mode: Any, context: Any, message: str) -> None:
        if "does not support" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def _quiet(screen: FormScreen) -> None:
    """Forget example typing so closing the form writes no draft."""
    screen._timer.stop()
    screen._dirty = False
    screen.status.setText("")


def _child_windows(
    ws: Workspace, child_id: str, out: Path, qt: QApplication, written: list[Path]
) -> None:
    """Barnets plan, the orosanmälan, Samtycken and Barnkontakt och team windows, as opened
    from the overview (nothing typed)."""
    from backa_desktop.ui.screens.orosanmalan_window import OrosanmalanWindow
    from backa_desktop.ui.screens.plan_window import PlanWindow

    name = ws.overview_screen.name.text()
    plan = PlanWindow(ws.context, child_id, name, None, ws)
    plan.resize(*SIZE)
    plan.show()
    _save(plan, out, "plan", qt, written)
    plan.dirty = False  # never leave a draft behind
    plan.close()
    oros = OrosanmalanWindow(ws.context, child_id, name, ws)
    oros.resize(*SIZE)
    oros.show()
    _save(oros, out, "orosanmalan", qt, written)
    oros.close()
    from backa_desktop.ui.screens.consent_window import ConsentWindow
    from backa_desktop.ui.screens.teams_window import TeamsWindow

    consents = ConsentWindow(ws.context, child_id, name, ws)
    teams = TeamsWindow(ws.context, child_id, name, ws)
    for shot, window in (("samtycken", consents), ("barnkontakt-och-team", teams)):
        window.resize(*SIZE)
        window.show()
        _save(window, out, shot, qt, written)
    # the unit's standing Barnteam, as "Visa Barnteamet…" opens it
    teams.unit_team_button.click()
    _save(teams._dialog, out, "enhetens-barnteam", qt, written)
    teams._dialog.close()
    teams.close()
    consents.close()


def _decision_and_record(
    ws: Workspace, runner: Any, child_id: str, out: Path, qt: QApplication, written: list[Path]
) -> None:
    """The Barnkontakt's decision dialog (nothing decided), and a timeline event that is no
    form opened read-only: the child's latest decision, or else its registration."""
    ws.child_actions.decide_for_child(child_id, ws.overview_screen.public_name)
    decision = ws.child_actions.dialog
    if decision is None:
        raise RuntimeError("Beslutet öppnades inte.")
    decision.resize(decision.sizeHint())
    _save(decision, out, "beslut", qt, written)
    decision.reject()

    def latest_decision() -> str:
        return workflow.latest_decision_id(runner._session_or_raise(), child_id) or child_id

    ws.open_record(runner.run_sync_db(latest_decision))
    record = ws._window
    if record is None:
        raise RuntimeError("Händelsen öppnades inte.")
    record.resize(record.sizeHint().expandedTo(QSize(720, 480)))
    _save(record, out, "handelse", qt, written)
    record.close()


def _central_windows(ws: Workspace, out: Path, qt: QApplication, written: list[Path]) -> None:
    """Statistik and Loggkontroll as they open, before anything is fetched from the server."""
    statistics = ws.open_statistics()
    _save(statistics, out, "statistik", qt, written)
    statistics.close()
    ws.open_log_review()
    log_review = ws._log_review
    if log_review is None:
        raise RuntimeError("Loggkontrollen öppnades inte.")
    _save(log_review, out, "loggkontroll", qt, written)
    log_review.close()


def _open_form(ws: Workspace) -> FormScreen:
    if ws.form_screen is None:
        raise RuntimeError("Formuläret öppnades inte.")
    return ws.form_screen


def render_all(
    data_dir: Path,
    passphrase: str,
    out: Path,
    *,
    language: str = "sv",
    font_scale: float = 1.0,
    inspect: Inspect | None = None,
) -> list[Path]:
    from backa_desktop import app as app_module
    from backa_desktop.ui.screens.first_run import FirstRunWizard
    from backa_desktop.ui.tasks import SyncTaskRunner

    out.mkdir(parents=True, exist_ok=True)
    _inspect[:] = [inspect] if inspect else []
    _quiet_qt_messages()
    existing = QApplication.instance()
    qt = existing if isinstance(existing, QApplication) else QApplication(["backa-screenshots"])
    args = app_module.parse_args(
        ["--data-dir", str(data_dir), "--language", language, "--font-scale", str(font_scale)]
    )
    built = app_module.build(args, qt, runner=SyncTaskRunner())
    window = built.window
    window.resize(*SIZE)
    window.show()
    written: list[Path] = []
    try:
        wizard = FirstRunWizard()
        wizard.resize(*SIZE)
        wizard.name.setText("Anna Lind")
        wizard.title_edit.setText("BVC-sjuksköterska")
        wizard.unit.setText("BVC Solrosen")
        wizard.show()
        _save(wizard, out, "first-run", qt, written)
        wizard.close()

        _save(window, out, "unlock", qt, written)
        window.unlock_screen.passphrase.setText(passphrase)
        window.unlock_screen.button.click()
        ws = window.workspace
        if ws is None:
            raise RuntimeError(window.unlock_screen.error.text() or "Upplåsningen misslyckades.")
        ws.show_list()
        _save(window, out, "child-list", qt, written)

        child_id = built.runner.run_sync_db(lambda: _pick_child(built.runner._session_or_raise()))
        ws.open_child(child_id)
        _save(window, out, "child-overview", qt, written)

        ws.forms.start(FormUse.UPPTACKARKORT, child_id)
        card = _open_form(ws)
        view = card.view
        view.editors["situation"].set_value(
            "Vid lämningen på morgonen har barnet flera gånger gråtit och sagt att det inte "
            "vill gå hem. Det har också kommit utan vantar och mössa trots kylan."
        )
        for key, value in (
            ("omsorg.uppfyllt", "inte_uppfyllt"),
            ("trygghet.uppfyllt", "vet_inte"),
            ("halsa.uppfyllt", "uppfyllt"),
        ):
            view.editors[key].set_value(value)
        view.help_requested.emit("omsorg")
        _quiet(card)
        _save(window, out, "upptackarkort", qt, written)

        ws.forms.start(FormUse.FEM_FRAGOR, child_id)
        fem = _open_form(ws)
        fem.view.editors["fraga_3@child"].set_value("Det är tråkigt hemma.")
        fem.view.editors["fraga_3@guardian_1"].set_value("Jag vill ha hjälp med rutinerna.")
        fem.view.editors["beslut"].set_value("barnkontakt")
        _quiet(fem)
        _save(window, out, "fem-fragor", qt, written)

        ws.forms.start(FormUse.SAMTAL, child_id)
        talk = _open_form(ws)
        talk.child_mode_button.click()
        child_mode = ws.forms.child_mode
        if child_mode is None:
            raise RuntimeError("Barnläget öppnades inte.")
        card0 = child_mode.cards[0]
        for key, editor in card0.editors.items():
            if key.endswith("@child") and hasattr(editor, "buttons"):
                editor.set_value(4)
            elif key.endswith("@child"):
                editor.set_value("Mamma lagar mat och läser sagor för mig på kvällen.")
        child_mode.setWindowState(Qt.WindowState.WindowNoState)
        child_mode.setGeometry(0, 0, *SIZE)
        _save(child_mode, out, "child-mode", qt, written)
        child_mode._may_close = True  # close without handing answers back
        child_mode.close()
        ws.forms.child_mode = None
        _quiet(talk)

        ws.forms.start(FormUse.SKATTNING, child_id)
        rating = _open_form(ws)
        _quiet(rating)
        _save(window, out, "skattning", qt, written)

        ws.show_inbox()
        _save(window, out, "inbox", qt, written)
        _child_windows(ws, child_id, out, qt, written)
        _decision_and_record(ws, built.runner, child_id, out, qt, written)
        _central_windows(ws, out, qt, written)
        ws.show_list()
        from backa_desktop.ui.sync_screenshots import render_sync

        render_sync(window, built.runner, out, qt, SIZE, written, inspect=inspect)
    finally:
        _inspect.clear()
        window.lock()
        built.runner.shutdown()
        window.close()
        # leave the application in Swedish as found: one process (the tests) may render
        # several languages in turn
        built.language.set("sv")
    return written
