"""征集, the first step of the project cycle: a call, proposals with their proposers, supporters, merging."""
from __future__ import annotations

from datetime import date

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import PROPOSAL_SOURCES
from toolkit.core.markup import html
from toolkit.projects.proposals import (
    default_window,
    merge,
    open_call,
    project_cases,
    proposals,
    propose,
    propose_from_case,
    support,
    window_left,
)

from ..pieces.common import MessageArea, guarded, table_html
from ..pieces.station_picker import StationPicker
from .choice import ChoicePanel

WIDE = w.Layout(width="460px")
NARROW = {"description_width": "90px"}


class CallPanel(ChoicePanel):
    """征集: open a call; record proposals with proposer, place, station; supporters; merge."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        start, end = default_window()
        self.call_name = w.Text(description="征集名称", placeholder="如：2027年县民生实事项目征集", layout=WIDE, style=NARROW)
        self.call_level = w.Dropdown(description="层级", options=[("县（区）", "county"), ("乡（镇）", "township")], style=NARROW)
        self.call_year = w.BoundedIntText(description="项目年度", value=date.today().year + 1, min=2000, max=2100, style=NARROW)
        self.call_from = w.DatePicker(description="征集开始", value=start, style=NARROW)
        self.call_to = w.DatePicker(description="征集结束", value=end, style=NARROW)
        self.call_button = w.Button(description="发布征集", button_style="primary")
        self.call_button.on_click(self.start_call)
        self.title = w.Text(description="项目名称", layout=WIDE, style=NARROW)
        self.proposer = w.Text(description="提出人", style=NARROW)
        self.source = w.Dropdown(description="来源", options=[(v, k) for k, v in PROPOSAL_SOURCES.items()], style=NARROW)
        self.place = w.Text(description="地点", placeholder="村（社区）、小区或路段", style=NARROW)
        # 0 stands for "none": a None value would show an empty box instead of the label.
        self.station = StationPicker(self.db, "所属站点", blank="（不填）", blank_value=0, style=NARROW, layout=WIDE)
        self.content = w.Textarea(description="具体内容", layout=w.Layout(width="460px", height="80px"), style=NARROW)
        self.add_button = w.Button(description="登记项目建议", button_style="primary")
        self.add_button.on_click(self.add_proposal)
        self.pick = w.Dropdown(description="项目建议", layout=WIDE, style=NARROW)
        self.supporter = w.Text(description="附议人", style=NARROW)
        self.support_button = w.Button(description="登记附议")
        self.support_button.on_click(self.add_support)
        self.merge_from = w.SelectMultiple(description="并入", layout=w.Layout(width="460px", height="90px"), style=NARROW)
        self.merge_button = w.Button(description="合并到上面选中的项目建议", layout=w.Layout(width="220px"))
        self.merge_button.on_click(self.merge_selected)
        self.cases = w.SelectMultiple(description="群众意见", layout=w.Layout(width="460px", height="90px"), style=NARROW)
        self.cases_button = w.Button(description="转为项目建议", layout=w.Layout(width="160px"))
        self.cases_button.on_click(self.from_cases)
        self.window = w.HTML()
        self.listing = w.HTML()
        super().__init__([
            w.HTML("<h4>发布征集（征集期一般不少于30天）</h4>"),
            w.HBox([w.VBox([self.call_name, self.call_level, self.call_year]), w.VBox([self.call_from, self.call_to, self.call_button])]),
            w.HTML("<hr><h4>登记项目建议</h4>"), self.window,
            w.HBox([w.VBox([self.title, self.station, self.content]), w.VBox([self.proposer, self.source, self.place, self.add_button])]),
            w.HTML("<h4>征集期内收到的「民生项目」类群众意见（站点登记、码上找代表）</h4>"),
            w.HBox([self.cases, self.cases_button]),
            w.HTML("<h4>附议与合并</h4>"), w.HBox([self.pick, self.supporter, self.support_button]),
            w.HBox([self.merge_from, self.merge_button]), self.message, self.listing])

    def refresh(self) -> None:
        """The chosen call's proposals."""
        cid = self.call_id
        if cid is None:
            self.window.value, self.listing.value = "<p>请先发布征集。</p>", ""
            self.pick.options, self.merge_from.options, self.cases.options = [], [], []
            return
        with self.db.reader() as s:
            df = proposals(s, cid)
            left = window_left(s, cid)
            self.cases.options = [(f"{n} {text}", i) for i, n, text in project_cases(s, cid)]
        self.window.value = html("<p>征集期剩余 <b>{}</b> 天。</p>", left) if left else "<p>征集期已结束，不再登记新的项目建议。</p>"
        live = df[df["状态"].isin(["待筛选", "入储备库"])]
        options = [(f"{r['编号']} {r['项目名称']}（{r['附议人数']}人）", int(r["编号"])) for _, r in live.iterrows()]
        keep = self.pick.value
        self.pick.options = options
        ids = [i for _, i in options]
        self.pick.index = ids.index(keep) if keep in ids else (0 if ids else None)
        self.merge_from.options = options
        self.listing.value = table_html(df.drop(columns=["估算金额（万元）", "责任单位", "筛选理由"])) if len(df) else "<p>尚无项目建议。</p>"

    @guarded
    def start_call(self, _=None) -> None:
        """Open a call."""
        with self.db.unit_of_work() as s:
            cid = open_call(s, self.call_name.value, self.call_level.value, self.call_year.value, self.call_from.value,
                            self.call_to.value)
        self.chosen_call = cid
        self.message.show("征集已发布。", "ok")

    def _call(self) -> int:
        if self.call_id is None:
            raise ToolkitError("请先发布或选择征集")
        return self.call_id

    @guarded
    def add_proposal(self, _=None) -> None:
        """Record one proposal."""
        with self.db.unit_of_work() as s:
            propose(s, self._call(), self.title.value, self.proposer.value, self.source.value,
                    content=self.content.value, station_id=self.station.value or None, place=self.place.value)
        self.title.value = self.content.value = self.place.value = ""
        self.changed += 1
        self.message.show("已登记项目建议。", "ok")

    @guarded
    def from_cases(self, _=None) -> None:
        """The selected citizens' opinions become proposals."""
        if not self.cases.value:
            raise ToolkitError("请选择要转为项目建议的群众意见")
        with self.db.unit_of_work() as s:
            for case_id in self.cases.value:
                propose_from_case(s, self._call(), case_id)
        n = len(self.cases.value)
        self.changed += 1
        self.message.show(f"已将{n}条群众意见转为项目建议。", "ok")

    @guarded
    def add_support(self, _=None) -> None:
        """One supporter for the chosen proposal."""
        if self.pick.value is None:
            raise ToolkitError("请选择项目建议")
        with self.db.unit_of_work() as s:
            support(s, self.pick.value, self.supporter.value)
        self.supporter.value = ""
        self.changed += 1
        self.message.show("已登记附议。", "ok")

    @guarded
    def merge_selected(self, _=None) -> None:
        """Merge the selected proposals into the chosen one."""
        if self.pick.value is None:
            raise ToolkitError("请选择合并目标")
        with self.db.unit_of_work() as s:
            merge(s, self.pick.value, list(self.merge_from.value))
        self.changed += 1
        self.message.show("已合并，提出人和附议人已并入。", "ok")
