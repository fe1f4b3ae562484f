"""码上找代表: the page a deputy's QR code opens — the deputy's name and station, a form, a receipt.

A taken opinion is answered with a redirect to its receipt (post-redirect-get: reloading the
receipt sends nothing again), and every form carries a one-time key, so the same form sent twice
(a double tap, the back button) files one case. Printed cards point at
`voila/render/intake.ipynb?d=TOKEN`; that address redirects here forever."""
from __future__ import annotations

import re
import secrets

import tornado.web
from sqlalchemy.exc import IntegrityError

from ..cases.lookup_codes import issue_lookup_code
from ..cases.public_intake import already_taken, deputy_card, point_card, submit_opinion, submit_point_opinion
from ..cases.services import CONTENT_LIMIT, NAME_LIMIT
from ..core.errors import NotFound, ToolkitError
from ..core.glossary import CATEGORIES
from .web import PublicHandler

TOKEN = r"[A-Za-z0-9_-]{1,64}"     # what network.qr.ensure_token makes (URL-safe)
RECEIPT = "receipt"                 # the cookie that carries the receipt to its own page, briefly
VISITOR = "visitor"                 # a random id per phone: its own flood limit behind a shared address
BLANK = {"content": "", "category": "其他", "name": "", "phone": ""}


class IntakePage(PublicHandler):
    """GET shows the form; POST takes the opinion (CSRF-checked) and shows the receipt. A deputy's
    code under /d; a mobile point's under /p (PointIntakePage), the same form and limits."""

    PREFIX, TITLE = "/d", "码上找代表"
    take = staticmethod(submit_opinion)

    def _card(self, token: str) -> dict:
        with self.db.reader() as s:
            card = deputy_card(s, token)
        return {**card, "heading": f"向 {card['代表']} 代表反映意见", "lead": card["联络站"],
                "handled_by": f"{card['代表']} 代表所在的{card['联络站']}", "open": True}

    def _submit(self, token: str, form: dict, client: str, once: str, visitor: str) -> tuple[str, str]:
        """(number, lookup code) of the new case; (number, "") when this form was sent before."""
        with self.db.reader() as s:
            taken = already_taken(s, once)
        if taken:
            return taken, ""
        try:
            with self.db.unit_of_work() as s:
                number = self.take(s, token, form["content"], form["category"], form["name"], form["phone"],
                                   client, once=once, visitor=visitor)
                return number, issue_lookup_code(s, number)
        except IntegrityError:         # the same form, sent twice at once: the other one filed it
            with self.db.reader() as s:
                return already_taken(s, once) or "", ""

    def _form(self, token: str, card: dict, status: int = 200, form: dict | None = None, error: str = "") -> None:
        if not self.get_cookie(VISITOR):    # nothing but a random id: no name, no address, not shared with anyone
            self.set_cookie(VISITOR, secrets.token_urlsafe(18), path=self.PREFIX, httponly=True, samesite="Lax",
                            max_age=365 * 86400, secure=self.request.protocol == "https")
        self.page("intake.html", status, card=card, token=token, prefix=self.PREFIX, title=self.TITLE,
                  categories=CATEGORIES, limit=CONTENT_LIMIT,
                  name_limit=NAME_LIMIT, form=form or BLANK, error=error, once=secrets.token_urlsafe(18))

    async def get(self, token: str) -> None:
        try:
            card = await self.in_db(self._card, token)
        except NotFound as e:
            return self.page("notice.html", 404, title=self.TITLE, text=e.message)
        self._form(token, card)

    async def post(self, token: str) -> None:
        try:
            card = await self.in_db(self._card, token)
        except NotFound as e:
            return self.page("notice.html", 404, title=self.TITLE, text=e.message)
        form = dict(BLANK)
        try:
            form = {k: self.field(k) for k in form}
            number, code = await self.in_db(self._submit, token, form, self.client(), self.field("once"),
                                            self.get_cookie(VISITOR) or "")
        except ToolkitError as e:          # shown beside the form, which keeps what was typed
            return self._form(token, card, 400, form, e.message)
        if code:                           # a sent-again form keeps the first receipt's cookie
            self.set_cookie(RECEIPT, f"{number}.{code}", path=f"{self.PREFIX}/{token}", httponly=True,
                            samesite="Strict", max_age=900, secure=self.request.protocol == "https")
        self.redirect(f"{self.PREFIX}/{token}/receipt?n={number}", status=303)


class ReceiptPage(IntakePage):
    """GET /d/TOKEN/receipt: the receipt of the opinion just taken (its lookup code from the brief
    cookie); reloading it files nothing."""

    async def get(self, token: str) -> None:
        try:
            card = await self.in_db(self._card, token)
        except NotFound as e:
            return self.page("notice.html", 404, title=self.TITLE, text=e.message)
        number, _, code = (self.get_cookie(RECEIPT) or "").partition(".")
        asked = self.get_query_argument("n", "")[:40]
        if number != asked:                # the receipt of another visit: its number only
            number, code = asked, ""
        self.page("receipt.html", card=card, number=number, code=code, title=self.TITLE)


class PointIntakePage(IntakePage):
    """/p/TOKEN: a mobile point's code (流动联络站): the point's name, place and days, the same form;
    once the point has closed the page says so and takes nothing."""

    PREFIX, TITLE = "/p", "流动联络站"
    take = staticmethod(submit_point_opinion)

    def _card(self, token: str) -> dict:
        with self.db.reader() as s:
            card = point_card(s, token)
        return {**card, "heading": f"在 {card['流动联络站']} 反映意见", "lead": f"{card['地点']} · {card['开放时间']}",
                "handled_by": f"设立该流动联络站的{card['联络站']}"}


class PointReceiptPage(ReceiptPage, PointIntakePage):
    """/p/TOKEN/receipt."""


class OldIntakeAddress(PublicHandler):
    """`voila/render/intake.ipynb?d=TOKEN`, as printed on the cards: moved here for good."""

    def get(self) -> None:
        token = self.get_query_argument("d", "").strip()
        if not re.fullmatch(TOKEN, token):
            raise tornado.web.HTTPError(404)
        self.redirect(f"/d/{token}", permanent=True)

