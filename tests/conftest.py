"""Fixtures: the toolkit's tests run on SQLite and, when LIAISON_TEST_PG_URL is set, PostgreSQL."""
from __future__ import annotations

import fcntl
import os
import sqlite3
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.orm import Session

from toolkit.core.base import Base
from toolkit.core.db import Database, make_engine
from toolkit.core.principal import ACTING_NAME
from toolkit.ops.schema import upgrade

from . import factories
from .factories.access import build_world
from .factories.projects import finished_project
from .browser import browser, page, server  # noqa: F401  (one server for all browser tests)

PG_URL = os.environ.get("LIAISON_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
# Under pytest-xdist (make test runs workers, a test module on one worker) each worker has databases
# and database roles of its own: the suffix goes on every one a test makes on the shared server.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _run() -> str:
    """The run's name (set once by the root conftest's configure, inherited by pytest-xdist's workers)."""
    return os.environ.get("LIAISON_TEST_RUN", "solo")
SUFFIX = f"_{WORKER}" if WORKER else ""
BROWSER_FIXTURES = {"browser", "page", "server"}
# The modules whose tests take longest, longest first (measured with two workers, seconds): 110 bench,
# 98 load, 83 browser_deploy, 73 browser, 70 crash_safety, 54 backup_safety, 54 browser_cases, …
SLOW_FIRST = ("test_ops_bench.py", "test_ops_load.py", "test_browser_deploy.py", "test_browser.py",
              "test_ops_crash_safety.py", "test_ops_backup_safety.py", "test_browser_cases.py", "test_ops_load_public.py",
              "test_reports.py", "test_ops_cli.py", "test_public_web_kiosk.py", "test_browser_votes.py",
              "test_browser_pairings.py", "test_browser_xss.py", "test_cases_cli.py", "test_browser_lab.py",
              "test_projects_budget_reference.py")


def pytest_sessionfinish(session, exitstatus):
    """The run's shared PostgreSQL templates are dropped by the process that started the run."""
    if WORKER or not PG_URL:
        return
    server = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as c:
        for name in c.scalars(text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": f"liaison_tpl_%_{_run()}"}):
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def pytest_collection_modifyitems(config, items):
    """A test that drives Chromium (a browser fixture, or a module or test marked as needing it) is
    a `browser` test: `pytest -m "not browser"` runs the rest, `pytest -m browser` only those.
    The modules of long tests run first (SLOW_FIRST, then the browser ones): two workers then end
    together instead of one waiting for the other's last long module."""
    for item in items:
        marks = {m.name for m in item.iter_markers()}
        needs = any("chromium" in str(m.kwargs.get("reason", "")) for m in item.iter_markers("skipif"))
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) or needs or item.path.name.startswith("test_browser"):
            if "browser" not in marks:
                item.add_marker(pytest.mark.browser)
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    chromium = {item.path for item in items if item.get_closest_marker("browser")}
    # Stable: the tests of a module keep their order (a notebook's cells above all).
    items.sort(key=lambda item: (rank.get(item.path.name, len(rank)), item.path not in chromium))


def _reset_pg(engine) -> None:
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))


def scratch_pg_url(name: str, shared: bool = False) -> str:
    """A PostgreSQL database of its own beside the shared one (created when missing), for tests
    that drop schemas or sign in as restricted roles; skips without PostgreSQL. `shared`: one for
    every worker of the run (a template, made once under a lock), not one per worker."""
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (LIAISON_TEST_PG_URL)")
    name = name if shared else f"{name}{SUFFIX}"
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
        eng = make_engine(scratch_pg_url("test") if WORKER else PG_URL)
        _reset_pg(eng)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    """A session inside an outer transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    # Trusted test code names its steps 测试 (toolkit.core.principal.named), as a builder would.
    s = Session(bind=connection, join_transaction_mode="create_savepoint", info={ACTING_NAME: "测试"})
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
def world(session, network):
    """The access tests' world (factories.access.build_world), ids by short name."""
    return build_world(session, network)


@pytest.fixture
def project(session, network):
    """A project voted through (factories.projects.finished_project), its id."""
    return finished_project(session)


def _pg_copy(template: str, prepare, tmp_path_factory) -> str:
    """A new PostgreSQL database copied from `template` (made once per run by `prepare(url)`):
    CREATE DATABASE … TEMPLATE copies files, far faster than migrating and loading each time."""
    template_url = scratch_pg_url(f"{template}_{_run()}", shared=True)
    if template not in _TEMPLATES_MADE:
        with _once(tmp_path_factory, f"{template}.pg") as done:
            if not done.exists():
                engine = make_engine(template_url)
                _reset_pg(engine)
                engine.dispose()
                prepare(template_url)
                done.touch()
        _TEMPLATES_MADE.add(template)
    name = f"liaison_t_{uuid.uuid4().hex[:12]}"
    server = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as c:
        # FILE_COPY (PostgreSQL 15+): copying the template's files is twice as fast as logging each block.
        strategy = " STRATEGY FILE_COPY" if c.dialect.server_version_info >= (15,) else ""
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(template_url).database}"{strategy}'))
    server.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _pg_drop(url: str) -> None:
    name = make_url(url).database
    server = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


