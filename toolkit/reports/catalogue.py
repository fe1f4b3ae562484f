"""The reports by name, found in the report notebooks themselves: a notebook in notebooks/reports/
(or in the further folder LIAISON_REPORTS_DIR names, e.g. the analysts' shared one) whose metadata has

    "liaison": {"report": {"name": "station-monthly", "title": "站点月度工作表", "parameters": ["station", "period"]}}

is a report, for `liaison report NAME …` and the duty app's 报告 tab, with no code to change. The
built-in ones also have a Python builder (tables for Excel and PDF); a notebook without one gives
the page (HTML) only."""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core.config import project_path

log = logging.getLogger(__name__)
ENV_DIR = "LIAISON_REPORTS_DIR"
# What a report may ask for: each has its field in the 报告 tab and its option in `liaison report`.
# A parameter as the apps name it, and the command line's option for it.
LABELS = {"station": "站点", "period": "期间", "deputy": "代表", "vote": "票决"}
OPTIONS = {"station": "--station", "period": "--period", "deputy": "--deputy", "vote": "--vote"}


@dataclass(frozen=True)
class ReportSpec:
    """A report: its Chinese title, its notebook, the parameters it takes, and its builder if any."""

    title: str
    notebook: Path
    params: tuple[str, ...]
    build: Callable | None = None         # set by registry.reports(): tables for Excel and PDF


def administered(path: Path) -> bool:
    """Whether only administrators can change `path`: owned by root or by the service's own user,
    and writable by nobody else. A report is code run with the report account: a notebook anyone
    could drop into a shared folder would run as that account."""
    try:
        st = path.stat()
    except OSError:
        return False
    return st.st_uid in (0, os.getuid()) and not st.st_mode & 0o022


def reports_dirs() -> list[Path]:
    """The project's report folder, then the further one LIAISON_REPORTS_DIR names, if only
    administrators can write it (else it is left out, and the log says why)."""
    extra = os.environ.get(ENV_DIR)
    if extra and not administered(Path(extra)):
        log.warning("%s=%s 不是只有管理员可写的文件夹（其他用户可写或属于其他用户），其中的报告笔记本未载入", ENV_DIR, extra)
        extra = None
    return [project_path("notebooks", "reports")] + ([Path(extra)] if extra else [])


def _spec(path: Path) -> tuple[str, ReportSpec] | None:
    if path.parent != project_path("notebooks", "reports") and not administered(path):
        log.warning("报告笔记本 %s 其他用户可写，已跳过", path.name)
        return None
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("liaison", {}).get("report")
    except (OSError, ValueError):
        log.warning("报告笔记本 %s 无法读取，已跳过", path.name)
        return None
    if not isinstance(meta, dict):
        return None                       # a notebook, not a report
    name, title, params = meta.get("name"), meta.get("title"), tuple(meta.get("parameters") or ())
    unknown = [p for p in params if p not in LABELS]
    if not name or not title or unknown:  # told in the log, not at every command: the others still work
        log.warning("报告笔记本 %s 的元数据不完整或参数未知（%s），已跳过；参数只能是：%s", path.name,
                    "、".join(unknown) or "缺少 name 或 title", "、".join(LABELS))
        return None
    return name, ReportSpec(title, path, params)


def found_reports() -> dict[str, ReportSpec]:
    """Every report in the folders, by name (folder, then file order; a notebook with a name
    already taken is skipped)."""
    found: dict[str, ReportSpec] = {}
    for path in [p for folder in reports_dirs() for p in sorted(folder.glob("*.ipynb"))]:
        entry = _spec(path)
        if entry and entry[0] not in found:
            found[entry[0]] = entry[1]
    return found
