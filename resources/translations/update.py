# ruff: noqa: E501  (the English catalogue has one entry per line, long sentences included)
"""Refresh the English translation: extract every string from the UI code, fill in the
English text below, and build the .qm Qt loads.

    .venv/bin/python resources/translations/update.py

Swedish is the source language, so it needs no file. A string added to the UI without an
entry here stays "unfinished" in backa_en.ts, and tests/ui/test_language.py fails.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
TS = HERE / "backa_en.ts"
QM = HERE / "backa_en.qm"

# (context or "", Swedish source) -> English. Context "" applies in every context.
EN: dict[tuple[str, str], str | tuple[str, str]] = {
    ("", "Stöd inom min egen verksamhet"): "Support within my own service",
    ("", "Kontakta barnkontakten"): "Contact the Barnkontakt",
    ("", "Barnteam"): "Barnteam",
    ("", "Individuellt barnteam med stödsamordnare"): "Individual child team with a Stödsamordnare",
    ("", "Orosanmälan till socialtjänsten"): "Report of concern to social services",
    ("", "Behoven är uppfyllda – avsluta"): "Needs are met – close",
    ("", "Redigera barn"): "Edit child",
    ("", "Nytt barn"): "New child",
    ("", "Förnamn"): "Given names",
    ("", "Efternamn"): "Family name",
    ("", "Personnummer"): "Personal identity number",
    ("", "ÅÅÅÅMMDD-NNNN"): "YYYYMMDD-NNNN",
    ("", "Enhet"): "Unit",
    ("", "— Ingen enhet —"): "— No unit —",
    ("", "&Förnamn"): "&Given names",
    ("", "&Efternamn"): "&Family name",
    ("", "&Personnummer"): "&Identity number",
    ("", "E&nhet"): "U&nit",
    ("", "Vårdnadshavare %1"): "Guardian %1",
    ("", "Namn, vårdnadshavare %1"): "Name, guardian %1",
    ("", "Personnummer, vårdnadshavare %1"): "Identity number, guardian %1",
    ("", "Telefon, vårdnadshavare %1"): "Phone, guardian %1",
    ("", "Namn"): "Name",
    ("", "Telefon"): "Phone",
    ("", "Spara"): "Save",
    ("", "Skriv barnets för- och efternamn."): "Enter the child's given and family names.",
    (
        "",
        "Uppgifterna kunde inte sparas. Kontrollera fälten.",
    ): "The details could not be saved. Check the fields.",
    ("", "Ålder"): "Age",
    ("", "Barnkontakt"): "Barnkontakt",
    ("", "Status"): "Status",
    ("", "Uppföljning"): "Follow-up",
    ("", "%n år"): ("%n year", "%n years"),
    ("", "Sök barn"): "Search children",
    ("", "Del av namn eller personnummer"): "Part of a name or identity number",
    ("", "Sök på namn eller personnummer …"): "Search by name or identity number …",
    ("", "Mina barn som barnkontakt"): "My children as Barnkontakt",
    ("", "Min enhet"): "My unit",
    ("", "Uppföljning förfaller"): "Follow-up due",
    ("", "Alla statusar"): "All statuses",
    ("", "Öppna"): "Open",
    ("", "Barn"): "Children",
    ("Inbox", "Barn"): "Child",
    ("", "%n barn"): ("%n child", "%n children"),
    ("", "Barnläge"): "Child mode",
    (
        "",
        "Skriv vad barnet säger, med barnets egna ord",
    ): "Write what the child says, in the child's own words",
    ("", "Avsluta barnläget"): "Leave child mode",
    (
        "",
        "Skriv din lösenfras för att lämna barnläget.",
    ): "Enter your passphrase to leave child mode.",
    ("", "Lösenfras"): "Passphrase",
    ("", "Avsluta"): "Leave",
    ("", "Fortsätt samtalet"): "Continue the talk",
    ("", "Samtal med %1"): "Talk with %1",
    ("", "◀ Förra"): "◀ Previous",
    ("", "Nästa ▶"): "Next ▶",
    ("", "Avsluta barnläge"): "Leave child mode",
    ("", "Kräver lösenfras, eller tangenterna %1"): "Needs the passphrase, or the keys %1",
    ("", "Klart"): "Done",
    ("", "Kort %1 av %2"): "Card %1 of %2",
    ("", "Fel lösenfras."): "Wrong passphrase.",
    ("", "Ingen process"): "No process",
    ("", "Upptäckt"): "Upptäckt (noticed)",
    ("", "I barnteam"): "In Barnteam",
    ("", "Individuellt barnteam"): "Individual child team",
    ("", "Behov uppfyllt"): "Needs met",
    ("", "Behovskompassen"): "Behovskompassen (needs compass)",
    ("", "Uppfyllt"): "Met",
    ("", "Inte uppfyllt"): "Not met",
    ("", "Vet inte"): "Don't know",
    ("", "Ingen uppgift"): "No information",
    ("", "Beslut för %1"): "Decision for %1",
    ("", "Beslut"): "Decision",
    ("", "Motivering"): "Reason",
    ("", "ÅÅÅÅ-MM-DD"): "YYYY-MM-DD",
    ("", "&Beslut"): "&Decision",
    ("", "&Motivering"): "&Reason",
    ("", "&Uppföljning"): "&Follow-up",
    (
        "",
        "Beslutet skickas till upptäckaren. Kom ihåg att berätta för barnet och vårdnadshavarna, och vid barnteam vilken information som delas.",
    ): "The decision is sent to the Upptäckare. Remember to tell the child and the guardians, and for a Barnteam which information will be shared.",
    ("", "Besluta"): "Decide",
    ("", "Ange datumet som ÅÅÅÅ-MM-DD."): "Enter the date as YYYY-MM-DD.",
    ("", "Avbryt"): "Cancel",
    ("", "För kort: minst 8 tecken."): "Too short: at least 8 characters.",
    (
        "",
        "Svag. Gör den längre, till exempel med tre eller fyra ord.",
    ): "Weak. Make it longer, for example three or four words.",
    (
        "",
        "Godtagbar. Ännu ett ord gör den starkare.",
    ): "Acceptable. One more word makes it stronger.",
    ("", "Bra."): "Good.",
    ("", "Stark."): "Strong.",
    ("", "Välkommen till Backa barnet"): "Welcome to Backa barnet",
    (
        "",
        "Först några uppgifter om dig. De står på det du skriver och skickar, så att kollegor vet vem de ska kontakta.",
    ): "First a few details about you. They appear on what you write and send, so colleagues know whom to contact.",
    ("", "Ditt namn"): "Your name",
    ("", "Titel"): "Title",
    ("", "t.ex. BVC-sjuksköterska"): "e.g. child health nurse",
    ("", "t.ex. BVC Centrum"): "e.g. BVC Centrum",
    ("", "Verksamhet"): "Service",
    ("", "&Namn"): "&Name",
    ("", "&Titel"): "&Title",
    ("", "&Enhet"): "&Unit",
    ("", "&Verksamhet"): "&Service",
    ("", "Mina roller i Backa barnet"): "My roles in Backa barnet",
    (
        "",
        "Jag är utbildad att skatta (Skattningsformulär)",
    ): "I am trained to rate (Skattningsformulär)",
    ("", "Utbildad att skatta"): "Trained to rate",
    ("", "Nästa"): "Next",
    ("", "Skriv ditt namn."): "Enter your name.",
    ("", "Skriv vilken enhet du arbetar på."): "Enter the unit you work at.",
    ("", "Välj en lösenfras"): "Choose a passphrase",
    (
        "",
        "Lösenfrasen skyddar allt om barnen på den här datorn. Välj flera ord som bara du känner till, till exempel fyra ord med mellanslag.",
    ): "The passphrase protects everything about the children on this computer. Choose several words only you know, for example four words with spaces.",
    ("", "Lösenfras igen"): "Passphrase again",
    ("", "Lösenfrasens styrka"): "Passphrase strength",
    ("", "&Lösenfras"): "&Passphrase",
    ("", "&Upprepa"): "&Repeat",
    ("", "Tillbaka"): "Back",
    ("", "Skapa"): "Create",
    ("", "Lösenfraserna är inte lika."): "The passphrases are not the same.",
    ("", "Skapar …"): "Creating …",
    ("", "Återställningsnyckel"): "Recovery key",
    (
        "",
        "Om lösenfrasen glöms bort är det bara den här nyckeln som kan öppna uppgifterna. Den visas bara nu. Skriv ut den eller lämna den till IT enligt er rutin, och spara den inte på den här datorn.",
    ): "If the passphrase is forgotten, only this key can open the data. It is shown only now. Print it or give it to IT as your routine says, and do not store it on this computer.",
    ("", "Jag har sparat återställningsnyckeln"): "I have stored the recovery key",
    ("", "Börja använda Backa barnet"): "Start using Backa barnet",
    ("", "Barn utan identitet"): "Child without identity",
    (
        "",
        "Signerad av %1 den %2. Dokumentet är låst; använd Rätta för att göra en ny version.",
    ): "Signed by %1 on %2. The document is locked; use Correct to make a new version.",
    ("", "Medbedömare: %1."): "Co-rater: %1.",
    (
        "",
        "Rättelse av ett signerat dokument. Det gamla finns kvar och pekar på den nya versionen.",
    ): "Correction of a signed document. The old one is kept and points to the new version.",
    ("", "Ditt utkast från %1 är återställt."): "Your draft from %1 has been restored.",
    ("", "Signera och skicka"): "Sign and send",
    ("", "Signera och besluta"): "Sign and decide",
    (
        "",
        "Formuläret är inte färdigt. Se meddelandena vid frågorna.",
    ): "The form is not complete. See the messages at the questions.",
    ("", "Det gick inte att signera: %1"): "Signing failed: %1",
    ("", "— Välj —"): "— Choose —",
    ("", "Indikatorer"): "Indicators",
    ("", "Visa indikatorer för %1"): "Show indicators for %1",
    ("", "Hjälp"): "Help",
    ("", "Hjälp om behovet"): "Help about the need",
    (
        "",
        "Tryck på <b>Indikatorer</b> vid ett behov för att se vad som tyder på att behovet är uppfyllt, och vilka tecken som väcker oro.",
    ): "Press <b>Indicators</b> at a need to see what shows that the need is met, and which signs raise concern.",
    ("", "Tecken på att behovet är uppfyllt"): "Signs that the need is met",
    ("", "Tecken som väcker oro"): "Signs of concern",
    ("", "%1 · version %2"): "%1 · version %2",
    ("", "Stäng"): "Close",
    ("", "Signera och lås"): "Sign and lock",
    ("", "Rätta"): "Correct",
    (
        "",
        "Visa frågorna för barnet i helskärm, ett kort i taget",
    ): "Show the questions to the child full screen, one card at a time",
    ("", "Ändrat – sparas strax …"): "Changed – saving shortly …",
    ("", "Utkastet sparat %1"): "Draft saved %1",
    ("", "Inkorg"): "Inbox",
    ("", "Inget nytt just nu."): "Nothing new right now.",
    ("", "Öppna barnet"): "Open the child",
    ("", "Öppna kortet"): "Open the card",
    ("", "Besluta …"): "Decide …",
    ("", "Jag har berättat för barn och vårdnadshavare"): "I have told the child and the guardians",
    ("", "Klar"): "Done",
    (
        "",
        "Nya upptäckarkort för barn där du är barnkontakt, uppföljningar som förfaller, och återkoppling på kort du har skickat.",
    ): "New Upptäckarkort for children whose Barnkontakt you are, follow-ups falling due, and feedback on cards you have sent.",
    ("", "Nytt upptäckarkort från %1"): "New Upptäckarkort from %1",
    ("", "Upptäckarkort utan identitet från %1"): "Upptäckarkort without identity from %1",
    ("", "Uppföljningen är försenad"): "The follow-up is overdue",
    ("", "Återkoppling från %1: %2"): "Feedback from %1: %2",
    (
        "",
        "Berätta beslutet för barnet och vårdnadshavarna: %1",
    ): "Tell the child and the guardians about the decision: %1",
    ("", "Datum"): "Date",
    ("", "Ärende"): "Matter",
    ("", "(utan identitet)"): "(without identity)",
    ("", "Backa barnet"): "Backa barnet",
    (
        "",
        "Barnet har inget pågående stöd i Backa barnet. Den som ser att ett behov inte är uppfyllt går igenom Fem frågor och fyller i ett upptäckarkort.",
    ): "The child has no ongoing support in Backa barnet. Whoever sees that a need is not met works through Fem frågor and fills in an Upptäckarkort.",
    (
        "",
        "Barnkontakten samtalar med barnet och vårdnadshavarna om behoven och beslutar sedan om nästa steg: avsluta, barnteam eller individuellt barnteam.",
    ): "The Barnkontakt talks with the child and the guardians about the needs and then decides the next step: close, Barnteam or individual child team.",
    (
        "",
        "Barnteamet skattar barnets behov och beslutar om stöd. Barnkontakten sammanställer skattningarna och berättar om beslutet för barnet, vårdnadshavarna och upptäckaren.",
    ): "The Barnteam rates the child's needs and decides on support. The Barnkontakt compiles the ratings and tells the child, the guardians and the Upptäckare about the decision.",
    (
        "",
        "Det individuella barnteamet arbetar tillsammans med familjen. Stödsamordnaren håller ihop barnets plan och ser till att insatserna följs upp.",
    ): "The individual child team works together with the family. The Stödsamordnare keeps the child's plan together and sees that the support is followed up.",
    (
        "",
        "Barnets behov är uppfyllda. Om en ny oro väcks börjar det på nytt med Fem frågor och ett upptäckarkort.",
    ): "The child's needs are met. If a new concern arises, it starts again with Fem frågor and an Upptäckarkort.",
    ("", "Anteckning"): "Note",
    ("", "Händelse"): "Event",
    ("", "Orosanmälan"): "Report of concern",
    ("", "Utredning"): "Investigation",
    ("", "Polisanmälan"): "Police report",
    ("", "Avstängning"): "Exclusion from school",
    ("", "Kartläggning"): "Assessment",
    ("", "Möte"): "Meeting",
    ("", "Orosanmälan för %1"): "Report of concern for %1",
    (
        "",
        "Misstanke räcker. En orosanmälan kräver inget samtycke och visas aldrig för vårdnadshavarna. Är barnet i akut fara: ring 112.",
    ): "A suspicion is enough. A report of concern needs no consent and is never shown to the guardians. If the child is in acute danger: call 112.",
    ("", "Beskriv din oro"): "Describe your concern",
    ("", "&Beskriv din oro"): "&Describe your concern",
    ("", "Tecken på oro"): "Signs of concern",
    (
        "",
        "Detta ska anmälas till socialnämnden.",
    ): "This must be reported to the social welfare committee.",
    ("", "Barnet kan vara i akut fara"): "The child may be in acute danger",
    ("", "Upprätta orosanmälan"): "Draw up the report of concern",
    ("", "Beskriv din oro."): "Describe your concern.",
    ("", "← Barnlistan"): "← Child list",
    ("", "Visa"): "Show",
    ("", "Visa hela personnumret"): "Show the full identity number",
    ("", "TEST"): "TEST",
    (
        "",
        "Ett testpersonnummer, inte en verklig person",
    ): "A test identity number, not a real person",
    ("", "Redigera"): "Edit",
    ("", "Personnummer:"): "Identity number:",
    ("", "Upptäckarkort"): "Upptäckarkort",
    ("", "Fem frågor"): "Fem frågor (five questions)",
    ("", "Samtal"): "Talk",
    ("", "Skattning"): "Rating",
    (
        "",
        "Anmälan till socialnämnden. Kräver inget samtycke och visas aldrig för vårdnadshavarna.",
    ): "Report to the social welfare committee. Needs no consent and is never shown to the guardians.",
    ("", "Skattningstillfälle"): "Rating occasion",
    ("", "&Tillfälle:"): "&Occasion:",
    ("", "Nästa steg"): "Next step",
    ("", "Tidslinje"): "Timeline",
    ("", "Öppna dokument"): "Open document",
    ("", "Personnummer, dolt"): "Identity number, hidden",
    ("", "Enhet: %1"): "Unit: %1",
    ("", "Barnkontakt: %1"): "Barnkontakt: %1",
    ("", "ingen utsedd"): "none appointed",
    ("", "Vårdnadshavare: %1"): "Guardians: %1",
    ("", "Nästa steg:"): "Next step:",
    ("", "Inga skattningar ännu"): "No ratings yet",
    ("", "Färgerna visar upptäckarkortet %1."): "The colours show the Upptäckarkort of %1.",
    ("", "Inget upptäckarkort ännu."): "No Upptäckarkort yet.",
    ("", "Upptäckare"): "Upptäckare (discoverer)",
    ("", "Stödsamordnare"): "Stödsamordnare (support coordinator)",
    ("", "Medlem i barnteam"): "Barnteam member",
    ("", "Enhetschef"): "Unit manager",
    (
        "",
        "Socialtjänst (tar emot orosanmälningar)",
    ): "Social services (receives reports of concern)",
    ("", "Administratör"): "Administrator",
    ("", "%1 (rättelse)"): "%1 (correction)",
    ("", "%1 (ersatt av rättelse)"): "%1 (replaced by a correction)",
    ("", "Beslut: %1"): "Decision: %1",
    (
        "",
        "Barn och vårdnadshavare informerade om beslutet",
    ): "Child and guardians told about the decision",
    ("", "Orosanmälan (visas inte för familjen)"): "Report of concern (not shown to the family)",
    ("", "Barnets plan"): "The child's plan",
    ("", "Insats i barnets plan"): "Support in the child's plan",
    ("", "Samtycke"): "Consent",
    ("", "Ny barnkontakt"): "New Barnkontakt",
    ("", "Team"): "Team",
    ("", "Barnet registrerades"): "The child was registered",
    (
        "",
        "Upptäckarkort skickat utan barnets identitet",
    ): "Upptäckarkort sent without the child's identity",
    ("", "Av"): "By",
    (
        "",
        "Nyckeln till databasen hittades inte i datorns nyckelring. Kontakta IT; återställningsnyckeln kan öppna uppgifterna.",
    ): "The database key was not found in the computer's keyring. Contact IT; the recovery key can open the data.",
    ("", "Det gick inte att öppna uppgifterna (%1)."): "The data could not be opened (%1).",
    (
        "",
        "Backa barnet låstes. Lås upp för att fortsätta där du var.",
    ): "Backa barnet was locked. Unlock to continue where you were.",
    (
        "",
        "Uppgifterna på den här datorn är krypterade. Skriv din lösenfras för att låsa upp.",
    ): "The data on this computer is encrypted. Enter your passphrase to unlock.",
    ("", "Din lösenfras"): "Your passphrase",
    ("", "Lås upp"): "Unlock",
    ("", "Skriv din lösenfras."): "Enter your passphrase.",
    ("", "Låser upp …"): "Unlocking …",
    ("", "BMM (barnmorskemottagning)"): "BMM (antenatal clinic)",
    ("", "BVC (barnavårdscentral)"): "BVC (child health centre)",
    ("", "Förskola"): "Preschool",
    ("", "Skola"): "School",
    ("", "Elevhälsa"): "Pupil health services",
    ("", "Socialtjänst"): "Social services",
    ("", "BUP (barn- och ungdomspsykiatri)"): "BUP (child and adolescent psychiatry)",
    ("", "Barn- och ungdomshabilitering"): "Child and youth habilitation",
    ("", "Polis"): "Police",
    ("", "Ungdomsmottagning"): "Youth clinic",
    ("", "Vårdcentral"): "Health centre",
    ("", "Annan verksamhet"): "Other service",
    ("", "Felmeddelande"): "Error message",
    ("", "Barnet"): "The child",
    ("", "Vårdnadshavare 1"): "Guardian 1",
    ("", "Vårdnadshavare 2"): "Guardian 2",
    ("", "Personal"): "Staff",
    ("", "%1 och %2"): "%1 and %2",
    ("", "Visar de första %1 – skriv mer för att hitta rätt barn"): "Showing the first %1 – type more to find the right child",
    ("", "Du är inte markerad som utbildad att skatta. Du kan fylla i ett utkast, men en utbildad kollega måste signera."): "You are not marked as trained to rate. You can fill in a draft, but a trained colleague must sign.",
    ("", "Medelvärde"): "Mean",
    ("", "Familjen är informerad"): "Family informed",
    ("", "Inställningar"): "Settings",
    ("", "Barnkontaktens beslut: avsluta, barnteam eller individuellt barnteam"): "The Barnkontakt's decision: close, Barnteam or individual child team",
    ("", "Lås efter antal minuter utan aktivitet"): "Lock after this many minutes without activity",
    ("", " min"): " min",
    ("", "Språk"): "Language",
    ("", "Textstorlek"): "Text size",
    ("", "&Lås efter:"): "&Lock after:",
    ("", "&Språk:"): "L&anguage:",
    ("", "&Textstorlek:"): "&Text size:",
    ("", "Språk och textstorlek gäller från nästa gång du startar programmet."): "Language and text size apply from the next time you start the program.",
    ("", "Inställningarna är sparade."): "The settings are saved.",
    ("", "Samtycken"): "Consents",
    ("", "Barnkontakt och team"): "Barnkontakt and teams",
    ("", "Orosanmälningar"): "Reports of concern",
    ("", "Skriv ut …"): "Print …",
    ("", "Skattningar över tid, medelvärde per behov"): "Ratings over time, mean per need",
    ("", "Bild"): "Picture",
    ("", "Över tid"): "Over time",
    ("", "Orosanmälan för barnet du har öppet. Kräver inget samtycke och visas aldrig för vårdnadshavarna."): "Report of concern for the child you have open. Needs no consent and is never shown to the guardians.",
    ("", "Medelvärde (utan Vet ej): %1"): "Mean (without Don't know): %1",
    ("", "Lås"): "Lock",
    ("", "Lås nu (Ctrl+L)"): "Lock now (Ctrl+L)",
    ("", "Inkorg (%1)"): "Inbox (%1)",
    ("", "Händelsen visas i tidslinjen."): "The event is shown in the timeline.",
    (
        "",
        "Upptäckarkortet är skickat utan barnets identitet, eftersom samtycke saknas.",
    ): "The Upptäckarkort was sent without the child's identity, because consent is missing.",
    ("", "%1 är signerat och låst."): "%1 is signed and locked.",
    (
        "",
        "Orosanmälan är upprättad. Skicka den till socialnämnden enligt er rutin.",
    ): "The report of concern is drawn up. Send it to the social welfare committee as your routine says.",
    (
        "",
        "Beslutet är sparat och skickat till upptäckaren. Berätta det för barnet och vårdnadshavarna.",
    ): "The decision is saved and sent to the Upptäckare. Tell the child and the guardians.",
}


def load_tsv_files() -> None:
    """Other screens add their English in `*.en.tsv` beside this file, without editing it:
    context<TAB>source<TAB>English[<TAB>English plural]; context * applies everywhere."""
    for path in sorted(HERE.glob("*.en.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) not in (3, 4):
                raise SystemExit(f"{path.name}:{number}: väntade 3 eller 4 kolumner")
            context = "" if parts[0] == "*" else parts[0]
            EN[(context, parts[1])] = parts[2] if len(parts) == 3 else (parts[2], parts[3])


def sources() -> list[str]:
    ui = ROOT / "backa_desktop" / "ui"
    return [str(p) for p in sorted(ui.rglob("*.py"))]


def lookup(context: str, source: str) -> str | tuple[str, str] | None:
    return EN.get((context, source), EN.get(("", source)))


def fill(ts: Path) -> list[tuple[str, str]]:
    """Write the English text into every message; return those still missing."""
    tree = ET.parse(ts)  # noqa: S314 - our own file, written by pyside6-lupdate
    missing = []
    for ctx in tree.getroot().iter("context"):
        context = ctx.findtext("name") or ""
        for message in ctx.iter("message"):
            source = message.findtext("source") or ""
            english = lookup(context, source)
            translation = message.find("translation")
            assert translation is not None
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            if english is None:
                translation.set("type", "unfinished")
                missing.append((context, source))
                continue
            translation.attrib.pop("type", None)
            if message.get("numerus") == "yes":
                forms = english if isinstance(english, tuple) else (english, english)
                for form in forms:
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = english if isinstance(english, str) else english[0]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    load_tsv_files()
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources(),
            "-ts",
            str(TS),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "sv_SE",
            "-target-language",
            "en_GB",
        ],
        check=True,
        capture_output=True,
    )
    missing = fill(TS)
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True, capture_output=True
    )
    for context, source in missing:
        print(f"saknar engelsk text: [{context}] {source}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
