"""`backa print KIND CHILD --out FILE.pdf`: the printed documents from the command line.

CHILD is an identity number in any accepted form or a record id. Each printout is written
atomically and audited, like printing from the app. `--lang CODE` picks the print language,
the same choice the print dialog offers: each catalogue in resources/print-languages lists the
documents it prints (the family documents in every family language; the form summaries, the
orosanmälan and the register extract also in English, the orosanmälan Swedish by default).
`--bilingual` gives a family document in the family's language followed by the Swedish one; a
catalogue no qualified translator has reviewed is announced on stderr before the file is
written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from backa_desktop.cli_common import CliError, Subparsers, error_line
from backa_desktop.services.documents import DocumentError, DocumentKind, print_document

KINDS = [k.value for k in DocumentKind]

HELP = {
    DocumentKind.PLAN: "Barnets plan för familjen (--barn: barnets egen version)",
    DocumentKind.CARD: "sammanfattning av senaste Upptäckarkortet",
    DocumentKind.TALK: "sammanfattning av senaste samtalet",
    DocumentKind.RATING: "sammanfattning av senaste skattningen, med radardiagram",
    DocumentKind.OROSANMALAN: "orosanmälan, klar att skicka (bara för den som får se den)",
    DocumentKind.EXTRACT: "registerutdrag med logg (begäran om registerutdrag)",
    DocumentKind.CONSENT_SHEET: "information och samtycke för vårdnadshavare",
    DocumentKind.LEAFLET: "broschyren Vad är Backa barnet? med barnets Barnkontakt",
}


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "print",
        help="skriv ut ett dokument om ett barn som PDF",
        description="Skriv ut ett dokument om ett barn som PDF. Dokument: "
        + "; ".join(f"{k.value}: {HELP[k]}" for k in DocumentKind),
    )
    p.add_argument("kind", choices=KINDS, metavar="DOKUMENT", help=" | ".join(KINDS))
    p.add_argument("child", metavar="BARN", help="personnummer eller post-id")
    p.add_argument("--out", type=Path, required=True, help="PDF-filen som ska skrivas")
    p.add_argument("--barn", dest="child_version", action="store_true",
                   help="plan: barnets egen version (från 7 år)")
    p.add_argument("--record", default=None, help="ett visst formulärsvar eller en viss anmälan")
    p.add_argument("--requested-by", default="", help="registerutdrag: vem som begärt det")
    p.add_argument("--include-concerns", dest="include_orosanmalan", action="store_true",
                   help="registerutdrag: ta med orosanmälningar (efter sekretessprövning)")
    p.add_argument("--central-log", action="store_true",
                   help="registerutdrag: loggen från den centrala servern (alla datorer)")
    p.add_argument("--date", default=None, help="utskriftsdatum ÅÅÅÅ-MM-DD (standard: i dag)")
    p.add_argument("--lang", default="sv", metavar="SPRÅK",
                   help="utskriftsspråk: "
                   + ", ".join(f"{c.code} ({c.swedish_name})" for c in _languages())
                   + ". Per dokument: " + _languages_by_kind())
    p.add_argument("--bilingual", action="store_true",
                   help="familjens språk följt av den svenska versionen i samma PDF")
    p.set_defaults(func=cmd_print)


def _languages() -> list[Any]:
    from backa_desktop.printing.languages import available_languages

    return available_languages()


def _languages_by_kind() -> str:
    """`plan: sv, ar, …; card: sv, en; …`: what each kind is printed in (catalogue data)."""
    from backa_desktop.printing.languages import DOCUMENT_KINDS

    catalogues = _languages()
    return "; ".join(
        f"{kind}: " + ", ".join(c.code for c in catalogues if c.prints(kind))
        for kind in DOCUMENT_KINDS
    )


def unreviewed_warning(lang: str, kind: str = "plan") -> str | None:
    """The plain warning for a draft translation, or None for a reviewed catalogue or one
    that does not print `kind` (the printout is then refused with its own message). Only a
    document the family is given (the family documents, the register extract) asks for a
    check before the family gets it; a staff paper such as the orosanmälan is read by staff."""
    from backa_desktop.printing.languages import FAMILY_DOCUMENTS, CatalogueError, load_catalogue

    try:
        catalogue = load_catalogue(lang)
    except CatalogueError:
        return None
    if catalogue.reviewed or not catalogue.prints(kind):
        return None
    check = ("Låt en tolk eller översättare läsa utskriften innan familjen får den."
             if kind in (*FAMILY_DOCUMENTS, "extract")
             else "Läs utskriften noga innan den lämnas vidare.")
    return (f"OBS: Översättningen till {catalogue.swedish_name} är inte granskad av en "
            f"kvalificerad översättare (översatt av: {catalogue.translator}). {check}")


def _fail(exc: BaseException) -> int:
    """One line in the command line's language, exit code 2."""
    print(error_line(exc), file=sys.stderr)
    return 2


def cmd_print(args: argparse.Namespace) -> int:
    from backa_desktop.cli_common import open_session

    kind = DocumentKind(args.kind)
    options: dict[str, Any] = {"registry": _registry()}
    if args.date:
        try:
            options["today"] = date.fromisoformat(args.date)
        except ValueError:
            return _fail(CliError("cli.bad_date"))
    if args.record:
        options["record_id"] = args.record
    if kind is DocumentKind.EXTRACT:
        options["requested_by"] = args.requested_by
        options["include_orosanmalan"] = args.include_orosanmalan
    if kind is not DocumentKind.PLAN and args.child_version:
        return _fail(CliError("cli.child_version_plan_only"))
    if args.lang != "sv":
        from backa_desktop.printing.languages import CatalogueError, load_catalogue

        try:
            load_catalogue(args.lang)
        except CatalogueError as exc:
            return _fail(exc)
        warning = unreviewed_warning(args.lang, kind.value)
        if warning:
            print(warning, file=sys.stderr)
    with open_session(args) as session:
        if kind is DocumentKind.EXTRACT and args.central_log:
            from backa_desktop.services.log_review import central_extract_for
            from backa_desktop.sync.client import SyncError

            try:
                options["central_log"] = central_extract_for(session, args.child)
            except SyncError as exc:
                return _fail(exc)
            except DocumentError as exc:
                return _fail(exc)
        try:
            result = print_document(session, kind, args.child, args.out,
                                    child_version=args.child_version, lang=args.lang,
                                    bilingual=args.bilingual, **_fit(kind, options))
        except DocumentError as exc:
            return _fail(exc)
        except OSError as exc:
            return _fail(
                CliError("cli.cannot_write", path=str(args.out), reason=exc.strerror or str(exc))
            )
    print(f"Skrev {result.path} ({result.size // 1024 + 1} kB).")
    return 0


def _fit(kind: DocumentKind, options: dict[str, Any]) -> dict[str, Any]:
    """Only the options the document takes (the consent sheet needs no forms, for example)."""
    if kind in (DocumentKind.CONSENT_SHEET, DocumentKind.LEAFLET):
        options.pop("registry", None)
    if kind in (DocumentKind.CONSENT_SHEET, DocumentKind.PLAN, DocumentKind.LEAFLET):
        options.pop("record_id", None)
    return options


def _registry() -> Any | None:
    """The form definitions, for labels and wording; a printout still works without them."""
    try:
        from backa_desktop.services.forms import FormRegistry, default_forms_dir

        return FormRegistry.load(default_forms_dir())
    except Exception:
        return None
