"""`backa screenshots --out DIR`: render the main screens offscreen to PNG files.

Qt is imported only when the command runs, so other `backa` commands start without it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from backa_desktop.cli_common import Subparsers


def cmd_screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from backa_desktop.cli_common import passphrase
    from backa_desktop.ui.screenshots import render_all

    written = render_all(
        args.data_dir,
        passphrase(),
        Path(args.out),
        language=args.language,
        font_scale=args.font_scale,
    )
    for path in written:
        print(path)
    return 0


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("screenshots", help="rita huvudskärmarna till PNG-filer")
    p.add_argument("--out", required=True, type=Path, help="mappen bilderna skrivs till")
    p.add_argument("--language", choices=("sv", "en"), default="sv")
    p.add_argument("--font-scale", type=float, default=1.0)
    p.set_defaults(func=cmd_screenshots)
