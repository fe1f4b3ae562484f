"""The data dictionary: every column of every analysis frame, with its Chinese label (what
`labels(df)` renames it to, for display and export) and what it means. The README's table is
generated from here (python docs/readme_tables.py)."""
from __future__ import annotations

import pandas as pd

FRAMES: dict[str, dict[str, tuple[str, str]]] = {
    "cases": {
        "number": ("案件编号", "如 TL-2026-000123"),
        "received_on": ("受理日期", "收集或登记之日"),
        "channel": ("受理渠道", "扫码留言、接待选民日、12345热线……"),
        "category": ("问题类别", "城乡建设、社会保障……"),
        "kind": ("类型", "社情民意或代表建议"),
        "matter_level": ("事项层级", "站点、县区或市级事项"),
        "station": ("受理站点", "受理的联络站或联络点"),
        "county": ("县区", "受理站点所属的中心站"),
        "department": ("承办单位", "交办的单位；未交办为空"),
        "deputy": ("接收代表", "接收意见的代表（分析员只见姓氏）"),
        "state": ("当前状态", "已收集……已办结"),
        "assigned_on": ("交办日期", ""),
        "deadline": ("办理时限", "应答复的日期"),
        "answered_on": ("答复日期", "最近一轮的答复日"),
        "days_to_answer": ("答复用时（天）", "受理到答复的自然日数"),
        "overdue": ("是否超期", "今天仍未答复且已过办理时限"),
        "working_days_overdue": ("超期工作日", "超期的工作日数，未超期为 0"),
        "rating": ("群众评价", "满意、基本满意、不满意；未评价为空"),
        "rounds": ("办理轮次", "2 起为不满意后的二次办理"),
        "supervision": ("督办", "重点督办或领衔督办"),
        "concluded_on": ("办结日期", ""),
        "station_id": ("站点编号", ""), "county_id": ("县区编号", ""), "department_id": ("承办单位编号", ""),
        "deputy_id": ("代表编号", ""),
    },
    "case_events": {
        "number": ("案件编号", ""), "at": ("时间", ""), "action": ("操作", "建账、交办、答复……"),
        "from_state": ("原状态", ""), "to_state": ("新状态", ""),
    },
    "deputies": {
        "deputy_id": ("代表编号", ""), "name": ("姓名", "分析员只见姓氏"), "gender": ("性别", ""),
        "ethnicity": ("民族", ""), "birth_year": ("出生年份", ""), "party": ("政治面貌", ""),
        "levels": ("代表层级", "如 县、乡"), "highest_level": ("最高层级", "全国 > 省 > 市 > 县 > 乡"),
        "station": ("所属联络站", "未进站为空"), "county": ("县区", ""), "enrolled": ("是否进站", ""),
        "is_resident": ("驻站代表", ""), "is_reelected": ("是否连任", ""), "is_leader": ("是否领导干部", ""),
        "specialty": ("专业特长", ""), "committee_role": ("常委会职务", ""), "station_id": ("站点编号", ""),
    },
    "activities": {
        "activity_id": ("活动编号", ""), "held_on": ("日期", ""), "kind": ("活动类型", "接待选民日、主题活动……"),
        "title": ("活动名称", ""), "theme": ("月度主题", ""), "station": ("站点", ""), "county": ("县区", ""),
        "deputies_present": ("参加代表数", "每位参加代表记一次进站"), "citizens_received": ("接待群众数", ""),
        "opinions": ("收集意见数", "活动中登记的社情民意"), "station_id": ("站点编号", ""),
    },
    "attendances": {
        "activity_id": ("活动编号", ""), "held_on": ("日期", ""), "kind": ("活动类型", ""), "deputy_id": ("代表编号", ""),
        "deputy_station_id": ("代表所属站点编号", "代表编组所在的站点"), "station_id": ("活动站点编号", "活动所在的站点"),
    },
    "duty_status": {
        "deputy_id": ("代表编号", ""), "name": ("姓名", "分析员只见姓氏"), "level": ("代表层级", ""),
        "station": ("所属联络站", ""), "requirement": ("履职要求", "规则文件中的一项"),
        "status": ("达标情况", "达标、未达标、进行中、不适用"), "units_met": ("达标期数", ""), "units": ("应达标期数", ""),
    },
    "pairings": {
        "pairing_id": ("结对编号", ""), "kind": ("结对类型", "三联结对的五种"), "mentor_id": ("联系人编号", ""),
        "mentor": ("联系人", "分析员只见姓氏"), "mentee_id": ("被联系代表编号", "包联乡镇为空"),
        "mentee": ("被联系对象", "代表或包联的乡镇联络站"), "station": ("所属站点", "被联系代表的站点或包联乡镇"),
        "started_on": ("结对日期", ""), "ended_on": ("结束日期", ""), "end_reason": ("结束原因", ""),
        "contacts": ("联系次数", ""), "last_contact": ("最近联系", ""),
        "days_since_contact": ("未联系天数", "自最近联系（或结对）起，至今天或结束日"),
        "overdue": ("联系超期", "仍在结对且未联系天数超过系统参数"),
    },
    "grids": {
        "grid_id": ("网格编号", ""), "grid": ("网格", ""), "station_id": ("站点编号", ""), "station": ("所属站点", ""),
        "county": ("县区", "所属中心站"), "households": ("户数", ""), "residents": ("常住人口", ""),
        "deputies": ("联系代表数", "在该站进站的联系代表"), "contacts": ("联系次数", "代表到网格联系（走访、网格听事）"),
        "last_contact": ("最近联系", ""), "days_since_contact": ("未联系天数", "自最近联系起至今天；从未联系为空"),
        "overdue": ("联系超期", "有联系代表而超过系统参数天数未联系（从未联系也算）"),
    },
    "contacts": {
        "pairing_id": ("结对编号", ""), "kind": ("结对类型", ""), "day": ("联系日期", ""), "mode": ("联系方式", ""),
        "topic": ("联系内容", ""),
    },
    "evaluations": {
        "response_id": ("答卷编号", ""), "round_id": ("测评编号", ""), "round": ("测评名称", ""),
        "target_kind": ("测评对象类型", ""), "target": ("测评对象", ""), "rater_kind": ("测评人类型", ""),
        "verdict": ("总体评价", "满意、基本满意、不满意、弃权"), "score_mean": ("分项平均分", "1–5 分"),
        "items_scored": ("已评分项数", ""), "submitted_on": ("提交日期", ""),
    },
    "projects": {
        "project_id": ("项目编号", ""), "name": ("项目名称", ""), "year": ("年度", ""), "department": ("承办单位", ""),
        "cost": ("投资（万元）", ""), "progress": ("进度（%）", ""), "due_on": ("计划完成", ""),
        "completed_on": ("完成日期", ""), "milestones": ("节点数", ""), "milestones_done": ("已完成节点", ""),
        "milestones_late": ("逾期节点", "今天已过计划日期且未完成"), "last_update": ("最近报告进展", ""),
    },
    "suggestions": {
        "number": ("建议编号", ""), "title": ("标题", ""), "category": ("类别", ""), "session_label": ("届次会次", ""),
        "lead_deputy": ("领衔代表", "分析员看到的是姓氏"), "cosigners": ("附议代表人数", ""), "proposed_on": ("提出日期", ""),
        "unit": ("主办单位", ""), "co_units": ("协办单位数", ""), "assigned_on": ("交办日期", ""),
        "answer_due": ("答复期限", "交办日期加三个月"), "key_supervision": ("重点督办", ""), "answered_on": ("答复日期", "首次答复"),
        "on_time": ("按期答复", "在答复期限内首次答复"), "answer_class": ("答复类别", "A/B/C"),
        "deputy_opinion": ("代表意见", ""), "rounds": ("办理轮次", "不满意退回重新办理后加一"),
        "promised_on": ("承诺落实日期", "B类"), "done_on": ("落实日期", ""),
        "promise_late": ("B类逾期未落实", "今天已过承诺日期且未落实"), "citizen_cases": ("来源群众意见数", ""),
        "citizens_confirmed": ("群众确认人数", ""), "citizens_done": ("群众确认已落实人数", ""),
        "lead_deputy_id": ("领衔代表编号", ""), "unit_id": ("主办单位编号", ""), "station_id": ("领衔代表所在站点编号", ""),
    },
    "votes": {
        "vote_id": ("票决编号", ""), "vote": ("票决名称", ""), "level": ("层级", "县或乡人大"),
        "state": ("状态", ""), "seats": ("应选项目数", ""), "electorate": ("全体代表人数", ""),
        "present": ("出席人数", ""), "ballots": ("收回票数", ""), "turnout": ("投票率", "收回票数 ÷ 全体代表人数"),
        "candidate": ("候选项目", ""), "cost": ("投资（万元）", ""), "department": ("承办单位", ""),
        "votes_for": ("赞成票", "限额选择时为所得票数"), "votes_against": ("反对票", ""), "votes_abstain": ("弃权票", ""),
        "passed": ("是否通过", ""), "selected": ("是否当选", ""),
    },
}
# A name shared by frames (station, name…) labels as its first frame says, unless the frame is known.
LABELS: dict[str, str] = {}
for _frame in FRAMES.values():
    for _column, (_label, _) in _frame.items():
        LABELS.setdefault(_column, _label)


def framed(df: pd.DataFrame, frame: str) -> pd.DataFrame:
    """Mark which frame this is (kept by pandas in `attrs`), so `labels` uses its own words."""
    df.attrs["frame"] = frame
    return df


def labels(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with its columns in the glossary's Chinese (for display and export); columns it
    does not know (an analyst's own) keep their names."""
    own = FRAMES.get(df.attrs.get("frame"), {})
    return df.rename(columns={c: own[c][0] if c in own else LABELS[c] for c in df.columns if c in own or c in LABELS})
