"""The access tests' world: two counties, departments, deputies, a case at every step, a vote, a
round, a call; and one principal per role and scope over it."""
from __future__ import annotations

from datetime import date, timedelta

from toolkit.cases.services import Opinion, act, intake
from toolkit.core.access_rules import ANALYST, CITY, COUNTY, DEPT, DEPUTY, STAFF
from toolkit.core.principal import PUBLIC_PRINCIPAL, Principal
from toolkit.evaluations.services import create_round, issue_codes
from toolkit.network.deputies import create_deputy
from toolkit.admin.links import LinkHolder, issue_link
from toolkit.network.grids import GridData, save_grid
from toolkit.network.mobile_points import PointForm, open_point
from toolkit.network.models import Department
from toolkit.pairings.models import Pairing
from toolkit.projects.ballots import issue_ballots
from toolkit.projects.models import Project
from toolkit.projects.proposals import open_call
from toolkit.projects.vote_models import VoteCandidate
from toolkit.projects.votes import add_candidate, create_vote, open_vote
from toolkit.suggestions.answers import answer
from toolkit.suggestions.handling import SuggestionForm, assign, propose

from . import id_number, record

TODAY = date.today()


def build_world(session, network: dict[str, int]) -> dict[str, int]:
    """Two counties' stations, two departments, deputies at 五松 and 天井湖, a case at each step."""
    ids = dict(network)
    d1, d2 = Department(name="区住建局"), Department(name="区民政局")
    session.add_all([d1, d2])
    session.flush()
    ids["d1"], ids["d2"] = d1.id, d2.id
    ids["dep_w"] = create_deputy(session, record(姓名="五松代表", 身份证号=id_number(), 代表层级="县、乡"))
    ids["dep_t"] = create_deputy(session, record(姓名="天井湖代表", 身份证号=id_number(), 所属联络站="天井湖社区联络站",
                                                 是否领导干部="是", 代表层级="市"))
    registered = intake(session, Opinion("路灯不亮", station_id=ids["wusong"]))
    assigned = intake(session, Opinion("垃圾清运", station_id=ids["wusong"]))
    act(session, assigned.id, "assign", department_id=d1.id, deadline=TODAY + timedelta(days=15))
    ids["case_registered"], ids["case_assigned"] = registered.id, assigned.id
    ids["case_collected"] = intake(session, Opinion("井盖缺失", station_id=ids["wusong"]), register=False).id
    accepted = intake(session, Opinion("占道经营", station_id=ids["wusong"]))
    act(session, accepted.id, "assign", department_id=d1.id, deadline=TODAY + timedelta(days=15))
    act(session, accepted.id, "accept")
    answered = intake(session, Opinion("路面积水", station_id=ids["wusong"]))
    act(session, answered.id, "resolve_on_site", "已当场解决")
    ids["case_accepted"], ids["case_answered"] = accepted.id, answered.id
    p = Pairing(kind="upper_lower", mentor_id=ids["dep_t"], mentee_id=ids["dep_w"], started_on=TODAY - timedelta(days=30),
                created_by="测试")
    session.add(p)
    vote = create_vote(session, "票决", "county", seats=1, electorate=10)
    add_candidate(session, vote, "老年食堂", cost=100)
    add_candidate(session, vote, "口袋公园", cost=100)
    open_vote(session, vote)
    ids["vote"] = vote
    ids["code"] = issue_ballots(session, vote, [ids["dep_w"]])[ids["dep_w"]]
    cand = session.query(VoteCandidate).filter_by(vote_id=vote).first()
    project = Project(candidate_id=cand.id, name="老年食堂", department_id=d1.id, year=TODAY.year)
    session.add(project)
    ids["round_code"] = create_round(session, "群众测评", "department", "citizens", TODAY, TODAY + timedelta(days=9))
    from toolkit.evaluations.services import add_target
    ids["target_code"] = add_target(session, ids["round_code"], "区住建局", department_id=d1.id)
    ids["eval_code"] = issue_codes(session, ids["round_code"], 1)[0]
    ids["round_dep"] = create_round(session, "代表测评", "department", "deputies", TODAY, TODAY + timedelta(days=9))
    ids["target_dep"] = add_target(session, ids["round_dep"], "区住建局", department_id=d1.id)
    ids["call"] = open_call(session, "2027年民生实事项目征集", "county", TODAY.year + 1, TODAY, TODAY + timedelta(days=40))
    ids.update(_suggestions(session, ids))
    ids["grid"] = save_grid(session, ids["wusong"], GridData("东片网格", deputy_ids=[ids["dep_w"]])).id
    ids["dep_link"] = issue_link(session, LinkHolder("deputy", deputy_id=ids["dep_w"]))
    ids["point"] = open_point(session, PointForm(ids["wusong"], "集市流动联络站", "五松集市", TODAY, TODAY + timedelta(days=2),
                                                  deputy_ids=[ids["dep_w"]])).id
    from sqlalchemy import select

    from toolkit.notify.models import OutboxMessage
    from toolkit.notify.outbox import enqueue
    enqueue(session, "access-test", "email", "x@example.gov.cn", "主题", "正文", "test")
    session.flush()
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.key == "access-test"))
    message.state = "given_up"
    ids["pairing"], ids["project"], ids["given_up_message"] = p.id, project.id, message.id
    return ids


