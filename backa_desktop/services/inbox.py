"""The inbox: what needs my attention (domain.md §1.9, §1.11).

- As Barnkontakt: new Upptäckarkort for my children (and anonymous cards sent to my unit)
  that I have not decided on yet, follow-ups that fall due, and a reminder to tell the child
  and the guardians about each decision I made.
- As Upptäckare: the Barnkontakt's decision on the card I sent (återkoppling).
- The central store's notices that name me (domain.notices): someone else registered my
  child too (their cards are in the child's file), or two Barnkontakt assignments met.

Items disappear when acted on: a decision that cites the card, a "family told" note, or an
acknowledgement note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.errors import InvalidValue
from backa_desktop.domain.form_ids import FormUse, form_use
from backa_desktop.domain.forms import FormResponse
from backa_desktop.domain.notes import FAMILY_TOLD, TimelineNote
from backa_desktop.domain.notices import ChildNotice, NoticeKind
from backa_desktop.domain.process import Beslut, Decision
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.children import ChildSummary, child_summaries
from backa_desktop.services.overview import Directory, Parsed, parsed_body
from backa_desktop.services.plans import PLAN_ACTION_DUE, PLAN_FOLLOW_UP, plan_tasks
from backa_desktop.services.vault import Session
from backa_desktop.store.records import unique_records
from backa_desktop.store.settings import get_setting, set_setting

FOLLOW_UP_HORIZON = timedelta(days=7)

NEW_CARD = "new_card"
ANONYMOUS_CARD = "anonymous_card"
FOLLOW_UP = "follow_up"
ATERKOPPLING = "aterkoppling"
TELL_FAMILY = "tell_family"
# A sync conflict waiting for the user's choice (rows made by sync_service, which knows them).
CONFLICT = "conflict"
ALSO_REGISTERED = NoticeKind.ALSO_REGISTERED.value
BARNKONTAKT_MET = NoticeKind.BARNKONTAKT_MET.value


@dataclass(frozen=True)
class InboxItem:
    kind: str
    record_id: str
    child_id: str | None
    child_name: str
    day: str
    who: str = ""  # the other person: the Upptäckare, or the Barnkontakt who decided
    beslut: str = ""
    text: str = ""
    overdue: bool = False
    child_protected: bool = False  # skyddad identitet: the inbox marks the row


# The order the inbox lists its kinds in (then by day): what waits for my decision first.
KIND_ORDER = {
    NEW_CARD: 0,
    ANONYMOUS_CARD: 0,
    CONFLICT: 0,
    ATERKOPPLING: 1,
    ALSO_REGISTERED: 1,
    BARNKONTAKT_MET: 1,
    TELL_FAMILY: 2,
    FOLLOW_UP: 3,
    PLAN_FOLLOW_UP: 3,
    PLAN_ACTION_DUE: 4,
}


@dataclass(frozen=True)
class _Reader:
    """Who reads the inbox and what the steps share about them."""

    me: str
    my_unit: str
    acked: set[str]
    directory: Directory


def inbox(session: Session, directory: Directory, today: date | None = None) -> list[InboxItem]:
    today = today or date.today()
    reader = _Reader(session.me_id, str(session.me().get("unit_id") or ""), _acked(session),
                     directory)
    # Only what concerns me is read, through indexes: my children's records, the decisions
    # naming me, and cards sent without identity. A municipality's other 100,000 children
    # are never loaded.
    mine_records = _my_childrens_records(session, reader.me)
    decisions, decided_by_me = _decisions(session, reader.me, mine_records)
    cards = _signed_cards(session, mine_records)
    children = child_summaries(
        session,
        {c.child_id for c, _ in cards if c.child_id}
        | {d.child_id for d in decisions if d.child_id},
    )
    items = [
        *_card_items(session, cards, decisions, children, reader),
        *_follow_up_items(session, reader.me, today),
        *_decision_items(session, decisions, decided_by_me, children, reader),
        *_plan_items(session, today),  # Barnets plan: my actions, follow-ups due
        *_notice_items(session, reader),
    ]
    items = _one_follow_up_per_child_and_day(items)
    items.sort(key=lambda i: (KIND_ORDER[i.kind], i.day), reverse=False)
    return mark_protected(session, items)


def mark_protected(session: Session, items: list[InboxItem]) -> list[InboxItem]:
    """Rows about a child with protected identity carry the mark the inbox shows."""
    summaries = child_summaries(session, {i.child_id for i in items if i.child_id})
    hidden = {cid for cid, child in summaries.items() if child.protected_identity}
    return [replace(i, child_protected=True) if i.child_id in hidden else i for i in items]


def _one_follow_up_per_child_and_day(items: list[InboxItem]) -> list[InboxItem]:
    """The child's follow-up and the plan's follow-up on the same day are one meeting: keep
    the plan's row (it opens the plan) and drop the other, and never list one twice."""
    plan_days = {(i.child_id, i.day) for i in items if i.kind == PLAN_FOLLOW_UP}
    seen: set[tuple[str, str | None, str]] = set()
    kept: list[InboxItem] = []
    for item in items:
        if item.kind in (FOLLOW_UP, PLAN_FOLLOW_UP):
            if item.kind == FOLLOW_UP and (item.child_id, item.day) in plan_days:
                continue
            key = (item.kind, item.child_id, item.day)
            if key in seen:
                continue
            seen.add(key)
        kept.append(item)
    return kept


