"""IntakePage: the public page a deputy's QR code opens (码上找代表). Shows the deputy and a form,
nothing else from the database."""
from __future__ import annotations

import os
from urllib.parse import parse_qs

import ipywidgets as w

from toolkit.cases.public_intake import deputy_card, submit_opinion
from toolkit.cases.services import CONTENT_LIMIT
from toolkit.core.db import Database, connect
from toolkit.core.errors import NotFound
from toolkit.core.glossary import CATEGORIES
from toolkit.core.markup import html

from ..page.preheat import wait_for_request
from ..pieces.common import MessageArea, guarded


def query_param(name: str) -> str:
    """A parameter of the page's address (Voilà hands the query string to the kernel)."""


    wait_for_request()   # a preheated kernel learns its page's address only when it is requested
    query = os.environ.get("QUERY_STRING", "")
    return (parse_qs(query).get(name) or [""])[0]


def token_from_url() -> str:
    """The d= parameter: the deputy's QR token."""
    return query_param("d")


class IntakePage(w.VBox):
    """One citizen, one opinion at a time; the toolkit bounds text and refuses floods."""

    def __init__(self, db: Database | None = None, token: str | None = None, client: str | None = None):
        self.db = db or connect()
        self.token = token if token is not None else token_from_url()
        # The proxy's address header names the client; without it every visitor is one client
        # (toolkit.cases.public_intake), so reloading the page does not make a new one.
        self.client = client or os.environ.get("HTTP_X_REAL_IP") or ""
        self.message = MessageArea()
        self.heading = w.HTML()
        self.content = w.Textarea(placeholder=f"请写下您想反映的问题或建议（{CONTENT_LIMIT}字以内）",
                                  layout=w.Layout(width="100%", height="160px"))
        self.content.add_class("lz-intake-content")
        self.category = w.Dropdown(description="问题类别", options=CATEGORIES, value="其他")
        self.name = w.Text(description="称呼", placeholder="可不填")
        self.name.add_class("lz-intake-name")
        self.phone = w.Text(description="手机号", placeholder="可不填，便于代表回复")
        self.submit = w.Button(description="提交", button_style="danger", layout=w.Layout(width="200px", height="44px"))
        self.submit.add_class("lz-intake-submit")
        self.submit.on_click(self.send_opinion)
        self.receipt = w.HTML()
        self.form = w.VBox([self.content, self.category, self.name, self.phone, self.submit])
        super().__init__([self.heading, self.form, self.message, self.receipt],
                         layout=w.Layout(max_width="640px", margin="0 auto"))
        self._load()

    @guarded
    def _load(self) -> None:
        try:
            with self.db.reader() as s:
                card = deputy_card(s, self.token)
        except NotFound as e:
            self.form.layout.display = "none"
            self.heading.value = "<h2>码上找代表</h2>"
            raise e
        self.heading.value = html("<h2>向 {} 代表反映意见</h2><p>{} · 您的意见将由联络站登记并跟踪办理，提交后会得到一个案件编号。</p>",
                                  card["代表"], card["联络站"])

    @guarded
    def send_opinion(self, _=None) -> None:
        """Submit once; the button is held while the toolkit writes."""
        self.submit.disabled = True
        try:
            with self.db.unit_of_work() as s:
                number = submit_opinion(s, self.token, self.content.value, self.category.value,
                                        self.name.value, self.phone.value, self.client)
        finally:
            self.submit.disabled = False
        self.content.value = self.name.value = self.phone.value = ""
        self.number = number
        self.receipt.value = html("<div class='lz-msg-ok' style='font-size:18px'>提交成功！您的案件编号是 "
                                  "<b class='lz-receipt'>{}</b>，请记下以便查询。</div>", number)
        self.message.clear()
