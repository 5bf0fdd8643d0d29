"""The warning before an anonymous Upptäckarkort is signed with a name or an identity number
in its free text (services/anonymous_cards.py finds them). The sender decides: change the
text (the default) or send anyway; the warning names the fields, never the text found."""

from __future__ import annotations

from collections.abc import Callable

from backa_desktop.domain.forms import FormDefinition, parse_answer_key
from backa_desktop.services.anonymous_cards import IDENTITY, Leak
from backa_desktop.ui.qt import QMessageBox, QWidget, connect, translate


def field_label(definition: FormDefinition, key: str) -> str:
    if key.startswith("comment:"):
        need = key.removeprefix("comment:")
        for section in definition.sections:
            if getattr(section, "need", None) is not None and str(section.need) == need:
                return translate("AnonymousCard", "%1: kommentar").replace("%1", section.title)
        return need
    try:
        item_id, _respondent = parse_answer_key(key)
        return str(definition.item(item_id).label)
    except (KeyError, ValueError):
        return key


def warning_text(definition: FormDefinition, leaks: list[Leak]) -> str:
    lines = []
    for leak in leaks:
        what = (translate("AnonymousCard", "ser ut som ett personnummer") if leak.what == IDENTITY
                else translate("AnonymousCard", "innehåller ett namn ur barnets uppgifter"))
        lines.append(f"• {field_label(definition, leak.field)}: {what}")
    head = translate(
        "AnonymousCard",
        "Kortet skickas utan barnets identitet eftersom samtycke saknas, men fritexten kan "
        "avslöja vem barnet är:",
    )
    tail = translate("AnonymousCard",
                     "Ta bort namn och personnummer ur texten innan du skickar.")
    return "\n".join([head, *lines, "", tail])


def confirm_send(
    parent: QWidget, definition: FormDefinition, leaks: list[Leak], send: Callable[[], None]
) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("AnonymousCard", "Namn eller personnummer i ett anonymt kort"),
        warning_text(definition, leaks),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("anonymousCardWarning")
    box.setAccessibleName(translate("AnonymousCard", "Namn eller personnummer i ett anonymt kort"))
    change = box.addButton(translate("AnonymousCard", "Ändra texten"),
                           QMessageBox.ButtonRole.RejectRole)
    change.setAccessibleName(translate("AnonymousCard", "Ändra texten"))
    anyway = box.addButton(translate("AnonymousCard", "Skicka ändå"),
                           QMessageBox.ButtonRole.DestructiveRole)
    anyway.setAccessibleName(translate("AnonymousCard", "Skicka ändå"))
    box.setDefaultButton(change)
    box.send_anyway = anyway  # type: ignore[attr-defined]

    def answered() -> None:
        if box.clickedButton() is anyway:
            send()

    connect(box.finished, lambda _r: answered())
    box.open()
    return box