def _my_childrens_records(session: Session, me: str) -> list[Record]:
    """Decisions and form responses of the children I am Barnkontakt for: only the two types
    the inbox reads (a child's notes and plans can be hundreds)."""
    my_children = session.child_index.ids_with_barnkontakt(me)
    if not my_children:
        return []
    return session.repo.find_for_children(
        my_children, RecordType.DECISION
    ) + session.repo.find_for_children(my_children, RecordType.FORM_RESPONSE)


def _decisions(
    session: Session, me: str, mine_records: list[Record]
) -> tuple[list[Record], list[Record]]:
    """Every decision that concerns me (about my children, made by me, or telling me about
    my card), and those I made."""
    decided_by_me = session.repo.find_by(RecordType.DECISION, "decided_by", [me])
    for_me = session.repo.find_by(RecordType.DECISION, "notify_upptackare", [me])
    decisions = unique_records(
        [r for r in mine_records if r.type == RecordType.DECISION] + decided_by_me + for_me
    )
    return decisions, decided_by_me


def _signed_cards(session: Session, mine_records: list[Record]) -> list[Parsed]:
    """Signed Upptäckarkort about my children, and those sent without identity, each with
    its body parsed once (the count runs after every change, over all my children's
    responses)."""
    return [
        (r, response)
        for r, response in (
            (r, parsed_body(session, r, FormResponse))
            for r in [
                *(r for r in mine_records if r.type == RecordType.FORM_RESPONSE),
                *_cards_without_identity(session),
            ]
        )
        if _is_signed_card(response)
    ]


def _is_signed_card(response: FormResponse) -> bool:
    return response.signed and form_use(response.form_id) is FormUse.UPPTACKARKORT


def _card_items(
    session: Session,
    cards: list[Parsed],
    decisions: list[Record],
    children: dict[str, ChildSummary],
    reader: _Reader,
) -> list[InboxItem]:
    """New cards waiting for my decision, and anonymous cards sent to my unit."""
    me = reader.me
    bodies = {d.id: parsed_body(session, d, Decision) for d in decisions}
    decided_cards = {b.source_record_id for b in bodies.values() if b.source_record_id}
    decided_after: dict[str, str] = {}
    for d in decisions:
        if d.child_id and bodies[d.id].decided_by == me:
            decided_after[d.child_id] = max(decided_after.get(d.child_id, ""), d.created_at)
    # an anonymous card linked to its child after consent is replaced by the linked one
    linked = {response.corrects for c, response in cards if c.child_id is not None}
    items: list[InboxItem] = []
    for card, response in cards:
        if card.id in decided_cards or card.id in reader.acked or card.author == me:
            continue
        if card.child_id is None and card.id in linked:
            continue
        if card.child_id is None:
            unit = _card_unit(response)
            if unit and unit == reader.my_unit:
                items.append(
                    InboxItem(
                        ANONYMOUS_CARD,
                        card.id,
                        None,
                        "",
                        card.created_at[:10],
                        who=reader.directory.unit_name(_author_unit(response, reader.directory)),
                    )
                )
            continue
        child = children.get(card.child_id)
        if child is None or child.barnkontakt_staff_id != me:
            continue
        if decided_after.get(card.child_id, "") > card.created_at:
            continue  # I have decided on this child since the card came
        items.append(
            InboxItem(
                NEW_CARD,
                card.id,
                card.child_id,
                child.display_name,
                card.created_at[:10],
                who=reader.directory.staff_name(response.signed_by),
            )
        )
    return items


def _follow_up_items(session: Session, me: str, today: date) -> list[InboxItem]:
    """Follow-ups of my children that fall due within the horizon (or are overdue)."""
    items: list[InboxItem] = []
    for child in session.child_index.follow_ups_due(me, today + FOLLOW_UP_HORIZON):
        due = child.follow_up_due.isoformat() if child.follow_up_due else ""
        items.append(
            InboxItem(
                FOLLOW_UP,
                child.record_id,
                child.record_id,
                child.display_name,
                due,
                overdue=due < today.isoformat(),
            )
        )
    return items


