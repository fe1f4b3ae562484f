"""The declarative base every table derives from, and CHECK constraints spelled from the glossary."""
from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


def one_of(column: str, values) -> str:
    """`column IN ('a', 'b')` over a glossary's identifiers: the database refuses any other value.
    The values are the glossary's own constants, never input, so repr() quoting is safe here."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """Declarative base of every table."""
