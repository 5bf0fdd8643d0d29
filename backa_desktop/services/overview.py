"""The child's overview: header, Behovskompass state, next step (domain.md §1.13, DESIGN.md §6).

Everything the overview screen shows is computed here in one call on the database thread, so
the screen only paints. The compass state comes from signed form responses: a need's status is
the latest Upptäckarkort answer for it; ratings are grouped by occasion (the assessment date),
one series per rater (each Skattning, and the child and each guardian in a Samtal).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from statistics import mean
from typing import Any, TypeVar

from pydantic import BaseModel

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.form_ids import FormUse, form_use
from backa_desktop.domain.forms import (
    VET_EJ,
    FormDefinition,
    FormResponse,
    Respondent,
    parse_answer_key,
)
from backa_desktop.domain.identity import IdentityError, IdentityKind, IdentityNumber, mask_identity
from backa_desktop.domain.needs import CARD_ORDER, Need
from backa_desktop.domain.people import (
    ChildProfile,
    EarlierIdentity,
    StaffMember,
    Unit,
    age_on,
    identity_history,
)
from backa_desktop.domain.process import ChildStatus, next_step
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.vault import Session


@dataclass(frozen=True)
class Directory:
    """Staff and units by record id, for showing ids as people and places. Small: one
    municipality's staff. An id it does not know (a record from before a person was added
    to this laptop) reads as an empty name, never as an error."""

    staff: Mapping[str, StaffMember]
    units: Mapping[str, Unit]

    def staff_name(self, staff_id: str | None) -> str:
        member = self.staff.get(staff_id or "")
        return member.name if member is not None else ""

    def staff_title(self, staff_id: str | None) -> str:
        member = self.staff.get(staff_id or "")
        return (member.title or "") if member is not None else ""

    def staff_unit(self, staff_id: str | None) -> str:
        """The unit id the member of staff works at ("" when unknown)."""
        member = self.staff.get(staff_id or "")
        return (member.unit_id or "") if member is not None else ""

    def unit_name(self, unit_id: str | None) -> str:
        unit = self.units.get(unit_id or "")
        return unit.name if unit is not None else ""

    def staff_names(self) -> dict[str, str]:
        return {k: v.name for k, v in self.staff.items()}

    def staff_units(self) -> dict[str, str]:
        return {k: v.unit_id or "" for k, v in self.staff.items()}

    def unit_names(self) -> dict[str, str]:
        return {k: v.name for k, v in self.units.items()}


def load_directory(session: Session) -> Directory:
    staff = {r.id: body_as(r, StaffMember) for r in session.repo.find(RecordType.STAFF)}
    units = {r.id: body_as(r, Unit) for r in session.repo.find(RecordType.UNIT)}
    return Directory(staff=staff, units=units)


@dataclass(frozen=True)
class ChildPeople:
    """Who a form, consent or plan about the child names: the child's unit (whose staff a
    staff picker offers first) and the guardians by name, in the profile's order, so
    "Vårdnadshavare 1" reads as the person it is. Empty when the profile says nothing."""

    unit_id: str | None = None
    guardian_names: tuple[str, ...] = ()

    def guardian_name(self, number: int) -> str:
        """The name of guardian 1 or 2 ("" when the profile has none)."""
        return self.guardian_names[number - 1] if 0 < number <= len(self.guardian_names) else ""


def child_people(session: Session, child_id: str | None) -> ChildPeople:
    record = session.repo.get(child_id) if child_id else None
    if record is None or record.type != RecordType.CHILD or record.deleted:
        return ChildPeople()
    try:
        profile = body_as(record, ChildProfile)
    except ValueError:
        return ChildPeople()
    return ChildPeople(
        unit_id=profile.unit_id,
        guardian_names=tuple(g.name.strip() for g in profile.guardians),
    )


def whoami(session: Session) -> dict[str, Any]:
    """The signed-in staff member's body plus its record id under "id"."""
    return {**session.me(), "id": session.me_id}


@dataclass(frozen=True)
class RaterSeries:
    label: str
    kind: str  # "staff", "child", "guardian_1", "guardian_2"
    means: dict[str, float | None]
    record_id: str
    co_label: str = ""  # the co-rater of a Skattning


