"""Colours and the application style sheet, in one place so every screen looks the same."""

from __future__ import annotations

from backa_desktop.ui.qt import QApplication, QFont

TEXT = "#1f2933"
MUTED_TEXT = "#52606d"
ACCENT = "#1b5e8c"
ACCENT_DARK = "#134766"
BACKGROUND = "#f5f7fa"
PANEL = "#ffffff"
BORDER = "#cbd2d9"
ERROR = "#b3261e"
WARNING_BG = "#fff4d6"
BADGE_BG = "#fff0c2"
# The main button is filled with the accent colour, so an accent-coloured focus border does
# not show on it; this amber ring contrasts with both the button and its border.
FOCUS_RING = "#ffbf47"
WHEEL_LINE = "#7b8794"
WHEEL_RING = "#9aa5b1"

STATUS_COLOURS: dict[str | None, str] = {
    "uppfyllt": "#b7dfb9",
    "inte_uppfyllt": "#f4b4a4",
    "vet_inte": "#f7e3a3",
    None: "#e4e7eb",
}

RATER_COLOURS = ["#1b5e8c", "#c0392b", "#2e7d32", "#7b3fa0", "#d35400", "#00838f"]

CHILD_STATUS_COLOURS: dict[str, str] = {
    "upptackt": "#f7e3a3",
    "i_barnteam": "#c9def2",
    "individuellt_barnteam": "#dcc9f2",
    "behov_uppfyllt": "#b7dfb9",
}


def status_colour(status: str | None) -> str:
    return STATUS_COLOURS.get(status, STATUS_COLOURS[None])


def rater_colour(index: int) -> str:
    return RATER_COLOURS[index % len(RATER_COLOURS)]


def child_status_colour(status: str | None) -> str:
    return CHILD_STATUS_COLOURS.get(status or "", "#e4e7eb")


STYLE_SHEET = f"""
QMainWindow, QDialog, QStackedWidget > QWidget#screen {{ background: {BACKGROUND}; }}
QWidget {{ color: {TEXT}; }}
QLabel#title {{ font-size: 150%; font-weight: 600; color: {ACCENT_DARK}; }}
QLabel#subtitle {{ font-size: 115%; font-weight: 600; color: {ACCENT_DARK}; }}
QLabel#muted {{ color: {MUTED_TEXT}; }}
QLabel#error {{ color: {ERROR}; font-weight: 600; }}
QLabel#banner {{ background: {WARNING_BG}; border: 1px solid #e0c36b; border-radius: 4px;
                 padding: 6px; }}
QLabel#badge {{ background: {BADGE_BG}; border: 1px solid #d9b44a; border-radius: 3px;
                padding: 0px 6px; font-weight: 700; color: #7a5a00; }}
QLabel#nextstep {{ background: #e8f1f8; border: 1px solid #b9d3e8; border-radius: 6px;
                   padding: 8px; }}
QFrame#card {{ background: {PANEL}; border: 1px solid {BORDER}; border-radius: 6px; }}
QFrame#header {{ background: {PANEL}; border-bottom: 1px solid {BORDER}; }}
QPushButton {{ padding: 5px 14px; border: 1px solid {BORDER}; border-radius: 4px;
               background: {PANEL}; }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:disabled {{ color: #9aa5b1; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border-color: {ACCENT_DARK};
                       font-weight: 600; }}
QPushButton#primary:hover {{ background: {ACCENT_DARK}; }}
QPushButton#primary:focus {{ border: 3px solid {FOCUS_RING}; padding: 3px 12px; }}
QPushButton#primary:disabled {{ background: #9fb3c8; color: #f0f4f8; }}
QPushButton#danger {{ background: #fbe9e7; color: {ERROR}; border-color: #e8a89f;
                      font-weight: 600; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QSpinBox {{
    background: white; border: 1px solid {BORDER}; border-radius: 3px; padding: 3px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QDateEdit:focus {{
    border: 2px solid {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 2px solid {ERROR}; }}
QTableView {{ background: white; alternate-background-color: #f0f4f8;
              selection-background-color: #d2e3f3; selection-color: {TEXT};
              border: 1px solid {BORDER}; gridline-color: #e4e7eb; }}
QHeaderView::section {{ background: #e4e7eb; padding: 4px; border: none;
                        border-right: 1px solid {BORDER}; font-weight: 600; }}
QGroupBox {{ background: {PANEL}; border: 1px solid {BORDER}; border-radius: 6px;
             margin-top: 1.4em; padding: 8px; font-weight: 600; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px;
                    color: {ACCENT_DARK}; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; background: {PANEL}; }}
QToolBar {{ background: {PANEL}; border-bottom: 1px solid {BORDER}; spacing: 6px;
            padding: 4px; }}
QListWidget {{ background: white; border: 1px solid {BORDER}; }}
QListWidget::item {{ padding: 6px; border-bottom: 1px solid #eef1f4; }}
QListWidget::item:selected {{ background: #d2e3f3; color: {TEXT}; }}
QWidget#childmode {{ background: #fdf6e3; }}
/* boxes and rings grow with the text (the style's own stay 13 px at 200 %) */
QCheckBox::indicator, QRadioButton::indicator {{ width: 1em; height: 1em; }}
QStatusBar {{ background: {PANEL}; border-top: 1px solid {BORDER}; }}
"""


def apply(app: QApplication, font_scale: float = 1.0) -> None:
    """Install the style and (for accessibility) scale the base font."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    size = 10.0 * font_scale
    if app.font().pointSizeF() != size:
        font = QFont(app.font())
        font.setPointSizeF(size)
        app.setFont(font)
    if app.styleSheet() != STYLE_SHEET:  # re-polishing every widget is expensive
        app.setStyleSheet(STYLE_SHEET)
