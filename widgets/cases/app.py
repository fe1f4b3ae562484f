"""CasesApp: the 社情民意闭环 app for station and county staff."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database, connect

from ..enrolment.qr_panel import QrPanel
from ..pieces.lazy_tabs import LazyTabs, tab_part
from .departments import DepartmentPanel
from .detail import CaseDetailPanel
from .figures import CaseFiguresPanel
from .hot import HotTopicsPanel
from .intake import CaseIntakePanel
from .listing import CaseListPanel

# Each tab's title and the panel(s) it shows: the apps' tab names in the README's glossary are read from here.
TABS = (("登记", CaseIntakePanel), ("案件办理", (CaseListPanel, CaseDetailPanel)), ("承办单位", DepartmentPanel),
        ("统计", (CaseFiguresPanel, HotTopicsPanel)), ("代表二维码", QrPanel))


class CasesApp(LazyTabs):
    """Intake, the case list with its detail, departments, figures, QR codes. Tabs are built
    when first opened; a change refreshes only the tabs already built."""

    intake = tab_part(0)
    cases, detail = tab_part(1, "_cases"), tab_part(1, "_detail")
    departments, qr = tab_part(2), tab_part(4)
    figures, hot = tab_part(3, "_figures"), tab_part(3, "_hot")

    def __init__(self, db: Database | None = None):
        self.db = db or connect()
        super().__init__(list(zip([t for t, _ in TABS], [self._intake_tab, self._handling_tab, self._departments_tab,
                                          self._figures_tab, self._qr_tab])))

    def _intake_tab(self) -> w.Widget:
        self._intake = CaseIntakePanel(self.db)
        self._intake.observe(lambda ch: self._open_new(ch["new"]), "created_id")
        return self._intake

    def _handling_tab(self) -> w.Widget:
        self._cases, self._detail = CaseListPanel(self.db), CaseDetailPanel(self.db)
        self._cases.observe(lambda ch: setattr(self._detail, "case_id", ch["new"]), "selected_id")
        self._detail.observe(lambda _: self._after_step(), "changed")
        return w.VBox([self._cases, w.HTML("<hr>"), self._detail])

    def _departments_tab(self) -> w.Widget:
        self._departments = DepartmentPanel(self.db)
        self._departments.observe(lambda ch: self._show_department(ch["new"]), "chosen_id")
        self._departments.observe(lambda _: self._units_changed(), "changed")
        return self._departments

    def _figures_tab(self) -> w.Widget:
        self._figures = CaseFiguresPanel(self.db)
        self._hot = HotTopicsPanel(self.db)
        return w.VBox([self._figures, self._hot])

    def _qr_tab(self) -> w.Widget:
        self._qr = QrPanel(self.db)
        return self._qr

    def _open_new(self, case_id) -> None:
        """The new case is the one chosen on the handling tab (built now if need be)."""
        self.cases.search(keep_selection=True)
        self.detail.case_id = case_id

    def _after_step(self) -> None:
        self.cases.search(keep_selection=True)      # the case page has just drawn itself: once
        if self.built(2):
            self.departments.refresh()

    def _show_department(self, dept_id) -> None:
        self.cases.department.value = dept_id
        self.selected_index = 1

    def _units_changed(self) -> None:
        if self.built(1):
            self.cases.reload_choices()
            self.detail.reload_departments()
