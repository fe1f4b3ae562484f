"""Duty standards as data (履职标准): rule files in TOML, read and checked, then applied to a period.

A rule file (see data/standards/) names requirements: who (deputies of some levels, or stations
of some kinds), what is counted (a measure of duty_measures), per month, quarter or year, at
least how many. For a period each requirement is met (已达标), not yet (未达标（期内）: the month
or year is still running) or missed (未达标), per deputy and per station."""
from __future__ import annotations

import os
import tomllib
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.audit import record
from ..core.config import current_actor, project_path
from ..core.errors import ToolkitError
from ..core.glossary import DUTY_PERIODS, DUTY_STATUS, LEVELS, STATION_KINDS
from ..network.models import Deputy, Seat, Station
from ..core.principal import principal_of
from ..network.station_index import StationIndex
from .measures import MEASURES, count

STANDARDS_DIR = project_path("data", "standards")
LEVEL_ORDER = list(LEVELS)


@dataclass(frozen=True)
class Requirement:
    """One line of a standard."""

    key: str
    label: str
    subject: str
    measure: str
    per: str
    at_least: int
    levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass
class RuleSet:
    """A named standard: its requirements and the point weights of its measures."""

    name: str
    region: str
    requirements: list[Requirement]
    points: dict[str, float] = field(default_factory=dict)
    source: str = ""


def standards_dir() -> Path:
    """Where rule files live (LIAISON_STANDARDS_DIR, else the project's data/standards)."""
    return Path(os.environ.get("LIAISON_STANDARDS_DIR") or STANDARDS_DIR)


def parse_rules(text: str, source: str = "规则文件") -> RuleSet:
    """Read and check a rule file's text; every problem is named with its requirement."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ToolkitError(f"{source}格式有误：{e}") from None
    problems = []
    if not str(data.get("name", "")).strip():
        problems.append("缺少 name（标准名称）")
    reqs, keys = [], set()
    for n, r in enumerate(data.get("requirement", []), start=1):
        where = f"第{n}项要求「{r.get('label') or r.get('key') or '?'}」"
        key = str(r.get("key", "")).strip()
        if not key or key in keys:
            problems.append(f"{where}：key 缺失或重复")
        keys.add(key)
        subject, measure, per = r.get("subject"), r.get("measure"), r.get("per")
        if subject not in ("deputy", "station"):
            problems.append(f"{where}：subject 应为 deputy 或 station")
        if measure not in MEASURES:
            problems.append(f"{where}：未知的要求（measure）「{measure}」，可用的有：{'、'.join(MEASURES)}")
        elif subject in ("deputy", "station") and MEASURES[measure].subject != subject:
            problems.append(f"{where}：「{measure}」统计的是{'代表' if MEASURES[measure].subject == 'deputy' else '站点'}")
        if per not in DUTY_PERIODS:
            problems.append(f"{where}：per 应为 month、quarter 或 year")
        at_least = r.get("at_least")
        if not isinstance(at_least, int) or isinstance(at_least, bool) or at_least < 1:
            problems.append(f"{where}：at_least 应为正整数")
        levels, kinds = tuple(r.get("levels", ())), tuple(r.get("kinds", ()))
        bad = [x for x in levels if x not in LEVELS] + [x for x in kinds if x not in STATION_KINDS]
        if bad:
            problems.append(f"{where}：未知的层级或站点类型：{'、'.join(map(str, bad))}")
        reqs.append(Requirement(key, str(r.get("label") or key), subject, measure, per, at_least if isinstance(at_least, int) else 0,
                                levels, kinds))
    if not reqs:
        problems.append("没有任何要求（[[requirement]]）")
    points = data.get("points", {})
    for m, wgt in points.items():
        if m not in MEASURES:
            problems.append(f"积分：未知的要求（measure）「{m}」")
        elif not isinstance(wgt, (int, float)) or isinstance(wgt, bool) or wgt < 0:
            problems.append(f"积分：「{m}」的分值应为不小于0的数")
    if problems:
        raise ToolkitError(f"{source}有{len(problems)}处问题：" + "；".join(problems))
    return RuleSet(str(data["name"]).strip(), str(data.get("region", "")), reqs, dict(points), source)


def load_rules(path: str | Path) -> RuleSet:
    """Read a rule file."""
    path = Path(path)
    if not path.is_file():
        raise ToolkitError(f"找不到规则文件：{path}")
    return parse_rules(path.read_text(encoding="utf-8"), path.name)


def add_rules_file(session: Session, filename: str, content: bytes) -> RuleSet:
    """A city administrator's new standard file, checked, kept beside the others and logged; a
    standard applies to every county, so nobody else may add one, and none is replaced."""
    require(session, "standard.upload", target=filename)
    try:
        text = bytes(content).decode("utf-8")
    except UnicodeDecodeError:
        raise ToolkitError("标准文件应为 UTF-8 编码的文本") from None
    rules = parse_rules(text, filename)
    name = "".join(c for c in filename if c.isalnum() or c in "._-").lstrip(".") or "rules.toml"
    target = standards_dir() / (name if name.endswith(".toml") else name + ".toml")
    if target.exists() or rules.name in available_rules():
        raise ToolkitError(f"已有同名的标准文件（{target.name}）或同名标准（{rules.name}），请改名后上传")
    p = principal_of(session)
    record(session, p.login if p else current_actor(), "duty_standard", None, "upload",
           after={"文件": target.name, "标准": rules.name, "要求数": len(rules.requirements)})
    with open(target, "x", encoding="utf-8") as f:        # "x": never over a file that appeared meanwhile
        f.write(text)
    return rules


def available_rules() -> dict[str, Path]:
    """Rule files on disk by their standard's name."""
    out = {}
    for p in sorted(standards_dir().glob("*.toml")):
        try:
            out[load_rules(p).name] = p
        except ToolkitError:
            continue  # a broken file is reported when it is chosen, not here
    return out


