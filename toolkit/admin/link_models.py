"""Typed table of the personal links (个人链接): a long random address a deputy or a grid worker opens on
their phone instead of a password; only a keyed hash of it is kept."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import LINK_HOLDERS
from ..network import models as network_models  # noqa: F401  (a deputy's link points at the deputy)


class PersonalLink(Base):
    """One personal link: whose (a deputy, or the grid worker of a mobile number), until when, revoked when."""

    __tablename__ = "personal_link"
    __audit__ = False        # issue and revocation are logged by toolkit.admin.links, without the hash
    __table_args__ = (
        CheckConstraint(one_of("holder", LINK_HOLDERS), name="ck_personal_link_holder"),
        CheckConstraint("(holder = 'deputy') = (deputy_id IS NOT NULL)", name="ck_personal_link_deputy"),
        CheckConstraint("(holder = 'grid_worker') = (mobile IS NOT NULL)", name="ck_personal_link_mobile"),
        CheckConstraint("expires_at > created_at", name="ck_personal_link_expiry"),
        Index("ux_personal_link_token_hash", "token_hash", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    holder: Mapped[str] = mapped_column(String(20))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id", ondelete="CASCADE"), index=True)
    mobile: Mapped[str | None] = mapped_column(String(11), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(50))