def _suggestions(session, ids: dict[str, int]) -> dict[str, int]:
    """代表建议 of 五松代表 at each step: proposed, handed to 区住建局 (协办 区民政局), answered B, and one
    answered A that grew from a citizen's case (whose code is kept for the confirmation)."""
    linked = intake(session, Opinion("小区路灯长期不亮", station_id=ids["wusong"], citizen_phone="13905620001"))
    s_new = propose(session, SuggestionForm("关于完善路灯的建议", "路灯不亮", ids["dep_w"]))
    s_assigned = propose(session, SuggestionForm("关于垃圾分类的建议", "分类设施不足", ids["dep_w"]))
    assign(session, s_assigned.id, ids["d1"], [ids["d2"]])
    s_answered = propose(session, SuggestionForm("关于道路养护的建议", "路面破损", ids["dep_w"]))
    assign(session, s_answered.id, ids["d1"])
    answer(session, s_answered.id, "B", "已列入计划", promised_on=TODAY + timedelta(days=30))
    s_done = propose(session, SuggestionForm("关于小区照明的建议", "照明不足", ids["dep_w"], case_numbers=[linked.number]))
    assign(session, s_done.id, ids["d1"])
    answer(session, s_done.id, "A", "已修复")
    return {"s_new": s_new.id, "s_assigned": s_assigned.id, "s_answered": s_answered.id, "case_linked": linked.id}


def principals(w) -> dict[str, Principal]:
    """One principal per role and scope; the station roles' subtrees as identity would compute them."""
    yian = frozenset({w["yian"], w["wusong"], w["shunan"], w["dongcun_w"], w["dongcun_s"]})
    return {
        "city": Principal("c", "市管理员", CITY),
        "county_yian": Principal("y", "义安区管理员", COUNTY, station_id=w["yian"], stations=yian),
        "county_tongguan": Principal("t", "铜官区管理员", COUNTY, station_id=w["tongguan"],
                                     stations=frozenset({w["tongguan"], w["tianjinghu"]})),
        "staff_wusong": Principal("s", "五松站工作人员", STAFF, station_id=w["wusong"],
                                  stations=frozenset({w["wusong"], w["dongcun_w"]})),
        "staff_tianjinghu": Principal("s2", "天井湖站工作人员", STAFF, station_id=w["tianjinghu"],
                                      stations=frozenset({w["tianjinghu"]})),
        "dept_d1": Principal("d1", "住建局", DEPT, department_id=w["d1"]),
        "dept_d2": Principal("d2", "民政局", DEPT, department_id=w["d2"]),
        "deputy_w": Principal("w", "五松代表", DEPUTY, deputy_id=w["dep_w"]),
        "deputy_t": Principal("dt", "天井湖代表", DEPUTY, deputy_id=w["dep_t"]),
        "public": PUBLIC_PRINCIPAL,
        # Analysts read, within the city or a county, and write nothing: no rule names them.
        "analyst_city": Principal("a", "市分析员", ANALYST),
        "analyst_yian": Principal("ay", "义安区分析员", ANALYST, station_id=w["yian"], stations=yian),
    }
