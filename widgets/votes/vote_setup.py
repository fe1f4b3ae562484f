"""筹备票决: a vote's rules and its candidates (from the reserve pool or typed), then opening it."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import VOTE_STATES
from toolkit.core.markup import html, join
from toolkit.projects.votes import add_candidate, advice_for, candidate_rows, create_vote, get_vote, open_vote

from ..pieces.common import MessageArea, guarded
from .choice import ChoicePanel

WIDE = w.Layout(width="460px")
LABEL = {"description_width": "100px"}


class VoteSetupPanel(ChoicePanel):
    """筹备票决: the rules, the candidates (from the reserve pool or typed), opening."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.vote_name = w.Text(description="名称", layout=WIDE, style=LABEL)
        self.level = w.Dropdown(description="人代会", options=[("县（区）人代会", "county"), ("乡（镇）人代会", "township")], style=LABEL)
        self.seats = w.BoundedIntText(description="应选项目数", value=10, min=1, max=100, style=LABEL)
        self.electorate = w.BoundedIntText(description="全体代表数", value=200, min=1, max=100000, style=LABEL)
        self.form = w.Dropdown(description="表决方式", options=[("逐项表决", "itemised"), ("限额选择", "limited")], style=LABEL)
        self.threshold = w.Dropdown(description="通过标准", options=[("全体代表过半数", "all"), ("出席代表过半数", "present")], style=LABEL)
        self.uncontested = w.Checkbox(description="等额票决（候选项目数等于应选数）", value=False, indent=False)
        self.budget = w.FloatText(description="预算（万元）", style=LABEL)
        self.create_button = w.Button(description="建立票决", button_style="primary")
        self.create_button.on_click(self.create)
        self.candidate = w.Text(description="候选项目", layout=WIDE, style=LABEL)
        self.cost = w.FloatText(description="估算（万元）", style=LABEL)
        self.department = w.Text(description="责任单位", style=LABEL)
        self.add_button = w.Button(description="加入候选项目")
        self.add_button.on_click(self.add)
        self.open_button = w.Button(description="开始投票（锁定候选项目）", button_style="danger", layout=w.Layout(width="220px"))
        self.open_button.on_click(self.start_vote)
        self.listing = w.HTML()
        self.advice = w.HTML()
        super().__init__([
            w.HBox([w.VBox([self.vote_name, self.level, self.seats, self.electorate]),
                    w.VBox([self.form, self.threshold, self.budget, self.uncontested, self.create_button])]),
            w.HTML("<hr><p>候选项目可在「筛选」页从储备库列入，也可在此录入：</p>"),
            w.HBox([self.candidate, self.add_button]), w.HBox([self.cost, self.department]),
            self.listing, self.advice, self.open_button, self.message])

    def refresh(self) -> None:
        """The chosen vote's candidates and the advice on their number."""
        vid = self.vote_id
        if vid is None:
            self.listing.value, self.advice.value = "<p>尚无票决。</p>", ""
            return
        with self.db.reader() as s:
            rows = candidate_rows(s, vid)
            refusal, warning = advice_for(s, vid) if rows else (None, None)
            v = get_vote(s, vid)
            state = v.state
        items = join(html("<li>{}{}{}</li>", n, f"（{c:g}万元）" if c else "", f"　{d}" if d else "") for n, c, d in rows)
        self.listing.value = html("<p>状态：{}；候选项目{}个：</p><ol>{}</ol>", VOTE_STATES[state], len(rows), items)
        note = refusal or warning
        self.advice.value = html("<div class='lz-msg-{}'>{}</div>", "error" if refusal else "info", note) if note and state == "draft" else ""

    @guarded
    def create(self, _=None) -> None:
        """Set up the vote under the chosen call."""
        with self.db.unit_of_work() as s:
            vid = create_vote(s, self.vote_name.value, self.level.value, self.seats.value, self.electorate.value,
                              form=self.form.value, threshold=self.threshold.value, uncontested=self.uncontested.value,
                              call_id=self.call_id, budget=self.budget.value or None)
        self.chosen_vote = vid
        self.message.show("已建立票决，请列入候选项目。", "ok")

    @guarded
    def add(self, _=None) -> None:
        """One more candidate."""
        if self.vote_id is None:
            raise ToolkitError("请先建立或选择票决")
        with self.db.unit_of_work() as s:
            add_candidate(s, self.vote_id, self.candidate.value, self.cost.value or None, self.department.value.strip() or None)
        self.candidate.value = self.department.value = ""
        self.cost.value = 0
        self.changed += 1

    @guarded
    def start_vote(self, _=None) -> None:
        """Open the vote; candidates and rules freeze."""
        if self.vote_id is None:
            raise ToolkitError("请先建立或选择票决")
        with self.db.unit_of_work() as s:
            warning = open_vote(s, self.vote_id)
        self.states += 1
        self.message.show("投票已开始，候选项目与规则已锁定。" + (f"提示：{warning}" if warning else ""), "ok")
