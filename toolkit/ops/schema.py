"""Bringing a database to the newest schema with Alembic (`liaison init`)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration the database does not have yet (up to `revision`)."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it; with foreign keys on, dropping the old copy of a
            # referenced table fails. Off for the migration, then every reference is checked.
            # The pragma works only outside a transaction: straight to the driver, no BEGIN first.
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        with connection.begin():
            command.upgrade(_config(connection), revision)
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise RuntimeError("迁移后外键检查未通过，已回滚")
        if sqlite:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return revision_of(connection)


def revision_of(connection) -> str | None:
    """The revision, read on a connection already open (inside its transaction)."""
    return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every revision the code knows (a backup from a newer schema is not one of them)."""
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}
