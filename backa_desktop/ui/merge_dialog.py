"""'Slå ihop med annat barn…': two records found to be the same child, merged by hand.

The child open in the overview survives; the user picks the other child (search), sees what
the central store will combine (preview), confirms, and may undo within a day. Only the
central store merges, so every step but the search is a network request on the background
pool (`BgOp`); the database steps (search, the server link) run on the database thread. The
window title names no child (protected identity); the names inside follow `public_name`.
"""

from __future__ import annotations

import contextlib
from typing import Any

from backa_desktop.services import children as children_service
from backa_desktop.services import manual_merge
from backa_desktop.services.sync_service import TransportFactory, app_transport
from backa_desktop.sync.protocol import MergeDone, MergePreview
from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.protected import public_name
from backa_desktop.ui.qt import (
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)
from backa_desktop.ui.tasks import BgOp, DbOp, TaskRunner


def _type_word(kind: str) -> str:
    words = {
        "form_response": translate("MergeDialog", "ifyllda formulär och kort"),
        "note": translate("MergeDialog", "anteckningar"),
        "plan": translate("MergeDialog", "plan"),
        "plan_action": translate("MergeDialog", "insatser i planen"),
        "decision": translate("MergeDialog", "beslut"),
        "barnkontakt": translate("MergeDialog", "Barnkontakt-uppdrag"),
        "team": translate("MergeDialog", "barnteam"),
        "consent": translate("MergeDialog", "samtycken"),
        "orosanmalan": translate("MergeDialog", "orosanmälningar"),
        "conflict": translate("MergeDialog", "konflikter att lösa"),
    }
    return words.get(kind, kind)


def _field_word(field: str) -> str:
    words = {
        "given_names": translate("MergeDialog", "förnamn"),
        "family_name": translate("MergeDialog", "efternamn"),
        "birth_date": translate("MergeDialog", "födelsedatum"),
        "guardians": translate("MergeDialog", "vårdnadshavare"),
        "unit_id": translate("MergeDialog", "enhet"),
        "protected_identity": translate("MergeDialog", "skyddad identitet"),
    }
    return words.get(field, field)


def preview_text(preview: MergePreview, names: dict[str, str]) -> str:
    """The preview in words: what moves, what becomes a conflict, who the Barnkontakts are."""
    moved = ", ".join(
        f"{n} {_type_word(kind)}" for kind, n in sorted(preview.records.items()) if n
    ) or translate("MergeDialog", "inga uppgifter utöver profilen")
    lines = [translate("MergeDialog", "Flyttas till det här barnet: %1.").replace("%1", moved)]
    if preview.conflict_fields:
        fields = ", ".join(_field_word(f) for f in preview.conflict_fields)
        lines.append(
            translate(
                "MergeDialog",
                "Uppgifter som skiljer sig och blir konflikter att lösa i profilen: %1.",
            ).replace("%1", fields)
        )
    else:
        lines.append(translate("MergeDialog", "Profilerna skiljer sig inte åt."))
    for contact in preview.barnkontakts:
        lines.append(
            translate("MergeDialog", "Barnkontakt för %1: %2.")
            .replace("%1", names.get(contact.child_id, ""))
            .replace("%2", contact.display_name or contact.staff_id)
        )
    return "\n".join(lines)


