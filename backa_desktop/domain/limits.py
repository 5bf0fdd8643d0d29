"""How long a field may be, in one place.

Every string in a record body has a ceiling: a 1 MB child name made a printout run for five
minutes, and a body the central store refuses would fail every sync for ever. Short fields
(names, titles, places) are what a person types on one line; free text is what a page or a
few pages hold. The whole body is bounded by MAX_BODY_BYTES, the same number the central
store enforces (sync.protocol re-exports it), so the laptop refuses at once what the server
would refuse later.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

MAX_BODY_BYTES = 256 * 1024
"""One record body as JSON (UTF-8); the central store refuses anything larger."""

NAME_MAX = 200
"""A person's or unit's name, a title, a phone number, an e-mail address."""

SHORT_TEXT_MAX = 5_000
"""A line or a short paragraph: a place, a purpose, a goal, what an action is. Generous,
because a record stored before this limit and longer than it can no longer be read."""

LONG_TEXT_MAX = 100_000
"""Free text (a note, a plan's reasons, views). Far beyond what anyone writes (≈ 40 pages);
the body limit above still applies to the whole record."""

ShortName = Annotated[str, StringConstraints(max_length=NAME_MAX)]
ShortText = Annotated[str, StringConstraints(max_length=SHORT_TEXT_MAX)]
LongText = Annotated[str, StringConstraints(max_length=LONG_TEXT_MAX)]


def too_long_message(field: str, limit: int) -> str:
    return f"{field} är för lång: högst {limit:,} tecken.".replace(",", " ")
