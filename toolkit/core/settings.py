"""Settings as data: each has a name, a default and a Chinese help line; counties change values."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from .access import require
from .errors import ToolkitError
from .glossary import MATTER_LEVELS, SUGGESTION_LEVELS
from .models import SettingRow


@dataclass(frozen=True)
class Setting:
    """A known setting."""

    name: str
    default: int
    help: str
    minimum: int = 1
    maximum: int = 1000
    group: str = "pairings"   # where it is set: the pairings app, or 系统管理 for "intake", "deadlines", "triage"


SETTINGS = {s.name: s for s in (
    Setting("pairing_overdue_days", 90, "结对多少天未联系视为超期"),
    Setting("capacity_leader_grassroots", 3, "每名领导干部代表最多联系几名基层代表"),
    Setting("capacity_reelected_new", 3, "每名连任代表最多联系几名新任代表"),
    Setting("capacity_upper_lower", 5, "每名省、市代表最多联系几名县、乡代表"),
    Setting("capacity_leader_township", 2, "每名常委会领导包联几个乡镇"),
    Setting("proposal_window_days", 30, "民生实事项目征集期至少多少天"),
    # A code on a poster must not become a way to flood a station; a lobby tablet (one address
    # for every visitor) may need a higher per-client figure.
    *(Setting(f"case_deadline_days_{level}", 15, f"{label}层级事项交办后的办理时限（工作日，交办当天不计）", maximum=365,
              group="deadlines") for level, label in MATTER_LEVELS.items()),
    Setting("case_deadline_days_hotline", 3, "12345人大代表通道案件的快办时限（工作日）", maximum=365, group="deadlines"),
    # A reception day: some 50 citizens in an hour at one station, most scanning the deputy on duty.
    Setting("intake_per_deputy_hour", 60, "每名代表的二维码每小时最多收几条留言", maximum=10_000, group="intake"),
    Setting("lookup_failures_per_client_hour", 10, "同一来源每小时最多输错几次办理进度查询（防止逐个试探案件编号）",
            maximum=1000, group="intake"),
    Setting("lookup_failures_per_case_day", 5, "同一案件每天最多输错几次手机号后四位（超过后只能用回执或短信上的查询码查询）",
            maximum=1000, group="intake"),
    Setting("link_failures_per_client_hour", 10, "同一来源每小时最多打开几次无效的个人链接（防止逐个试探代表、网格员的链接）",
            maximum=1000, group="intake"),
    Setting("triage_confidence", 60, "智能建议的把握度（%）达到多少时，登记和交办表单预先选上建议的类别、承办单位（仍须工作人员确认）",
            maximum=100, group="triage"),
    Setting("triage_similar_days", 90, "查找可能重复的案件时，看最近多少天受理、尚未办结的案件", maximum=730, group="triage"),
    Setting("intake_per_client_hour", 5, "同一访客（同一部手机或浏览器）每小时最多提交几条扫码留言", maximum=10_000,
            group="intake"),
    # Many phones share one address behind a carrier's NAT or the station's Wi-Fi: the address's own
    # ceiling is high, and holds only against a script that throws its cookie away.
    Setting("intake_per_address_hour", 100, "同一网络地址（运营商或联络站无线网共用的地址）每小时最多提交几条扫码留言",
            maximum=100_000, group="intake"),
    # 代表法: the unit answers a deputy's suggestion within three months of its being handed out.
    Setting("suggestion_answer_months", 3, "县级人大代表建议交办后几个月内答复（代表法规定三个月）", maximum=12, group="deadlines"),
    # The other congresses' suggestions may have their own term (a province's rules, a township's 主席团).
    *(Setting(f"suggestion_answer_months_{level}", 3, f"{label}级人大代表建议交办后几个月内答复", maximum=12,
              group="deadlines") for level, label in SUGGESTION_LEVELS.items() if level != "county"),
    # 代表不满意的答复, the unit studies again and answers within a month (the counties' rules of 建议办理).
    # 网格: a deputy who answers for a grid goes there (走访, 网格听事) at least every two months.
    Setting("grid_contact_overdue_days", 60, "网格联系代表多少天未到网格联系（走访、网格听事）视为联系超期", maximum=730,
            group="grids"),
    # A personal link (deputies', grid workers') ends on its own after this many days; staff issue a new one.
    Setting("personal_link_days", 180, "个人链接（代表、网格员在手机上打开的专属地址）多少天后失效", minimum=1, maximum=730,
            group="grids"),
    # 网格员转交: the deputy who receives it takes it up within this many working days (首问负责).
    Setting("grid_handoff_workdays", 5, "网格员转交给代表的意见，代表须在几个工作日内处理", maximum=60, group="grids"),
    Setting("suggestion_reopen_months", 1, "代表对答复不满意、退回重新办理后几个月内再次答复", maximum=6, group="deadlines"),
)}


def get_setting(session: Session, name: str) -> int:
    """The county's value, or the default."""
    if name not in SETTINGS:
        raise ToolkitError(f"没有名为「{name}」的设置")
    row = session.get(SettingRow, name)
    return int(row.value) if row else SETTINGS[name].default


def set_setting(session: Session, name: str, value: int) -> None:
    """Change a value within its range."""
    spec = SETTINGS.get(name)
    if spec is None:
        raise ToolkitError(f"没有名为「{name}」的设置")
    require(session, "setting.edit", target=spec.help)
    if not isinstance(value, int) or not spec.minimum <= value <= spec.maximum:
        raise ToolkitError(f"「{spec.help}」应为{spec.minimum}到{spec.maximum}之间的整数")
    row = session.get(SettingRow, name)
    if row is None:
        session.add(SettingRow(name=name, value=str(value)))
    else:
        row.value = str(value)
    session.flush()
