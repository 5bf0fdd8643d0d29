"""Protected identity (skyddad identitet) on screen: the marker lists and the overview show,
and the neutral text that stands in for the child's name in window titles and notices.

A window title reaches the task bar, the window switcher and a shared screen; a notice is
read by whoever stands behind the user. Both name the child together with where the laptop
is, so for a protected child they say `neutral_name()` instead (docs/decisions.md)."""

from __future__ import annotations

from backa_desktop.ui.qt import QWidget, translate


def marker() -> str:
    """The short marker beside the child's name in lists and on the overview."""
    return translate("Protected", "Skyddad identitet")


def marker_help() -> str:
    return translate(
        "Protected",
        "Barnet har skyddad identitet. Uppgifter om var barnet bor eller går skrivs inte ut "
        "till familjen, och namnet visas inte i fönsternamn eller meddelanden.",
    )


def neutral_name() -> str:
    return translate("Protected", "Barn med skyddad identitet")


def public_name(name: str, protected: bool) -> str:
    """`name`, or the neutral text for a child with protected identity."""
    return neutral_name() if protected else name


def shield_title(window: QWidget, name: str, protected: bool) -> None:
    """Take the child's name out of a window's title (the windows put it there as they are
    built): what the title said about the window stays."""
    if not protected:
        return
    title = window.windowTitle()
    window.setWindowTitle(
        title.replace(name, neutral_name()) if name and name in title else neutral_name()
    )
