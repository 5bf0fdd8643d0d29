"""Opening, autosaving, signing and correcting forms, and child mode: the ops behind a
FormScreen. Kept out of the workspace so the window only navigates."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.forms import FormDefinition, FormResponse
from backa_desktop.domain.process import Beslut, samtal_age_set
from backa_desktop.services import overview as overview_service
from backa_desktop.services import workflow
from backa_desktop.services.forms import FormNotFoundError, FormRegistry
from backa_desktop.services.vault import Session
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.qt import QObject, Signal, connect, translate
from backa_desktop.ui.screens.child_mode import ChildModeWindow
from backa_desktop.ui.screens.form_screen import FormScreen
from backa_desktop.ui.tasks import BgOp, DbOp, TaskRunner

FORM_IDS = {
    "upptackarkort": "upptackarkort",
    "fem_fragor": "fem_fragor",
    "skattning": "skattning",
}


@dataclass(frozen=True)
class FormOpening:
    definition: FormDefinition
    response: FormResponse
    child_name: str
    draft_key: str
    draft_saved_at: str | None
    read_only: bool
    record_id: str | None
    signed_note: str
    child_mode: bool


def pick_samtal(registry: FormRegistry, birth: date | None, today: date) -> FormDefinition:
    """The Samtalsunderlag for the child's age set; the youngest set for a child under 4."""
    age_set = samtal_age_set(birth, today) if birth else None
    candidates = [f for f in registry.released_forms() if f.id.startswith("samtal")]
    if not candidates:
        raise FormNotFoundError("Det finns inget samtalsunderlag.")
    if age_set:
        wanted = "samtal_" + age_set.replace("-", "_")
        for form in candidates:
            if form.id == wanted:
                return form
    return min(candidates, key=lambda f: f.age_range.min if f.age_range else 99)


def _opening_for_new(
    session: Session,
    registry: FormRegistry,
    kind: str,
    child_id: str,
    today: date,
    directory: overview_service.Directory,
) -> FormOpening:
    from backa_desktop.services.children import get_child

    _record, profile = get_child(session, child_id)
    if kind == "samtal":
        definition = pick_samtal(registry, profile.birth_date, today)
    else:
        definition = registry.get(FORM_IDS[kind])
    key = workflow.draft_key(definition.id, child_id)
    saved = workflow.load_draft(session, key)
    if saved is not None and saved[0].form_version == definition.version:
        response, _extra, saved_at = saved
    else:
        compass = registry.compass()
        if kind == "fem_fragor":
            try:
                card_def: FormDefinition | None = registry.get("upptackarkort")
            except FormNotFoundError:
                card_def = None
            context = workflow.fem_fragor_context(session, card_def, compass, child_id, today)
        else:
            context = form_engine.PrefillContext(today=today, current_user=session.me_id)
        response = form_engine.new_response(definition, child_id, context)
        saved_at = None
    return FormOpening(
        definition=definition,
        response=response,
        child_name=profile.display_name,
        draft_key=key,
        draft_saved_at=saved_at,
        read_only=False,
        record_id=None,
        signed_note="",
        child_mode=kind == "samtal",
    )


def _opening_for_record(
    session: Session, registry: FormRegistry, record_id: str, directory: overview_service.Directory
) -> FormOpening:
    reading = overview_service.read_response(session, record_id)
    response = reading.response
    definition = registry.for_response(response)
    name = reading.child_name if reading.child_id else translate("Form", "Barn utan identitet")
    signed_by = directory.staff_name(response.signed_by)
    at = response.signed_at.date().isoformat() if response.signed_at else ""
    note = (
        translate(
            "Form",
            "Signerad av %1 den %2. Dokumentet är låst; använd Rätta för att göra en ny version.",
        )
        .replace("%1", signed_by or "–")
        .replace("%2", at)
    )
    if response.co_signer:
        note += " " + translate("Form", "Medbedömare: %1.").replace(
            "%1", directory.staff_name(response.co_signer)
        )
    return FormOpening(
        definition=definition,
        response=response,
        child_name=name,
        draft_key="",
        draft_saved_at=None,
        read_only=True,
        record_id=reading.record_id,
        signed_note=note,
        child_mode=False,
    )


