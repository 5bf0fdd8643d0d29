"""The central store's schema and engine.

SQLAlchemy Core, so the same statements run on PostgreSQL (production) and SQLite (a
one-machine pilot, quick runs). The schema is created and changed only by the Alembic
migrations in `migrations/`; this module's `metadata` must match them (a test compares).

Design points:

- Record bodies and envelopes are stored as JSON text, exactly as received: comparing and
  hashing them is then the same on both databases.
- Timestamps are ISO 8601 UTC strings with milliseconds (like the record envelope), which sort
  correctly as text.
- Every change has a number (`seq`) in one global order, and a pull never serves past a change
  still in flight (a pulling device would skip it for ever): on SQLite one row of `counters`
  hands the numbers out under its row lock; on PostgreSQL they are derived from transaction
  ids and served only below the oldest running transaction (`ordering.py`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    false,
)

DEFAULT_DB_ENV = "BACKA_CENTRAL_DB"

metadata = MetaData()

# BIGINT autoincrement keys only autoincrement on SQLite when declared INTEGER.
_BigId = BigInteger().with_variant(Integer(), "sqlite")

units = Table(
    "units",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("username", String(200), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    # NULL for accounts that only log in through an external identity provider (OIDC seam).
    Column("password_hash", String(400), nullable=True),
    Column("roles", String(400), nullable=False),
    Column("unit_id", String(64), ForeignKey("units.id"), nullable=True),
    Column("trained", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(128), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32), nullable=True),
    Column("last_seen_at", String(32), nullable=True),
)

access_tokens = Table(
    "access_tokens",
    metadata,
    Column("token_hash", String(128), primary_key=True),
    Column("device_id", String(64), ForeignKey("devices.id"), nullable=False, index=True),
    Column("expires_at", String(32), nullable=False, index=True),
)

login_throttle = Table(
    "login_throttle",
    metadata,
    # Attempts per (user name, client address) in the window that began at `window_start`;
    # client "*" counts one account's failures from every address (for the alert).
    Column("username", String(200), primary_key=True),
    Column("client", String(64), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("window_start", String(32), nullable=False, index=True),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(32), nullable=False),
    # The type whose visibility rule applies: a conflict record is seen by whoever may see
    # the record it is about.
    Column("vis_type", String(32), nullable=False),
    Column("child_id", String(64), nullable=True, index=True),
    Column("envelope", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("created_by", String(64), nullable=False, index=True),
    Column("created_unit", String(64), nullable=True),
    Column("updated_by", String(64), nullable=False),
    # The retention class (gallringsklass) from resources/retention, set by the server when
    # it first stores the record (central/retention.py); NULL only until then.
    Column("record_class", String(32), nullable=True),
    Index("ix_records_class_child", "record_class", "child_id"),
)

record_revisions = Table(
    "record_revisions",
    metadata,
    Column("record_id", String(64), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("envelope", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("change_id", String(64), nullable=True),
    Column("device_id", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
)

changes = Table(
    "changes",
    metadata,
    Column("change_id", String(64), primary_key=True),
    Column("user_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("payload_hash", String(64), nullable=False),
    Column("result", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

child_access = Table(
    "child_access",
    metadata,
    Column("child_id", String(64), primary_key=True),
    Column("user_id", String(64), primary_key=True),
    # "full": Barnkontakt, Stödsamordnare, team under consent; "partial": sees the child's
    # profile because it must act on an orosanmälan about it.
    Column("level", String(16), nullable=False),
    Index("ix_child_access_user", "user_id"),
)

access_events = Table(
    "access_events",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("user_id", String(64), nullable=False),
    Column("child_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("at", String(32), nullable=False),
    Index("ix_access_events_user_seq", "user_id", "seq"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", _BigId, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False, index=True),
    Column("user_id", String(64), nullable=True),
    Column("device_id", String(64), nullable=True),
    Column("action", String(32), nullable=False),
    Column("child_id", String(64), nullable=True, index=True),
    Column("record_ids", Text, nullable=False),
    Column("detail", Text, nullable=False),
)

NEED_COLUMNS = (
    "omsorg",
    "trygghet",
    "halsa",
    "fritid",
    "tillhorighet",
    "ansvar",
    "respekteras",
    "utveckling",
)
"""Behovskompassen's needs (domain.needs.CARD_ORDER) as columns of `stat_facts`: 1 for a need
flagged on an Upptäckarkort, the mean 1–5 score on a Skattning."""

stat_facts = Table(
    "stat_facts",
    metadata,
    # What the statistics count, one narrow row per record, extracted once from its JSON
    # (central/statistics.py keeps it up to date by sequence number) so a report aggregates
    # in SQL instead of parsing a million envelopes. Removing a record removes its row.
    Column(
        "record_id",
        String(64),
        ForeignKey("records.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("child_id", String(64), nullable=True),
    Column("kind", String(16), nullable=False),
    Column("code", String(64), nullable=True),
    Column("unit_id", String(64), nullable=True),
    Column("on_date", String(10), nullable=True),
    Column("date2", String(10), nullable=True),
    Column("date3", String(10), nullable=True),
    Column("ref", String(64), nullable=True, index=True),
    # "date|record id|code": ordering decisions and ratings by one comparable value lets a
    # report fold them with MIN/MAX instead of a window or a pass per row.
    Column("sort_key", String(160), nullable=True),
    # Set when a later signed form corrects this one (its `ref` names this record).
    Column("corrected", Boolean, nullable=False, server_default=false()),
    *(Column(f"need_{need}", Float, nullable=True) for need in NEED_COLUMNS),
    Index("ix_stat_facts_kind_child", "kind", "child_id"),
    Index("ix_stat_facts_child", "child_id"),
    # A report's scans of one kind of fact in a period.
    Index("ix_stat_facts_kind_date", "kind", "on_date"),
)

child_identities = Table(
    "child_identities",
    metadata,
    # One child per identity number: the key (a SHA-256 of the canonical number, so the index
    # holds no number in clear) of every number a child has or had, and the child it names.
    # A pushed new child whose number is here is merged into that child (`identity_merge`).
    Column("key", String(64), primary_key=True),
    Column("child_id", String(64), nullable=False, index=True),
)

child_redirects = Table(
    "child_redirects",
    metadata,
    # A child merged into another (the survivor): its records live on under the survivor,
    # its profile as it was pushed is kept here, and its registrar counts as a registrar of
    # the survivor. Laptops learn of it through a "redirect" access event.
    Column("merged_id", String(64), primary_key=True),
    Column("survivor_id", String(64), nullable=False, index=True),
    Column("created_by", String(64), nullable=False),
    Column("created_unit", String(64), nullable=True),
    Column("envelope", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

child_merges = Table(
    "child_merges",
    metadata,
    # A merge of two children made by hand (central/manual_merge.py): who, when, which ids,
    # and what moved (record ids, conflict records made, identity keys, the identity history
    # entries the survivor took, the children merged earlier into the merged child whose
    # redirects now name the survivor), so the merge can be undone within a day. Ids only.
    Column("id", String(64), primary_key=True),
    Column("merged_id", String(64), nullable=False, index=True),
    Column("survivor_id", String(64), nullable=False, index=True),
    Column("merged_by", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("at", String(32), nullable=False),
    Column("moved", Text, nullable=False),
    Column("conflicts", Text, nullable=False),
    Column("identity_keys", Text, nullable=False),
    Column("adopted", Text, nullable=False),
    Column("redirects", Text, nullable=False),
    Column("undone_at", String(32), nullable=True),
    Column("undone_by", String(64), nullable=True),
)

stat_children = Table(
    "stat_children",
    metadata,
    # One summary row per child, kept by the projection from the child's facts, so a report
    # scans one narrow row per child instead of grouping every fact by child. An AFTER
    # DELETE trigger on stat_facts queues the child in stat_stale (migration v0008).
    Column("child_id", String(64), ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", String(64), nullable=True),
    Column("status", String(64), nullable=True),
    Column("created", String(10), nullable=True),
    Column("has_decision", Boolean, nullable=False),
    Column("found", String(10), nullable=True),
    Column("days_decision", Integer, nullable=True),
    Column("days_plan", Integer, nullable=True),
    Column("days_follow_up", Integer, nullable=True),
    Column("first_rating", String(64), nullable=True),
    *(Column(f"first_{need}", Float, nullable=True) for need in NEED_COLUMNS),
    Index("ix_stat_children_unit", "unit_id"),
)

stat_spans = Table(
    "stat_spans",
    metadata,
    # A child's status from one decision day to the next (to_date NULL: still so).
    Column("child_id", String(64), ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("from_date", String(10), primary_key=True),
    Column("to_date", String(10), nullable=True),
    Column("status", String(64), nullable=True),
)

stat_stale = Table(
    "stat_stale",
    metadata,
    # Children whose facts were removed (disposal, a deleted record): summarised again next.
    Column("id", _BigId, primary_key=True, autoincrement=True),
    Column("child_id", String(64), nullable=False),
)

gallring_decisions = Table(
    "gallring_decisions",
    metadata,
    # A disposal decision (gallringsbeslut): nothing is removed without one.
    Column("id", String(64), primary_key=True),
    Column("reference", String(200), nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("decided_on", String(10), nullable=False),
    Column("classes", Text, nullable=False),
    Column("units", Text, nullable=False),
    Column("rules_version", Integer, nullable=False),
    Column("rules_hash", String(64), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("executed_at", String(32), nullable=True),
)

gallring_disposals = Table(
    "gallring_disposals",
    metadata,
    # What a decision removed: counts per class and unit, and the removed ids hashed.
    Column("id", String(64), primary_key=True),
    Column("decision_id", String(64), ForeignKey("gallring_decisions.id"), nullable=False,
           unique=True),
    Column("executed_at", String(32), nullable=False),
    Column("counts", Text, nullable=False),
    Column("record_hashes", Text, nullable=False),
)

gallring_purges = Table(
    "gallring_purges",
    metadata,
    # Which user's laptops must delete which disposed record, at their place in the global
    # sequence (like access events): a pull after that place carries it in `purge_records`.
    Column("user_id", String(64), primary_key=True),
    Column("record_id", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Index("ix_gallring_purges_user_seq", "user_id", "seq"),
    # The pull's horizon: the highest number in use below it (ordering.horizon).
    Index("ix_gallring_purges_seq", "seq"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


# -- the laptops' audit logs (kept at least five years; no code path deletes from them) -------
device_audit = Table(
    "device_audit",
    metadata,
    # One row per laptop audit event, exactly as the laptop chained it. `chain` is the laptop
    # folder's own device id (the event's `device`); `position` its place in that chain.
    Column("chain", String(64), primary_key=True),
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("id", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("record_id", String(64), nullable=True),
    Column("child_id", String(64), nullable=True),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # Who sent it: the enrolled account and central device id of the laptop.
    Column("user_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("received_at", String(32), nullable=False),
    Index("ix_device_audit_chain_id", "chain", "id", unique=True),
    Index("ix_device_audit_child_at", "child_id", "at"),
    Index("ix_device_audit_user_at", "user_id", "at"),
)

device_audit_checkpoints = Table(
    "device_audit_checkpoints",
    metadata,
    # Where a laptop's stored chain now starts after a disposal cut its oldest events: the
    # position and hash of the last event removed (the chain head before the cut), so the
    # events kept still verify link by link from it.
    Column("chain", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("decision_id", String(64), nullable=False),
    Column("cut_at", String(32), nullable=False),
)

device_audit_heads = Table(
    "device_audit_heads",
    metadata,
    Column("chain", String(64), primary_key=True),
    Column("head", String(64), nullable=False),
    Column("count", BigInteger, nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

log_checks = Table(
    "log_checks",
    metadata,
    # A recorded log review (loggkontroll): who checked which unit and period, and the outcome.
    Column("id", String(64), primary_key=True),
    Column("unit_id", String(64), nullable=False, index=True),
    Column("date_from", String(10), nullable=False),
    Column("date_to", String(10), nullable=False),
    Column("reviewer_id", String(64), nullable=False),
    Column("at", String(32), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("findings", Text, nullable=False),
)


def default_url() -> str:
    """The database URL when none is given: the environment, else a SQLite file in the
    working folder (the one-machine pilot)."""
    return os.environ.get(DEFAULT_DB_ENV) or f"sqlite:///{Path('backa-central.db').resolve()}"


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and use psycopg 3 for them (SQLAlchemy would pick
    psycopg2, which is not installed)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})
        _sqlite_serialised(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_serialised(engine: Engine) -> None:
    """pysqlite starts transactions lazily and as DEFERRED, so two processes could both read
    a record and then both write it. Take the write lock at BEGIN instead (SQLAlchemy's
    documented recipe) and use WAL so readers of other processes are not blocked."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
