"""Who may make which write, as data: one row per kind of write, the roles that may make it.

A role's scope is checked on top of this (toolkit/core/access.py): county administrators and station
staff within their stations, a department within its own cases and projects, a deputy within
their own record, pairings and ballots. The permission tests walk this table role by role.
"""
from __future__ import annotations

from dataclasses import dataclass

CITY, COUNTY, STAFF, DEPT, DEPUTY, PUBLIC, ANALYST = (
    "city_admin", "county_admin", "station_staff", "department", "deputy", "public", "analyst")
STATION_ROLES = frozenset({COUNTY, STAFF})


@dataclass(frozen=True)
class Rule:
    """One kind of write: its Chinese name and who may make it. An unscoped write carries its own
    credential (a one-time code), so any listed role may make it wherever it is."""

    label: str
    roles: frozenset[str]
    scoped: bool = True


def _rule(label: str, *roles: str, scoped: bool = True) -> Rule:
    return Rule(label, frozenset(roles), scoped)


RULES: dict[str, Rule] = {
    "station.edit": _rule("调整站点架构", CITY, COUNTY),
    "station.import": _rule("导入站点架构", CITY),
    "deputy.edit": _rule("编辑代表信息", CITY, COUNTY, STAFF, DEPUTY),
    "deputy.enrol": _rule("代表进站或调整站点", CITY, COUNTY, STAFF),
    "roster.import": _rule("导入代表名册", CITY, COUNTY),
    "grid.edit": _rule("管理网格及联系代表", CITY, COUNTY, STAFF),
    "grid.import": _rule("导入网格", CITY, COUNTY),
    "grid.contact": _rule("记录网格联系", CITY, COUNTY, STAFF, DEPUTY),
    "point.edit": _rule("设立或调整流动联络站", CITY, COUNTY, STAFF),
    "group.edit": _rule("建立或调整代表小组", CITY, COUNTY, STAFF),
    "link.issue": _rule("发放或撤销个人链接", CITY, COUNTY, STAFF),
    "deputy_page.switch": _rule("开放或关闭本县区代表履职公开页", CITY, COUNTY),
    "department.edit": _rule("管理承办单位", CITY),
    "case.intake": _rule("登记社情民意", CITY, COUNTY, STAFF, DEPUTY, PUBLIC),
    "case.import": _rule("导入社情民意台账", CITY, COUNTY),
    "case.register": _rule("登记受理", CITY, COUNTY, STAFF),
    "case.resolve_on_site": _rule("当场答复", CITY, COUNTY, STAFF),
    "case.assign": _rule("交办", CITY, COUNTY, STAFF),
    "case.to_suggestion": _rule("转为代表建议", CITY, COUNTY, STAFF),
    "case.transfer": _rule("改派", CITY, COUNTY, STAFF),
    "case.accept": _rule("签收", CITY, COUNTY, DEPT),
    "case.progress": _rule("报告进展", CITY, COUNTY, DEPT),
    "case.answer": _rule("答复", CITY, COUNTY, DEPT),
    "case.evaluate": _rule("满意度回访", CITY, COUNTY, STAFF),
    # Whoever holds the case number and its proof (the citizen who left it) rates the answer.
    "case.citizen_rate": _rule("凭查询信息评价办理结果", CITY, COUNTY, STAFF, DEPT, DEPUTY, PUBLIC, scoped=False),
    "case.conclude": _rule("办结", CITY, COUNTY, STAFF),
    # The deputy's personal link is the credential (as a citizen's lookup code is): checked by the service.
    "case.deputy_reply": _rule("代表凭个人链接回复群众或备注", DEPUTY, PUBLIC, scoped=False),
    "case.supervise": _rule("督办", CITY, COUNTY),
    "case.link": _rule("标记同一事项", CITY, COUNTY, STAFF),
    "triage.learn": _rule("学习智能分类", CITY),
    "suggestion.import": _rule("导入代表建议", CITY, COUNTY),
    "suggestion.propose": _rule("提出代表建议", CITY, COUNTY, STAFF, DEPUTY),
    "suggestion.assign": _rule("交办代表建议", CITY, COUNTY),
    "suggestion.handle": _rule("记录建议办理沟通", CITY, COUNTY, DEPT),
    "suggestion.answer": _rule("答复代表建议", CITY, COUNTY, DEPT),
    "suggestion.rate": _rule("对建议答复发表代表意见", DEPUTY),   # only the 领衔代表 (scope: the deputy)
    "suggestion.fulfil": _rule("记录建议承诺落实", CITY, COUNTY, DEPT),
    "suggestion.to_project": _rule("将代表建议纳入民生实事征集", CITY),
    # Whoever holds the case number and its lookup code (the citizen who left it) says whether it was done.
    "suggestion.confirm": _rule("凭查询信息确认建议落实", CITY, COUNTY, STAFF, DEPT, DEPUTY, PUBLIC, scoped=False),
    "pairing.edit": _rule("建立或调整结对", CITY, COUNTY),
    "pairing.contact": _rule("记录结对联系", CITY, COUNTY, DEPUTY),
    "eval.manage": _rule("管理满意度测评", CITY, COUNTY),
    "eval.submit": _rule("凭测评码提交测评意见", CITY, COUNTY, STAFF, DEPT, DEPUTY, PUBLIC, scoped=False),
    "eval.submit_as_deputy": _rule("以代表身份提交测评意见", CITY, COUNTY, STAFF, DEPUTY),
    "project.call": _rule("征集、筛选民生实事项目", CITY),
    "project.propose": _rule("提出项目建议", CITY, COUNTY, STAFF, DEPUTY, PUBLIC),
    "vote.manage": _rule("组织项目票决", CITY),
    "vote.cast": _rule("投票", CITY, DEPUTY),  # the city's voting desk, or the deputy's own ballot
    "vote.cast_code": _rule("凭码投票", CITY, COUNTY, STAFF, DEPT, DEPUTY, PUBLIC, scoped=False),
    "project.report": _rule("报告项目进度", CITY, DEPT),
    "project.inspect": _rule("记录项目视察", CITY, COUNTY),
    "activity.log": _rule("登记履职活动", CITY, COUNTY, STAFF),
    "duty.record": _rule("记录履职档案", CITY, COUNTY, STAFF, DEPUTY),
    "rota.edit": _rule("安排轮值", CITY, COUNTY, STAFF),
    "standard.upload": _rule("上传履职标准", CITY),
    "user.manage": _rule("管理用户与权限", CITY, COUNTY),
    "setting.edit": _rule("修改系统参数", CITY),
    "calendar.edit": _rule("维护节假日与调休日历", CITY),
    "notify.manage": _rule("重发通知、导出待发短信", CITY),
}
