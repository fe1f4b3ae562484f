"""ReportsPanel: the reports of `liaison report` from the browser — choose, fill in, look, download."""
from __future__ import annotations

from datetime import date

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.projects.votes import list_votes
from toolkit.reports.registry import REPORTS, build

from ..pieces.common import MessageArea, download_link, guarded
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.station_picker import StationPicker

LABEL = {"description_width": "90px"}


class ReportsPanel(w.VBox):
    """The fields a report needs are shown for it; the report appears below with its files."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.report = w.Dropdown(description="报告", options=[(s.title, k) for k, s in REPORTS.items()],
                                 layout=w.Layout(width="380px"), style=LABEL)
        self.report.observe(lambda _: self.fields(), "value")
        with db.reader() as s:
            votes = [(n, i) for i, n, st in list_votes(s) if st in ("closed", "void")]
        self.station = StationPicker(db, "站点", layout=w.Layout(width="420px"), style=LABEL)
        self.period = w.Text(description="期间", value=f"{date.today():%Y-%m}", placeholder="2026、2026-Q2 或 2026-05", style=LABEL)
        self.deputy = DeputyPicker(db, "代表")
        self.vote = w.Dropdown(description="票决", options=votes, layout=w.Layout(width="460px"), style=LABEL)
        self.make_button = w.Button(description="生成报告", button_style="primary")
        self.make_button.add_class("lz-report-make")
        self.make_button.on_click(self.make)
        self.download = w.HTML()
        self.view = w.HTML()
        self.inputs = w.VBox()
        super().__init__([self.report, self.inputs, self.make_button, self.message, self.download, self.view])
        self.fields()

    def fields(self) -> None:
        """Only the fields the chosen report needs."""
        widgets = {"station": self.station, "period": self.period, "deputy": self.deputy, "vote": self.vote}
        self.inputs.children = [widgets[p] for p in REPORTS[self.report.value].params]

    @guarded
    def make(self, _=None) -> None:
        """Build the report; offer it as a page, Excel and PDF."""
        values = {"station": self.station.value, "period": self.period.value.strip(),
                  "deputy": self.deputy.value, "vote": self.vote.value}
        if "deputy" in REPORTS[self.report.value].params and values["deputy"] is None:
            raise ToolkitError("请先查找并选择代表")
        with self.db.reader() as s:
            r = build(s, self.report.value, **values)
        self.view.value = r._repr_html_()
        self.download.value = "　".join([
            download_link(r.to_html().encode("utf-8"), f"{r.title}.html", "网页（可打印）", "text/html"),
            download_link(r.to_xlsx(), f"{r.title}.xlsx", "Excel"),
            download_link(r.to_pdf(), f"{r.title}.pdf", "PDF", "application/pdf")])
        self.message.clear()
