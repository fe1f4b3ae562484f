"""代表个人页面 (/m/TOKEN): a deputy's own page on their phone, opened from their personal link. It shows
the opinions received through their QR code or assigned to them, newest first, with number and state;
the link is also kept in a session cookie of its own path. No script; a wrong, revoked or expired link
shows no data (403)."""
from __future__ import annotations

from ..cases.deputy_page import deputy_page
from ..core.errors import NotFound
from .intake import TOKEN
from .web import PublicHandler

COOKIE = "deputy_link"


class DeputyPage(PublicHandler):
    """GET /m/TOKEN (from the link) or /m (the cookie): the deputy's opinions."""

    def _read(self, token: str) -> dict:
        with self.db.unit_of_work() as s:       # reading a link notes its use
            return deputy_page(s, token)

    async def get(self, token: str = "") -> None:
        token = token or self.get_cookie(COOKIE) or ""
        try:
            values = await self.in_db(self._read, token)
        except NotFound as e:
            self.clear_cookie(COOKIE, path="/m")
            return self.page("notice.html", 403, title="代表个人页面", text=e.message)
        self.set_cookie(COOKIE, token, path="/m", httponly=True, samesite="Strict",
                        secure=self.request.protocol == "https")
        self.page("deputy.html", **values)


ROUTES = [(rf"/m/({TOKEN})", DeputyPage), (r"/m", DeputyPage)]
