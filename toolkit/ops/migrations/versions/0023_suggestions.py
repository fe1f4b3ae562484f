"""代表建议: suggestion (提出 → 交办 → 答复 A/B/C → 代表意见 → 落实), its 附议代表 and 协办单位

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 19:10:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0023'
down_revision: Union[str, Sequence[str], None] = '0022'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'suggestion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=True),
        sa.Column('session_label', sa.String(length=60), nullable=True),
        sa.Column('lead_deputy_id', sa.Integer(), nullable=False),
        sa.Column('proposed_on', sa.Date(), nullable=False),
        sa.Column('main_unit_id', sa.Integer(), nullable=True),
        sa.Column('assigned_on', sa.Date(), nullable=True),
        sa.Column('answer_due', sa.Date(), nullable=True),
        sa.Column('key_supervision', sa.Boolean(), nullable=False),
        sa.Column('supervisor', sa.String(length=50), nullable=True),
        sa.Column('answered_on', sa.Date(), nullable=True),
        sa.Column('answer_class', sa.String(length=1), nullable=True),
        sa.Column('answer_text', sa.Text(), nullable=True),
        sa.Column('deputy_opinion', sa.String(length=10), nullable=True),
        sa.Column('promised_on', sa.Date(), nullable=True),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.CheckConstraint('assigned_on IS NULL OR assigned_on >= proposed_on', name='ck_suggestion_assigned_after'),
        sa.CheckConstraint('answered_on IS NULL OR (assigned_on IS NOT NULL AND answered_on >= assigned_on)',
                           name='ck_suggestion_answered_after'),
        sa.CheckConstraint("answer_class IS NULL OR (answered_on IS NOT NULL AND answer_class IN ('A', 'B', 'C'))",
                           name='ck_suggestion_class'),
        sa.CheckConstraint("deputy_opinion IS NULL OR (answered_on IS NOT NULL AND "
                           "deputy_opinion IN ('满意', '基本满意', '不满意'))", name='ck_suggestion_opinion'),
        sa.CheckConstraint("promised_on IS NULL OR answer_class = 'B'", name='ck_suggestion_promise'),
        sa.CheckConstraint('done_on IS NULL OR answered_on IS NOT NULL', name='ck_suggestion_done'),
        sa.CheckConstraint('length(title) <= 200 AND length(content) <= 5000', name='ck_suggestion_lengths'),
        sa.ForeignKeyConstraint(['lead_deputy_id'], ['deputy.id']),
        sa.ForeignKeyConstraint(['main_unit_id'], ['department.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('number'),
    )
    op.create_index('ix_suggestion_lead_deputy_id', 'suggestion', ['lead_deputy_id'])
    op.create_index('ix_suggestion_unit', 'suggestion', ['main_unit_id', 'answered_on'])
    op.create_index('ix_suggestion_proposed', 'suggestion', ['proposed_on'])
    op.create_table(
        'suggestion_cosigner',
        sa.Column('suggestion_id', sa.Integer(), nullable=False),
        sa.Column('deputy_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['suggestion_id'], ['suggestion.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id']),
        sa.PrimaryKeyConstraint('suggestion_id', 'deputy_id'),
    )
    op.create_index('ix_suggestion_cosigner_deputy_id', 'suggestion_cosigner', ['deputy_id'])
    op.create_table(
        'suggestion_co_unit',
        sa.Column('suggestion_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['suggestion_id'], ['suggestion.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['department_id'], ['department.id']),
        sa.PrimaryKeyConstraint('suggestion_id', 'department_id'),
    )
    op.create_index('ix_suggestion_co_unit_department_id', 'suggestion_co_unit', ['department_id'])


def downgrade() -> None:
    op.drop_index('ix_suggestion_co_unit_department_id', table_name='suggestion_co_unit')
    op.drop_table('suggestion_co_unit')
    op.drop_index('ix_suggestion_cosigner_deputy_id', table_name='suggestion_cosigner')
    op.drop_table('suggestion_cosigner')
    op.drop_index('ix_suggestion_proposed', table_name='suggestion')
    op.drop_index('ix_suggestion_unit', table_name='suggestion')
    op.drop_index('ix_suggestion_lead_deputy_id', table_name='suggestion')
    op.drop_table('suggestion')