class MergeDialog(QDialog):
    server_changed = Signal()  # a merge or undo was made: the laptop should sync soon

    def __init__(
        self,
        runner: TaskRunner,
        child_id: str,
        child_name: str,
        parent: QWidget | None = None,
        *,
        transport_factory: TransportFactory = app_transport,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("MergeDialog", "Slå ihop två barn"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        self.runner = runner
        self.child_id = child_id
        self.child_name = child_name
        self.transport_factory = transport_factory
        self.central: Any = None
        self.other: str | None = None
        self.other_name = ""
        self.made: MergeDone | None = None

        lay = QVBoxLayout(self)
        lay.addWidget(
            W.label(
                translate(
                    "MergeDialog",
                    "Välj det barn som är samma barn som %1. Det barnets kort, anteckningar, "
                    "planer och uppdrag flyttas hit, och det försvinner ur barnlistan på alla "
                    "datorer. Du kan ångra sammanslagningen inom ett dygn.",
                ).replace("%1", child_name)
            )
        )
        self.search = W.named(
            QLineEdit(),
            translate("MergeDialog", "Sök det andra barnet"),
            translate("MergeDialog", "Namn, födelsedatum eller de fyra sista siffrorna"),
        )
        self.search.setPlaceholderText(translate("MergeDialog", "Namn eller födelsedatum"))
        lay.addWidget(
            W.label(translate("MergeDialog", "&Sök det andra barnet"), buddy=self.search)
        )
        lay.addWidget(self.search)
        self.results = W.named(QListWidget(), translate("MergeDialog", "Barn som matchar"))
        lay.addWidget(self.results, 1)
        self.preview_button = W.button(translate("MergeDialog", "&Förhandsgranska"))
        self.preview_button.setEnabled(False)
        lay.addWidget(W.row(self.preview_button, stretch_end=True))
        self.preview = W.label("")
        self.preview.setAccessibleName(translate("MergeDialog", "Det här slås ihop"))
        lay.addWidget(self.preview)
        self.status = W.label("", "muted")
        self.status.setAccessibleName(translate("MergeDialog", "Läge"))
        lay.addWidget(self.status)
        self.error = W.error_label()
        lay.addWidget(self.error)
        self.merge_button = W.button(translate("MergeDialog", "Slå &ihop"), danger=True)
        self.merge_button.setEnabled(False)
        self.undo_button = W.button(translate("MergeDialog", "Ångra sammanslagning"))
        self.undo_button.setVisible(False)
        self.close_button = W.button(translate("MergeDialog", "Stäng"))
        lay.addWidget(W.row(self.merge_button, self.undo_button, stretch_end=True))
        lay.addWidget(W.row(self.close_button, stretch_first=True))

        connect(self.search.textChanged, self._search)
        connect(self.results.currentItemChanged, self._picked)
        connect(self.preview_button.clicked, self._preview)
        connect(self.merge_button.clicked, self._merge)
        connect(self.undo_button.clicked, self._undo)
        connect(self.close_button.clicked, self.reject)
        DbOp(runner, manual_merge.link).on_success(self._linked).on_failure(self._failed).run()

    # -- the server link and what can be undone ---------------------------------------------
    def _linked(self, central: Any) -> None:
        self.central = central
        BgOp(
            self.runner,
            lambda: manual_merge.undoable(
                central, self.child_id, transport_factory=self.transport_factory
            ),
        ).on_success(self._undoable).on_failure(lambda _exc: None).run()

    def _undoable(self, merges: list[MergeDone]) -> None:
        if merges and self.made is None:
            self._offer_undo(merges[0])

    def _offer_undo(self, done: MergeDone) -> None:
        self.made = done
        self.undo_button.setVisible(True)
        self.undo_button.setEnabled(True)
        until = done.undo_until[:16].replace("T", " ")
        self.undo_button.setToolTip(
            translate("MergeDialog", "Kan ångras till %1 (UTC).").replace("%1", until)
        )

    # -- picking the other child ------------------------------------------------------------
    def _search(self, text: str) -> None:
        if not text.strip():
            self.results.clear()
            return
        DbOp(
            self.runner, lambda s: children_service.search_children(s, text, limit=20)
        ).on_success(self._show_results).on_failure(self._failed).run()

    def _show_results(self, found: list[Any]) -> None:
        self.results.clear()
        for child in found:
            if child.record_id == self.child_id:
                continue
            name = public_name(child.display_name, child.protected_identity)
            text = f"{name}  {child.masked_identity}".strip()
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (child.record_id, name))
            self.results.addItem(item)

    def _picked(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.other, self.other_name = (data[0], data[1]) if data else (None, "")
        self.preview_button.setEnabled(self.other is not None and self.central is not None)
        self.merge_button.setEnabled(False)
        self.preview.setText("")

    # -- preview, merge, undo ---------------------------------------------------------------
    def _preview(self) -> None:
        other, central = self.other, self.central
        if other is None or central is None:
            return
        self._busy(translate("MergeDialog", "Hämtar förhandsgranskningen…"))
        BgOp(
            self.runner,
            lambda: manual_merge.preview(
                central, other, self.child_id, transport_factory=self.transport_factory
            ),
        ).on_success(self._previewed).on_failure(self._failed).run()

    def _previewed(self, preview: MergePreview) -> None:
        names = {self.child_id: self.child_name, preview.merged_id: self.other_name}
        self.preview.setText(preview_text(preview, names))
        self.status.setText(
            translate("MergeDialog", "Slå ihop %1 med %2?")
            .replace("%1", self.other_name)
            .replace("%2", self.child_name)
        )
        self.merge_button.setEnabled(preview.merged_id == self.other)
        self._fit()

    def _merge(self) -> None:
        other, central = self.other, self.central
        if other is None or central is None:
            return
        self.merge_button.setEnabled(False)
        self._busy(translate("MergeDialog", "Slår ihop…"))
        BgOp(
            self.runner,
            lambda: manual_merge.merge(
                central, other, self.child_id, transport_factory=self.transport_factory
            ),
        ).on_success(self._merged).on_failure(self._failed).run()

    def _merged(self, done: MergeDone) -> None:
        self._offer_undo(done)
        self.merge_button.setVisible(False)
        self.preview_button.setEnabled(False)
        self.status.setText(
            translate(
                "MergeDialog",
                "Barnen är sammanslagna. Ändringen syns på datorerna efter nästa synkning. "
                "Du kan ångra inom ett dygn.",
            )
        )
        self.server_changed.emit()
        self._fit()

    def _undo(self) -> None:
        done, central = self.made, self.central
        if done is None or central is None:
            return
        self.undo_button.setEnabled(False)
        self._busy(translate("MergeDialog", "Ångrar…"))
        BgOp(
            self.runner,
            lambda: manual_merge.undo(
                central, done.merge_id, transport_factory=self.transport_factory
            ),
        ).on_success(self._undone).on_failure(self._failed).run()

    def _undone(self, _result: Any) -> None:
        self.made = None
        self.undo_button.setVisible(False)
        self.merge_button.setVisible(True)
        self.preview_button.setEnabled(self.other is not None)
        self.status.setText(
            translate(
                "MergeDialog",
                "Sammanslagningen är ångrad. Båda barnen finns igen efter nästa synkning.",
            )
        )
        self.server_changed.emit()
        self._fit()

    def _fit(self) -> None:
        """Grow with what the dialog shows now (the preview, a message), so nothing is cut
        at large text sizes."""

        def fit() -> None:
            with contextlib.suppress(RuntimeError):  # the dialog may be gone by then
                if self.isVisible():
                    self.resize(self.width(), max(self.height(), self.sizeHint().height()))

        QTimer.singleShot(0, fit)

    def _busy(self, text: str) -> None:
        self.error.setVisible(False)
        self.status.setText(text)
        self._fit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        W.show_error(self.error, error_text(exc))
        if self.made is not None:
            self.undo_button.setEnabled(True)
        elif self.preview.text():
            self.merge_button.setEnabled(True)  # nothing was changed: the user may retry
        self._fit()
