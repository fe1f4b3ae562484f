"""The reports by name (found by catalogue.found_reports in the report notebooks), with the Python
builders of the built-in ones: their tables for Excel and PDF. A report without a builder gives the
page (HTML) only. The command line lists the reports from the catalogue alone, without loading these."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from .catalogue import LABELS, OPTIONS, ReportSpec, found_reports
from .deputy import deputy_annual, vote_report
from .grid import grid_coverage_report
from .model import Report
from .station import county_quarterly, station_monthly
from .suggestion import suggestion_annual, voice_of_deputies

BUILDERS: dict[str, Callable[..., Report]] = {
    "station-monthly": station_monthly, "county-quarterly": county_quarterly, "deputy-annual": deputy_annual,
    "vote-announcement": vote_report, "suggestion-annual": suggestion_annual, "voice-of-deputies": voice_of_deputies,
    "grid-coverage": grid_coverage_report,
}


def reports() -> dict[str, ReportSpec]:
    """Every report in the folders, by name, each with its builder if it has one."""
    return {name: replace(spec, build=BUILDERS.get(name)) for name, spec in found_reports().items()}


def spec_of(name: str) -> ReportSpec:
    found = reports()
    if name not in found:
        raise ToolkitError(f"没有名为「{name}」的报告，可选：{'、'.join(found)}")
    return found[name]


def check_params(name: str, params: dict, command_line: bool = False) -> ReportSpec:
    """The report's spec, once every parameter it needs has a value (else the refusal names them,
    in the app's words; on the command line with the options too)."""
    spec = spec_of(name)
    missing = [p for p in spec.params if params.get(p) in (None, "")]
    if missing:
        options = f"（{'、'.join(OPTIONS[p] for p in missing)}）" if command_line else ""
        raise ToolkitError(f"生成「{spec.title}」请先选择{'、'.join(LABELS[p] for p in missing)}{options}")
    return spec


def build(session: Session, name: str, **params) -> Report:
    """Build a report's tables by name (for Excel and PDF); a missing parameter is named in the refusal."""
    spec = check_params(name, params)
    if spec.build is None:
        raise ToolkitError(f"「{spec.title}」只有网页格式（由笔记本生成），请输出为 .html")
    return spec.build(session, **{p: params[p] for p in spec.params})
