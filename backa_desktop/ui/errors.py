"""What the app shows for an error: the message it carries, in the language in force.

Services raise keys with parameters (domain/errors.py), never sentences, so every screen shows
errors through `error_text` and the English app shows English errors.
"""

from __future__ import annotations

from backa_desktop.domain.errors import Message, describe
from backa_desktop.ui.i18n import current_language


def error_text(exc: BaseException) -> str:
    return describe(exc, current_language())


def message_text(message: Message) -> str:
    return message.text(current_language())
