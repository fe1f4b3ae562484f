"""notifications reach people: text messages (短信) in the outbox, exported SMS, and where staff and
deputies hear of things (app_user.email/phone, deputy.email)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 12:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: Union[str, Sequence[str], None] = '0015'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CHANNELS_BEFORE = "channel IN ('email', 'wecom', 'dingtalk')"
STATES_BEFORE = "state IN ('pending', 'sending', 'sent', 'failed', 'given_up')"
CHANNELS_AFTER = "channel IN ('email', 'wecom', 'dingtalk', 'sms')"
STATES_AFTER = "state IN ('pending', 'sending', 'sent', 'failed', 'given_up', 'exported')"


def _checks(channels: str, states: str) -> None:
    # SQLite cannot alter a CHECK: batch mode copies the table (PostgreSQL alters it in place).
    with op.batch_alter_table('outbox') as b:
        b.drop_constraint('ck_outbox_channel', type_='check')
        b.drop_constraint('ck_outbox_state', type_='check')
        b.create_check_constraint('ck_outbox_channel', channels)
        b.create_check_constraint('ck_outbox_state', states)


def upgrade() -> None:
    _checks(CHANNELS_AFTER, STATES_AFTER)
    op.add_column('app_user', sa.Column('email', sa.String(length=120), nullable=True))
    op.add_column('app_user', sa.Column('phone', sa.String(length=30), nullable=True))
    op.add_column('deputy', sa.Column('email', sa.String(length=120), nullable=True))


def downgrade() -> None:
    op.drop_column('deputy', 'email')
    op.drop_column('app_user', 'phone')
    op.drop_column('app_user', 'email')
    op.execute("DELETE FROM outbox WHERE channel = 'sms' OR state = 'exported'")
    _checks(CHANNELS_BEFORE, STATES_BEFORE)
