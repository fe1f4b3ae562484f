"""筛选: a decision on every criterion, the reserve pool, and the candidate list of a vote."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import SCREENING_CRITERIA
from toolkit.network.department_directory import departments
from toolkit.projects.proposals import (
    proposals,
    screen,
)
from toolkit.projects.votes import add_from_reserve

from ..pieces.common import MessageArea, guarded, table_html
from .choice import ChoicePanel

WIDE = w.Layout(width="460px")
NARROW = {"description_width": "90px"}


class ScreeningPanel(ChoicePanel):
    """筛选: judge each criterion, give the reason, estimate and unit; then form a vote's candidates."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.pick = w.Dropdown(description="项目建议", layout=WIDE, style=NARROW)
        self.criteria = {k: w.Checkbox(description=f"符合{label}", value=False, indent=False,
                                       layout=w.Layout(width="auto", margin="0 24px 0 0"))
                         for k, label in SCREENING_CRITERIA.items()}
        self.reason = w.Textarea(description="筛选理由", placeholder="民生议事会意见：必要性、可行性、成本、财政承受能力、合法性",
                                 layout=w.Layout(width="460px", height="70px"), style=NARROW)
        self.cost = w.FloatText(description="估算（万元）", style=NARROW)
        with self.db.reader() as s:
            depts = departments(s)
        self.department = w.Dropdown(description="责任单位", options=[("（请选择）", 0)] + [(n, i) for i, n in depts], value=0,
                                     style=NARROW)
        self.decide_button = w.Button(description="作出筛选决定", button_style="primary")
        self.decide_button.on_click(self.decide)
        self.reserve = w.SelectMultiple(description="储备库", layout=w.Layout(width="460px", height="140px"), style=NARROW)
        self.to_vote_button = w.Button(description="列为当前票决的候选项目", layout=w.Layout(width="220px"))
        self.to_vote_button.on_click(self.to_vote)
        self.listing = w.HTML()
        super().__init__([
            w.HTML("<h4>筛选（全部标准符合的入储备库，否则不入选；每项决定都写明理由）</h4>"),
            self.pick, w.HBox(list(self.criteria.values())), self.reason, w.HBox([self.cost, self.department]),
            self.decide_button, w.HTML("<hr><h4>组成候选项目名单</h4>"), w.HBox([self.reserve, self.to_vote_button]),
            self.message, self.listing])

    def refresh(self) -> None:
        """Proposals awaiting a decision and the reserve pool of the chosen call."""
        cid = self.call_id
        if cid is None:
            self.pick.options, self.reserve.options, self.listing.value = [], [], ""
            return
        with self.db.reader() as s:
            df = proposals(s, cid)
        open_ = df[df["状态"].isin(["待筛选", "入储备库", "未入选"])]
        self.pick.options = [(f"{r['编号']} {r['项目名称']}（{r['状态']}）", int(r["编号"])) for _, r in open_.iterrows()]
        self.pick.index = 0 if len(open_) else None
        pool = df[df["状态"] == "入储备库"]
        self.reserve.options = [(f"{r['项目名称']}（{r['估算金额（万元）']:g}万元，{r['责任单位']}）", int(r["编号"]))
                                for _, r in pool.iterrows()]
        shown = df[df["状态"] != "已合并"][["编号", "项目名称", "附议人数", "状态", "估算金额（万元）", "责任单位", "筛选理由"]]
        self.listing.value = table_html(shown.astype(object).fillna("")) if len(shown) else ""

    @guarded
    def decide(self, _=None) -> None:
        """Record the decision on the chosen proposal."""
        if self.pick.value is None:
            raise ToolkitError("请选择项目建议")
        with self.db.unit_of_work() as s:
            outcome = screen(s, self.pick.value, {k: c.value for k, c in self.criteria.items()}, self.reason.value, cost=self.cost.value or None, department_id=self.department.value or None)
        self.reason.value = ""
        self.changed += 1
        self.message.show("已列入储备库。" if outcome == "reserve" else "已作出不予入选的决定，理由已记录。", "ok")

    @guarded
    def to_vote(self, _=None) -> None:
        """Put the selected reserve projects on the chosen vote's ballot."""
        if self.vote_id is None:
            raise ToolkitError("请先在「筹备票决」中建立票决，并在上方选中它")
        if not self.reserve.value:
            raise ToolkitError("请在储备库中选择项目")
        with self.db.unit_of_work() as s:
            n = add_from_reserve(s, self.vote_id, list(self.reserve.value))
        self.changed += 1
        self.message.show(f"已将{n}个项目列为候选项目。", "ok")
