"""个人链接 and 网格员转交: personal links (a keyed hash, an expiry, a revocation) for deputies and grid
workers; on PostgreSQL the public pages check a link and read a grid worker's own grids and
hand-offs only through checking functions keyed by the link's hash, and the first step of an
opinion names its channel for the two new ones too

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-08 02:30:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0029'
down_revision: Union[str, Sequence[str], None] = '0028'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen copies of the words the Python side writes (a migration keeps what it made when it ran).
QR_ACTOR, GRID_ACTOR = "群众（二维码）", "网格员（个人链接）"
CHANNELS = {"reception": "站内接待", "visit": "走访", "qr": "二维码", "book": "民情收集簿", "hotline": "12345人大代表通道",
            "mobile": "流动联络站", "grid": "网格"}
CHANNEL_CASES = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in CHANNELS.items())
OLD_CHANNEL_CASES = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in list(CHANNELS.items())[:5])

LIVE = "l.token_hash = h AND l.revoked_at IS NULL AND l.expires_at > localtimestamp"
FUNCTIONS = {
    # Whose live link a hash is (its last use noted); nothing for a wrong, revoked or expired one.
    "public_link_holder(text)": f"""
CREATE OR REPLACE FUNCTION public_link_holder(h text, OUT holder text, OUT deputy_id integer, OUT mobile text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE personal_link l SET last_used_at = localtimestamp WHERE {LIVE}
  RETURNING l.holder, l.deputy_id, l.mobile INTO holder, deputy_id, mobile;
END $$""",
    # A grid worker's own grids (by the link's mobile) with their stations and deputies.
    "public_worker_grids(text)": f"""
CREATE OR REPLACE FUNCTION public_worker_grids(h text) RETURNS TABLE (grid_id integer, grid_name text,
  station_id integer, station_name text, deputy_id integer, deputy_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT g.id, g.name::text, s.id, s.name::text, d.id, d.name::text
  FROM personal_link l JOIN grid g ON g.worker_mobile = l.mobile JOIN station s ON s.id = g.station_id
  LEFT JOIN grid_deputy gd ON gd.grid_id = g.id LEFT JOIN deputy d ON d.id = gd.deputy_id
  WHERE {LIVE} AND l.holder = 'grid_worker'
  ORDER BY s.id, g.name, d.stroke_key
$$""",
    # The worker's hand-offs since a day: number, day, grid, deputy, state, limit (no citizen, no text).
    "public_worker_handoffs(text, date)": f"""
CREATE OR REPLACE FUNCTION public_worker_handoffs(h text, since date) RETURNS TABLE (number text, received_on date,
  grid_name text, deputy_name text, state text, deadline date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.number::text, c.received_on, g.name::text, d.name::text, c.state::text, c.deadline
  FROM personal_link l JOIN grid g ON g.worker_mobile = l.mobile JOIN citizen_case c ON c.grid_id = g.id
  LEFT JOIN deputy d ON d.id = c.deputy_id
  WHERE {LIVE} AND l.holder = 'grid_worker' AND c.channel = 'grid' AND c.received_on >= since
  ORDER BY c.received_at DESC, c.id DESC
$$""",
}


def _collect_event(cases: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION public_collect_event(c integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE k citizen_case%ROWTYPE;
BEGIN
  SELECT * INTO k FROM citizen_case WHERE id = c;
  IF NOT FOUND OR k.state <> 'collected' OR EXISTS (SELECT 1 FROM case_event WHERE case_id = c) THEN
    RAISE EXCEPTION 'permission denied: only the first step of an opinion just taken in' USING ERRCODE = '42501';
  END IF;
  INSERT INTO case_event (case_id, at, actor, action, from_state, to_state, note)
  VALUES (c, k.received_at, CASE WHEN k.channel IN ('qr', 'mobile') THEN '{QR_ACTOR}'
                                 WHEN k.channel = 'grid' THEN '{GRID_ACTOR}' ELSE '群众' END, 'collect', NULL, 'collected',
          '渠道：' || CASE k.channel {cases} ELSE k.channel END);
END $$"""


def upgrade() -> None:
    op.create_table(
        'personal_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('holder', sa.String(length=20), nullable=False),
        sa.Column('deputy_id', sa.Integer(), nullable=True),
        sa.Column('mobile', sa.String(length=11), nullable=True),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('last_used_at', sa.DateTime(), nullable=True),
        sa.Column('created_by', sa.String(length=50), nullable=False),
        sa.CheckConstraint("holder IN ('deputy', 'grid_worker')", name='ck_personal_link_holder'),
        sa.CheckConstraint("(holder = 'deputy') = (deputy_id IS NOT NULL)", name='ck_personal_link_deputy'),
        sa.CheckConstraint("(holder = 'grid_worker') = (mobile IS NOT NULL)", name='ck_personal_link_mobile'),
        sa.CheckConstraint('expires_at > created_at', name='ck_personal_link_expiry'),
        sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ux_personal_link_token_hash', 'personal_link', ['token_hash'], unique=True)
    op.create_index('ix_personal_link_deputy_id', 'personal_link', ['deputy_id'])
    op.create_index('ix_personal_link_mobile', 'personal_link', ['mobile'])
    if op.get_bind().dialect.name != "postgresql":
        return          # SQLite has no accounts: the Python services are the whole line there
    for signature, body in FUNCTIONS.items():
        op.execute(body)
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    op.execute(_collect_event(CHANNEL_CASES))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_collect_event(OLD_CHANNEL_CASES).replace("k.channel IN ('qr', 'mobile')", "k.channel = 'qr'"))
        for signature in reversed(FUNCTIONS):
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
    op.drop_table('personal_link')
