"""代表个人页面 (/m/TOKEN): a deputy's own page on their phone, opened from their personal link. It shows
the opinions received through their QR code or assigned to them, newest first, with number and state;
the link is also kept in a session cookie of its own path. No script; a wrong, revoked or expired link
shows no data (403)."""
from __future__ import annotations

from ..cases.deputy_page import REPLY_LIMIT, deputy_case, deputy_page, deputy_reply
from ..cases.deputy_record import public_record
from ..cases.link_guard import TooManyTries, guarded_holder
from ..core.errors import NotFound, ToolkitError
from ..suggestions.deputy_view import my_suggestions
from .intake import TOKEN
from .web import PublicHandler

COOKIE = "deputy_link"


class DeputyPage(PublicHandler):
    """GET /m/TOKEN (from the link) or /m (the cookie): the deputy's opinions."""

    def _read(self, token: str, client: str) -> dict:
        with self.db.unit_of_work() as s:       # reading a link notes its use; a wrong one is counted
            guarded_holder(s, token, client)
            return {**deputy_page(s, token), "suggestions": my_suggestions(s, token)}

    async def get(self, token: str = "") -> None:
        token = token or self.get_cookie(COOKIE) or ""
        try:
            values = await self.in_db(self._read, token, self.client())
        except TooManyTries as e:
            return self.page("notice.html", 429, title="代表个人页面", text=e.message)
        except NotFound as e:
            self.clear_cookie(COOKIE, path="/m")
            return self.page("notice.html", 403, title="代表个人页面", text=e.message)
        self.set_cookie(COOKIE, token, path="/m", httponly=True, samesite="Strict",
                        secure=self.request.protocol == "https")
        self.page("deputy.html", **values)


class DeputyCasePage(PublicHandler):
    """GET /m/c/NUMBER: one of the deputy's opinions with its timeline; POST: the deputy's reply to the
    citizen (首问负责, shown on the citizen's lookup page) or their own note. By the link's cookie only."""

    def _read(self, number: str, client: str = "") -> dict:
        with self.db.unit_of_work() as s:
            guarded_holder(s, self.get_cookie(COOKIE) or "", client)
            return deputy_case(s, self.get_cookie(COOKIE) or "", number)

    def _write(self, number: str, words: str, private: bool, client: str) -> None:
        with self.db.unit_of_work() as s:
            guarded_holder(s, self.get_cookie(COOKIE) or "", client)
            deputy_reply(s, self.get_cookie(COOKIE) or "", number, words, private)

    async def get(self, number: str) -> None:
        try:
            case = await self.in_db(self._read, number, self.client())
        except TooManyTries as e:
            return self.page("notice.html", 429, title="代表个人页面", text=e.message)
        except NotFound as e:
            return self.page("notice.html", 403 if "链接" in e.message else 404, title="代表个人页面", text=e.message)
        self.page("deputy_case.html", case=case, limit=REPLY_LIMIT, error="", words="",
                  done=self.get_query_argument("done", "") in ("reply", "note"))

    async def post(self, number: str) -> None:
        words, private = "", False
        try:
            words, private = self.field("words"), self.field("kind") == "note"
            await self.in_db(self._write, number, words, private, self.client())
        except TooManyTries as e:
            return self.page("notice.html", 429, title="代表个人页面", text=e.message)
        except NotFound as e:
            return self.page("notice.html", 403 if "链接" in e.message else 404, title="代表个人页面", text=e.message)
        except ToolkitError as e:
            case = await self.in_db(self._read, number, self.client())
            return self.page("deputy_case.html", 400, case=case, limit=REPLY_LIMIT, error=e.message, words=words,
                             done=False)
        self.redirect(f"/m/c/{case_path(number)}?done={'note' if private else 'reply'}", status=303)


def case_path(number: str) -> str:
    """A case number as it may stand in our own address (letters, digits and dashes only)."""
    return "".join(ch for ch in number if ch.isalnum() or ch == "-")[:40]


class DeputyRecordPage(PublicHandler):
    """GET /r/QR_TOKEN: the deputy's public page for citizens (代表履职公开页), linked from the QR page."""

    def _read(self, token: str) -> dict:
        with self.db.reader() as s:
            return public_record(s, token)

    async def get(self, token: str) -> None:
        try:
            record = await self.in_db(self._read, token)
        except NotFound as e:
            return self.page("notice.html", 404, title="代表履职公开页", text=e.message)
        self.page("deputy_record.html", record=record, token=token)


ROUTES = [(rf"/m/({TOKEN})", DeputyPage), (r"/m", DeputyPage), (r"/m/c/([A-Za-z0-9-]{1,40})", DeputyCasePage)]
RECORD_ROUTES = [(rf"/r/({TOKEN})", DeputyRecordPage)]
