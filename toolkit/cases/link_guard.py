"""Guessing personal links is counted: a client's wrong, revoked or expired links are remembered (as
wrong lookups are, in lookup_attempt, kept even though the request fails) and after
`link_failures_per_client_hour` in an hour the client is refused before any link is checked."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..admin.links import INVALID, LinkHolder, link_holder
from ..core.errors import NotFound, RememberedRefusal, ToolkitError
from ..core.settings import get_setting
from .models import LookupAttempt
from .public_intake import UNKNOWN_CLIENT, client_key

MARK = "个人链接"           # what lookup_attempt.case_number says for a link's try
LIMIT = "link_failures_per_client_hour"
TOO_MANY = "尝试次数过多，请一小时后再试，或联系联络站工作人员重新获取链接"


class WrongLink(RememberedRefusal, NotFound):
    """A wrong, revoked or expired link: refused with no data, and the try counted."""


class TooManyTries(ToolkitError):
    """A client past its hour's limit of wrong links."""


def guarded_holder(session: Session, token: str, client: str, now: datetime | None = None) -> LinkHolder:
    """Whose live link this is, refusing a client that has guessed too often."""
    now = now or datetime.now()
    key = client_key(client or UNKNOWN_CLIENT)
    tries = session.scalar(select(func.count(LookupAttempt.id)).where(
        LookupAttempt.client_key == key, LookupAttempt.case_number == MARK, LookupAttempt.at >= now - timedelta(hours=1)))
    if tries >= get_setting(session, LIMIT):
        raise TooManyTries(TOO_MANY)
    try:
        return link_holder(session, token, now)
    except NotFound:
        raise WrongLink(INVALID, LookupAttempt(client_key=key, case_number=MARK, at=now)) from None
