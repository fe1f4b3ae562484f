"""secret ballot: no voting time, hashed codes, a box with no order of its own

- vote_register: `voted` (a flag) replaces `voted_at` (a time that lined up with the box's
  order); `code_hash` (a keyed hash, toolkit.core.keys) replaces the code in clear.
- eval_code: `code_hash` replaces the code; answers given with a code name its hash.
- ballot_box: on SQLite a table WITHOUT ROWID (rows sit in receipt order, no insertion order to
  read back); on PostgreSQL a SECURITY DEFINER function `ballot_box_reseal(vote)` rewrites a
  vote's box in receipt order after each ballot, so the rows' system columns (xmin, ctid) are
  shared by all and their order is the receipts' — the public account may call it, not DELETE.

Existing codes are hashed with this server's key (LIAISON_SECRET_KEY or its key file).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 02:20:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

RESEAL = """
CREATE OR REPLACE FUNCTION ballot_box_reseal(v integer) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  WITH gone AS (DELETE FROM ballot_box WHERE vote_id = v RETURNING receipt, vote_id, marks, paper)
  INSERT INTO ballot_box (receipt, vote_id, marks, paper)
  SELECT receipt, vote_id, marks, paper FROM gone ORDER BY receipt
$$"""


def _hash_codes(table: str, old: str, new: str) -> None:
    from toolkit.core.keys import code_hash
    bind = op.get_bind()
    for row_id, code in bind.execute(sa.text(f"SELECT id, {old} FROM {table} WHERE {old} IS NOT NULL")).all():
        bind.execute(sa.text(f"UPDATE {table} SET {new} = :h WHERE id = :i"), {"h": code_hash(code), "i": row_id})


def _copy_box_sqlite(rowid: bool) -> None:
    """SQLite cannot change a table's rowid: copy the box into a new table, in receipt order."""
    op.execute("CREATE TABLE ballot_box_copy (receipt VARCHAR(16) NOT NULL PRIMARY KEY, "
               "vote_id INTEGER NOT NULL REFERENCES vote (id) ON DELETE CASCADE, marks TEXT NOT NULL, "
               "paper BOOLEAN DEFAULT 0 NOT NULL)" + ("" if rowid else " WITHOUT ROWID"))
    op.execute("INSERT INTO ballot_box_copy SELECT receipt, vote_id, marks, paper FROM ballot_box ORDER BY receipt")
    op.drop_table('ballot_box')
    op.rename_table('ballot_box_copy', 'ballot_box')
    op.create_index('ix_ballot_box_vote_id', 'ballot_box', ['vote_id'])


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table('vote_register') as b:
        b.add_column(sa.Column('code_hash', sa.String(length=32), nullable=True))
        b.add_column(sa.Column('voted', sa.Boolean(), server_default=sa.false(), nullable=False))
    _hash_codes('vote_register', 'code', 'code_hash')
    op.execute("UPDATE vote_register SET voted = (voted_at IS NOT NULL)")
    with op.batch_alter_table('vote_register') as b:
        b.drop_constraint('uq_vote_register_code', type_='unique')
        b.drop_column('code')
        b.drop_column('voted_at')
        b.create_unique_constraint('uq_vote_register_code', ['code_hash'])

    with op.batch_alter_table('eval_code') as b:
        b.add_column(sa.Column('code_hash', sa.String(length=32), nullable=True))
    _hash_codes('eval_code', 'code', 'code_hash')
    from toolkit.core.keys import code_hash
    for row_id, who in bind.execute(sa.text("SELECT id, respondent FROM eval_response WHERE respondent LIKE 'code:%'")).all():
        bind.execute(sa.text("UPDATE eval_response SET respondent = :r WHERE id = :i"),
                     {"r": "code:" + code_hash(who[5:]), "i": row_id})
    op.create_table('eval_code_new',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('round_id', sa.Integer(), nullable=False),
                    sa.Column('code_hash', sa.String(length=32), nullable=False),
                    sa.ForeignKeyConstraint(['round_id'], ['eval_round.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('id'), sa.UniqueConstraint('code_hash'))
    op.execute("INSERT INTO eval_code_new (id, round_id, code_hash) SELECT id, round_id, code_hash FROM eval_code")
    op.drop_table('eval_code')
    op.rename_table('eval_code_new', 'eval_code')
    op.create_index('ix_eval_code_round_id', 'eval_code', ['round_id'])
    if bind.dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('eval_code', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM eval_code")

    if bind.dialect.name == "sqlite":
        _copy_box_sqlite(rowid=False)
    else:
        op.execute(RESEAL)
        op.execute("REVOKE ALL ON FUNCTION ballot_box_reseal(integer) FROM PUBLIC")
        # The public account may not write audit_log.actor: its rows take this default.
        op.execute("ALTER TABLE audit_log ALTER COLUMN actor SET DEFAULT 'public'")


def downgrade() -> None:
    """The old columns come back, but not their values: codes are unrecoverable (unused ones stop
    working) and a voter's time becomes their ballot's issue time."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _copy_box_sqlite(rowid=True)
    else:
        op.execute("DROP FUNCTION IF EXISTS ballot_box_reseal(integer)")
        op.execute("ALTER TABLE audit_log ALTER COLUMN actor DROP DEFAULT")
    with op.batch_alter_table('eval_code') as b:
        b.add_column(sa.Column('code', sa.String(length=12), nullable=True))
    op.execute("UPDATE eval_code SET code = substr(code_hash, 1, 12)")
    with op.batch_alter_table('eval_code') as b:
        b.drop_column('code_hash')
    with op.batch_alter_table('vote_register') as b:
        b.add_column(sa.Column('code', sa.String(length=16), nullable=True))
        b.add_column(sa.Column('voted_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE vote_register SET voted_at = issued_at WHERE voted")
    with op.batch_alter_table('vote_register') as b:
        b.drop_constraint('uq_vote_register_code', type_='unique')
        b.drop_column('code_hash')
        b.drop_column('voted')
        b.create_unique_constraint('uq_vote_register_code', ['code'])
