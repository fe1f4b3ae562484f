"""A PostgreSQL database of a test module's own with the small demo, and a service account made on
it by the command line (`liaison db grant-…`, the password from its environment variable)."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from sqlalchemy import make_url

from toolkit.core.db import Database, make_engine
from toolkit.ops.cli import main
from toolkit.ops.demo import load_demo
from toolkit.ops.schema import upgrade

from ..conftest import _reset_pg, scratch_pg_url


@contextlib.contextmanager
def demo_database(name: str) -> Iterator[tuple[str, Database]]:
    """(url, the administrator's Database) of a fresh database `name` with the small demo; emptied afterwards."""
    url = scratch_pg_url(name)
    engine = make_engine(url)
    _reset_pg(engine)
    upgrade(engine)
    admin = Database(engine=engine)
    with admin.unit_of_work() as s:
        load_demo(s, "small")
    try:
        yield url, admin
    finally:
        _reset_pg(engine)
        engine.dispose()


def granted(url: str, command: str, role: str, variable: str, password: str) -> str:
    """Run `liaison db COMMAND --role ROLE --set-password` on `url`; the account's own URL."""
    os.environ[variable] = password
    try:
        assert main(["db", command, "--role", role, "--set-password", "--db", url]) == 0
    finally:
        del os.environ[variable]
    return make_url(url).set(username=role, password=password).render_as_string(hide_password=False)
