"""The stödprocess: a child's Backa status and the decisions that move it (domain.md §1.13,
DESIGN.md §6).

The status is what the child's overview shows and what decides who sees the child, so the
transitions are one pure function that the services, the sync merge and the tests share.
Step names and transitions are reconstructed (domain.md marks them unverified); each choice
is written down where it is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated, Final

from pydantic import AfterValidator, BaseModel, ConfigDict

from backa_desktop.domain.errors import InvalidValue


class ChildStatus(StrEnum):
    UPPTACKT = "upptackt"
    I_BARNTEAM = "i_barnteam"
    INDIVIDUELLT_BARNTEAM = "individuellt_barnteam"
    BEHOV_UPPFYLLT = "behov_uppfyllt"

    @property
    def label(self) -> str:
        return CHILD_STATUS_LABELS[self]


CHILD_STATUS_LABELS: Final[Mapping[ChildStatus, str]] = {
    ChildStatus.UPPTACKT: "Upptäckt",
    ChildStatus.I_BARNTEAM: "I barnteam",
    ChildStatus.INDIVIDUELLT_BARNTEAM: "Individuellt barnteam",
    ChildStatus.BEHOV_UPPFYLLT: "Behov uppfyllt",
}


class Beslut(StrEnum):
    """The decision after Fem frågor or a team meeting (domain.md §1.9, §6 item 4)."""

    EGEN_VERKSAMHET = "egen_verksamhet"
    BARNKONTAKT = "barnkontakt"
    BARNTEAM = "barnteam"
    INDIVIDUELLT_BARNTEAM = "individuellt_barnteam"
    OROSANMALAN = "orosanmalan"
    BEHOV_UPPFYLLT = "behov_uppfyllt"

    @property
    def label(self) -> str:
        return BESLUT_LABELS[self]

    @property
    def shares_with_team(self) -> bool:
        """Seed 002: before a Barnteam or Individuellt barnteam, the child and the guardians are
        told what information will be shared."""
        return self in (Beslut.BARNTEAM, Beslut.INDIVIDUELLT_BARNTEAM)


BESLUT_LABELS: Final[Mapping[Beslut, str]] = {
    Beslut.EGEN_VERKSAMHET: "Stöd inom min egen verksamhet",
    Beslut.BARNKONTAKT: "Kontakta barnkontakten",
    Beslut.BARNTEAM: "Barnteam",
    Beslut.INDIVIDUELLT_BARNTEAM: "Individuellt barnteam med stödsamordnare",
    Beslut.OROSANMALAN: "Orosanmälan till socialtjänsten",
    Beslut.BEHOV_UPPFYLLT: "Behoven är uppfyllda – avsluta",
}

_FURTHER_ALONG: Final = frozenset({ChildStatus.I_BARNTEAM, ChildStatus.INDIVIDUELLT_BARNTEAM})


def status_after(current: ChildStatus | None, beslut: Beslut) -> ChildStatus | None:
    """The child's status after a decision. `None` means the child is not in the process.

    - orosanmälan: unchanged. It runs beside the Backa process, needs no consent and must not
      show up as a step the family's team took (domain.md §3.2, §6 item 8).
    - egen_verksamhet: unchanged. The unit helps within its own remit; no card goes to the
      Barnkontakt, so nothing opens, and a child already in the process stays where it is.
    - barnkontakt: opens the process (`Upptäckt`), also for a child whose earlier needs were
      met. A child already in a Barnteam or Individuellt barnteam keeps that status: a new
      concern goes to the team that exists, it does not demote the child.
    - barnteam / individuellt_barnteam: set that status; the team may also step down from an
      individual team to the standing Barnteam.
    - behov_uppfyllt: closes an open process. With no process there is nothing to close, so
      the status stays `None` (the decision itself is still on the timeline).
    """
    match beslut:
        case Beslut.OROSANMALAN | Beslut.EGEN_VERKSAMHET:
            return current
        case Beslut.BARNKONTAKT:
            return current if current in _FURTHER_ALONG else ChildStatus.UPPTACKT
        case Beslut.BARNTEAM:
            return ChildStatus.I_BARNTEAM
        case Beslut.INDIVIDUELLT_BARNTEAM:
            return ChildStatus.INDIVIDUELLT_BARNTEAM
        case Beslut.BEHOV_UPPFYLLT:
            return None if current is None else ChildStatus.BEHOV_UPPFYLLT


_NEXT_STEP: Final[Mapping[ChildStatus | None, str]] = {
    None: (
        "Barnet har inget pågående stöd i Backa barnet. Den som ser att ett behov inte är "
        "uppfyllt går igenom Fem frågor och fyller i ett upptäckarkort."
    ),
    ChildStatus.UPPTACKT: (
        "Barnkontakten samtalar med barnet och vårdnadshavarna om behoven och beslutar sedan "
        "om nästa steg: avsluta, barnteam eller individuellt barnteam."
    ),
    ChildStatus.I_BARNTEAM: (
        "Barnteamet skattar barnets behov och beslutar om stöd. Barnkontakten sammanställer "
        "skattningarna och berättar om beslutet för barnet, vårdnadshavarna och upptäckaren."
    ),
    ChildStatus.INDIVIDUELLT_BARNTEAM: (
        "Det individuella barnteamet arbetar tillsammans med familjen. Stödsamordnaren håller "
        "ihop barnets plan och ser till att insatserna följs upp."
    ),
    ChildStatus.BEHOV_UPPFYLLT: (
        "Barnets behov är uppfyllda. Om en ny oro väcks börjar det på nytt med Fem frågor och "
        "ett upptäckarkort."
    ),
}


CARD_SENT_NEXT_STEP: Final = (
    "Upptäckarkortet är skickat till Barnkontakten. Barnkontakten tar kontakt med "
    "vårdnadshavarna, samtalar med barnet och beslutar sedan om nästa steg."
)


def next_step(status: ChildStatus | None, *, card_sent: bool = False) -> str:
    """What happens next, in one or two Swedish sentences for the child's overview.

    `card_sent`: an Upptäckarkort was signed after the last decision. The status moves only
    when the Barnkontakt decides, but the one who sent the card must not read that the child
    has no support yet."""
    if card_sent and status in (None, ChildStatus.BEHOV_UPPFYLLT):
        return CARD_SENT_NEXT_STEP
    return _NEXT_STEP[status]


def samtal_age_set(birth: date, on: date) -> str | None:
    """Which conversation card set fits the child's age on the day of the talk.

    Under 4 there is no set: the youngest one is "Barnsamtal 4-6 år" and a younger child's
    view is gathered through the guardians and by watching the child, so the UI should not
    propose cards (a user may still pick the 4-6 set by hand). From 19 the person is no longer
    a child in the model. 18-year-olds (still at gymnasium) get the 13-18 set the name
    promises."""
    age = _age(birth, on)
    if 4 <= age <= 6:
        return "4-6"
    if 7 <= age <= 12:
        return "7-12"
    if 13 <= age <= 18:
        return "13-18"
    return None


def _age(birth: date, on: date) -> int:
    # Duplicated from people.age_on on purpose: people imports this module, not the reverse.
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidValue("field.empty")
    return value


class Decision(BaseModel):
    """A decision record's body. It is immutable once saved (a later decision supersedes it),
    so it carries everything the timeline and the feedback duty need: who decided, why, when
    to follow up, whom to tell."""

    # Unknown fields from a newer app version are kept, not dropped, when a record is resaved.
    model_config = ConfigDict(extra="allow", hide_input_in_errors=True)

    beslut: Beslut
    motivation: Annotated[str, AfterValidator(_not_blank)]
    follow_up: date | None = None
    decided_by: Annotated[str, AfterValidator(_not_blank)]  # staff record id
    notify_upptackare: str | None = None  # staff record id of the Upptäckare to tell
    told_child_and_guardians: bool = False
    source_record_id: str | None = None  # the card or Fem frågor the decision answers

    @property
    def must_inform_family(self) -> bool:
        """True while a team decision lacks the note that the family was told what is shared."""
        return self.beslut.shares_with_team and not self.told_child_and_guardians
