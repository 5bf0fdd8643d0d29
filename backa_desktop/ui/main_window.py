"""The main window: first run, unlock, and the workspace, with automatic locking.

It owns the vault's life cycle on the database thread (create, unlock, lock) and swaps the
three faces in a stack; the workspace does everything else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backa_desktop.services import overview as overview_service
from backa_desktop.services import vault as vault_service
from backa_desktop.services.forms import FormRegistry
from backa_desktop.services.vault import Session
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.idle import IdleWatcher
from backa_desktop.ui.qt import (
    QApplication,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QShortcut,
    QStackedWidget,
    QStatusBar,
    QTimer,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.screens.first_run import FirstRunAnswers, FirstRunWizard
from backa_desktop.ui.screens.unlock import UnlockScreen
from backa_desktop.ui.settings import UiSettings
from backa_desktop.ui.settings_dialog import SettingsDialog
from backa_desktop.ui.tasks import DbOp, TaskRunner, VaultOp, close_session
from backa_desktop.ui.workspace import Workspace

STATUS_MS = 8000


def vault_message(exc: BaseException) -> str:
    """The user's language for what went wrong while opening the vault."""
    if isinstance(exc, vault_service.KeyDamaged):
        return error_text(exc)  # says which file is damaged and how to recover
    if isinstance(exc, vault_service.KeyUnavailable):
        return translate(
            "Unlock",
            "Nyckeln till databasen hittades inte i datorns nyckelring. Kontakta IT; "
            "återställningsnyckeln kan öppna uppgifterna.",
        )
    if isinstance(exc, vault_service.VaultError):
        return error_text(exc)
    return translate("Unlock", "Det gick inte att öppna uppgifterna (%1).").replace(
        "%1", type(exc).__name__
    )


