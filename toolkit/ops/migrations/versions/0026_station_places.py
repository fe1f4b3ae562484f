"""Where a station is and when it receives: 经度, 纬度 (WGS-84, within China's extent, both or neither)
and 接待日, for the map and the citizens' 找联络站 page

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-08 01:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0026'
down_revision: Union[str, Sequence[str], None] = '0025'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('station') as batch:
        batch.add_column(sa.Column('reception_days', sa.String(length=60), nullable=True))
        batch.add_column(sa.Column('longitude', sa.Float(), nullable=True))
        batch.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch.create_check_constraint('ck_station_coordinates_pair', '(longitude IS NULL) = (latitude IS NULL)')
        batch.create_check_constraint(
            'ck_station_coordinates_china',
            'longitude IS NULL OR (longitude BETWEEN 73 AND 136 AND latitude BETWEEN 3 AND 54)')


def downgrade() -> None:
    with op.batch_alter_table('station') as batch:
        batch.drop_constraint('ck_station_coordinates_china', type_='check')
        batch.drop_constraint('ck_station_coordinates_pair', type_='check')
        batch.drop_column('latitude')
        batch.drop_column('longitude')
        batch.drop_column('reception_days')
