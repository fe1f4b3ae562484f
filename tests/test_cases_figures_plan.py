"""The figures read the covering index, not the case rows: on SQLite the station and the
station × month groupings scan ix_case_figures in its order (no sort of every case); the
migration that makes the index goes down and up again on both databases."""
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import text

from toolkit.cases.stats import case_figures, figures_query
from toolkit.ops.schema import upgrade


def _plan(session, by: str) -> str:
    sql = str(figures_query(by, today=date(2026, 4, 1)).compile(session.bind, compile_kwargs={"literal_binds": True}))
    return " | ".join(r[-1] for r in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


@pytest.mark.parametrize("by", ["station", "station_month"])
def test_sqlite_counts_from_the_covering_index_in_its_order(session, by):
    if session.bind.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    plan = _plan(session, by)
    assert "COVERING INDEX ix_case_figures" in plan and "TEMP B-TREE" not in plan, plan


def test_the_index_migration_goes_down_and_up(engine, session):
    from alembic import command

    from toolkit.ops.schema import _config
    session.close()
    with engine.begin() as connection:
        command.downgrade(_config(connection), "0008")
    assert "ix_case_figures" not in _indexes(engine)
    upgrade(engine)
    assert "ix_case_figures" in _indexes(engine)


def _indexes(engine) -> set[str]:
    # SQLAlchemy does not reflect SQLite's expression indexes: ask each catalogue directly.
    sql = ("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'citizen_case'"
           if engine.dialect.name == "sqlite" else
           "SELECT indexname FROM pg_indexes WHERE tablename = 'citizen_case'")
    with engine.connect() as c:
        return set(c.scalars(text(sql)))


def test_figures_of_an_empty_database_are_one_row_of_zeros(session):
    row = case_figures(session, "all").iloc[0]
    assert row["合计"] == "合计" and (row["受理"], row["办结率"], row["满意率"]) == (0, 0.0, 0.0)
    assert pd.isna(row["平均答复天数"])
