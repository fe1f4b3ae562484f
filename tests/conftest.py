"""Fixtures: the toolkit's tests run on SQLite and, when LIAISON_TEST_PG_URL is set, PostgreSQL."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.orm import Session

from toolkit.db import Database, make_engine
from toolkit.models import Base
from toolkit.schema import upgrade

from . import factories
from .browser import browser, page, server  # noqa: F401  (one server for all browser tests)

PG_URL = os.environ.get("LIAISON_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _reset_pg(engine) -> None:
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))


def scratch_pg_url(name: str) -> str:
    """A PostgreSQL database of its own beside the shared one (created when missing), for tests
    that drop schemas or sign in as restricted roles; skips without PostgreSQL."""
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (LIAISON_TEST_PG_URL)")
    server = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as c:
        if not c.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            c.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request, tmp_path_factory):
    """A migrated database of each back-end, shared by the session."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}")
    else:
        eng = make_engine(PG_URL)
        _reset_pg(eng)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    """A session inside an outer transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    s = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield s
    finally:
        s.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def network(session):
    """The small network of factories.small_network, ids by short name."""
    return factories.small_network(session)


@pytest.fixture
def db(tmp_path) -> Database:
    """A fresh migrated SQLite file for tests that commit (widgets, CLI)."""
    database = Database(f"sqlite:///{tmp_path / 'liaison.sqlite3'}")
    upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db) -> Database:
    """A fresh database with the small demo data."""
    from toolkit.demo import load_demo

    with db.unit_of_work() as s:
        load_demo(s, "small")
    return db


@pytest.fixture
def table_count():
    """Count the rows of a table through a session."""
    def count(session, model) -> int:
        from sqlalchemy import func, select
        return session.scalar(select(func.count()).select_from(model))
    return count


__all__ = ["Base"]
