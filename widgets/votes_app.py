"""VotesApp: set up a 民生实事项目票决, let deputies cast secret ballots, close, count, announce."""
from __future__ import annotations

import html
import json

import ipywidgets as w

from toolkit.config import current_actor
from toolkit.db import Database, connect
from toolkit.errors import ToolkitError
from toolkit.vote_ballots import cast, published_box
from toolkit.votes import (
    STATES, add_candidate, candidates, close_and_count, create_vote, get_vote, list_votes, open_vote,

)

from .common import MessageArea, download_link, guarded
from .deputy_picker import DeputyPicker

TABS = ("筹备票决", "代表投票", "计票与公告")
WIDE = w.Layout(width="460px")


class VotesApp(w.Tab):
    """Three tabs over the chosen vote; secrecy and one-ballot are the toolkit's and the database's."""

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self.votes = w.Dropdown(description="票决", layout=WIDE)
        self.votes.observe(lambda _: self.refresh(), "value")
        super().__init__(children=[self._setup(), self._ballot(), self._count()], titles=TABS)
        self.reload()

    def _setup(self) -> w.Widget:
        self.message = MessageArea()
        self.name = w.Text(description="名称", layout=WIDE)
        self.level = w.Dropdown(description="人代会", options=[("县（区）人代会", "county"), ("乡（镇）人代会", "township")])
        self.seats = w.BoundedIntText(description="应选项目数", value=10, min=1, max=100)
        self.electorate = w.BoundedIntText(description="全体代表数", value=200, min=1, max=100000)
        self.form = w.Dropdown(description="表决方式", options=[("逐项表决", "itemised"), ("限额选择", "limited")])
        self.threshold = w.Dropdown(description="通过标准", options=[("全体代表过半数", "all"), ("出席代表过半数", "present")])
        for c in (self.name, self.seats, self.electorate, self.form, self.threshold, self.level):
            c.style.description_width = "100px"
        self.create_button = w.Button(description="建立票决", button_style="primary")
        self.candidate = w.Text(description="候选项目", layout=WIDE)
        self.add_button = w.Button(description="加入候选项目")
        self.open_button = w.Button(description="开始投票（锁定候选项目）", button_style="danger", layout=w.Layout(width="220px"))
        self.listing = w.HTML()
        self.create_button.on_click(self.create)
        self.add_button.on_click(self.add)
        self.open_button.on_click(self.start_vote)
        return w.VBox([self.name, self.level, self.seats, self.electorate, self.form, self.threshold,
                       self.create_button, w.HTML("<hr>"), self.votes, w.HBox([self.candidate, self.add_button]),
                       self.listing, self.open_button, self.message])

    def _ballot(self) -> w.Widget:
        self.voter = DeputyPicker(self.db, "投票代表")
        self.ballot = w.VBox()
        self.cast_button = w.Button(description="投入票箱", button_style="danger", layout=w.Layout(width="200px", height="48px"))
        self.cast_button.add_class("lz-vote-cast")
        self.cast_button.on_click(self.cast)
        self.ballot_message = MessageArea()
        return w.VBox([w.HTML("工作人员核对代表身份后选择代表，由代表本人填写选票。选票不记录投票人。"),
                       self.voter, self.ballot, self.cast_button, self.ballot_message])

    def _count(self) -> w.Widget:
        self.present = w.IntText(description="出席代表数")
        self.count_button = w.Button(description="结束投票并计票", button_style="danger", layout=w.Layout(width="200px"))
        self.count_button.on_click(self.count)
        self.result = w.HTML()
        self.count_message = MessageArea()
        return w.VBox([self.present, self.count_button, self.count_message, self.result])

    def reload(self) -> None:
        """Votes newest first; the newest is chosen."""
        with self.db.reader() as s:
            rows = list_votes(s)
        keep = self.votes.value
        self.votes.options = [(f"{n}（{STATES[st]}）", i) for i, n, st in rows]
        ids = [i for i, _, _ in rows]
        self.votes.index = ids.index(keep) if keep in ids else (0 if ids else None)
        self.refresh()

    def refresh(self) -> None:
        """Candidates, the ballot form and the result of the chosen vote."""
        if self.votes.value is None:
            return
        with self.db.reader() as s:
            v = get_vote(s, self.votes.value)
            names, form, state, result, fp = candidates(s, v.id), v.form, v.state, v.result, v.fingerprint
        self.listing.value = "候选项目：" + ("、".join(html.escape(n) for n in names) or "（尚无）")
        if form == "itemised":
            self.marks = {n: w.ToggleButtons(options=["赞成", "反对", "弃权"], value="弃权", description=n,
                                             style={"description_width": "160px"}) for n in names}
        else:
            self.marks = {n: w.Checkbox(description=n, value=False) for n in names}
        self.ballot.children = list(self.marks.values())
        self.result.value = self._announce(json.loads(result), fp) if result else f"<p>状态：{STATES[state]}</p>"

    @staticmethod
    def _announce(r: dict, fp: str) -> str:
        if r["void"]:
            return f"<div class='lz-msg-error'>本次票决无效：{html.escape(r['void'])}</div>"
        rows = "".join(f"<tr><td>{html.escape(n)}</td><td>{c['for']}</td><td>{c['against']}</td><td>{c['abstain']}</td>"
                       f"<td>{'通过' if n in r['passed'] else ''}</td><td>{'入选' if n in r['selected'] else ''}</td></tr>"
                       for n, c in r["candidates"].items())
        runoff = f"<p>并列需另行表决：{'、'.join(r['runoff'])}</p>" if r["runoff"] else ""
        return (f"<p>收回{r['ballots']}张，有效{r['valid']}张，无效{r['invalid']}张；空缺{r['unfilled']}项。</p>"
                f"<table class='lz-table'><tr><th>项目</th><th>赞成</th><th>反对</th><th>弃权</th><th>通过</th><th>入选</th></tr>"
                f"{rows}</table>{runoff}<p>票箱指纹：<code>{fp}</code></p>")

    def _need_vote(self) -> int:
        if self.votes.value is None:
            raise ToolkitError("请先建立或选择票决")
        return self.votes.value

    @guarded
    def create(self, _=None) -> None:
        """Set up the vote."""
        with self.db.unit_of_work() as s:
            create_vote(s, self.name.value, self.level.value, self.seats.value, self.electorate.value,
                        current_actor(), self.form.value, self.threshold.value)
        self.reload()
        self.message.show("已建立票决，请加入候选项目。", "ok")

    @guarded
    def add(self, _=None) -> None:
        """One more candidate."""
        with self.db.unit_of_work() as s:
            add_candidate(s, self._need_vote(), self.candidate.value)
        self.candidate.value = ""
        self.refresh()

    @guarded
    def start_vote(self, _=None) -> None:
        """Open the vote; candidates and rules freeze."""
        with self.db.unit_of_work() as s:
            open_vote(s, self._need_vote())
        self.reload()
        self.message.show("投票已开始，候选项目与规则已锁定。", "ok")

    @guarded(area="ballot_message")
    def cast(self, _=None) -> None:
        """Put the ballot in the box; show the receipt."""
        if self.voter.value is None:
            raise ToolkitError("请先查找并选择投票代表")
        marks = {n: (c.value if isinstance(c.value, str) else ("√" if c.value else "")) for n, c in self.marks.items()}
        with self.db.unit_of_work() as s:
            receipt = cast(s, self._need_vote(), self.voter.value, marks)
        self.voter.text.value = ""
        self.refresh()
        self.ballot_message.show(f"已投票。回执码 {receipt}：计票后可在公布的票箱中核对。", "ok")

    @guarded(area="count_message")
    def count(self, _=None) -> None:
        """Close and count; offer the announcement and the published box."""
        vid = self._need_vote()
        with self.db.unit_of_work() as s:
            close_and_count(s, vid, self.present.value or None)
            box = published_box(s, vid)
        self.reload()
        page = self.result.value + "<h3>票箱</h3>" + "".join(f"<div>{r}：{html.escape(json.dumps(m, ensure_ascii=False))}</div>" for r, m in box)
        self.result.value += download_link(f"<meta charset='utf-8'>{page}".encode(), "票决结果公告.html", "下载结果公告", "text/html")
        self.count_message.show("计票完成。", "ok")
