"""Opening, autosaving, signing and correcting forms, and child mode: the ops behind a
FormScreen. Kept out of the workspace so the window only navigates."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.consent import Consent, ConsentScope
from backa_desktop.domain.form_ids import FormUse, ShippedForm
from backa_desktop.domain.forms import CompassDefinition, FormDefinition, FormResponse
from backa_desktop.services import anonymous_cards, form_filling, visibility, workflow
from backa_desktop.services import consents as consent_service
from backa_desktop.services import overview as overview_service
from backa_desktop.services.forms import FormNotFoundError, FormRegistry
from backa_desktop.services.vault import Session
from backa_desktop.ui.anonymous_card_warning import confirm_send
from backa_desktop.ui.consent_notice import confirm_team_decision, record_consent_dialog
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.idle import unwatched
from backa_desktop.ui.qt import QObject, QWidget, Signal, connect, translate
from backa_desktop.ui.screens import form_screen
from backa_desktop.ui.screens.child_mode import ChildModeWindow
from backa_desktop.ui.screens.form_screen import FormScreen
from backa_desktop.ui.tasks import BgOp, DbOp, TaskRunner

KEPT_SCREENS = 3
"""Form screens kept for reuse at most (one per form and version)."""


@dataclass(frozen=True)
class FormOpening:
    definition: FormDefinition
    use: FormUse
    response: FormResponse
    child_name: str
    draft_key: str
    draft_saved_at: str | None
    read_only: bool
    record_id: str | None
    signed_note: str
    child_mode: bool
    # the child's unit (its staff first in a person question) and guardians by name
    people: overview_service.ChildPeople = field(default_factory=overview_service.ChildPeople)


def _opening_for_new(
    session: Session, registry: FormRegistry, use: FormUse, child_id: str, today: date
) -> FormOpening:
    new = form_filling.start_form(session, registry, use, child_id, today)
    return FormOpening(
        definition=new.definition,
        use=new.use,
        response=new.response,
        child_name=new.child_name,
        draft_key=new.draft_key,
        draft_saved_at=new.draft_saved_at,
        read_only=False,
        record_id=None,
        signed_note="",
        child_mode=new.use is FormUse.SAMTAL,
        people=overview_service.child_people(session, child_id),
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
        use=form_filling.form_use(definition.id),
        response=response,
        child_name=name,
        draft_key="",
        draft_saved_at=None,
        read_only=True,
        record_id=reading.record_id,
        signed_note=note,
        child_mode=False,
        people=overview_service.child_people(session, reading.child_id),
    )


def _sign_label(use: FormUse) -> str:
    if use is FormUse.UPPTACKARKORT:
        return translate("Form", "Signera och skicka")
    if use is FormUse.FEM_FRAGOR:
        return translate("Form", "Signera och besluta")
    return ""


class FormController(QObject):
    """Turns FormScreen signals into database ops and back."""

    opened = Signal(object)  # FormScreen
    closed = Signal(object)  # FormScreen: its Stäng
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
        screen_parent: Callable[[], QWidget | None] = lambda: None,
    ) -> None:
        """`screen_parent`: the widget a form screen will be shown in; the screen is made
        inside it (see FormScreen: moving a finished form is slow)."""
        super().__init__(parent)
        self._screen_parent = screen_parent
        self.runner = runner
        self.registry = registry
        self._verify = verify_passphrase
        self._directory = directory
        self._me = me
        self._child_mode_scale = child_mode_scale
        self.child_mode: ChildModeWindow | None = None
        # Screens the workspace is done with, each with what it was built from: opening the
        # same form again refills one instead of building ~200 widgets (`FormScreen.reopen`).
        self._kept: list[tuple[tuple[Any, ...], FormScreen]] = []
        self._card_built = False

    # -- opening ----------------------------------------------------------------------------
    def start(self, kind: str, child_id: str) -> None:
        """Start a form of this kind (a `FormUse` value: "upptackarkort", "samtal" ...)."""
        registry, today, use = self.registry, date.today(), FormUse(kind)
        DbOp(
            self.runner, lambda s: _opening_for_new(s, registry, use, child_id, today)
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
            use = form_filling.form_use(latest.id)
            return FormOpening(
                definition=latest,
                use=use,
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
                child_mode=use is FormUse.SAMTAL,
                people=opening.people,
            )

        DbOp(self.runner, job).on_success(self._show).on_failure(self._fail).run()

    def _show(self, opening: FormOpening) -> None:
        with unwatched():  # thousands of events while the screen is built (ui/idle.py)
            self._build(opening)

    def _build(self, opening: FormOpening) -> None:
        directory = self._directory()
        compass = self.registry.compass()
        note = opening.signed_note
        if opening.draft_saved_at:
            note = translate("Form", "Ditt utkast från %1 är återställt.").replace(
                "%1", opening.draft_saved_at[:16].replace("T", " ")
            )
        sign_label = _sign_label(opening.use)
        old_version = opening.definition.version < max(
            self.registry.versions(opening.definition.id), default=0)
        built_from = self._built_from(opening, directory, compass, sign_label)
        screen = self._take_kept(built_from)
        if screen is not None:
            screen.reopen(
                opening.response,
                child_name=opening.child_name,
                draft_key=opening.draft_key,
                people=opening.people,
                read_only=opening.read_only,
                signed_note=note,
                record_id=opening.record_id,
                child_mode=opening.child_mode,
                old_version=old_version,
            )
        else:
            screen = self._new_screen(opening, directory, compass, note, sign_label,
                                      old_version)
            screen.built_from = built_from
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
        self.opened.emit(screen)

    def _new_screen(self, opening: FormOpening, directory: overview_service.Directory,
                    compass: CompassDefinition, note: str, sign_label: str,
                    old_version: bool) -> FormScreen:
        screen = FormScreen(
            opening.definition,
            opening.response,
            child_name=opening.child_name,
            draft_key=opening.draft_key,
            compass=compass,
            staff=directory,
            units=directory.unit_names(),
            people=opening.people,
            read_only=opening.read_only,
            signed_note=note,
            record_id=opening.record_id,
            sign_label=sign_label,
            child_mode=opening.child_mode,
            old_version=old_version,
            parent=self._screen_parent(),
        )
        if opening.use is FormUse.UPPTACKARKORT:
            self._card_built = True
        connect(screen.closed, self.closed.emit)
        connect(screen.autosave, self.autosave)
        connect(screen.sign_requested, self.sign)
        connect(screen.correct_requested, self.correct)
        connect(screen.child_mode_requested, self.enter_child_mode)
        return screen

    @staticmethod
    def _built_from(opening: FormOpening, directory: overview_service.Directory,
                    compass: CompassDefinition, sign_label: str) -> tuple[Any, ...]:
        """What a screen's widgets are made from, beyond what `reopen` sets: the
        definition, the staff and units of the people pickers, the compass's help, the sign
        button's text and, where the form names the guardians beyond a few items' texts, them."""
        naming = form_screen.naming(opening.definition)
        guardians = naming.guardians(opening.people) if naming.per_family else ()
        return (opening.definition, directory, compass, sign_label, guardians)

    def _take_kept(self, built_from: tuple[Any, ...]) -> FormScreen | None:
        for i, (kept_from, screen) in enumerate(self._kept):
            if len(kept_from) == len(built_from) and all(
                a is b or (isinstance(a, str | tuple) and a == b)
                for a, b in zip(kept_from, built_from, strict=True)
            ):
                del self._kept[i]
                return screen
        return None

    def keep(self, screen: FormScreen) -> bool:
        """The workspace is done with the screen: keep it (in the workspace's stack) for
        the next opening of its form, or say no (then the workspace deletes it). One screen
        per form and version, a few in all."""
        built_from = screen.built_from
        if built_from is None:
            return False
        if any(kept is screen for _from, kept in self._kept):
            return True
        screen.retire()
        for kept_from, old in list(self._kept):
            if kept_from[0] is built_from[0] or len(self._kept) >= KEPT_SCREENS:
                self._kept.remove((kept_from, old))
                old.deleteLater()
        self._kept.append((built_from, screen))
        return True

    def forget_kept(self) -> None:
        """Drop the kept screens (a child's access ended: nothing of it stays in memory)."""
        kept, self._kept = self._kept, []
        for _from, screen in kept:
            screen.deleteLater()

    def prepare_card(self) -> None:
        """Build an Upptäckarkort's screen ahead of its first opening (the form most opened,
        by every role), for no child, kept as a closed one is: the first card of a session
        is then refilled like every later one. Run while the GUI thread has nothing else to
        do (a while after the first screen after unlocking); not once a card was opened."""
        if self._card_built:  # opened (or prepared) already: kept when it closes
            return
        try:
            definition = self.registry.get(ShippedForm.UPPTACKARKORT)
        except FormNotFoundError:  # a forms folder without it: nothing to prepare
            return
        with unwatched():  # thousands of events while the screen is built (ui/idle.py)
            prefill = form_engine.PrefillContext(today=date.today(),
                                                 current_user=str(self._me().get("id", "")))
            response = form_engine.new_response(definition, workflow.ANONYMOUS_CHILD, prefill)
            opening = FormOpening(
                definition=definition, use=FormUse.UPPTACKARKORT, response=response,
                child_name="", draft_key="", draft_saved_at=None, read_only=False,
                record_id=None, signed_note="", child_mode=False)
            directory, compass = self._directory(), self.registry.compass()
            sign_label = _sign_label(opening.use)
            screen = self._new_screen(opening, directory, compass, "", sign_label, False)
            screen.hide()
            _ = screen.view.editors  # every section, and each widget styled
            screen.ensurePolished()
            screen.built_from = self._built_from(opening, directory, compass, sign_label)
            self.keep(screen)

    def _fail(self, exc: BaseException) -> None:
        self.message.emit(error_text(exc))

    # -- autosave ---------------------------------------------------------------------------
    def autosave(self, screen: FormScreen) -> None:
        key, response, opening = screen.draft_key, screen.response(), screen.opening
        if not key:
            return

        def saved(_r: None) -> None:
            # the screen may be gone (closed, or the app locked) meanwhile, or show another
            # opening (it is reused); the draft is safe
            with contextlib.suppress(RuntimeError):
                if screen.opening == opening:
                    screen.mark_saved(datetime.now().strftime("%H:%M:%S"))

        DbOp(self.runner, lambda s: workflow.save_draft(s, key, response)).on_success(
            saved
        ).on_failure(self._fail).run()

    # -- signing ----------------------------------------------------------------------------
    def sign(self, screen: FormScreen) -> None:
        """Two questions before signing. A Fem frågor that decides on a team the guardians
        have not consented to says so and offers to record the consent (or decide anyway).
        An anonymous Upptäckarkort with a name or an identity number in its free text is
        signed only after the sender has chosen to send anyway."""
        definition, response = screen.definition, screen.response()

        def check(s: Session) -> tuple[ConsentScope | None, list[anonymous_cards.Leak]]:
            return (visibility.decision_consent_missing(s, definition, response),
                    anonymous_cards.card_leaks(s, definition, response))

        def leaks_then_sign(leaks: list[anonymous_cards.Leak]) -> None:
            if not leaks:
                self._sign_now(screen)
                return
            screen.sign_stopped()
            self.leak_warning = confirm_send(screen, definition, leaks,
                                             lambda: self._sign_now(screen))

        def checked(found: tuple[ConsentScope | None, list[anonymous_cards.Leak]]) -> None:
            missing, leaks = found
            if missing is None:
                leaks_then_sign(leaks)
                return
            screen.sign_stopped()
            self.consent_warning = confirm_team_decision(
                screen, missing, lambda: self._record_consent(screen, missing),
                lambda: leaks_then_sign(leaks))

        DbOp(self.runner, check).on_success(checked).on_failure(
            lambda _exc: self._sign_now(screen)).run()

    def _record_consent(self, screen: FormScreen, scope: ConsentScope) -> None:
        """The consent dialog from the Fem frågor; the form stays open to be signed after."""
        directory, runner = self._directory(), self.runner
        child_id = screen.response().child_id

        def save(consent: Consent) -> None:
            DbOp(runner, lambda s: consent_service.record_consent(s, consent)).on_success(
                lambda _r: self.message.emit(translate(
                    "ConsentNotice", "Samtycket är sparat. Signera Fem frågor när du är klar."))
            ).on_failure(self._fail).run()

        self.consent_dialog = record_consent_dialog(
            screen, child_id, str(self._me().get("id", "")), directory,
            directory.unit_names(), scope, save, people=screen.people)

    def _sign_now(self, screen: FormScreen) -> None:
        definition, response, key = screen.definition, screen.response(), screen.draft_key
        opening = screen.opening

        def job(s: Session) -> form_filling.SignResult:
            return form_filling.sign(s, definition, response, key)

        def failed(exc: BaseException) -> None:
            if screen.opening != opening:  # closed and reused meanwhile: not its message
                self._fail(exc)
                return
            screen.sign_stopped()
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

        def done(result: form_filling.SignResult) -> None:
            if screen.opening == opening:
                screen.signed()
            self.signed.emit(screen, result)
            child_id = form_filling.orosanmalan_to_write(result)
            if child_id is not None:
                self.orosanmalan_requested.emit(child_id)

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
