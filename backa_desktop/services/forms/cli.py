"""`python -m backa_desktop.services.forms`: check and release definitions (form editors)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from backa_desktop.domain.forms import missing_compass_translations, missing_form_translations
from backa_desktop.services.forms.loading import FormLoadError, FormNotFoundError, default_forms_dir
from backa_desktop.services.forms.registry import FormRegistry, release


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m backa_desktop.services.forms",
        description="Kontrollera och släpp formulärdefinitioner.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="läs in alla filer och visa fel")
    check.add_argument("directory", nargs="?", type=Path, default=None)
    tr = sub.add_parser("translations", help="visa texter som saknar översättning till SPRÅK")
    tr.add_argument("directory", type=Path)
    tr.add_argument("language", metavar="SPRÅK", help="språkkod, till exempel en")
    rel = sub.add_parser("release", help="lås en version med status: released")
    rel.add_argument("directory", type=Path)
    rel.add_argument("form_id")
    rel.add_argument("version", type=int)
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        if args.command == "check":
            registry = FormRegistry.load(args.directory or default_forms_dir())
            for form in registry.all_forms():
                print(f"{form.id} v{form.version} ({form.status.value}) {form.content_hash}")
        elif args.command == "translations":
            return _missing_translations(FormRegistry.load(args.directory), args.language)
        else:
            digest = release(args.directory, args.form_id, args.version)
            print(f"{args.form_id} v{args.version} släppt: {digest}")
    except (FormLoadError, FormNotFoundError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _missing_translations(registry: FormRegistry, language: str) -> int:
    """Every text without a translation, as `file: place`; exit status 1 when any is missing,
    so an editor (or CI) sees at once what a new or changed form still needs."""
    missing = 0
    definitions: list[tuple[str, int, list[str]]] = [
        (f.id, f.version, missing_form_translations(f, language)) for f in registry.all_forms()
    ]
    compass = registry.compass()
    definitions.append(
        (compass.id, compass.version, missing_compass_translations(compass, language))
    )
    for form_id, version, places in definitions:
        source = registry.source(form_id, version)
        for place in places:
            print(f"{source}: {place}")
        missing += len(places)
    print(f"{missing} texter saknar översättning till {language}.", file=sys.stderr)
    return 1 if missing else 0
