"""CaseListPanel: filter cases, overdue first, paged by the database; export what is shown."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import traitlets

from toolkit.cases.export import export_cases
from toolkit.cases.queries import CaseFilter, count_cases, list_cases
from toolkit.core.db import Database
from toolkit.core.glossary import CASE_STATES, CATEGORIES, CHANNELS
from toolkit.core.markup import html
from toolkit.network.department_directory import departments

from ..pieces.common import MessageArea, download_link, guarded
from ..pieces.paged_list import PagedList
from ..pieces.station_picker import StationPicker

ANY = ("（全部）", None)


class CaseListPanel(w.VBox):
    """Filters, a count line, the page, and a picker that publishes `selected_id`."""

    selected_id = traitlets.Int(None, allow_none=True, help="the case picked on this page")

    def __init__(self, db: Database, page_size: int = 20):
        self.db = db
        self.message = MessageArea()
        self.text = w.Text(description="查找", placeholder="编号或内容", continuous_update=False)
        self.text.add_class("lz-case-search")
        self.state = w.Dropdown(description="状态", options=[ANY] + [(v, k) for k, v in CASE_STATES.items()], index=0)
        self.channel = w.Dropdown(description="渠道", options=[ANY] + [(v, k) for k, v in CHANNELS.items()], index=0)
        self.category = w.Dropdown(description="类别", options=[ANY] + [(c, c) for c in CATEGORIES], index=0)
        self.station = StationPicker(self.db, "站点", blank=ANY[0], layout=w.Layout(width="360px"))
        self.department = w.Dropdown(description="承办单位", layout=w.Layout(width="360px"))
        self.open_only = w.Checkbox(description="只看未办结", value=True, indent=False)
        self.overdue_only = w.Checkbox(description="只看超期", indent=False)
        self.supervised_only = w.Checkbox(description="只看督办", indent=False)
        # The columns a station works by, at 1280 px; the rest (渠道, 接收代表, 反映人, 电话) on the case's page.
        self.list = PagedList(self.message, self._count, self._rows, lambda r: f"{r['编号']} {r['类别']} {r['状态']}",
                              pick="选中案件", page_size=page_size, open_rows=True,
                              hide=("id", "version", "渠道", "接收代表", "反映人", "联系电话"))
        self.counts, self.table, self.pager, self.pick = self.list.counts, self.list.table, self.list.pager, self.list.pick
        self.pick.add_class("lz-case-pick")
        traitlets.dlink((self.list, "selected_id"), (self, "selected_id"))
        self.export_button = w.Button(description="导出当前结果（Excel）", layout=w.Layout(width="180px"))
        self.export_button.on_click(self.export)
        self.download = w.HTML()
        self._loading = True
        for c in (self.text, self.state, self.channel, self.category, self.station, self.department,
                  self.open_only, self.overdue_only, self.supervised_only):
            c.observe(lambda _: self.search(), "value")
        super().__init__([
            w.HBox([self.text, self.state, self.channel]),
            w.HBox([self.category, self.station.with_search(), self.department]),
            w.HBox([self.open_only, self.overdue_only, self.supervised_only, self.export_button]),
            self.message, self.download, self.counts, self.table, self.pager, self.pick])
        self.reload_choices()
        self._loading = False
        self.search()

    def reload_choices(self) -> None:
        """Stations and departments from the database."""
        with self.db.reader() as s:
            self.department.options = [ANY] + [(n, i) for i, n in departments(s)]
        self.station.reload()
        self.department.index = 0

    def current_filter(self) -> CaseFilter:
        """The filter the controls describe."""
        return CaseFilter(text=self.text.value, state=self.state.value, channel=self.channel.value,
                          category=self.category.value, station_id=self.station.value,
                          department_id=self.department.value, open_only=self.open_only.value,
                          overdue_only=self.overdue_only.value, supervised_only=self.supervised_only.value)

    @guarded
    def search(self, keep_selection: bool = False) -> None:
        """Count (total and overdue) and show the first page; `keep_selection` after a step on the
        picked case, so the case page is not drawn again for nothing."""
        if not self._loading:
            self.list.search(keep_selection)

    def _count(self):
        with self.db.reader() as s:
            n = count_cases(s, self.current_filter())
        return n["total"], html("共 <b>{}</b> 件，其中超期 <b style='color:#c62828'>{}</b> 件（超期件排在最前）",
                                n["total"], n["overdue"])

    def _rows(self, page: int, size: int):
        with self.db.reader() as s:
            return list_cases(s, self.current_filter(), page, size)

    @property
    def frame(self):
        """The page shown."""
        return self.list.frame

    @guarded
    def export(self, _=None) -> None:
        """Offer every matching case as .xlsx (contacts masked)."""
        with self.db.reader() as s:
            data = export_cases(s, self.current_filter())
        name = f"社情民意案件_{date.today():%Y%m%d}.xlsx"
        self.download.value = download_link(data, name, f"下载 {name}")
        self.message.show("已生成导出文件，请点击下载（反映人与电话已脱敏）。", "ok")
