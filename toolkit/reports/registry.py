"""The reports by name: what each needs, and building one (`liaison report NAME …`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from .deputy import deputy_annual, vote_report
from .model import Report
from .station import county_quarterly, station_monthly


@dataclass(frozen=True)
class ReportSpec:
    """A report: its Chinese title, its notebook and the parameters it takes."""

    title: str
    notebook: str
    params: tuple[str, ...]
    build: Callable[..., Report]


REPORTS = {
    "station-monthly": ReportSpec("站点月度工作表", "station_monthly.ipynb", ("station", "period"), station_monthly),
    "county-quarterly": ReportSpec("县区季度报告", "county_quarterly.ipynb", ("station", "period"), county_quarterly),
    "deputy-annual": ReportSpec("代表年度履职报告", "deputy_annual.ipynb", ("deputy", "period"), deputy_annual),
    "vote-announcement": ReportSpec("民生实事项目票决结果公告", "vote_announcement.ipynb", ("vote",), vote_report),
}
LABELS = {"station": "--station 站点", "period": "--period 期间", "deputy": "--deputy 代表", "vote": "--vote 票决编号"}


def build(session: Session, name: str, **params) -> Report:
    """Build a report by name; a missing parameter is named in the refusal."""
    spec = REPORTS.get(name)
    if spec is None:
        raise ToolkitError(f"没有名为「{name}」的报告，可选：{'、'.join(REPORTS)}")
    missing = [p for p in spec.params if params.get(p) in (None, "")]
    if missing:
        raise ToolkitError(f"「{spec.title}」需要：{'、'.join(LABELS[p] for p in missing)}")
    return spec.build(session, **{p: params[p] for p in spec.params})
