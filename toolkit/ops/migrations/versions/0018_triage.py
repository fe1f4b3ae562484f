"""smart triage: the learned model (triage_model), and a case linked to an earlier one as the same
matter (citizen_case.same_as_id)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 16:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0018'
down_revision: Union[str, Sequence[str], None] = '0017'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COUNTED = "state, rating, deadline, days_to_answer"


def _figures_index_again() -> None:
    """Batch mode copies citizen_case on SQLite, and SQLAlchemy does not reflect its expression
    index: the figures' covering index (0009) is made again, exactly as 0009 made it."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX IF NOT EXISTS ix_case_figures ON citizen_case "
                   f"(station_id, substr(received_on, 1, 7), received_on, {COUNTED})")


def upgrade() -> None:
    op.create_table(
        'triage_model',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learned_at', sa.DateTime(), nullable=False),
        sa.Column('cases', sa.Integer(), nullable=False),
        sa.Column('last_case_id', sa.Integer(), nullable=False),
        sa.Column('seconds', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    # SQLite cannot add a foreign key to a table: batch mode copies it (PostgreSQL alters in place).
    with op.batch_alter_table('citizen_case') as b:
        b.add_column(sa.Column('same_as_id', sa.Integer(), nullable=True))
        b.create_foreign_key('fk_citizen_case_same_as', 'citizen_case', ['same_as_id'], ['id'], ondelete='SET NULL')
        b.create_check_constraint('ck_case_same_as_other', 'same_as_id IS NULL OR same_as_id <> id')
        b.create_index('ix_citizen_case_same_as_id', ['same_as_id'])
    _figures_index_again()


def downgrade() -> None:
    with op.batch_alter_table('citizen_case') as b:
        b.drop_index('ix_citizen_case_same_as_id')
        b.drop_constraint('ck_case_same_as_other', type_='check')
        b.drop_constraint('fk_citizen_case_same_as', type_='foreignkey')
        b.drop_column('same_as_id')
    _figures_index_again()
    op.drop_table('triage_model')
