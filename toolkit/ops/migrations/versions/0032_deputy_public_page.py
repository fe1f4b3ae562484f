"""代表履职公开页: a county may switch its deputies' public pages off; on PostgreSQL the public pages read
a deputy's responsiveness only as counts, through a checking function keyed by the deputy's QR token

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-08 04:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0032'
down_revision: Union[str, Sequence[str], None] = '0031'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SIGNATURE = "public_deputy_record(text, date)"
# Counts only: opinions received since a day, those with a limit that came due (answered or not), those
# answered by their limit, those rated, and those rated 满意 or 基本满意.
BODY = """
CREATE OR REPLACE FUNCTION public_deputy_record(token text, since date, OUT received bigint, OUT due bigint,
  OUT on_time bigint, OUT rated bigint, OUT satisfied bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT count(*),
         count(*) FILTER (WHERE c.deadline IS NOT NULL AND (c.answered_on IS NOT NULL OR c.deadline < current_date)),
         count(*) FILTER (WHERE c.deadline IS NOT NULL AND c.answered_on IS NOT NULL AND c.answered_on <= c.deadline),
         count(c.rating),
         count(*) FILTER (WHERE c.rating IN ('满意', '基本满意'))
  FROM citizen_case c JOIN deputy d ON d.id = c.deputy_id
  WHERE d.qr_token = token AND c.received_on >= since
$$"""


def upgrade() -> None:
    op.create_table(
        'deputy_page_off',
        sa.Column('county_id', sa.Integer(), nullable=False),
        sa.Column('switched_at', sa.DateTime(), nullable=False),
        sa.Column('switched_by', sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(['county_id'], ['station.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('county_id'),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(BODY)
        op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {SIGNATURE}")
    op.drop_table('deputy_page_off')
