"""Alembic environment: migrations run on the connection `toolkit.ops.schema` hands over."""
import warnings

from alembic import context
from sqlalchemy.exc import SAWarning

from toolkit.ops.all_models import METADATA

config = context.config
target_metadata = METADATA


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through toolkit.ops.schema.upgrade()")
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction(), warnings.catch_warnings():
        # SQLite's batch copies of citizen_case skip the expression index ix_case_figures, and each
        # migration that copies the table makes it again (_figures_index_again): nothing for a user to act on.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index", SAWarning)
        context.run_migrations()


run()
