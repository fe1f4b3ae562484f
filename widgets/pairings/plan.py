"""PairingPlanPanel: ask for a suggested plan, see why each pair, accept all, some or none."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd
import traitlets

from toolkit.core.db import Database
from toolkit.core.glossary import PAIRING_KINDS
from toolkit.core.markup import html
from toolkit.pairings.plan import accept, suggest_plan

from ..pieces.common import MessageArea, guarded, table_html


class PairingPlanPanel(w.VBox):
    """The planner's suggestions beside first-fit's figures; nothing is written until accepted."""

    changed = traitlets.Int(0, help="bumped after suggestions are accepted")

    def __init__(self, db: Database):
        self.db = db
        self.plan = None
        self.message = MessageArea()
        self.kind = w.Dropdown(description="结对类型", options=[(v, k) for k, v in PAIRING_KINDS.items()],
                               layout=w.Layout(width="380px"))
        self.make_button = w.Button(description="生成建议方案", button_style="info")
        self.make_button.add_class("lz-plan-make")
        self.quality = w.HTML()
        self.choices = w.SelectMultiple(rows=14, layout=w.Layout(width="100%"))
        self.accept_all = w.Button(description="全部接受", button_style="primary")
        self.accept_all.add_class("lz-plan-accept-all")
        self.accept_some = w.Button(description="接受所选")
        self.make_button.on_click(self.make)
        self.accept_all.on_click(lambda _: self.take(all_=True))
        self.accept_some.on_click(lambda _: self.take(all_=False))
        super().__init__([w.HTML("为尚无联系人的代表生成建议：优先同一联络站，其次同一县区，再次专业特长相同，并均衡各联系人的负荷。"),
                          w.HBox([self.kind, self.make_button]), self.message, self.quality,
                          w.HTML("按住 Ctrl 或 Shift 可多选："), self.choices,
                          w.HBox([self.accept_all, self.accept_some])])

    @guarded
    def make(self, _=None) -> None:
        """Compute a plan (read only)."""
        with self.db.reader() as s:
            self.plan = suggest_plan(s, self.kind.value)
        q = pd.DataFrame(self.plan.quality).T.reset_index().rename(columns={"index": "方案"})
        q["覆盖率"] = q["覆盖率"].map("{:.1%}".format)
        q["同县区比例"] = q["同县区比例"].map("{:.1%}".format)
        self.quality.value = html("<p>待结对 <b>{}</b> 个，建议 <b>{}</b> 对。</p>{}",
                                  self.plan.eligible, len(self.plan.suggestions), table_html(q))
        self.choices.options = [(f"{s.mentor} → {s.target.name}：{s.reason}", i)
                                for i, s in enumerate(self.plan.suggestions)]
        self.message.show("建议方案已生成，请审阅后接受全部或部分。", "info")

    @guarded
    def take(self, all_: bool) -> None:
        """Create the accepted pairs; the rules are checked again for each."""
        if self.plan is None:
            self.message.show("请先生成建议方案。", "error")
            return
        chosen = list(range(len(self.plan.suggestions))) if all_ else list(self.choices.value)
        if not chosen:
            self.message.show("没有选中任何建议。", "error")
            return
        with self.db.unit_of_work() as s:
            n = accept(s, self.plan, chosen)
        self.plan, self.choices.options, self.quality.value = None, [], ""
        self.message.show(f"已建立{n}对结对。", "ok")
        self.changed += 1
