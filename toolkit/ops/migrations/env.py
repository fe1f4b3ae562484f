"""Alembic environment: migrations run on the connection `toolkit.ops.schema` hands over."""
from alembic import context

from toolkit.ops.all_models import METADATA

config = context.config
target_metadata = METADATA


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through toolkit.ops.schema.upgrade()")
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run()