class MessageBar(QStatusBar):
    """A status bar whose messages sit in a label of their own, wrapping to a second line,
    so a long message never runs into the sync status on the right (at 200 % text QStatusBar
    paints its message under that widget's left edge)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(translate("Main", "Meddelande"))
        self.message.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 12)
        self.addWidget(self.message, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        connect(self._timer.timeout, self.clearMessage)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        if timeout:
            self._timer.start(timeout)
        else:
            self._timer.stop()

    def currentMessage(self) -> str:
        return self.message.text()

    def clearMessage(self) -> None:
        self.message.setText("")


class MainWindow(QMainWindow):
    def __init__(
        self,
        vault: vault_service.Vault,
        registry: FormRegistry,
        runner: TaskRunner,
        *,
        idle_minutes: float = 5.0,
        child_mode_scale: float = 1.0,
        settings: UiSettings | None = None,
        save_settings: Callable[[UiSettings], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStatusBar(MessageBar(self))
        self.vault = vault
        self.registry = registry
        self.runner = runner
        self.child_mode_scale = child_mode_scale
        self.settings = settings or UiSettings(idle_minutes=idle_minutes)
        self._save_settings = save_settings
        self.workspace: Workspace | None = None
        self._nav: dict[str, Any] | None = None
        self.setWindowTitle(translate("Main", "Backa barnet"))
        self.resize(1200, 800)

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.unlock_screen = UnlockScreen()
        self.stack.addWidget(self.unlock_screen)
        self.first_run: FirstRunWizard | None = None
        connect(self.unlock_screen.unlock_requested, self.unlock)

        self.idle = IdleWatcher(idle_minutes, self)
        connect(self.idle.idle, self.lock)
        lock_key = QShortcut(QKeySequence("Ctrl+L"), self)
        connect(lock_key.activated, self.lock)
        runner.default_failure = self._show_failure

        if vault.exists:
            self.stack.setCurrentWidget(self.unlock_screen)
        else:
            self._show_first_run()

    def install_idle_filter(self, app: QApplication) -> None:
        self.idle.install(app)

    def status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    def _show_failure(self, exc: BaseException) -> None:
        self.status(error_text(exc))

    # -- first run --------------------------------------------------------------------------
    def _show_first_run(self) -> None:
        wizard = FirstRunWizard()
        self.first_run = wizard
        self.stack.addWidget(wizard)
        self.stack.setCurrentWidget(wizard)
        connect(wizard.create_requested, self._create)
        connect(wizard.finished, self._first_run_done)

    def _create(self, answers: FirstRunAnswers) -> None:
        user = vault_service.NewUser(
            name=answers.name,
            unit_name=answers.unit_name,
            verksamhet=answers.verksamhet,
            title=answers.title,
            roles=answers.roles,
            trained_to_rate=answers.trained_to_rate,
        )
        vault = self.vault
        wizard = self.first_run
        assert wizard is not None
        VaultOp(
            self.runner, lambda: vault.create(answers.passphrase, user), keeps_session=False
        ).on_success(wizard.show_recovery_key).on_failure(
            lambda exc: wizard.show_failure(vault_message(exc))
        ).run()

    def _first_run_done(self, passphrase: str) -> None:
        if self.first_run is not None:
            self.stack.removeWidget(self.first_run)
            self.first_run.deleteLater()
            self.first_run = None
        self.stack.setCurrentWidget(self.unlock_screen)
        self.unlock(passphrase)

    # -- unlock / lock ----------------------------------------------------------------------
    def unlock(self, passphrase: str) -> None:
        self.unlock_screen.set_busy(True)
        vault = self.vault
        VaultOp(self.runner, lambda: vault.unlock(passphrase), keeps_session=True).on_success(
            self._unlocked
        ).on_failure(lambda exc: self.unlock_screen.show_failure(vault_message(exc))).run()

    def _unlocked(self, session: vault_service.Session) -> None:
        if session.damaged:
            # Opened read-only: say so before anything else, and how to recover.
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                translate("Unlock", "Databasen är skadad"),
                translate(
                    "Unlock",
                    "Databasen är skadad och har öppnats skrivskyddad: det som går att läsa "
                    "visas, men inget kan sparas. Återställ en säkerhetskopia eller gör en ny "
                    "mapp och synkronisera igen. Kontakta IT vid behov.",
                ),
                parent=self,
            )
            box.setObjectName("damagedDatabaseWarning")
            box.open()
        self._load_profile()

    def _load_profile(self) -> None:
        def job(s: Session) -> tuple[dict[str, Any], overview_service.Directory]:
            return overview_service.whoami(s), overview_service.load_directory(s)

        DbOp(self.runner, job).on_success(self._open_workspace).on_failure(
            lambda exc: self.unlock_screen.show_failure(vault_message(exc))
        ).run()

    def _open_workspace(self, result: tuple[dict[str, Any], overview_service.Directory]) -> None:
        me, directory = result
        vault = self.vault

        def verify(passphrase: str) -> bool:
            try:
                vault.unwrap(passphrase)
            except vault_service.VaultError:
                return False
            return True

        ws = Workspace(
            self.runner,
            self.registry,
            me,
            directory,
            verify,
            child_mode_scale=self.child_mode_scale,
        )
        connect(ws.lock_requested, self.lock)
        connect(ws.settings_requested, self.edit_settings)
        connect(ws.message, self.status)
        self.workspace = ws
        self.stack.addWidget(ws)
        self.stack.setCurrentWidget(ws)
        self.unlock_screen.reset()
        nav, self._nav = self._nav, None
        ws.restore(nav or {"page": "list"})
        self.idle.start()

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        self._settings_dialog = dialog

        def accepted() -> None:
            new = dialog.values()
            self.settings = new
            self.idle.set_minutes(new.idle_minutes)
            self.idle.start()
            if self._save_settings is not None:
                self._save_settings(new)
            self.status(translate("Main", "Inställningarna är sparade."))

        connect(dialog.accepted, accepted)
        dialog.open()

    def lock(self) -> None:
        """Save drafts, close the database on its thread, forget the screens' contents."""
        ws = self.workspace
        if ws is None:
            return
        self.idle.stop()
        ws.flush_drafts()
        self._nav = ws.snapshot()
        self.workspace = None
        self.stack.removeWidget(ws)
        ws.deleteLater()
        close_session(self.runner)
        self.stack.setCurrentWidget(self.unlock_screen)
        self.unlock_screen.reset(
            translate("Unlock", "Backa barnet låstes. Lås upp för att fortsätta där du var.")
        )

    @property
    def locked(self) -> bool:
        return self.workspace is None