@dataclass(frozen=True)
class Occasion:
    date: str
    raters: list[RaterSeries]


@dataclass(frozen=True)
class ChildHeader:
    child_id: str
    name: str
    masked_identity: str
    is_test_number: bool
    age: int | None
    birth_date: str
    unit_name: str
    barnkontakt_name: str
    barnkontakt_id: str | None
    status: ChildStatus | None
    guardians: list[dict[str, Any]]
    # Languages the meeting needs an interpreter for ("arabiska"), from the guardians'
    # tolkbehov: what staff must know before they book a meeting.
    interpreter: list[str] = field(default_factory=list)
    # Skyddad identitet: the overview shows a marker, titles and notices a neutral text.
    protected_identity: bool = False
    # The kind of the current number: the header names it, and only a samordningsnummer or
    # reservnummer can be replaced by a personnummer ("Nytt identitetsnummer…").
    identity_kind: IdentityKind = IdentityKind.PERSONNUMMER
    # The numbers the child had before, oldest first, masked as the current one is: staff
    # recognise a child by an old number on a letter, without the screen showing it whole.
    earlier_identities: list[EarlierNumber] = field(default_factory=list)

    @property
    def identity_replaceable(self) -> bool:
        return self.identity_kind in (IdentityKind.SAMORDNINGSNUMMER, IdentityKind.RESERVNUMMER)


@dataclass(frozen=True)
class EarlierNumber:
    """One earlier identity number as the overview shows it (never the whole number)."""

    masked: str
    kind: IdentityKind
    replaced_on: str


@dataclass(frozen=True)
class DeeperCompass:
    """The newest signed Fördjupad behovskompass: when, by whom, and the needs it sends to
    Barnets plan (need ids, in the card's order)."""

    record_id: str
    date: str
    author: str
    plan_needs: list[str]


@dataclass(frozen=True)
class ChildOverview:
    header: ChildHeader
    need_status: dict[str, str | None]
    need_status_date: str | None
    occasions: list[Occasion]  # newest first
    next_step: str
    profile: dict[str, Any] = field(default_factory=dict)
    deeper: DeeperCompass | None = None


Parsed = tuple[Record, FormResponse]
"""A form response record with its body parsed once: validating a response's answers is the
costly part of opening a child (hundreds of records), so the overview and the timeline parse
each body once and hand the pairs on instead of asking `body_as` again at every step."""


M = TypeVar("M", bound=BaseModel)

_PARSED_BODIES = 8000
_parsed: weakref.WeakKeyDictionary[Session, OrderedDict[str, tuple[Record, BaseModel]]] = (
    weakref.WeakKeyDictionary()
)
"""Per session, the bodies `parsed_body` parsed last, by record id (a lock drops them)."""


def parsed_body(session: Session, record: Record, model: type[M]) -> M:
    """`body_as`, once per record: the inbox count runs after every change that may concern
    it and reads the cards, decisions and notes of all my children (a few thousand), and the
    plan window reads all the child's responses; validating each body again was most of
    their time. The repository hands back the same `Record` object for a row that reads back
    unchanged (and a new one for any change), so a parsed body is reused only for that very
    object. Callers read the parsed body and never change it."""
    memo = _parsed.setdefault(session, OrderedDict())
    known = memo.pop(record.id, None)
    if known is not None and known[0] is record and isinstance(known[1], model):
        parsed = known[1]
    else:
        parsed = body_as(record, model)
    memo[record.id] = (record, parsed)
    if len(memo) > _PARSED_BODIES:
        memo.popitem(last=False)
    return parsed


def parse_responses(records: Iterable[Record]) -> list[Parsed]:
    return [(r, body_as(r, FormResponse)) for r in records]


def signed_responses(session: Session, child_id: str) -> list[Record]:
    return [r for r, _ in signed_pairs(session.repo.find(RecordType.FORM_RESPONSE,
                                                         child_id=child_id))]


def signed_pairs(records: Iterable[Record]) -> list[Parsed]:
    """The signed form responses among `records` (other types are skipped), parsed."""
    return [
        (r, response)
        for r, response in parse_responses(
            r for r in records if r.type == RecordType.FORM_RESPONSE
        )
        if response.signed
    ]


