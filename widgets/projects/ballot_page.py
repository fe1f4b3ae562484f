"""BallotPage: a deputy's own voting page on the phone, opened from the code slip handed out at
the session (`ballot.ipynb?c=CODE`). It shows the vote and its candidates and nothing else; the
code works once, which the toolkit and the database enforce, not this page."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database, connect
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.projects.ballots import ballot_for_code, cast_with_code

from ..cases.intake_page import query_param
from ..pieces.ballot_sheet import BallotSheet, about
from ..pieces.common import MessageArea, guarded

BIG = w.Layout(width="100%", max_width="420px", height="56px", margin="8px 0")


class BallotPage(w.VBox):
    """Enter (or arrive with) the code, mark the ballot, confirm, get the receipt."""

    def __init__(self, db: Database | None = None, code: str | None = None):
        self.db = db or connect()
        self.message = MessageArea()
        self.title = w.HTML("<h2>民生实事项目票决 · 代表投票</h2>")
        self.code = w.Text(value=code if code is not None else query_param("c"), placeholder="请输入选票上的投票码",
                           layout=w.Layout(width="100%", max_width="420px", height="48px"))
        self.code.add_class("lz-kiosk-code")
        self.code.add_class("lz-phone-wide")
        self.enter_button = w.Button(description="进入选票", button_style="primary", layout=BIG)
        self.enter_button.add_class("lz-ballot-enter")
        self.enter_button.add_class("lz-big")
        self.enter_button.on_click(self.enter)
        self.sheet = BallotSheet()
        self.submit_button = w.Button(description="投入票箱", button_style="danger", layout=BIG)
        self.submit_button.add_class("lz-ballot-submit")
        self.submit_button.add_class("lz-big")
        self.submit_button.on_click(self.submit)
        super().__init__([self.title, self.code, self.enter_button, self.message])
        if self.code.value.strip():
            self.enter()

    @guarded
    def enter(self, _=None) -> None:
        """Show the ballot of this code."""
        with self.db.reader() as s:
            b = ballot_for_code(s, self.code.value)
        if b["state"] != "open":
            raise ToolkitError(f"「{b['vote']}」当前不在投票中")
        if b["voted"]:
            raise ToolkitError("该投票码已经投过票，每名代表只能投一票")
        self.sheet.show(b["form"], b["seats"], [(name, about(cost, dept)) for name, cost, dept in b["candidates"]])
        self.title.value = html("<h2>{}</h2><p>{}</p>", b["vote"], self.sheet.rule())
        self.children = [self.title, self.sheet, self.submit_button, self.message]
        self.message.clear()

    @property
    def marks(self) -> dict[str, w.Widget]:
        """The ballot's controls by candidate."""
        return self.sheet.marks

    @guarded
    def submit(self, _=None) -> None:
        """Cast the ballot; show the receipt and nothing to vote again with."""
        if self.sheet.ticked() > self.sheet.seats:
            raise ToolkitError(f"最多选{self.sheet.seats}项：多选的选票作废，请减少后再投")
        with self.db.unit_of_work() as s:
            receipt = cast_with_code(s, self.code.value, self.sheet.filled())
        self.children = [self.title, w.HTML(html(
            "<div class='lz-ballot-done'><h3>投票成功</h3><p>回执码：<b style='font-size:24px;letter-spacing:2px'>"
            "{}</b></p><p>请记下回执码。计票后可在公布的回执码名单中核对自己的选票已计入；回执码不显示投票人，"
            "也不能证明您投了什么。</p></div>", receipt))]
