"""Notices the central store writes about a child (record type `notice`).

When the store merges someone's duplicate registration into a child that has a Barnkontakt,
that Barnkontakt should learn that another person registered the child too, and that their
cards are now in the child's file; when two Barnkontakt assignments meet in one child (two
registrations merged), both people should learn that the newer one rules. The store writes
one record per event; it syncs like the child's other records to everyone with full access,
and each laptop's inbox shows it to the people it names.

A notice holds staff ids and a date only — never the child's name or identity number: the
recipient already sees the child, and the laptop words the notice from its own directory.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

_ID = Field(min_length=1, max_length=64)


class NoticeKind(StrEnum):
    ALSO_REGISTERED = "also_registered"
    """`registrar_staff_id` registered the child too; their cards are in the child's file."""
    BARNKONTAKT_MET = "barnkontakt_met"
    """Two Barnkontakt assignments met; `ruling_staff_id`'s (the newer) rules."""


class ChildNotice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    child_id: str = _ID
    kind: NoticeKind
    recipients: list[str] = Field(min_length=1, max_length=20)
    """The staff ids whose inbox shows the notice."""
    registrar_staff_id: str | None = Field(default=None, max_length=64)
    ruling_staff_id: str | None = Field(default=None, max_length=64)
    on: date
