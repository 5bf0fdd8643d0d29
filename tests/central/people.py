"""A small fictional municipality on the central store: units and staff accounts.

Each test gets its own accounts (unique user names) on the session's shared server. The
Argon2id hash of the test password is computed once and stored directly: hashing costs most of
a second on a busy 2-core machine, and log-ins still verify it for real.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field

from sqlalchemy import update

from backa_desktop.central.db import users
from backa_desktop.central.security import hash_password
from backa_desktop.central.service import CentralService

PASSWORD = "losenord-123"

ROLES = {
    "anna": "barnkontakt",  # Barnkontakt at BVC
    "bo": "barnteam",  # teacher, member of the child's team
    "cecilia": "upptackare",  # outsider
    "sara": "socialtjanst",
    "lena": "unit_lead",  # unit lead at BVC
}


@functools.cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


@dataclass
class People:
    suffix: str
    bvc: str
    skola: str
    soc_unit: str
    ids: dict[str, str] = field(default_factory=dict)

    def name(self, short: str) -> str:
        return f"{short}-{self.suffix}"

    def __getattr__(self, short: str) -> str:
        try:
            return self.ids[short]
        except KeyError as exc:
            raise AttributeError(short) from exc


def make_people(service: CentralService, names: tuple[str, ...] = tuple(ROLES)) -> People:
    suffix = uuid.uuid4().hex[:8]
    bvc = service.add_unit("BVC Solrosen", "bvc")
    skola = service.add_unit("Ekskolan", "skola")
    soc = service.add_unit("Socialtjänsten", "socialtjanst")
    people = People(suffix, bvc, skola, soc)
    unit_of = {"anna": bvc, "lena": bvc, "sara": soc}
    for short in names:
        people.ids[short] = service.add_user(
            username=people.name(short),
            display_name=short.title(),
            password=None,
            roles=[ROLES.get(short, "upptackare")],
            unit_id=unit_of.get(short, skola),
        )
    with service.engine.begin() as conn:
        conn.execute(
            update(users)
            .where(users.c.id.in_(list(people.ids.values())))
            .values(password_hash=_password_hash())
        )
    return people
