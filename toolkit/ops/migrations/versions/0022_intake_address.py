"""citizen_case.intake_address: the keyed hash of the address a QR opinion came from, beside the
visitor's (address and the page's cookie), so many phones behind one carrier address are each
their own visitor while the address keeps a ceiling of its own

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 15:20:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0022'
down_revision: Union[str, Sequence[str], None] = '0021'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


COUNTED = "state, rating, deadline, days_to_answer"


def _figures_index_again() -> None:
    """Batch mode copies citizen_case on SQLite without its expression index (SQLAlchemy does not
    reflect it): the figures' covering index is made again, as 0009 and 0018 make it."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX IF NOT EXISTS ix_case_figures ON citizen_case "
                   f"(station_id, substr(received_on, 1, 7), received_on, {COUNTED})")


def upgrade() -> None:
    op.add_column('citizen_case', sa.Column('intake_address', sa.String(length=64), nullable=True))
    op.create_index('ix_citizen_case_intake_address', 'citizen_case', ['intake_address'])
    # Until now the visitor was the address: the cases taken so far keep counting against it.
    op.execute("UPDATE citizen_case SET intake_address = intake_client WHERE intake_client IS NOT NULL")


def downgrade() -> None:
    op.drop_index('ix_citizen_case_intake_address', table_name='citizen_case')
    with op.batch_alter_table('citizen_case') as b:
        b.drop_column('intake_address')
    _figures_index_again()
