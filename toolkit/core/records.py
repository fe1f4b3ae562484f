"""Fetch-or-refuse: the one way a service gets a row by its key, or tells the user it is not there."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from .errors import NotFound

T = TypeVar("T")


def fetch(session: Session, model: type[T], key, options=()) -> T:
    """The row of `model` with this primary key, or NotFound「代表（编号7）不存在」; each table names
    itself in Chinese with `__noun__`."""
    row = session.get(model, key, options=list(options)) if key is not None else None
    if row is None:
        raise NotFound(f"{model.__noun__}（编号{key}）不存在")
    return row
