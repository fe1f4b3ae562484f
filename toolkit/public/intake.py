"""码上找代表: the page a deputy's QR code opens — the deputy's name and station, a form, a receipt.

Printed cards point at `voila/render/intake.ipynb?d=TOKEN`; that address redirects here forever."""
from __future__ import annotations

import re

import tornado.web

from ..cases.lookup_codes import issue_lookup_code
from ..cases.public_intake import deputy_card, submit_opinion
from ..cases.services import CONTENT_LIMIT, NAME_LIMIT
from ..core.errors import NotFound, ToolkitError
from ..core.glossary import CATEGORIES
from .web import PublicHandler

TOKEN = r"[A-Za-z0-9_-]{1,64}"     # what network.qr.ensure_token makes (URL-safe)


class IntakePage(PublicHandler):
    """GET shows the form; POST takes the opinion (CSRF-checked) and shows the receipt."""

    def _card(self, token: str) -> dict:
        with self.db.reader() as s:
            return deputy_card(s, token)

    def _submit(self, token: str, form: dict, client: str) -> tuple[str, str]:
        with self.db.unit_of_work() as s:
            number = submit_opinion(s, token, form["content"], form["category"], form["name"], form["phone"], client)
            return number, issue_lookup_code(s, number)

    async def get(self, token: str) -> None:
        try:
            card = await self.in_db(self._card, token)
        except NotFound as e:
            return self.page("notice.html", 404, title="码上找代表", text=e.message)
        self.page("intake.html", card=card, token=token, categories=CATEGORIES, limit=CONTENT_LIMIT,
                  name_limit=NAME_LIMIT,
                  form={"content": "", "category": "其他", "name": "", "phone": ""})

    async def post(self, token: str) -> None:
        try:
            card = await self.in_db(self._card, token)
        except NotFound as e:
            return self.page("notice.html", 404, title="码上找代表", text=e.message)
        form = {"content": "", "category": "其他", "name": "", "phone": ""}
        try:
            form = {k: self.field(k) for k in form}
            number, code = await self.in_db(self._submit, token, form, self.client())
        except ToolkitError as e:          # shown beside the form, which keeps what was typed
            return self.page("intake.html", 400, card=card, token=token, categories=CATEGORIES,
                             limit=CONTENT_LIMIT, name_limit=NAME_LIMIT, form=form, error=e.message)
        self.page("receipt.html", card=card, number=number, code=code)


class OldIntakeAddress(PublicHandler):
    """`voila/render/intake.ipynb?d=TOKEN`, as printed on the cards: moved here for good."""

    def get(self) -> None:
        token = self.get_query_argument("d", "").strip()
        if not re.fullmatch(TOKEN, token):
            raise tornado.web.HTTPError(404)
        self.redirect(f"/d/{token}", permanent=True)

