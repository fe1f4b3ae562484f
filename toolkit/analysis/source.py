"""Where an analysis reads from: a Database (as its user), a Session, or by default the connection
`use()` set, else `toolkit.connect()` (as the command line: trusted; under JupyterHub: the hub's
user). Every frame is read in one read-only transaction."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from typing import Iterator

import pandas as pd
from sqlalchemy.orm import Session

from ..admin.identity import connect
from ..core.db import Database
from ..core.errors import ToolkitError
from ..core.personal_data import mask_name, sees_personal_data
from ..core.principal import principal_of

_default: list[Database] = []


def use(db: Database) -> None:
    """Make `db` the connection every analysis function reads from when not given one."""
    _default[:] = [db]


@contextmanager
def reading(db: Database | Session | None) -> Iterator[Session]:
    if isinstance(db, Session):
        yield db
        return
    if db is None:
        if not _default:
            _default.append(connect())
        db = _default[0]
    with db.reader() as s:
        yield s


def frame(session: Session, query, columns: list[str]) -> pd.DataFrame:
    """The rows of a SELECT as a DataFrame with these column names, read as pandas reads SQL
    (the cursor's tuples straight into columns: no ORM rows, twice as fast at 180,000 cases)."""
    df = pd.read_sql(query, session.connection())
    df.columns = columns
    return df


def within_dates(query, column, start, end):
    """`query` kept to rows whose `column` lies from `start` to `end` (both included; either open)."""
    start, end = day(start), day(end)
    if start:
        query = query.where(column >= start)
    if end:
        query = query.where(column <= end)
    return query


def day(value) -> date | None:
    """A date from a date, a datetime, a pandas Timestamp or an ISO string ('2026-03-31')."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.date()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ToolkitError(f"「{value}」不是日期，应写成 2026-03-31") from None


def names_for(session: Session, names: pd.Series) -> pd.Series:
    """Deputies' names as this user may see them: an analyst sees 王** (the surname only)."""
    if sees_personal_data(principal_of(session)):
        return names
    return names.map(lambda n: mask_name(n) if isinstance(n, str) else n)


def typed(df: pd.DataFrame, dates=(), categories=(), ints=(), floats=()) -> pd.DataFrame:
    """Columns with the dtypes an analyst expects: dates as datetime64, labels as categories,
    counts as nullable integers (a missing count stays missing, not 0.0)."""
    for c in dates:
        df[c] = pd.to_datetime(df[c])
    for c in categories:
        df[c] = df[c].astype("category")
    for c in ints:
        df[c] = df[c].astype("Int64")
    for c in floats:
        df[c] = df[c].astype("float64")
    return df
