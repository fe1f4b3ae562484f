"""The lookup code (查询码): eight characters a citizen gets on the QR receipt, or in the text that
tells them their case was answered; with the case number it opens the lookup page and lets them
rate the answer. Only its keyed hash is kept."""
from __future__ import annotations

import secrets

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..core.keys import keyed_hash
from .models import Case

# No 0/O or 1/I/L: a code is read off a phone screen and typed again.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def issue_lookup_code(session: Session, number: str) -> str:
    """A new lookup code for the case, shown once; only its keyed hash is kept."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    session.execute(update(Case).where(Case.number == number).values(lookup_hash=keyed_hash("lookup", code)))
    return code
