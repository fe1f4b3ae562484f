"""Demo data of the project cycle: last year's whole cycle (a call, proposals, screening, a 12-of-10
vote on paper ballots, the chosen projects under way, four completed and being rated) and this
year's call, open now. Built through the services, so the demo obeys every rule the apps do."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cases.models import Case
from ..evaluations.services import submit, targets_of
from ..network.models import Department, Deputy, Seat, Station
from .ballots import record_paper_ballots
from .models import Project
from .proposals import merge, open_call, propose, propose_from_case, screen, support
from .supervision import add_milestone, complete, evaluate_projects, inspect, reach_milestone, report_progress
from .vote_models import Vote
from .votes import add_from_reserve, close_and_count, create_vote, open_vote

ACTOR = "演示数据"
# Last year's cycle is fixed in time so reports over it read the same whatever day the demo is built.
CYCLE_YEAR, CUTOFF = 2026, date(2026, 11, 20)
# (title, place kind, department keyword, cost in 万元, support on the ballot 0..1)
PROJECTS = [
    ("老旧小区改造提升", "小区", "住房和城乡建设", 2600, 0.93), ("城乡居民饮水安全巩固提升", "村", "水务", 1800, 0.91),
    ("农村公路提质改造", "村", "交通运输", 3200, 0.88), ("社区嵌入式养老服务中心", "社区", "民政", 900, 0.9),
    ("老年助餐点建设", "社区", "民政", 450, 0.95), ("中小学食堂改造", "学校", "教育", 760, 0.86),
    ("乡镇卫生院能力提升", "镇", "卫生健康", 1200, 0.84), ("城区停车位扩容", "街道", "城市管理", 680, 0.78),
    ("口袋公园建设", "社区", "城市管理", 380, 0.8), ("农贸市场改造", "镇", "市场监督", 520, 0.74),
    ("电动自行车集中充电设施", "小区", "城市管理", 260, 0.41), ("城市内涝点改造", "街道", "住房和城乡建设", 1500, 0.38),
]
REJECTED = [
    ("新建大型体育场馆", "fiscal", "投资大，超出当年财政承受能力，建议纳入中长期规划"),
    ("免费开放全部停车场", "legality", "涉及经营性收费政策，不属于民生实事项目范围"),
    ("主城区地下综合管廊", "feasibility", "技术论证未完成，当年难以实施"),
]
MILESTONES = ["完成立项与招标", "开工建设", "主体完工", "竣工验收"]
NEXT_YEAR = ["背街小巷整治", "公共厕所新建改建", "婴幼儿托育服务点", "全民健身步道", "就业驿站建设",
             "校园周边交通安全设施", "社区文体活动中心", "农村生活污水治理"]


def _dept(session: Session, keyword: str) -> int | None:
    return session.scalar(select(Department.id).where(Department.name.contains(keyword)).order_by(Department.id))


def load_demo_projects(session: Session, seed: int = 11, today: date | None = None) -> dict:
    """Both calls, the vote and the projects; returns counts."""
    rng = random.Random(seed)
    today = today or date.today()
    year = CYCLE_YEAR
    county = session.scalar(select(Station).where(Station.kind == "county_center").order_by(Station.id))
    prefix = county.name.replace("中心站", "")[:3] if county else "县"
    stations = list(session.scalars(select(Station.id).where(Station.kind == "township_station").order_by(Station.id)))
    deputies = list(session.scalars(select(Deputy.id).join(Seat, Seat.deputy_id == Deputy.id)
                                    .where(Seat.level == "county").order_by(Deputy.id)))
    names = list(session.scalars(select(Deputy.name).where(Deputy.id.in_(deputies)).order_by(Deputy.id)))

    # Last year's call, forty days in the autumn.
    start = date(year - 1, 9, 20)
    call = open_call(session, f"{year}年{prefix}民生实事项目征集", "county", year, start, start + timedelta(days=39))
    when = datetime(year - 1, 10, 8, 10, 0)
    ids = {}
    for i, (title, place, *_rest) in enumerate(PROJECTS):
        by_deputy = i % 3 == 0 and bool(deputies)
        pid = propose(session, call, title, names[i % len(names)] if by_deputy else f"群众{'甲乙丙丁戊己庚辛'[i % 8]}",
                      "deputy" if by_deputy else rng.choice(["citizen", "station", "post"]),
                      deputy_id=deputies[i % len(deputies)] if by_deputy else None,
                      content=f"建议实施{title}，惠及周边群众。", station_id=stations[i % len(stations)] if stations else None,
                      place=f"{'东西南北'[i % 4]}湖{place}", now=when + timedelta(days=i % 20))
        for k in range(rng.randint(3, 25)):
            support(session, pid, f"附议群众{k + 1}", now=when + timedelta(days=i % 20, hours=k))
        ids[title] = pid
    dup = propose(session, call, "社区老年食堂", "群众壬", "citizen", place="东湖社区", now=when)
    support(session, dup, "附议群众1", now=when)
    merge(session, ids["老年助餐点建设"], [dup])
    for title, failed, reason in REJECTED:
        pid = propose(session, call, title, "群众癸", "citizen", now=when)
        verdicts = {k: k != failed for k in ("necessity", "feasibility", "cost", "fiscal", "legality")}
        screen(session, pid, verdicts, reason)
    for title, _, dept, cost, _ in PROJECTS:
        screen(session, ids[title], {k: True for k in ("necessity", "feasibility", "cost", "fiscal", "legality")},
               "民生议事会论证：群众需求迫切，方案可行，财力可承受", cost=cost, department_id=_dept(session, dept))

    # The vote at the congress: 12 of 10, itemised, on paper.
    electorate, present = 220, 205
    vid = create_vote(session, f"{prefix}第二届人民代表大会第三次会议 {year}年民生实事项目票决", "county", 10, electorate, budget=sum(p[3] for p in PROJECTS[:10]) + 300, call_id=call)
    add_from_reserve(session, vid, [ids[p[0]] for p in PROJECTS])
    open_vote(session, vid)
    ballots = []
    for _ in range(present - 1):
        ballot = {}
        for title, _, _, _, support_share in PROJECTS:
            x = rng.random()
            ballot[title] = "赞成" if x < support_share else ("反对" if x < support_share + (1 - support_share) / 2 else "")
        ballots.append(ballot)
    record_paper_ballots(session, vid, ballots, present)
    result = close_and_count(session, vid, present=present)
    v = session.get(Vote, vid)   # the session sat in January
    v.opened_at, v.closed_at = datetime(year, 1, 9, 9, 30), datetime(year, 1, 9, 11, 40)

    # Supervision through the year: milestones, monthly progress, inspections; four completed.
    projects = list(session.scalars(select(Project).where(Project.name.in_(result["selected"])).order_by(Project.id)))
    done = 0
    for n, p in enumerate(projects):
        finished = n < 4
        steps = [add_milestone(session, p.id, t, due) for t, due in zip(MILESTONES, (
            date(year, 3, 31), date(year, 6, 30), date(year, 10, 31), date(year, 12, 20)))]
        progress, day, reached = 0, date(year, 2, 10), set()
        for month in range(2, 12):
            day = date(year, month, 10 + n % 10)
            if day > CUTOFF:
                break
            progress = min(100, progress + (rng.randint(12, 20) if finished else rng.randint(5, 11)))
            report_progress(session, p.id, day, progress, f"{p.name}：{'按计划推进' if progress < 100 else '全部完工'}",
                            photos=f"{p.name}施工现场\n{p.name}进度公示牌")
            for k, step in enumerate(steps):
                if progress >= 25 * (k + 1) and step not in reached:
                    reach_milestone(session, step, day)
                    reached.add(step)
            if progress == 100:
                break
        if deputies:
            inspect(session, p.id, day, rng.sample(deputies, min(3, len(deputies))),
                    "现场查看施工质量和进度，听取部门汇报；建议加强安全文明施工，及时公示进展")
        if finished and progress == 100:
            complete(session, p.id, day)
            done += 1
    rated = 0
    completed = [p.id for p in projects[:4] if p.completed_on]
    if completed and deputies:
        rid = evaluate_projects(session, f"{year}年民生实事项目满意度测评", completed, date(year, 11, 16),
                                date(year, 12, 15), rater_kind="deputies")
        for tid, _ in targets_of(session, rid):
            for d in deputies[: min(30, len(deputies))]:
                submit(session, rid, tid, f"deputy:{d}", rng.choices(["满意", "基本满意", "不满意"], [75, 20, 5])[0],
                       now=datetime(year, 11, 18, 10, 0))
                rated += 1

    # This year's call, open now (relative to the day the demo is built, so the app has a live call).
    now_call = open_call(session, f"{today.year + 1}年{prefix}民生实事项目征集", "county", today.year + 1,
                         today - timedelta(days=10), today + timedelta(days=25))
    now = datetime.combine(today, datetime.min.time()).replace(hour=9)
    for i, title in enumerate(NEXT_YEAR):
        source = rng.choice(["citizen", "station", "post", "deputy"]) if deputies else "citizen"
        who = names[(i * 7) % len(names)] if source == "deputy" else f"群众{'甲乙丙丁戊己庚辛'[i]}"
        pid = propose(session, now_call, title, who, source, deputy_id=deputies[(i * 7) % len(deputies)] if source == "deputy" else None,
                      station_id=stations[i % len(stations)] if stations else None, place=f"{'东西南北'[i % 4]}湖社区", now=now)
        for k in range(rng.randint(0, 12)):
            support(session, pid, f"附议群众{k + 1}", now=now)
    for case_id in session.scalars(select(Case.id).where(Case.category == "民生项目").order_by(Case.id.desc()).limit(2)):
        propose_from_case(session, now_call, case_id, now=now)
    return {"项目建议": len(PROJECTS) + len(REJECTED) + 1 + len(NEXT_YEAR), "票决": 1, "项目": len(projects),
            "完工": done, "测评": rated}