_TEMPLATES_MADE: set[str] = set()


def _run_dir(tmp_path_factory) -> Path:
    """The run's own temporary folder: under pytest-xdist every worker's folder lies in it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if WORKER else base


@contextmanager
def _once(tmp_path_factory, name: str):
    """Held by one worker at a time; yields the marker a worker touches once it has made `name`:
    the templates are made once per run, not once per worker (a demo costs 5–8 s of CPU)."""
    folder = _run_dir(tmp_path_factory)
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder / f"{name}.done"
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _migrate(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def _migrate_and_load_demo(url: str) -> None:
    from toolkit.ops.demo import load_demo
    _migrate(url)
    database = Database(url)
    with database.unit_of_work() as s:
        load_demo(s, "small")
    database.dispose()


_SQLITE_TEMPLATES: dict[str, Path] = {}


def _sqlite_copy(template: str, prepare, tmp_path: Path, tmp_path_factory) -> str:
    """A new SQLite file copied from `template` (made once per run by `prepare(url)`), as
    PostgreSQL copies its template database: migrating and loading the demo cost 2–4 s a test."""
    if template not in _SQLITE_TEMPLATES:
        path = _run_dir(tmp_path_factory) / f"{template}.sqlite3"
        with _once(tmp_path_factory, template) as done:
            if not done.exists():
                prepare(f"sqlite:///{path}")
                done.touch()
        _SQLITE_TEMPLATES[template] = path
    target = tmp_path / "liaison.sqlite3"
    # SQLite's own copy (the backup API), not the file's: a template left in WAL mode by a process
    # that still holds it open keeps its last writes in the -wal file.
    with closing(sqlite3.connect(_SQLITE_TEMPLATES[template])) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return f"sqlite:///{target}"


def _committing_db(request, tmp_path, tmp_path_factory, template: str, prepare):
    """A database of its own for a test that commits: a copy of a template made once per run
    (a SQLite file, or a PostgreSQL database made with CREATE DATABASE … TEMPLATE)."""
    if request.param == "sqlite":
        url = _sqlite_copy(template, prepare, tmp_path, tmp_path_factory)
    else:
        url = _pg_copy(template, prepare, tmp_path_factory)
    database = Database(url)
    yield database
    database.dispose()
    if request.param == "postgresql":
        _pg_drop(url)


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path, tmp_path_factory) -> Database:
    """A fresh migrated database of each back-end for tests that commit (widgets, CLI)."""
    yield from _committing_db(request, tmp_path, tmp_path_factory, "liaison_tpl_empty", _migrate)


@pytest.fixture(params=BACKENDS)
def demo_db(request, tmp_path, tmp_path_factory) -> Database:
    """A fresh database of each back-end with the small demo data."""
    yield from _committing_db(request, tmp_path, tmp_path_factory, "liaison_tpl_demo", _migrate_and_load_demo)


def _initialised_demo(url: str) -> None:
    """What `liaison init --demo small` makes: the schema, the small demo and the learned triage model."""
    from toolkit.ops.cli import main
    assert main(["init", "--demo", "small", "--db", url]) == 0


@pytest.fixture
def demo_url(tmp_path, tmp_path_factory) -> str:
    """The URL of a fresh SQLite copy of `liaison init --demo small` (made once per run: 5–8 s each)."""
    return _sqlite_copy("liaison_tpl_initialised", _initialised_demo, tmp_path, tmp_path_factory)


@pytest.fixture
def table_count():
    """Count the rows of a table through a session."""
    def count(session, model) -> int:
        from sqlalchemy import func, select
        return session.scalar(select(func.count()).select_from(model))
    return count


__all__ = ["Base"]


@pytest.fixture
def reader_accounts(monkeypatch):
    """On PostgreSQL, the report and analyst accounts for a database (as `liaison db grant-reports`
    and `grant-analyst` make them), their URLs in LIAISON_REPORT_DB_URL / LIAISON_ANALYST_DB_URL;
    on SQLite nothing (reports read the file read-only)."""
    from toolkit.ops import reader_roles

    def make(db: Database) -> dict[str, str]:
        if db.engine.dialect.name != "postgresql":
            return {}
        urls = {}
        for kind, variable in (("reports", "LIAISON_REPORT_DB_URL"), ("analyst", "LIAISON_ANALYST_DB_URL")):
            role = f"liaison_{kind}_test{SUFFIX}"
            reader_roles.apply(db.engine, kind, role, password=f"{kind}-test-pw")
            urls[kind] = db.engine.url.set(username=role, password=f"{kind}-test-pw").render_as_string(hide_password=False)
            monkeypatch.setenv(variable, urls[kind])
        return urls
    return make
