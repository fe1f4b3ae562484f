"""CasesApp: the 社情民意闭环 app for station and county staff."""
from __future__ import annotations

import ipywidgets as w

from toolkit.db import Database, connect

from .case_detail import CaseDetailPanel
from .case_figures import CaseFiguresPanel
from .case_intake import CaseIntakePanel
from .case_list import CaseListPanel
from .departments import DepartmentPanel
from .qr_panel import QrPanel

TABS = ("登记", "案件办理", "承办单位", "统计", "代表二维码")


class CasesApp(w.Tab):
    """Intake, the case list with its detail, departments, figures, QR codes."""

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        self.intake = CaseIntakePanel(self.db)
        self.cases = CaseListPanel(self.db)
        self.detail = CaseDetailPanel(self.db)
        self.departments = DepartmentPanel(self.db)
        self.figures = CaseFiguresPanel(self.db)
        self.qr = QrPanel(self.db)
        handling = w.VBox([self.cases, w.HTML("<hr>"), self.detail])
        super().__init__(children=[self.intake, handling, self.departments, self.figures, self.qr],
                         titles=TABS)
        self.cases.observe(lambda ch: setattr(self.detail, "case_id", ch["new"]), "selected_id")
        self.intake.observe(lambda ch: self._open_new(ch["new"]), "created_id")
        self.detail.observe(lambda _: self._after_step(), "changed")
        self.departments.observe(lambda ch: self._show_department(ch["new"]), "chosen_id")
        self.departments.observe(lambda _: self._units_changed(), "changed")

    def _open_new(self, case_id) -> None:
        self.cases.search()
        self.detail.case_id = case_id

    def _after_step(self) -> None:
        keep = self.detail.case_id
        self.cases.search()
        self.detail.case_id = keep
        self.departments.refresh()

    def _show_department(self, dept_id) -> None:
        self.cases.department.value = dept_id
        self.selected_index = 1

    def _units_changed(self) -> None:
        self.cases.reload_choices()
        self.detail.reload_departments()