def parse_period(text: str) -> tuple[date, date, str]:
    """"2026", "2026-Q2" or "2026-05" → (first day, last day, Chinese label)."""
    t = (text or "").strip().upper()
    try:
        if len(t) == 4:
            y = int(t)
            return date(y, 1, 1), date(y, 12, 31), f"{y}年"
        if "-Q" in t:
            y, q = int(t[:4]), int(t.split("-Q")[1])
            if not 1 <= q <= 4:
                raise ValueError
            return date(y, 3 * q - 2, 1), date(y, 3 * q, monthrange(y, 3 * q)[1]), f"{y}年第{q}季度"
        y, m = int(t[:4]), int(t[5:7])
        return date(y, m, 1), date(y, m, monthrange(y, m)[1]), f"{y}年{m}月"
    except (ValueError, IndexError):
        raise ToolkitError(f"期间「{text}」有误：应写作 2026、2026-Q2 或 2026-05") from None


def _units(per: str, start: date, end: date) -> list[tuple[date, date, list[tuple[int, int]]]]:
    """The months, quarters or years of a period, each with its (year, month) list."""
    months, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    size = {"month": 1, "quarter": 3, "year": 12}[per]
    groups: dict[tuple, list] = {}
    for ym in months:
        key = (ym[0],) if per == "year" else (ym[0], (ym[1] - 1) // size)
        groups.setdefault(key, []).append(ym)
    out = []
    for key, yms in groups.items():
        if per == "year":
            first, last = date(key[0], 1, 1), date(key[0], 12, 31)
        else:
            m0 = key[1] * size + 1
            first = date(key[0], m0, 1)
            last_m = m0 + size - 1
            last = date(key[0], last_m, monthrange(key[0], last_m)[1])
        out.append((first, last, yms))
    return out


def _deputies(session: Session, scope: int | None) -> pd.DataFrame:
    """Every deputy in scope once: the highest level, the station, and the set of levels held."""
    q = (select(Deputy.id, Deputy.name, Seat.level, Station.name, Deputy.station_id)
         .join(Seat, Seat.deputy_id == Deputy.id).outerjoin(Station, Station.id == Deputy.station_id))
    if scope is not None:
        q = q.where(Deputy.station_id.in_(StationIndex.load(session).subtree(scope)))
    rows = {}
    for i, name, level, station, sid in session.execute(q):
        if i not in rows or LEVEL_ORDER.index(level) < LEVEL_ORDER.index(rows[i][2]):
            rows[i] = (i, name, level, station or "（未进站）", sid)
    df = pd.DataFrame(list(rows.values()), columns=["id", "姓名", "level", "所属联络站", "station_id"])
    held: dict[int, set[str]] = {}
    for d, level in session.execute(select(Seat.deputy_id, Seat.level)):
        held.setdefault(d, set()).add(level)
    df["levels"] = df["id"].map(held)
    return df


def _span(req: Requirement, start: date, end: date) -> tuple[date, date]:
    """What to count for a requirement in a period: its units from their first day to the period's end.

    A yearly item on a monthly sheet counts from January to the end of that month; it is "not
    yet" until the year is over, as of the period's end (so an old sheet reads the same later)."""
    return _units(req.per, start, end)[0][0], end


def _plan(req: Requirement, start: date, end: date) -> list[tuple[date, list[tuple[int, int]]]]:
    """Each unit of the period: its last day and the (year, month)s counted (up to the period's end)."""
    out = []
    for first, last, _ in _units(req.per, start, end):
        yms, y, m = [], first.year, first.month
        while date(y, m, 1) <= min(last, end):
            yms.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append((last, yms))
    return out


def _status(counts, who: int, req: Requirement, plan, end: date, today: date) -> tuple[str, int, int]:
    """(status, units met, units) of one subject under one requirement."""
    met = 0
    worst = "met"
    for last, yms in plan:
        n = sum(counts.get((who, y, m), 0) for y, m in yms)
        if n >= req.at_least:
            met += 1
        elif last > end or last >= today:
            worst = "pending" if worst == "met" else worst
        else:
            worst = "missed"
    return worst, met, len(plan)


def _counts(session: Session, reqs: list[Requirement], start: date, end: date) -> dict:
    cache, out = {}, {}
    for r in reqs:
        span = _span(r, start, end)
        if (r.measure, span) not in cache:
            cache[(r.measure, span)] = count(session, r.measure, *span)
        out[r.key] = cache[(r.measure, span)]
    return out


def evaluate_deputies(session: Session, rules: RuleSet, period: str, scope: int | None = None,
                      today: date | None = None) -> pd.DataFrame:
    """Per deputy, each deputy requirement's status (with months met / months) and who is behind."""
    today = today or date.today()
    start, end, _ = parse_period(period)
    reqs = [r for r in rules.requirements if r.subject == "deputy"]
    people = _deputies(session, scope)
    counts = _counts(session, reqs, start, end)
    out = people[["id", "姓名", "level", "所属联络站"]].copy()
    out["代表层级"] = out["level"].map(LEVELS)
    behind = pd.Series(0, index=out.index)
    ids, held = [int(i) for i in people["id"]], list(people["levels"])
    for r in reqs:
        col, detail, plan, wanted = [], [], _plan(r, start, end), set(r.levels)
        for who, levels in zip(ids, held):
            if wanted and not (levels & wanted):
                col.append("不适用")
                detail.append("")
                continue
            status, met, total = _status(counts[r.key], who, r, plan, end, today)
            col.append(DUTY_STATUS[status])
            detail.append(f"{met}/{total}")
        out[r.label] = col
        out[f"{r.label}（达标期数）"] = detail
        behind += pd.Series([c == DUTY_STATUS["missed"] for c in col], index=out.index).astype(int)
    out["未达标项数"] = behind
    return out.drop(columns=["level"]).sort_values(["未达标项数", "id"], ascending=[False, True]).reset_index(drop=True)


def evaluate_stations(session: Session, rules: RuleSet, period: str, scope: int | None = None,
                      today: date | None = None) -> pd.DataFrame:
    """Per open station, each station requirement's status."""
    today = today or date.today()
    start, end, _ = parse_period(period)
    reqs = [r for r in rules.requirements if r.subject == "station"]
    q = select(Station.id, Station.name, Station.kind).where(Station.closed_on.is_(None)).order_by(Station.id)
    if scope is not None:
        q = q.where(Station.id.in_(StationIndex.load(session).subtree(scope)))
    stations = list(session.execute(q))
    counts = _counts(session, reqs, start, end)
    plans = {r.key: _plan(r, start, end) for r in reqs}
    rows = []
    for sid, name, kind in stations:
        row = {"id": sid, "站点": name, "类型": STATION_KINDS[kind]}
        missed = 0
        for r in reqs:
            if r.kinds and kind not in r.kinds:
                row[r.label], row[f"{r.label}（达标期数）"] = "不适用", ""
                continue
            status, met, total = _status(counts[r.key], sid, r, plans[r.key], end, today)
            row[r.label], row[f"{r.label}（达标期数）"] = DUTY_STATUS[status], f"{met}/{total}"
            missed += status == "missed"
        row["未达标项数"] = missed
        rows.append(row)
    return pd.DataFrame(rows)
