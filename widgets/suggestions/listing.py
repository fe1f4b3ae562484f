"""SuggestionListPanel: filter suggestions, the late ones first, paged by the database."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.core.db import Database
from toolkit.core.glossary import SUGGESTION_CLASSES
from toolkit.core.markup import html
from toolkit.network.department_directory import departments
from toolkit.suggestions.queries import STATUSES, SuggestionFilter, count_suggestions, list_suggestions

from ..pieces.common import MessageArea, guarded
from ..pieces.paged_list import PagedList

ANY = ("（全部）", None)
CATEGORIES = ("城乡建设", "交通出行", "教育", "医疗卫生", "社会保障", "农业农村", "生态环境", "市场监管", "其他")


class SuggestionListPanel(w.VBox):
    """Filters, a count line, the page; a row's 打开 (or the picker) publishes `selected_id`."""

    selected_id = traitlets.Int(None, allow_none=True, help="the suggestion picked")

    def __init__(self, db: Database, page_size: int = 20):
        self.db = db
        self.message = MessageArea()
        self.text = w.Text(description="查找", placeholder="编号、标题或内容", continuous_update=False)
        self.unit = w.Dropdown(description="主办单位", layout=w.Layout(width="360px"))
        self.category = w.Dropdown(description="类别", options=[ANY] + [(c, c) for c in CATEGORIES], index=0)
        self.status = w.Dropdown(description="状态", options=[ANY] + [(v, k) for k, v in STATUSES.items()], index=0)
        self.answer_class = w.Dropdown(description="答复类别",
                                       options=[ANY] + [(f"{k} {v}", k) for k, v in SUGGESTION_CLASSES.items()], index=0)
        self.key_only = w.Checkbox(description="只看重点督办", indent=False)
        self.list = PagedList(self.message, self._count, self._rows, lambda r: f"{r['建议编号']} {r['标题'][:20]}",
                              pick="选中建议", page_size=page_size, open_rows=True, hide=("id", "内容"))
        self.counts, self.table, self.pager, self.pick = self.list.counts, self.list.table, self.list.pager, self.list.pick
        traitlets.dlink((self.list, "selected_id"), (self, "selected_id"))
        with self.db.reader() as s:
            self.unit.options = [ANY] + [(n, i) for i, n in departments(s, active_only=False)]
        self.unit.index = 0
        for c in (self.text, self.unit, self.category, self.status, self.answer_class, self.key_only):
            c.observe(lambda _: self.search(), "value")
        super().__init__([w.HBox([self.text, self.unit, self.category]),
                          w.HBox([self.status, self.answer_class, self.key_only]),
                          self.message, self.counts, self.table, self.pager, self.pick])
        self.add_class("lz-suggestion-list")
        self.search()

    def current_filter(self) -> SuggestionFilter:
        return SuggestionFilter(text=self.text.value, unit_id=self.unit.value, category=self.category.value,
                                status=self.status.value, answer_class=self.answer_class.value, key_only=self.key_only.value)

    def _count(self):
        with self.db.reader() as s:
            n = count_suggestions(s, self.current_filter())
        return n["total"], html("<p>共 <b>{}</b> 件，其中超期未答复 <b>{}</b> 件（交办后三个月内应答复）。</p>",
                                n["total"], n["late"])

    def _rows(self, page: int, size: int):
        with self.db.reader() as s:
            return list_suggestions(s, self.current_filter(), page, size)

    @guarded
    def search(self) -> None:
        """Count and show the first page."""
        self.list.search()
