"""Persistence: scenarios with all their versions, and jobs with their results (SQLAlchemy 2).

Documents are stored as their JSON text.  A scenario is never overwritten: a
PUT adds a version, a DELETE only hides the scenario (its versions and the
jobs that used them stay).  The schema is owned by the Alembic migrations in
``api/migrations``; ``open_store`` brings it up to date.

Several server processes may share one database.  A process claims a
queued job with one conditional UPDATE (queued -> running, its name as
``owner``, ``lease_until`` a lease ahead), so exactly one claim succeeds; it
renews the leases of the jobs it runs about once a second.  A job whose
lease ran out (its process died or lost the database) is queued again, or
failed, by whichever process notices first, and the old owner's late words
are refused: every write about a running job names its owner.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any, Callable, Optional

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    bindparam,
    create_engine,
    event,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

ACTIVE = ("queued", "running")
FINISHED = ("done", "failed", "cancelled")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def new_id() -> str:
    return uuid.uuid4().hex[:16]


class Base(DeclarativeBase):
    pass


class ScenarioRow(Base):
    __tablename__ = "scenarios"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer)
    # the latest finished solve of the current version: the bookings deal checks count
    roster_job: Mapped[Optional[str]] = mapped_column(String(32), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    deleted_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime, nullable=True)


class ScenarioVersionRow(Base):
    __tablename__ = "scenario_versions"

    scenario_id: Mapped[str] = mapped_column(String(32), ForeignKey("scenarios.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class JobRow(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    scenario_id: Mapped[Optional[str]] = mapped_column(String(32), nullable=True, index=True)
    scenario_version: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    params: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    error: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    note: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    progress: Mapped[dict] = mapped_column(JSON)
    time_limit_s: Mapped[Optional[float]] = mapped_column(nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    started_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime, nullable=True)
    result: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    owner: Mapped[Optional[str]] = mapped_column(String(96), nullable=True)  # the server process running it
    lease_until: Mapped[Optional[dt.datetime]] = mapped_column(DateTime, nullable=True)  # its claim ends then


# --- engine and migrations -------------------------------------------------------

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the latest migration."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    """Repository functions over one engine; each call is its own short transaction."""

    def __init__(self, url: str, migrate: bool = True):
        self.engine = make_engine(url)
        if migrate:
            upgrade_schema(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.listeners: list[Callable[[str], None]] = []  # told the id of a scenario whose state changed

    def _changed(self, scenario_id: Optional[str]) -> None:
        for listener in self.listeners if scenario_id is not None else ():
            listener(scenario_id)

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self.sessions()

    def ping(self) -> bool:
        with self.session() as s:
            s.execute(select(1))
        return True

    # --- scenarios -----------------------------------------------------------------

    def add_scenario(self, document: dict, name: Optional[str]) -> ScenarioRow:
        stamp = now()
        row = ScenarioRow(id=new_id(), name=name, version=1, created_at=stamp, updated_at=stamp)
        with self.session() as s, s.begin():
            s.add(row)
            s.flush()
            s.add(ScenarioVersionRow(scenario_id=row.id, version=1, document=_dumps(document), created_at=stamp))
        return row

    def get_scenario(self, scenario_id: str) -> Optional[ScenarioRow]:
        with self.session() as s:
            row = s.get(ScenarioRow, scenario_id)
            return row if row is not None and row.deleted_at is None else None

    def scenario_state(self, scenario_id: str) -> Optional[tuple[int, Optional[str]]]:
        """(current version, roster job) of a live scenario: one indexed read, no ORM session (hot path of /check)."""
        with self.engine.connect() as conn:
            row = conn.execute(_STATE, {"sid": scenario_id}).first()
        if row is None or row.deleted_at is not None:
            return None
        return row.version, row.roster_job

    def list_scenarios(self) -> list[ScenarioRow]:
        with self.session() as s:
            return list(s.scalars(select(ScenarioRow).where(ScenarioRow.deleted_at.is_(None))
                                  .order_by(ScenarioRow.created_at)))

    def scenario_document(self, scenario_id: str, version: int) -> Optional[str]:
        with self.session() as s:
            row = s.get(ScenarioVersionRow, (scenario_id, version))
            return row.document if row is not None else None

    def scenario_versions(self, scenario_id: str) -> list[ScenarioVersionRow]:
        with self.session() as s:
            return list(s.scalars(select(ScenarioVersionRow).where(ScenarioVersionRow.scenario_id == scenario_id)
                                  .order_by(ScenarioVersionRow.version)))

    def put_scenario(self, scenario_id: str, document: dict, name: Optional[str],
                     expected_version: Optional[int], roster: Optional[tuple[str, dict]] = None) -> Optional[ScenarioRow]:
        """Add a version; None when the scenario does not exist; VersionConflict on a stale version.

        ``roster``: (roster/1 JSON text, params) of a roster already solved for the new document (an accepted
        what-if): stored as a finished solve job of the new version, its roster of record, in the same
        transaction."""
        with self.session() as s, s.begin():
            row = s.get(ScenarioRow, scenario_id)
            if row is None or row.deleted_at is not None:
                return None
            if expected_version is not None and expected_version != row.version:
                raise VersionConflict(row.version)
            new_version = row.version + 1
            # the compare-and-set keeps two concurrent PUTs from both winning
            done = s.execute(update(ScenarioRow).where(ScenarioRow.id == scenario_id,
                                                       ScenarioRow.version == row.version)
                             .values(version=new_version, name=name, updated_at=now(), roster_job=None))
            if done.rowcount != 1:
                raise VersionConflict(row.version)
            if roster is not None:
                stamp = now()
                job = JobRow(id=new_id(), kind="solve", scenario_id=scenario_id, scenario_version=new_version,
                             params=roster[1], status="done", progress={}, attempts=0, created_at=stamp,
                             started_at=stamp, finished_at=stamp, result=roster[0])
                s.add(job)
                s.execute(update(ScenarioRow).where(ScenarioRow.id == scenario_id).values(roster_job=job.id))
            s.add(ScenarioVersionRow(scenario_id=scenario_id, version=new_version, document=_dumps(document),
                                     created_at=now()))
        self._changed(scenario_id)
        return self.get_scenario(scenario_id)

    def delete_scenario(self, scenario_id: str) -> bool:
        with self.session() as s, s.begin():
            row = s.get(ScenarioRow, scenario_id)
            if row is None or row.deleted_at is not None:
                return False
            row.deleted_at = now()
        self._changed(scenario_id)
        return True

    # --- jobs ----------------------------------------------------------------------

    def add_job(self, kind: str, scenario_id: Optional[str], scenario_version: Optional[int], params: dict,
                time_limit_s: Optional[float]) -> JobRow:
        row = JobRow(id=new_id(), kind=kind, scenario_id=scenario_id, scenario_version=scenario_version,
                     params=params, status="queued", progress={}, time_limit_s=time_limit_s, attempts=0,
                     created_at=now())
        with self.session() as s, s.begin():
            s.add(row)
        return row

    def get_job(self, job_id: str) -> Optional[JobRow]:
        with self.session() as s:
            return s.get(JobRow, job_id)

    def list_jobs(self, scenario_id: Optional[str] = None, limit: int = 100) -> list[JobRow]:
        with self.session() as s:
            q = select(JobRow).order_by(JobRow.created_at.desc()).limit(limit)
            if scenario_id is not None:
                q = q.where(JobRow.scenario_id == scenario_id)
            return list(s.scalars(q))

    def queued_jobs(self, limit: int) -> list[JobRow]:
        with self.session() as s:
            return list(s.scalars(select(JobRow).where(JobRow.status == "queued")
                                  .order_by(JobRow.created_at).limit(limit)))

    def active_jobs(self) -> list[JobRow]:
        with self.session() as s:
            return list(s.scalars(select(JobRow).where(JobRow.status.in_(ACTIVE))))

    def claim_job(self, job_id: str, owner: str, lease_s: float) -> bool:
        """queued -> running for ``owner`` (False when another process claimed it, or it was cancelled)."""
        stamp = now()
        with self.session() as s, s.begin():
            done = s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.status == "queued")
                             .values(status="running", started_at=stamp, attempts=JobRow.attempts + 1,
                                     owner=owner, lease_until=stamp + dt.timedelta(seconds=lease_s)))
            return done.rowcount == 1

    def renew_leases(self, owner: str, job_ids: list[str], lease_s: float) -> set[str]:
        """Extend ``owner``'s leases on these jobs; returns the ones it still holds (running, its own)."""
        if not job_ids:
            return set()
        with self.session() as s, s.begin():
            s.execute(update(JobRow).where(JobRow.id.in_(job_ids), JobRow.owner == owner, JobRow.status == "running")
                      .values(lease_until=now() + dt.timedelta(seconds=lease_s)))
            return set(s.scalars(select(JobRow.id).where(JobRow.id.in_(job_ids), JobRow.owner == owner,
                                                         JobRow.status == "running")))

    def expired_jobs(self) -> list[JobRow]:
        """Running jobs whose owner stopped renewing its lease (or that predate leases)."""
        with self.session() as s:
            return list(s.scalars(select(JobRow).where(JobRow.status == "running", _lease_over())))

    def set_progress(self, job_id: str, progress: dict, owner: Optional[str] = None) -> None:
        with self.session() as s, s.begin():
            s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.status == "running", *_owned(owner))
                      .values(progress=progress))

    def finish_job(self, job_id: str, status: str, *, result: Optional[str] = None, error: Optional[str] = None,
                   progress: Optional[dict] = None, only_if: tuple[str, ...] = ACTIVE,
                   owner: Optional[str] = None, expired_only: bool = False) -> bool:
        """Move an active job to a final status; the result (JSON text) is stored in the same transaction.

        ``owner``: only while that process still holds the job (a running job it lost is not its to finish);
        ``expired_only``: only a running job whose lease is over.
        """
        values: dict[str, Any] = {"status": status, "finished_at": now(), "error": error, "lease_until": None}
        if result is not None:
            values["result"] = result
        if progress is not None:
            values["progress"] = progress
        conditions = [JobRow.id == job_id, JobRow.status.in_(only_if), *_owned(owner)]
        if expired_only:
            conditions += [JobRow.status == "running", _lease_over()]
        with self.session() as s, s.begin():
            done = s.execute(update(JobRow).where(*conditions).values(**values))
            if done.rowcount != 1:
                return False
            job = s.get(JobRow, job_id)
            if status == "done" and job.kind == "solve" and job.scenario_id is not None:
                # the newest solve of the current version is the roster of record
                s.execute(update(ScenarioRow).where(ScenarioRow.id == job.scenario_id,
                                                    ScenarioRow.version == job.scenario_version)
                          .values(roster_job=job.id))
                changed = job.scenario_id
                # Told before the commit as well as after: a check between the two re-reads the state
                # instead of trusting its cached one (which would miss the new roster of record).
                self._changed(changed)
            else:
                changed = None
        self._changed(changed)
        return True

    def requeue_job(self, job_id: str, note: str, *, owner: Optional[str] = None, expired_only: bool = False) -> bool:
        """running -> queued: given up by ``owner`` (a server stopping), or found with its lease over."""
        conditions = [JobRow.id == job_id, JobRow.status == "running", *_owned(owner)]
        if expired_only:
            conditions.append(_lease_over())
        with self.session() as s, s.begin():
            done = s.execute(update(JobRow).where(*conditions).values(
                status="queued", note=note, progress={}, started_at=None, owner=None, lease_until=None))
            return done.rowcount == 1

    def job_result(self, job_id: str) -> Optional[str]:
        with self.session() as s:
            return s.scalar(select(JobRow.result).where(JobRow.id == job_id))


def _owned(owner: Optional[str]) -> list:
    """The condition that ``owner`` still holds the job (none when no owner is named)."""
    return [] if owner is None else [JobRow.owner == owner]


def _lease_over():
    return (JobRow.lease_until.is_(None)) | (JobRow.lease_until < now())


_STATE = (select(ScenarioRow.version, ScenarioRow.roster_job, ScenarioRow.deleted_at)
          .where(ScenarioRow.id == bindparam("sid")))


class VersionConflict(Exception):
    def __init__(self, current: int):
        super().__init__(f"the scenario is at version {current}")
        self.current = current


def _dumps(document: Any) -> str:
    from ..models import dump_json

    return dump_json(document, indent=None)


def loads(text: str) -> Any:
    from decimal import Decimal

    return json.loads(text, parse_float=Decimal)
