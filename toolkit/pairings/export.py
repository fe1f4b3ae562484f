"""Pairings and the contact log to one Excel file (two sheets)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..formats.spreadsheets import write_xlsx_sheets
from .queries import PairingFilter, contacts, list_pairings


def export_pairings(session: Session, f: PairingFilter | None = None) -> bytes:
    """Every matching pairing (history too if the filter allows) and every contact."""
    pairs = list_pairings(session, f or PairingFilter(active_only=False), page_size=0).drop(columns=["id"])
    log = contacts(session)
    return write_xlsx_sheets({"三联结对": (list(pairs.columns), pairs.astype(str).values.tolist()),
                              "联系记录": (list(log.columns), log.astype(str).values.tolist())})