def current_responses(records: Iterable[Record]) -> list[Record]:
    """Drop responses that a later "Rätta" replaced; the correction stands in their place."""
    return [r for r, _ in current_pairs(parse_responses(records))]


def current_pairs(pairs: Iterable[Parsed]) -> list[Parsed]:
    pairs = list(pairs)
    corrected = {response.corrects for _, response in pairs}
    return [p for p in pairs if p[0].id not in corrected]


def responses_of(records: Iterable[Record], use: FormUse) -> list[Record]:
    """The form responses among `records` whose form has this use (the Upptäckarkort ...)."""
    return [r for r, _ in pairs_of(parse_responses(records), use)]


def pairs_of(pairs: Iterable[Parsed], use: FormUse) -> list[Parsed]:
    return [p for p in pairs if form_use(p[1].form_id) is use]


def occasion_of(record: Record) -> str:
    """The day a response is about: its occasion, else the day it was signed (ISO date)."""
    return response_occasion(record, body_as(record, FormResponse))


def response_occasion(record: Record, response: FormResponse) -> str:
    if response.occasion_date is not None:
        return response.occasion_date.isoformat()
    if response.signed_at is not None:
        return response.signed_at.date().isoformat()
    return record.created_at[:10]


def latest_need_status(cards: Iterable[Record]) -> tuple[dict[str, str | None], str | None]:
    """Per need, the newest Upptäckarkort answer; unanswered needs keep an older answer."""
    return latest_need_status_of(parse_responses(cards))


def latest_need_status_of(
    cards: Iterable[Parsed],
) -> tuple[dict[str, str | None], str | None]:
    status: dict[str, str | None] = {n.value: None for n in CARD_ORDER}
    newest: str | None = None
    dated = [(response_occasion(r, response), response) for r, response in cards]
    for day, response in sorted(dated, key=lambda d: d[0]):
        answers = response.answers
        for need, keys in _NEED_KEYS:
            value = _first_answer(answers, keys)
            if value:
                status[need] = value
                newest = day
    return status, newest


def _answer_keys(need: Need) -> tuple[str, str, str]:
    return f"{need.value}.uppfyllt", f"{need.value}.status", f"need_{need.value}"


_NEED_KEYS = [(n.value, _answer_keys(n)) for n in CARD_ORDER]
"""Each need's answer keys, made once: a child's page asks them of every card it has."""


