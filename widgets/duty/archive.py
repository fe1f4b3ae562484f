"""ArchivePanel: one deputy's electronic duty archive on screen, to print, as PDF; and a whole
station's archives in one file."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import Markup, html, join
from toolkit.duty.archive import archive_html, archive_pdf, deputy_archive, station_archive_html, station_archive_pdf

from ..pieces.common import MessageArea, download_link, guarded, table_html
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.station_picker import StationPicker

LABEL = {"description_width": "90px"}


class ArchivePanel(w.VBox):
    """Find a deputy, choose all years or one."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.deputy = DeputyPicker(db, "代表")
        self.year = w.Text(description="年度", placeholder="不填为全部", style=LABEL)
        self.show_button = w.Button(description="查看档案", button_style="primary")
        self.show_button.add_class("lz-archive-show")
        self.show_button.on_click(self.show_archive)
        self.download = w.HTML()
        self.view = w.HTML()
        self.station = StationPicker(db, "站点", layout=w.Layout(width="420px"), style=LABEL)
        self.station_button = w.Button(description="导出本站全部代表档案", layout=w.Layout(width="200px"))
        self.station_button.on_click(self.export_station)
        self.station_download = w.HTML()
        super().__init__([w.HBox([self.deputy, self.year, self.show_button]), self.message, self.download, self.view,
                          w.HTML("<hr>"), w.HBox([self.station, self.station_button]), self.station_download])

    def _year(self) -> int | None:
        text = self.year.value.strip()
        if not text:
            return None
        if not (text.isdigit() and len(text) == 4):
            raise ToolkitError("年度应为四位数字，如 2025")
        return int(text)

    @guarded
    def show_archive(self, _=None) -> None:
        """The archive on screen with its downloads."""
        if self.deputy.value is None:
            raise ToolkitError("请先查找并选择代表")
        year = self._year()
        with self.db.reader() as s:
            a = deputy_archive(s, self.deputy.value, year)
            page, pdf = archive_html(s, self.deputy.value, year), archive_pdf(s, self.deputy.value, year)
        profile = join(html("<tr><th>{}</th><td>{}</td></tr>", k, v) for k, v in a.profile.items())
        sections = join(html("<h4>{}（{}）</h4>{}", name, len(df), table_html(df) if len(df) else Markup("<p>无</p>"))
                        for name, df in a.sections)
        self.view.value = html("<h3 class='lz-archive-title'>{}</h3><table class='lz-table'>{}</table>{}",
                               a.title, profile, sections)
        self.download.value = (download_link(page.encode("utf-8"), f"{a.title}.html", "打印档案（网页）", "text/html") + "　"
                               + download_link(pdf, f"{a.title}.pdf", "档案（PDF）", "application/pdf"))
        self.message.clear()

    @guarded
    def export_station(self, _=None) -> None:
        """Every deputy of the station, one file (a deputy a page)."""
        year = self._year()
        with self.db.reader() as s:
            pdf = station_archive_pdf(s, self.station.value, year)
            page = station_archive_html(s, self.station.value, year)
        name = self.station.label.strip()
        self.station_download.value = (download_link(pdf, f"{name}代表档案.pdf", "本站档案（PDF）", "application/pdf") + "　"
                                       + download_link(page.encode("utf-8"), f"{name}代表档案.html", "本站档案（网页）", "text/html"))
