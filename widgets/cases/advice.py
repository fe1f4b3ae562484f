"""AdviceBox: the suggestions beside a form (智能建议, with their confidence) and the possible
duplicates, one of which the person may pick as the same matter. It shows and asks; the toolkit
(toolkit.triage.advise) says what is suggested and what may be preselected."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

from toolkit.core.markup import html, join
from toolkit.triage import Advice

from ..pieces.common import table_html

NOT_SAME = ("（不是重复，不标记）", "")
DUPLICATE_COLUMNS = ["编号", "相似度", "受理日期", "所属站点", "类别", "状态", "反映内容"]


class AdviceBox(w.VBox):
    """Suggestions as text, a note on what was preselected, and the possible duplicates with a choice."""

    def __init__(self, pick_label: str):
        self.line = w.HTML()
        self.remark = w.HTML()
        self.duplicates = w.HTML()
        self.pick = w.Dropdown(description=pick_label, options=[NOT_SAME], style={"description_width": "initial"},
                               layout=w.Layout(width="560px"))
        self.pick.add_class("lz-same-pick")
        super().__init__([self.line, self.remark, self.duplicates, self.pick], layout=w.Layout(margin="0 0 6px 130px"))
        self.clear()

    @property
    def chosen(self) -> str:
        """The number of the earlier case picked as the same matter, or ''."""
        return self.pick.value or ""

    def clear(self) -> None:
        self.line.value = self.remark.value = self.duplicates.value = ""
        self.pick.options = [NOT_SAME]
        self.pick.layout.display = "none"

    def note(self, text: str) -> None:
        self.remark.value = html("<div class='lz-msg-info'>{}</div>", text)

    def show(self, advice: Advice, departments: bool = True) -> None:
        """Show `advice` (the unit's suggestion too when `departments`)."""
        self.clear()
        shown = Advice(advice.categories, advice.departments if departments else [], unavailable=advice.unavailable)
        if shown.summary():
            self.line.value = html("<div class='lz-advice'><b>智能建议（仅供参考）</b>　{}</div>", shown.summary())
        if advice.duplicates:
            strong = [d for d in advice.duplicates if d.get("值得一看", True)]
            weak = [d for d in advice.duplicates if not d.get("值得一看", True)]
            head = (html("<b>可能重复</b>（最近受理、尚未办结的相似案件）{}", table_html(_frame(strong))) if strong else
                    html("<p class='lz-no-duplicate'>没有明显重复的案件。</p>"))
            folded = html("<details><summary>相似度较低的{}件（多半不是同一事项，仅供参考）</summary>{}</details>",
                          len(weak), table_html(_frame(weak))) if weak else html("")
            self.duplicates.value = join([head, folded])
            self.pick.options = [NOT_SAME] + [(f"{d['编号']}（{d['所属站点']}，{d['受理日期']}）", d["编号"])
                                              for d in advice.duplicates]
            self.pick.layout.display = ""


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)
