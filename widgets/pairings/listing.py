"""PairingListPanel: every pairing, filtered; the longest without contact first; end, reassign, log."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import traitlets

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import CONTACT_MODES, PAIRING_KINDS
from toolkit.core.markup import html
from toolkit.pairings.export import export_pairings
from toolkit.pairings.queries import PairingFilter, contacts, count_pairings, list_pairings
from toolkit.pairings.services import end_pairing, log_contact, reassign

from ..pieces.common import MessageArea, download_link, guarded, table_html
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.paged_list import PagedList
from ..pieces.station_picker import StationPicker

ANY = ("（全部）", None)


class PairingListPanel(w.VBox):
    """Filters, the page, and actions on the picked pairing."""

    changed = traitlets.Int(0, help="bumped after every write")

    def __init__(self, db: Database, page_size: int = 20):
        self.db = db
        self.message = MessageArea()
        self.kind = w.Dropdown(description="类型", options=[ANY] + [(v, k) for k, v in PAIRING_KINDS.items()],
                               index=0, layout=w.Layout(width="360px"))
        self.mentor = w.Text(description="联系人", continuous_update=False)
        self.mentee = w.Text(description="被联系对象", continuous_update=False)
        self.station = StationPicker(self.db, "站点/县区", blank=ANY[0], layout=w.Layout(width="360px"))
        self.health = w.Dropdown(description="联系情况", options=[ANY, ("联系超期", "overdue"), ("正常", "ok")], index=0)
        self.active_only = w.Checkbox(description="只看在结对", value=True, indent=False)
        # The picked pairing stays picked off the page: a contact is often logged after a search.
        self.list = PagedList(self.message, self._count, self._rows,
                              lambda r: f"{r['联系人']} → {r['被联系对象']}（{r['类型']}）", pick="选中结对",
                              page_size=page_size, keep_off_page=True, pick_width="460px")
        self.counts, self.table, self.pager, self.pick = self.list.counts, self.list.table, self.list.pager, self.list.pick
        self.pick.add_class("lz-pair-pick")
        self.reason = w.Text(description="结束原因", placeholder="如 工作调动")
        self.end_button = w.Button(description="结束结对", button_style="danger")
        self.new_mentor = DeputyPicker(db, "新联系人")
        self.reassign_button = w.Button(description="调整联系人")
        self.day = w.DatePicker(description="联系日期", value=date.today())
        self.mode = w.Dropdown(description="方式", options=CONTACT_MODES)
        self.topic = w.Text(description="主题", layout=w.Layout(width="420px"))
        self.topic.add_class("lz-contact-topic")
        self.notes = w.Text(description="记录", layout=w.Layout(width="420px"))
        self.log_button = w.Button(description="记录一次联系", button_style="primary")
        self.log_button.add_class("lz-contact-save")
        self.history = w.HTML()
        self.export_button = w.Button(description="导出结对与联系记录（Excel）", layout=w.Layout(width="230px"))
        self.download = w.HTML()
        self.end_button.on_click(self.end)
        self.reassign_button.on_click(self.reassign)
        self.log_button.on_click(self.log_contact_clicked)
        self.export_button.on_click(self.export)
        self.list.observe(lambda _: self._show_history(), "selected_id")
        for c in (self.kind, self.mentor, self.mentee, self.station, self.health, self.active_only):
            c.observe(lambda _: self.search(), "value")
        super().__init__([
            w.HBox([self.kind, self.mentor, self.mentee]), w.HBox([self.station, self.health, self.active_only]),
            w.HBox([self.export_button, self.download]), self.counts, self.table, self.pager, self.pick,
            self.message, w.HTML("<b>记录联系</b>"), w.HBox([self.day, self.mode]), self.topic, self.notes,
            self.log_button, w.HTML("<b>结束或调整</b>"), w.HBox([self.reason, self.end_button]),
            w.HBox([self.new_mentor, self.reassign_button]), w.HTML("<b>该结对的联系记录</b>"), self.history])
        self.search()

    def current_filter(self) -> PairingFilter:
        """The filter the controls describe."""
        return PairingFilter(kind=self.kind.value, mentor=self.mentor.value, mentee=self.mentee.value,
                             station_id=self.station.value, health=self.health.value,
                             active_only=self.active_only.value)

    def search(self) -> None:
        """Count and show the first page."""
        self.list.search()

    def _count(self):
        with self.db.reader() as s:
            n = count_pairings(s, self.current_filter())
        return n["total"], html("共 <b>{}</b> 对，其中联系超期 <b style='color:#c62828'>{}</b> 对（排在最前）",
                                n["total"], n["overdue"])

    def _rows(self, page: int, size: int):
        with self.db.reader() as s:
            return list_pairings(s, self.current_filter(), page, size)

    @property
    def frame(self):
        """The page shown."""
        return self.list.frame

    def _show_history(self) -> None:
        if self.pick.value is None:
            self.history.value = ""
            return
        with self.db.reader() as s:
            self.history.value = table_html(contacts(s, self.pick.value))

    def _need_pick(self) -> int:
        if self.pick.value is None:
            raise ToolkitError("请先在「选中结对」中选择一对")
        return self.pick.value

    def _done(self, text: str) -> None:
        self.search()
        self._show_history()
        self.message.show(text, "ok")
        self.changed += 1

    @guarded
    def end(self, _=None) -> None:
        """End the picked pairing with a reason."""
        with self.db.unit_of_work() as s:
            end_pairing(s, self._need_pick(), self.reason.value)
        self._done("结对已结束，记录保留。")

    @guarded
    def reassign(self, _=None) -> None:
        """Hand the mentee to the chosen new mentor."""
        if self.new_mentor.value is None:
            raise ToolkitError("请先查找并选择新联系人")
        with self.db.unit_of_work() as s:
            reassign(s, self._need_pick(), self.new_mentor.value)
        self._done("已调整联系人。")

    @guarded
    def log_contact_clicked(self, _=None) -> None:
        """Record one contact for the picked pairing."""
        with self.db.unit_of_work() as s:
            log_contact(s, self._need_pick(), self.day.value, self.mode.value, self.topic.value, notes=self.notes.value)
        self.topic.value = self.notes.value = ""
        self._done("已记录联系。")

    @guarded
    def export(self, _=None) -> None:
        """Offer the pairings (with history) and the contact log as .xlsx."""
        with self.db.reader() as s:
            data = export_pairings(s, PairingFilter(kind=self.kind.value, active_only=False))
        self.download.value = download_link(data, f"三联结对_{date.today():%Y%m%d}.xlsx", "下载")
