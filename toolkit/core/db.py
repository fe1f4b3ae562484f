"""The one place that creates engines and sessions (the unit of work)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import os

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from .access import Forbidden
from .audit import audit_flush, record
from .config import resolve_db_url
from .errors import RememberedRefusal, StaleEdit
from .principal import PRINCIPAL, Principal


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers and one writer share the file.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_no_driver_begin(dbapi_conn, _record) -> None:
    # pysqlite would open transactions itself, late and always DEFERRED; SQLAlchemy's "begin"
    # below does it instead (the recipe in SQLAlchemy's SQLite docs), so a unit of work can say
    # IMMEDIATE: two writers then queue for the lock up front (busy_timeout) rather than the
    # second one failing with "database is locked" when it tries to upgrade its stale read.
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sqlite_immediate") else "BEGIN")


def _private_sqlite_file(url: str) -> None:
    # A new SQLite database is its owner's alone: made 0600 before SQLite opens it (its WAL and
    # shared-memory files take the database file's permissions).
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return
    path = parsed.database[5:] if parsed.database.startswith("file:") else parsed.database
    if parsed.query.get("mode") == "ro" or os.path.exists(path):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except (FileExistsError, FileNotFoundError):
        pass          # made meanwhile, or a folder that does not exist (SQLite says so itself)


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (or the configured database) with the pragmas we rely on."""
    url = resolve_db_url(url)
    _private_sqlite_file(url)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    # hide_parameters: a failed statement's log line and traceback must not carry a citizen's
    # name or phone (the values stay out of SQLAlchemy's error messages).
    engine = create_engine(url, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _sqlite_no_driver_begin)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


class Database:
    """A database and its session factory; `unit_of_work()` is one transaction.

    With a principal (a signed-in user), every session carries it: services check it before they
    write, each write is audited under it, and each refusal is logged after the rollback.
    """

    def __init__(self, url: str | None = None, engine: Engine | None = None, principal: Principal | None = None):
        self.engine = engine or make_engine(url)
        self.principal = principal
        self.sessions = sessionmaker(self.engine, expire_on_commit=False,
                                     info={PRINCIPAL: principal} if principal else {})
        event.listen(self.sessions, "after_flush", audit_flush)

    def acting_as(self, principal: Principal) -> Database:
        """The same database (and connection pool) for another user."""
        return Database(engine=self.engine, principal=principal)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """Commit if the block succeeds, roll back everything if it raises."""
        try:
            with self.sessions() as session:
                with session.begin():
                    if self.engine.dialect.name == "sqlite":
                        session.connection(execution_options={"sqlite_immediate": True})
                    yield session
        except Forbidden as refusal:
            self._log_refusal(refusal)
            raise
        except RememberedRefusal as refusal:
            self._remember(refusal)
            raise
        except StaleDataError as e:  # a version column moved on between our read and our write
            raise StaleEdit() from e

    def _remember(self, refusal: RememberedRefusal) -> None:
        # After the refused transaction rolled back: what it must leave behind, committed alone.
        with self.sessions() as session, session.begin():
            session.add_all(refusal.records)

    def _log_refusal(self, refusal: Forbidden) -> None:
        # In its own transaction, after the refused one rolled back (SQLite has one writer).
        with self.sessions() as session, session.begin():
            record(session, refusal.principal.login, "access", None, "refused",
                   after={"操作": refusal.action, "对象": refusal.target, "原因": refusal.why})

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reads; nothing is committed."""
        with self.sessions() as session:
            yield session
            session.rollback()

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


def connect(url: str | None = None) -> Database:
    """Open the configured database (explicit URL > LIAISON_DB_URL > default file)."""
    return Database(url)