def _decision_items(
    session: Session,
    decisions: list[Record],
    decided_by_me: list[Record],
    children: dict[str, ChildSummary],
    reader: _Reader,
) -> list[InboxItem]:
    """Återkoppling on cards I sent, and decisions of mine the family has not been told of."""
    me = reader.me
    told_children = {d.child_id for d in decided_by_me if d.child_id}
    notes = (
        session.repo.find_for_children(told_children, RecordType.NOTE) if told_children else []
    )
    told = {
        note.decision_id
        for note in (parsed_body(session, n, TimelineNote) for n in notes)
        if note.event == FAMILY_TOLD
    }
    items: list[InboxItem] = []
    for d in decisions:
        child = children.get(d.child_id or "")
        name = child.display_name if child else ""
        decision = parsed_body(session, d, Decision)
        if decision.notify_upptackare == me and d.id not in reader.acked:
            items.append(
                InboxItem(
                    ATERKOPPLING,
                    d.id,
                    d.child_id,
                    name,
                    d.created_at[:10],
                    who=reader.directory.staff_name(decision.decided_by),
                    beslut=decision.beslut.value,
                    text=decision.motivation,
                )
            )
        if (
            decision.decided_by == me
            and not decision.told_child_and_guardians
            and d.id not in told
            and decision.beslut is not Beslut.OROSANMALAN
        ):
            items.append(
                InboxItem(
                    TELL_FAMILY,
                    d.id,
                    d.child_id,
                    name,
                    d.created_at[:10],
                    beslut=decision.beslut.value,
                )
            )
    return items


def _notice_items(session: Session, reader: _Reader) -> list[InboxItem]:
    """The central store's notices that name me and that I have not marked as read. `who`
    is the other registrar, or the Barnkontakt whose assignment rules."""
    notices = [
        (record, body_as(record, ChildNotice))
        for record in session.repo.find(RecordType.NOTICE)
        if record.id not in reader.acked
    ]
    mine = [(r, n) for r, n in notices if reader.me in n.recipients]
    if not mine:
        return []
    children = child_summaries(session, {r.child_id for r, _n in mine if r.child_id})
    items: list[InboxItem] = []
    for record, notice in mine:
        child = children.get(record.child_id or "")
        other = (
            notice.registrar_staff_id
            if notice.kind is NoticeKind.ALSO_REGISTERED
            else notice.ruling_staff_id
        )
        items.append(
            InboxItem(
                notice.kind.value,
                record.id,
                record.child_id,
                child.display_name if child else "",
                notice.on.isoformat(),
                who=reader.directory.staff_name(other) if other else "",
            )
        )
    return items


def _plan_items(session: Session, today: date) -> list[InboxItem]:
    """The plan tasks as inbox rows, so the inbox lists them with the stödprocess items: `who`
    is empty for my own actions and "enhet" for my unit's."""
    return [
        InboxItem(
            t.kind,
            t.record_id,
            t.child_id,
            t.child_name,
            t.day,
            who="" if t.mine else "enhet",
            text=t.text,
            overdue=t.overdue,
        )
        for t in plan_tasks(session, today)
    ]


def _cards_without_identity(session: Session) -> list[Record]:
    """Form responses stored without a child: Upptäckarkort sent without consent."""
    return session.repo.find_without_child(RecordType.FORM_RESPONSE)


def _card_unit(card: FormResponse) -> str | None:
    for key, value in card.answers.items():
        if "enhet" in key or "unit" in key:
            return str(value) if value else None
    return None


def _author_unit(card: FormResponse, directory: Directory) -> str | None:
    return directory.staff_unit(card.signed_by) or None


def _ack_key(session: Session) -> str:
    return f"inbox.acknowledged.{session.me_id}"


def _acked(session: Session) -> set[str]:
    raw = get_setting(session.db, _ack_key(session))
    return set(json.loads(raw)) if raw else set()


def acknowledge(session: Session, record_id: str) -> None:
    """I have read it (återkoppling to me, or an anonymous card). Kept on this device only:
    it is my reading state, not an event in the child's life."""
    acked = _acked(session) | {record_id}
    with session.db.transaction():
        set_setting(session.db, _ack_key(session), json.dumps(sorted(acked)))


def decide_on_card(
    session: Session,
    card_id: str,
    beslut: str,
    motivation: str,
    *,
    follow_up: date | None = None,
) -> tuple[Record, str | None]:
    """The Barnkontakt decides on a card: the decision names the card and goes back to the
    Upptäckare who sent it (återkoppling)."""
    from backa_desktop.services.workflow import decide

    card = session.repo.require(card_id)
    if card.child_id is None:
        raise InvalidValue("card.anonymous")
    decision, status = decide(
        session,
        card.child_id,
        beslut,
        motivation,
        follow_up=follow_up,
        notify_upptackare=body_as(card, FormResponse).signed_by or None,
        source_record_id=card.id,
    )
    return decision, status.value if status else None
