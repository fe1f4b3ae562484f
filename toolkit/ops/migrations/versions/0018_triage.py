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


def downgrade() -> None:
    with op.batch_alter_table('citizen_case') as b:
        b.drop_index('ix_citizen_case_same_as_id')
        b.drop_constraint('ck_case_same_as_other', type_='check')
        b.drop_constraint('fk_citizen_case_same_as', type_='foreignkey')
        b.drop_column('same_as_id')
    op.drop_table('triage_model')