def _first_answer(answers: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = answers.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def need_means(
    answers: Mapping[str, Any],
    form: FormDefinition | None,
    respondent: Respondent | None = None,
) -> dict[str, float | None]:
    """The mean of the 1–5 answers per need, leaving out VET EJ (domain.md §1.8)."""
    scores: dict[str, list[int]] = {n.value: [] for n in CARD_ORDER}
    for key, value in answers.items():
        if (
            value is None
            or value == VET_EJ
            or isinstance(value, bool)
            or not isinstance(value, int)
        ):
            continue
        try:
            item_id, who = parse_answer_key(key)
        except ValueError:
            continue
        if who != respondent:
            continue
        need = None
        if form is not None and form.has_item(item_id):
            item = form.item(item_id)
            if item.kind not in ("scale_1_5", "smiley"):
                continue
            need = item.need
        if need is not None and 1 <= value <= 5:
            scores[need.value].append(value)
    return {k: (float(round(mean(v), 2)) if v else None) for k, v in scores.items()}


def rater_series(
    record: Record,
    forms: Mapping[tuple[str, int], FormDefinition],
    directory: Directory,
) -> list[RaterSeries]:
    """The compass polygons one response gives: a Skattning is one rater (with the co-rater),
    a Samtal one series per respondent who answered (the child, each guardian); other forms
    none. The overview and every printed compass draw from this."""
    return response_series(record, body_as(record, FormResponse), forms, directory)


def response_series(
    record: Record,
    response: FormResponse,
    forms: Mapping[tuple[str, int], FormDefinition],
    directory: Directory,
) -> list[RaterSeries]:
    form = forms.get((response.form_id, response.form_version))
    use = form_use(response.form_id)
    if use is FormUse.SKATTNING:
        label = directory.staff_name(response.signed_by) or "Personal"
        co = directory.staff_name(response.co_signer)
        return [RaterSeries(label, "staff", need_means(response.answers, form), record.id, co)]
    series: list[RaterSeries] = []
    if use is FormUse.SAMTAL:
        for who in (Respondent.CHILD, Respondent.GUARDIAN_1, Respondent.GUARDIAN_2):
            means = need_means(response.answers, form, who)
            if any(v is not None for v in means.values()):
                series.append(RaterSeries(who.label, who.value, means, record.id))
    return series


def rating_occasions(
    responses: Iterable[Record],
    forms: Mapping[tuple[str, int], FormDefinition],
    directory: Directory,
) -> list[Occasion]:
    """Skattning and Samtal responses grouped by occasion date, newest first."""
    return rating_occasions_of(parse_responses(responses), forms, directory)


def rating_occasions_of(
    responses: Iterable[Parsed],
    forms: Mapping[tuple[str, int], FormDefinition],
    directory: Directory,
) -> list[Occasion]:
    by_date: dict[str, list[RaterSeries]] = {}
    dated = [(response_occasion(r, response), r, response) for r, response in responses]
    for day, record, response in sorted(dated, key=lambda d: (d[0], d[1].created_at)):
        series = response_series(record, response, forms, directory)
        if series:
            by_date.setdefault(day, []).extend(series)
    return [Occasion(d, by_date[d]) for d in sorted(by_date, reverse=True)]


def child_header(
    record: Record,
    profile: ChildProfile,
    directory: Directory,
    barnkontakt_id: str | None,
    today: date,
) -> ChildHeader:
    try:
        number = profile.identity_number()
        masked, test = number.masked(), number.is_test_number
    except (IdentityError, ValueError):
        masked, test = "****", False
    try:
        age: int | None = age_on(profile.birth_date, today)
    except ValueError:
        age = None
    return ChildHeader(
        child_id=record.id,
        name=profile.display_name,
        masked_identity=masked,
        is_test_number=test,
        age=age,
        birth_date=profile.birth_date.isoformat(),
        unit_name=directory.unit_name(profile.unit_id),
        barnkontakt_name=directory.staff_name(barnkontakt_id),
        barnkontakt_id=barnkontakt_id,
        status=profile.status,
        guardians=[
            g.model_dump(mode="json", include={"name", "relation", "phone",
                                               "preferred_language", "interpreter_needed"})
            for g in profile.guardians
        ],
        interpreter=interpreter_languages(profile),
        protected_identity=profile.protected_identity,
        identity_kind=profile.identity_kind,
        earlier_identities=earlier_numbers(record.body),
    )


def earlier_numbers(body: Mapping[str, Any]) -> list[EarlierNumber]:
    """The profile's identity history, masked; an entry that does not read (a damaged or
    newer body) is left out rather than keeping the overview from opening."""
    try:
        history: list[EarlierIdentity] = identity_history(body)
    except ValueError:
        return []
    return [
        EarlierNumber(mask_identity(h.identity), h.identity_kind, h.replaced_on.isoformat())
        for h in history
    ]


def interpreter_languages(profile: ChildProfile) -> list[str]:
    """The Swedish names of the languages the guardians need an interpreter for."""
    from backa_desktop.printing.languages import available_languages

    names = {c.code: c.swedish_name for c in available_languages()}
    out: list[str] = []
    for guardian in profile.guardians:
        if not guardian.interpreter_needed:
            continue
        code = guardian.preferred_language
        name = names.get(code or "", code or "språk ej angivet")
        if name not in out:
            out.append(name)
    return out


def current_barnkontakt(session: Session, child_id: str) -> str | None:
    return session.child_index.barnkontakt_of(child_id)


def child_overview(
    session: Session,
    child_id: str,
    forms: Mapping[tuple[str, int], FormDefinition],
    directory: Directory,
    today: date | None = None,
) -> ChildOverview:
    """Everything the overview screen shows; opening it is an audited read."""
    responses = signed_pairs(session.repo.find(RecordType.FORM_RESPONSE, child_id=child_id))
    return overview_from(session, child_id, responses, forms, directory, today)


def overview_from(
    session: Session,
    child_id: str,
    signed: list[Parsed],
    forms: Mapping[tuple[str, int], FormDefinition],
    directory: Directory,
    today: date | None = None,
) -> ChildOverview:
    """The overview from the child's signed responses, already read and parsed (opening a
    child reads its records once for the overview and the timeline together)."""
    from backa_desktop.services.children import get_child

    today = today or date.today()
    record, profile = get_child(session, child_id)
    responses = current_pairs(signed)
    cards = pairs_of(responses, FormUse.UPPTACKARKORT)
    status, status_date = latest_need_status_of(cards)
    header = child_header(record, profile, directory, current_barnkontakt(session, child_id), today)
    return ChildOverview(
        header=header,
        need_status=status,
        need_status_date=status_date,
        occasions=rating_occasions_of(responses, forms, directory),
        next_step=next_step(
            profile.status,
            card_sent=card_awaits_decision(session, child_id, [r for r, _ in cards]),
        ),
        profile=profile.model_dump(mode="json"),
        deeper=deeper_compass_of(responses, directory),
    )


DEEPER_PLAN_NEEDS_ITEM = "behov_till_plan"


def deeper_compass(responses: Iterable[Record], directory: Directory) -> DeeperCompass | None:
    """The newest Fördjupad behovskompass among the child's current signed responses."""
    return deeper_compass_of(parse_responses(responses), directory)


def deeper_compass_of(responses: Iterable[Parsed], directory: Directory) -> DeeperCompass | None:
    deeper = pairs_of(responses, FormUse.FORDJUPAD)
    if not deeper:
        return None
    record, response = max(
        deeper, key=lambda p: (response_occasion(p[0], p[1]), p[0].created_at)
    )
    chosen = response.answers.get(DEEPER_PLAN_NEEDS_ITEM)
    chosen_ids = {str(v) for v in chosen} if isinstance(chosen, list) else set()
    return DeeperCompass(
        record_id=record.id,
        date=response_occasion(record, response),
        author=directory.staff_name(response.signed_by or record.author),
        plan_needs=[n.value for n in CARD_ORDER if n.value in chosen_ids],
    )


# The local draft key that links an anonymous card to the child it was about (this device only).
ANON_LINK_PREFIX = "anon-card:"


def card_awaits_decision(session: Session, child_id: str, cards: Iterable[Record]) -> bool:
    """An Upptäckarkort about the child (named, or anonymous with this device's note of the
    child) signed after the child's last decision."""
    sent = [r.created_at for r in cards]
    for draft in session.drafts.for_child(child_id):
        if draft.key.startswith(ANON_LINK_PREFIX):
            card = session.repo.get(str(draft.payload.get("record_id", "")))
            if card is not None:
                sent.append(card.created_at)
    if not sent:
        return False
    decided = [r.created_at for r in session.repo.find(RecordType.DECISION, child_id=child_id)]
    return max(sent) > max(decided, default="")


def reveal_identity(session: Session, child_id: str) -> str:
    """The full identity number, when the user presses "Visa"; audited as its own event."""
    record = session.repo.require(child_id)
    profile = body_as(record, ChildProfile)
    session.audit.append("reveal_identity", record_id=child_id, child_id=child_id)
    try:
        return IdentityNumber.from_stored(
            profile.identity, profile.identity_kind, profile.identity_issuer
        ).formatted()
    except (IdentityError, ValueError):
        return profile.identity


def record_kind(session: Session, record_id: str) -> str:
    """What a record is ("form_response", "decision", …), so a click on it can be routed."""
    return str(session.repo.require(record_id).type)


@dataclass(frozen=True)
class ResponseReading:
    """A saved form response opened to be read, with whose it is."""

    record_id: str
    child_id: str | None
    response: FormResponse
    child_name: str  # "" without a child, or when the child's record is gone


def read_response(session: Session, record_id: str) -> ResponseReading:
    """Open a saved form response to read it; the opening is audited."""
    record = session.repo.require(record_id)
    session.audit.append("read", record_id=record.id, child_id=record.child_id)
    response = body_as(record, FormResponse)
    name = ""
    if record.child_id:
        child = session.repo.get(record.child_id)
        if child is not None:
            name = body_as(child, ChildProfile).display_name
    return ResponseReading(record.id, record.child_id, response, name)