class FormController(QObject):
    """Turns FormScreen signals into database ops and back."""

    opened = Signal(object)  # FormScreen
    signed = Signal(object, object)  # FormScreen, result
    message = Signal(str)
    orosanmalan_requested = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        registry: FormRegistry,
        verify_passphrase: Callable[[str], bool],
        directory: Callable[[], overview_service.Directory],
        me: Callable[[], dict[str, Any]] = dict,
        child_mode_scale: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.registry = registry
        self._verify = verify_passphrase
        self._directory = directory
        self._me = me
        self._child_mode_scale = child_mode_scale
        self.child_mode: ChildModeWindow | None = None

    # -- opening ----------------------------------------------------------------------------
    def start(self, kind: str, child_id: str) -> None:
        registry, directory, today = self.registry, self._directory(), date.today()
        DbOp(
            self.runner, lambda s: _opening_for_new(s, registry, kind, child_id, today, directory)
        ).on_success(self._show).on_failure(self._fail).run()

    def open_record(self, record_id: str) -> None:
        registry, directory = self.registry, self._directory()
        DbOp(
            self.runner, lambda s: _opening_for_record(s, registry, record_id, directory)
        ).on_success(self._show).on_failure(self._fail).run()

    def correct(self, screen: FormScreen) -> None:
        registry, record_id = self.registry, screen.record_id
        definition = screen.definition

        def job(s: Session) -> FormOpening:
            latest = registry.get(definition.id)
            response = workflow.start_correction(s, latest, str(record_id))
            key = workflow.draft_key(latest.id, response.child_id, str(record_id))
            opening = _opening_for_record(s, registry, str(record_id), self._directory())
            return FormOpening(
                definition=latest,
                response=response,
                child_name=opening.child_name,
                draft_key=key,
                draft_saved_at=None,
                read_only=False,
                record_id=None,
                signed_note=translate(
                    "Form",
                    "Rättelse av ett signerat dokument. Det gamla "
                    "finns kvar och pekar på den nya versionen.",
                ),
                child_mode=latest.id.startswith("samtal"),
            )

        DbOp(self.runner, job).on_success(self._show).on_failure(self._fail).run()

    def _show(self, opening: FormOpening) -> None:
        directory = self._directory()
        compass = self.registry.compass()
        note = opening.signed_note
        if opening.draft_saved_at:
            note = translate("Form", "Ditt utkast från %1 är återställt.").replace(
                "%1", opening.draft_saved_at[:16].replace("T", " ")
            )
        sign_label = ""
        if opening.definition.id == "upptackarkort":
            sign_label = translate("Form", "Signera och skicka")
        elif opening.definition.id == "fem_fragor":
            sign_label = translate("Form", "Signera och besluta")
        screen = FormScreen(
            opening.definition,
            opening.response,
            child_name=opening.child_name,
            draft_key=opening.draft_key,
            compass=compass,
            staff=directory.staff_names(),
            units=directory.unit_names(),
            read_only=opening.read_only,
            signed_note=note,
            record_id=opening.record_id,
            sign_label=sign_label,
            child_mode=opening.child_mode,
        )
        if (
            opening.definition.requires_trained_rater
            and not opening.read_only
            and not self._me().get("trained_to_rate")
        ):
            screen.block_signing(
                translate(
                    "Form",
                    "Du är inte markerad som utbildad att skatta. Du kan fylla i ett utkast, "
                    "men en utbildad kollega måste signera.",
                )
            )
        connect(screen.autosave, self.autosave)
        connect(screen.sign_requested, self.sign)
        connect(screen.correct_requested, self.correct)
        connect(screen.child_mode_requested, self.enter_child_mode)
        self.opened.emit(screen)

    def _fail(self, exc: BaseException) -> None:
        self.message.emit(error_text(exc))

    # -- autosave ---------------------------------------------------------------------------
    def autosave(self, screen: FormScreen) -> None:
        key, response = screen.draft_key, screen.response()
        if not key:
            return

        def saved(_r: None) -> None:
            # the screen may be gone (closed, or the app locked) meanwhile; the draft is safe
            with contextlib.suppress(RuntimeError):
                screen.mark_saved(datetime.now().strftime("%H:%M:%S"))

        DbOp(self.runner, lambda s: workflow.save_draft(s, key, response)).on_success(
            saved
        ).on_failure(self._fail).run()

    # -- signing ----------------------------------------------------------------------------
    def sign(self, screen: FormScreen) -> None:
        definition, response, key = screen.definition, screen.response(), screen.draft_key

        def job(s: Session) -> Any:
            if definition.id == "upptackarkort":
                return workflow.submit_upptackarkort(s, definition, response, draft=key)
            if definition.id == "fem_fragor":
                return workflow.decide_from_fem_fragor(s, definition, response, draft=key)
            return workflow.sign_form(s, definition, response, draft=key)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, form_engine.ResponseInvalidError):
                screen.show_sign_failure(
                    translate("Form", "Formuläret är inte färdigt. Se meddelandena vid frågorna."),
                    exc.errors,
                )
            elif isinstance(exc, workflow.WorkflowError):
                screen.show_sign_failure(error_text(exc))
            else:
                screen.show_sign_failure(
                    translate("Form", "Det gick inte att signera: %1").replace(
                        "%1", type(exc).__name__
                    )
                )

        def done(result: Any) -> None:
            self.signed.emit(screen, result)
            if (
                definition.id == "fem_fragor"
                and response.answers.get("beslut") == Beslut.OROSANMALAN
            ):
                self.orosanmalan_requested.emit(response.child_id)

        DbOp(self.runner, job).on_success(done).on_failure(failed).run()

    # -- child mode -------------------------------------------------------------------------
    def enter_child_mode(self, screen: FormScreen) -> None:
        compass = self.registry.compass()
        window = ChildModeWindow(
            screen.definition,
            compass,
            screen.view.answers(),
            child_name=screen.child_name,
            scale=self._child_mode_scale,
        )
        window.setWindowTitle(translate("ChildMode", "Barnläge"))
        self.child_mode = window
        connect(window.verify_passphrase, lambda p: self._check_passphrase(window, p))

        def finished(answers: dict[str, Any]) -> None:
            screen.set_answers(answers)
            screen.flush()
            self.child_mode = None

        connect(window.finished, finished)
        window.showFullScreen()

    def _check_passphrase(self, window: ChildModeWindow, passphrase: str) -> None:
        verify = self._verify
        BgOp(self.runner, lambda: verify(passphrase)).on_success(
            window.passphrase_result
        ).on_failure(lambda _e: window.passphrase_result(False)).run()

    def close_child_mode_for_lock(self) -> None:
        """Locking: keep what the child answered, close the full-screen window."""
        if self.child_mode is not None:
            self.child_mode.leave()
