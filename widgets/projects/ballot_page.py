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
        self.sheet = w.VBox()
        self.tally = w.HTML()
        self.submit_button = w.Button(description="投入票箱", button_style="danger", layout=BIG)
        self.submit_button.add_class("lz-ballot-submit")
        self.submit_button.add_class("lz-big")
        self.submit_button.on_click(self.submit)
        self.marks: dict[str, w.Widget] = {}
        self.form, self.seats = "itemised", 0
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
        self.form, self.seats = b["form"], b["seats"]
        rows = []
        self.marks = {}
        for name, cost, dept in b["candidates"]:
            about = "　".join(x for x in (dept, f"估算{cost:g}万元" if cost else "") if x)
            label = w.HTML(html("<div class='lz-ballot-name'><b>{}</b><br><small>{}</small></div>", name, about))
            if self.form == "itemised":
                pick = w.ToggleButtons(options=["赞成", "反对", "弃权"], value="弃权",
                                       style={"button_width": "88px"})
            else:
                pick = w.Checkbox(description="选择", value=False, indent=False)
                pick.observe(lambda _: self._count_marks(), "value")
            self.marks[name] = pick
            row = w.VBox([label, pick], layout=w.Layout(border="1px solid #ddd", padding="6px", margin="4px 0",
                                                        max_width="420px"))
            row.add_class("lz-ballot-row")
            rows.append(row)
        rule = ("逐项表决：对每个项目选择赞成、反对或弃权；未选的按弃权计。" if self.form == "itemised"
                else f"限额选择：最多选{self.seats}项，多选则选票作废。")
        self.title.value = html("<h2>{}</h2><p>{}</p>", b["vote"], rule)
        self.sheet.children = rows
        self._count_marks()
        self.children = [self.title, self.sheet, self.tally, self.submit_button, self.message]
        self.message.clear()

    def _count_marks(self) -> None:
        if self.form == "limited":
            n = sum(c.value for c in self.marks.values())
            over = n > self.seats
            self.tally.value = html("<p style='color:{}'>已选{}项，最多{}项{}</p>", "#c00" if over else "#333",
                                    n, self.seats, "：超过限额，请减少" if over else "")

    @guarded
    def submit(self, _=None) -> None:
        """Cast the ballot; show the receipt and nothing to vote again with."""
        marks = {n: (c.value if self.form == "itemised" else ("√" if c.value else "")) for n, c in self.marks.items()}
        if self.form == "limited" and sum(bool(v) for v in marks.values()) > self.seats:
            raise ToolkitError(f"最多选{self.seats}项：多选的选票作废，请减少后再投")
        with self.db.unit_of_work() as s:
            receipt = cast_with_code(s, self.code.value, marks)
        self.children = [self.title, w.HTML(html(
            "<div class='lz-ballot-done'><h3>投票成功</h3><p>回执码：<b style='font-size:24px;letter-spacing:2px'>"
            "{}</b></p><p>请记下回执码。计票后可在公布的回执码名单中核对自己的选票已计入；回执码不显示投票人，"
            "也不能证明您投了什么。</p></div>", receipt))]
