"""SuggestionDetailPanel: one suggestion as the 代表工委 reads it — who proposed it, who answers it,
by when, how it was answered and rated, what was promised."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.core.db import Database
from toolkit.core.markup import html, join
from toolkit.suggestions.queries import suggestion_detail

from ..pieces.common import MessageArea, guarded

SHOWN = ["建议编号", "状态", "类别", "领衔代表", "附议代表", "提出日期", "主办单位", "协办单位", "交办日期", "答复期限",
         "重点督办", "答复日期", "答复类别", "代表意见", "承诺落实日期", "落实日期"]


class SuggestionDetailPanel(w.VBox):
    """Shows the suggestion whose id is `suggestion_id` (nothing when None)."""

    suggestion_id = traitlets.Int(None, allow_none=True)

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.body = w.HTML("<p style='color:#555'>在上方列表中点「打开」查看一件建议。</p>")
        super().__init__([self.message, self.body])
        self.add_class("lz-suggestion-detail")
        self.observe(lambda _: self.show(), "suggestion_id")

    @guarded
    def show(self) -> None:
        if self.suggestion_id is None:
            self.body.value = ""
            return
        with self.db.reader() as s:
            d = suggestion_detail(s, self.suggestion_id)
        rows = join(html("<tr><th style='text-align:left;padding-right:12px'>{}</th><td>{}</td></tr>", k, d[k]) for k in SHOWN)
        answer = html("<h4>答复内容</h4><p>{}</p>", d["答复内容"]) if d["答复内容"] else ""
        self.body.value = html("<h3>{}</h3><table class='lz-table'>{}</table><h4>建议内容</h4><p>{}</p>{}",
                               d["标题"], rows, d["内容"] or "（无）", answer)
