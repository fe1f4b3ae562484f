"""citizen_case.intake_key: the one-time key of the QR form a case came from, so a reloaded or
doubly-sent form files one opinion, not two

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 14:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0021'
down_revision: Union[str, Sequence[str], None] = '0020'
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
    op.add_column('citizen_case', sa.Column('intake_key', sa.String(length=40), nullable=True))
    op.create_index('ux_citizen_case_intake_key', 'citizen_case', ['intake_key'], unique=True)


def downgrade() -> None:
    op.drop_index('ux_citizen_case_intake_key', table_name='citizen_case')
    with op.batch_alter_table('citizen_case') as b:
        b.drop_column('intake_key')
    _figures_index_again()
