"""DeputyListPanel: search and filter deputies in a paged table sorted as official lists are."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import traitlets

from toolkit import (
    DeputyFilter,
    all_matching_ids,
    count_deputies,
    distinct_values,
    export_roster,
    search_deputies,
)
from toolkit.core.db import Database
from toolkit.core.glossary import LEVELS, PARTIES, SORT_ORDERS

from ..pieces.common import MessageArea, download_link, guarded
from ..pieces.paged_list import PagedList
from ..pieces.station_picker import StationPicker

ANY = ("（全部）", None)


class DeputyListPanel(w.VBox):
    """Filters on top, a page of deputies below; picking a row publishes `selected_id`."""

    selected_id = traitlets.Int(None, allow_none=True, help="the deputy picked on this page")

    def __init__(self, db: Database, page_size: int = 20):
        self.db = db
        self.message = MessageArea()
        self.text = w.Text(placeholder="姓名、单位或电话", description="查找", continuous_update=False)
        self.level = w.Dropdown(description="层级", options=[ANY] + [(v, k) for k, v in LEVELS.items()], index=0)
        self.term = w.Dropdown(description="届次")
        self.station = StationPicker(self.db, "联络站", blank=ANY[0], include_closed=True, layout=w.Layout(width="360px"))
        self.party = w.Dropdown(description="政治面貌", options=[ANY] + [(p, p) for p in PARTIES], index=0)
        self.reelected = w.Dropdown(description="连任/新任", options=[ANY, ("连任", True), ("新任", False)])
        self.leader = w.Dropdown(description="身份", options=[ANY, ("领导干部", True), ("基层代表", False)])
        self.specialty = w.Text(description="专业特长")
        self.enrolled = w.Dropdown(description="进站", options=[ANY, ("已进站", True), ("未进站", False)])
        self.sort = w.ToggleButtons(options=[(v, k) for k, v in SORT_ORDERS.items()], value="strokes",
                                    description="排序")
        self.text.add_class("lz-search-text")
        self.search_button = w.Button(description="查询", button_style="primary", icon="search")
        self.reset_button = w.Button(description="清空条件")
        self.export_button = w.Button(description="导出当前结果（Excel）", layout=w.Layout(width="180px"))
        self.download = w.HTML()
        self.list = PagedList(self.message, self._count, self._rows, lambda r: f"{r['姓名']}（{r['所属联络站']}）",
                              pick="选中代表", page_size=page_size, pick_width="360px")
        self.table, self.pager, self.pick = self.list.table, self.list.pager, self.list.pick
        traitlets.dlink((self.list, "selected_id"), (self, "selected_id"))
        self.search_button.on_click(lambda _: self.search())
        self.text.observe(lambda _: self.search(), "value")  # on Enter or leaving the box
        self.reset_button.on_click(lambda _: self.reset())
        self.export_button.on_click(self.export)
        for control in (self.level, self.term, self.station, self.party, self.reelected,
                        self.leader, self.enrolled, self.sort):
            control.observe(lambda _: self.search(), "value")
        filters = w.VBox([
            w.HBox([self.text, self.level, self.term]),
            w.HBox([self.station.with_search(), self.party, self.reelected]),
            w.HBox([self.leader, self.specialty, self.enrolled]),
            w.HBox([self.sort, self.search_button, self.reset_button, self.export_button]),
        ])
        super().__init__([filters, self.message, self.download, self.table, self.pager, self.pick])
        self._loading = False
        self.reload_choices()
        self.search()

    def reload_choices(self) -> None:
        """Refresh the station and term drop-downs from the database."""
        self._loading = True
        with self.db.reader() as s:
            terms = distinct_values(s, "term")
        keep_term = self.term.value
        self.station.reload()
        self.term.options = [ANY] + [(t, t) for t in terms]
        # A drop-down's value None means "no selection" in ipywidgets: pick （全部） by index.
        if keep_term in terms:
            self.term.value = keep_term
        else:
            self.term.index = 0
        self._loading = False

    def current_filter(self) -> DeputyFilter:
        """The filter the controls describe."""
        return DeputyFilter(text=self.text.value, level=self.level.value, term=self.term.value or "",
                            station_id=self.station.value, party=self.party.value,
                            reelected=self.reelected.value, leader=self.leader.value,
                            specialty=self.specialty.value, enrolled=self.enrolled.value)

    def search(self) -> None:
        """Count the matches and show the first page."""
        if self._loading:
            return
        self.download.value = ""
        self.list.search()

    def _count(self):
        with self.db.reader() as s:
            return count_deputies(s, self.current_filter()), None     # the pager says how many

    def _rows(self, page: int, size: int):
        with self.db.reader() as s:
            rows = search_deputies(s, self.current_filter(), self.sort.value, page, size)
        self.message.clear()
        return rows

    @property
    def frame(self):
        """The page shown."""
        return self.list.frame

    def reset(self) -> None:
        """Clear every condition."""
        self._loading = True
        self.text.value = self.specialty.value = ""
        for control in (self.level, self.term, self.station, self.party, self.reelected,
                        self.leader, self.enrolled):
            control.index = 0
        self._loading = False
        self.search()

    @guarded
    def export(self, _=None) -> None:
        """Offer the whole filtered list (every page) as an .xlsx download."""
        with self.db.reader() as s:
            ids = all_matching_ids(s, self.current_filter(), self.sort.value)
            data = export_roster(s, ids)
        name = f"代表花名册_{date.today():%Y%m%d}.xlsx"
        self.download.value = download_link(data, name, f"下载 {name}（{len(ids)}人）")
        self.message.show(f"已生成 {len(ids)} 名代表的花名册，请点击下载。", "ok")
