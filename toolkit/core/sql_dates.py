"""Date expressions each database spells its own way."""
from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


class year_month(GenericFunction):
    """'YYYY-MM' of a date column."""

    type = String()
    inherit_cache = True


@compiles(year_month, "sqlite")
def _year_month_sqlite(element, compiler, **kw):
    # Dates are stored as ISO text: the first seven characters, no date parsing per row; and the
    # same expression as in ix_case_figures, so SQLite groups by station and month in index order.
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"


@compiles(year_month)
def _year_month_default(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"
