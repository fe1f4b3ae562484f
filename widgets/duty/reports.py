"""ReportsPanel: the reports of `liaison report` from the browser — choose, fill in, look, download.
The list is the report notebooks' own (toolkit.reports.registry): one an analyst adds appears here."""
from __future__ import annotations

from datetime import date

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html
from toolkit.core.principal import LOCAL_LOGIN
from toolkit.projects.votes import list_votes
from toolkit.reports.registry import build, check_params, reports
from toolkit.reports.run import run_report_html

from ..pieces.common import MessageArea, download_link, guarded
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.station_picker import StationPicker

LABEL = {"description_width": "90px"}


class ReportsPanel(w.VBox):
    """The fields a report needs are shown for it; the report appears below with its files."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.specs = reports()
        self.report = w.Dropdown(description="报告", options=[(s.title, k) for k, s in self.specs.items()],
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
        self.inputs.children = [widgets[p] for p in self.specs[self.report.value].params]

    @guarded
    def make(self, _=None) -> None:
        """Build the report; offer it as a page, Excel and PDF."""
        values = {"station": self.station.value, "period": self.period.value.strip(),
                  "deputy": self.deputy.value, "vote": self.vote.value}
        if "deputy" in self.specs[self.report.value].params and values["deputy"] is None:
            raise ToolkitError("请先查找并选择代表")
        spec = check_params(self.report.value, values)
        if spec.build is None:
            return self._notebook_only(spec, values)
        with self.db.reader() as s:
            r = build(s, self.report.value, **values)
        self.view.value = r._repr_html_()
        self.download.value = "　".join([
            download_link(r.to_html().encode("utf-8"), f"{r.title}.html", "网页（可打印）", "text/html"),
            download_link(r.to_xlsx(), f"{r.title}.xlsx", "Excel"),
            download_link(r.to_pdf(), f"{r.title}.pdf", "PDF", "application/pdf")])
        self.message.clear()

    def _notebook_only(self, spec, values: dict) -> None:
        """A report an analyst added as a notebook: run it (its own kernel, reading as this user)
        and show the page in a frame; it has no Excel or PDF."""
        p = self.db.principal
        page = run_report_html(self.report.value, {k: values[k] for k in spec.params},
                               db_url=self.db.engine.url.render_as_string(hide_password=False),
                               as_user=p.login if p is not None and p.login != LOCAL_LOGIN else None,
                               analyst=p is not None and p.role == "analyst")
        self.view.value = html('<iframe title="{}" srcdoc="{}" style="width:100%;height:640px;border:1px solid #ddd">'
                               '</iframe>', spec.title, page)
        self.download.value = download_link(page.encode("utf-8"), f"{spec.title}.html", "网页（可打印）", "text/html")
        self.message.clear()
