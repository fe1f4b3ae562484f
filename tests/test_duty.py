"""Activities, duty standards as rule files, points: hand-checked small data on both databases."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from toolkit import ToolkitError, create_deputy
from toolkit.cases.services import Opinion, intake
from toolkit.core.errors import ValidationFailed
from toolkit.duty.activities import ActivityForm, add_duty_record, list_activities, log_activity
from toolkit.duty.models import Activity, ActivityAttendee
from toolkit.duty.points import duty_points
from toolkit.duty.standards import (
    STANDARDS_DIR,
    available_rules,
    evaluate_deputies,
    evaluate_stations,
    load_rules,
    parse_period,
    parse_rules,
)
from toolkit.network.stations import close_station
from toolkit.projects.proposals import open_call, propose

from .factories import id_number, record

TODAY = date(2026, 3, 15)
HESHUN = STANDARDS_DIR / "2_heshun_8.toml"


def _deputy(session, name, level="县"):
    return create_deputy(session, record(姓名=name, 身份证号=id_number(), 代表层级=level))


def _attend(session, station, kind, day, deputies, title="活动"):
    return log_activity(session, ActivityForm(station, kind, day, title, deputy_ids=deputies), today=TODAY)


def _opinion(session, station, deputy, day):
    c = intake(session, Opinion(content="路灯坏了", station_id=station, deputy_id=deputy))
    c.received_on, c.received_at = day, datetime.combine(day, datetime.min.time())
    session.flush()


@pytest.fixture
def heshun_year(session, network):
    """2025 for two county deputies: 甲 meets every 八个一 item; 乙 skips July's training only."""
    st = network["wusong"]
    a, b = _deputy(session, "张甲"), _deputy(session, "李乙")
    for month in range(1, 13):
        _attend(session, st, "接待选民日", date(2025, month, 5), [a, b], "接待选民日")
        _attend(session, st, "training", date(2025, month, 12), [a] if month == 7 else [a, b], "学习培训")
        _opinion(session, st, a, date(2025, month, 20))
        _opinion(session, st, b, date(2025, month, 21))
    for d in (a, b):
        for kind in ("diary", "story", "report_back"):
            add_duty_record(session, d, kind, date(2025, 11, 30), "年度记录")
    call = open_call(session, "2025年项目征集", "county", 2026, date(2025, 9, 1), date(2025, 10, 31))
    for d, name in ((a, "张甲"), (b, "李乙")):
        propose(session, call, f"{name}的项目", name, "deputy", deputy_id=d, now=datetime(2025, 9, 10))
    return a, b


def test_one_deputy_just_meets_eight_ones_and_another_misses_one_by_one(session, heshun_year):
    a, b = heshun_year
    df = evaluate_deputies(session, load_rules(HESHUN), "2025", today=TODAY).set_index("id")
    assert df.loc[a, "未达标项数"] == 0
    assert (df.loc[a, ["每月接待一次选民群众", "每月参加一次学习培训", "每年记录一本民情日志", "每年承办一件民生实事"]]
            == "已达标").all()
    assert df.loc[b, "每月参加一次学习培训"] == "未达标" and df.loc[b, "每月参加一次学习培训（达标期数）"] == "11/12"
    assert df.loc[b, "未达标项数"] == 1 and df.loc[b, "每月参加一次进站活动"] == "已达标"
    assert list(df.index[:1]) == [b]                  # who is behind comes first


def test_a_monthly_sheet_shows_yearly_items_as_not_yet(session, heshun_year):
    a, _ = heshun_year
    df = evaluate_deputies(session, load_rules(HESHUN), "2025-06", today=TODAY).set_index("id")
    assert df.loc[a, "每月接待一次选民群众"] == "已达标"
    assert df.loc[a, "每年记录一本民情日志"] == "未达标（期内）"      # done in November, not by June
    assert df.loc[a, "每年承办一件民生实事"] == "未达标（期内）"


def test_requirements_apply_only_to_their_levels(session, network):
    city = _deputy(session, "赵丙", level="市")
    df = evaluate_deputies(session, load_rules(HESHUN), "2025", today=TODAY).set_index("id")
    assert df.loc[city, "每月接待一次选民群众"] == "不适用" and df.loc[city, "未达标项数"] == 0


def test_the_121_standard_for_stations_and_deputies(session, network):
    rules = load_rules(STANDARDS_DIR / "1_tongling_121.toml")
    wusong, shunan = network["wusong"], network["shunan"]
    a = _deputy(session, "钱丁")
    for month in range(1, 13):
        _attend(session, wusong, "theme", date(2025, month, 8), [a] if month in (3, 9) else [])
        if month != 4:
            _attend(session, shunan, "theme", date(2025, month, 8), [])
    st = evaluate_stations(session, rules, "2025", today=TODAY).set_index("站点")
    assert st.loc["五松镇人大代表联络站", "联络站每月至少开展1次活动"] == "已达标"
    assert st.loc["顺安镇人大代表联络站", "联络站每月至少开展1次活动（达标期数）"] == "11/12"
    assert st.loc["顺安镇人大代表联络站", "未达标项数"] == 1
    assert st.loc["义安区中心站", "联络站每月至少开展1次活动"] == "不适用"
    dep = evaluate_deputies(session, rules, "2025", today=TODAY).set_index("id")
    assert dep.loc[a, "县乡两级人大代表每年进站参加活动不少于2次"] == "已达标"
    cur = evaluate_stations(session, rules, "2026-Q1", today=TODAY).set_index("站点")
    assert cur.loc["五松镇人大代表联络站", "联络站每月至少开展1次活动"] == "未达标"   # Jan, Feb: none


def test_points_follow_the_weights_and_rank_within_county_and_level(session, heshun_year):
    a, b = heshun_year
    df = duty_points(session, load_rules(HESHUN), "2025").set_index("id")
    # 甲: receptions 12×2 + opinions 12×2 + visits 24×1 + trainings 12×1 + diary 3 + project 3 + story 2 + report 3
    assert df.loc[a, "积分"] == 12 * 2 + 12 * 2 + 24 + 12 + 3 + 3 + 2 + 3
    assert df.loc[b, "积分"] == df.loc[a, "积分"] - 2          # one training (1) and one visit (1) fewer
    assert (df.loc[a, "县区排名"], df.loc[b, "县区排名"]) == (1, 2) and df.loc[a, "县区"] == "义安区中心站"


def test_rule_files_are_checked_before_use():
    with pytest.raises(ToolkitError, match="未知的要求（measure）「hugs」"):
        parse_rules('name = "x"\n[[requirement]]\nkey = "a"\nlabel = "拥抱"\nsubject = "deputy"\n'
                    'measure = "hugs"\nper = "month"\nat_least = 1\n')
    with pytest.raises(ToolkitError, match="per 应为"):
        parse_rules('name = "x"\n[[requirement]]\nkey = "a"\nsubject = "deputy"\nmeasure = "opinions"\n'
                    'per = "week"\nat_least = 1\n')
    with pytest.raises(ToolkitError, match="格式有误"):
        parse_rules("name = ")
    assert set(available_rules()) >= {"铜陵“121”任务机制", "和顺“八个一”履职活动标准", "池州“五个一”"}
    assert parse_period("2026-Q2")[:2] == (date(2026, 4, 1), date(2026, 6, 30))
    with pytest.raises(ToolkitError, match="2026-Q2"):
        parse_period("2026年")


def test_bad_activities_are_refused_and_write_nothing(session, network):
    a = _deputy(session, "孙戊")
    close_station(session, network["dongcun_w"], on=date(2026, 1, 1))
    cases = [
        (ActivityForm(network["dongcun_w"], "theme", date(2026, 2, 1), "撤销后"), "已于2026-01-01撤销"),
        (ActivityForm(network["wusong"], "theme", date(2026, 2, 1), "有外人", deputy_ids=[a, 999999]), "编号999999不是代表"),
        (ActivityForm(network["wusong"], "跳舞", date(2026, 2, 1), "未知类型"), "不是已知的活动类型"),
        (ActivityForm(network["wusong"], "theme", TODAY + timedelta(days=1), "将来"), "不能晚于今天"),
        (ActivityForm(network["wusong"], "theme", date(2026, 2, 1), "负数", citizens_received=-3), "不小于0"),
    ]
    for form, message in cases:
        with pytest.raises(ValidationFailed, match=message):
            log_activity(session, form, today=TODAY)
    assert session.scalar(select(func.count(Activity.id))) == 0
    assert session.scalar(select(func.count(ActivityAttendee.id))) == 0
    ok = log_activity(session, ActivityForm(network["wusong"], "接待选民日", date(2026, 2, 1), "二月接待", theme="助企纾困",
                                            citizens_received=12, deputy_ids=[a, a]), today=TODAY)
    row = list_activities(session).iloc[0]
    assert (row["编号"], row["类型"], row["月度主题"], row["参加代表"], row["接待群众"]) == (ok, "接待选民日", "助企纾困", 1, 12)


def test_the_rota_spreads_turns_honours_unavailable_days_and_matches_specialties(session, network):
    from collections import Counter

    from toolkit.duty.rota import mark_unavailable, plan_rota, plan_table, save_rota, saved_rota
    st = network["shunan"]
    people = [create_deputy(session, record(姓名=n, 身份证号=id_number(), 所属联络站="顺安镇人大代表联络站", 专业特长=s))
              for n, s in (("周一", "律师"), ("吴二", "农业"), ("郑三", "社区调解"), ("王四", ""), ("冯五", "社保政策"))]
    busy = people[1]
    mark_unavailable(session, busy, date(2026, 5, 4), "出差")
    plan = plan_rota(session, st, "2026-05")
    weekdays = [d for d in range(1, 32) if date(2026, 5, d).weekday() < 5]
    assert len(plan.turns) == 4 * len(weekdays) and plan.empty == []
    per_day = Counter((d, i) for d, _, i in plan.turns)
    assert max(per_day.values()) == 1                                   # never twice a day
    assert (date(2026, 5, 4), busy) not in per_day                      # the day off is honoured
    turns = Counter(i for _, _, i in plan.turns)
    assert max(turns.values()) - min(turns.values()) <= 1               # spread evenly
    legal = Counter(i for _, p, i in plan.turns if p == "legal")
    assert legal.most_common(1)[0][0] == people[0]                      # the lawyer takes the legal post most
    save_rota(session, plan)
    again = saved_rota(session, st, "2026-05")
    assert sorted(again.turns) == sorted(plan.turns)
    table = plan_table(again)
    assert list(table.columns) == ["日期", "信息服务岗", "矛盾化解岗", "法律服务岗", "民生项目征集岗"]
    save_rota(session, plan_rota(session, st, "2026-05", posts=("legal",), weekdays=(1,)))
    assert len(saved_rota(session, st, "2026-05").turns) == 4            # replaced: four Tuesdays


def test_a_small_station_leaves_slots_empty_and_says_so(session, network):
    from toolkit.duty.rota import plan_rota
    st = network["tianjinghu"]
    create_deputy(session, record(姓名="陈六", 身份证号=id_number(), 所属联络站="天井湖社区联络站"))
    plan = plan_rota(session, st, "2026-06", posts=("info", "legal"), weekdays=(2,))
    assert len(plan.turns) == 4 and len(plan.empty) == 4                # one deputy, two posts, four Wednesdays
    with pytest.raises(ToolkitError, match="没有进站代表"):
        plan_rota(session, network["dongcun_s"], "2026-06")
    with pytest.raises(ToolkitError, match="以月为单位"):
        plan_rota(session, st, "2026")


def test_the_five_ones_of_chizhou_and_measures_from_pairings_and_evaluations(session, network):
    from toolkit.duty.measures import count
    from toolkit.evaluations.services import add_target, create_round, submit
    from toolkit.pairings.models import ContactLog, Pairing
    rules = load_rules(STANDARDS_DIR / "3_chizhou_5.toml")
    a, b = _deputy(session, "蒋庚"), _deputy(session, "沈辛")
    st = network["wusong"]
    for month in range(1, 4):                      # 2025-Q1: 甲 visits households and reports each month
        _attend(session, st, "household", date(2025, month, 3), [a, b] if month < 3 else [a])
        _opinion(session, st, a, date(2025, month, 9))
        _opinion(session, st, b, date(2025, month, 9))
    df = evaluate_deputies(session, rules, "2025-Q1", today=TODAY).set_index("id")
    assert df.loc[a, "未达标项数"] == 0
    assert df.loc[b, "每月开展一次进村入户、走访联系群众活动（达标期数）"] == "2/3" and df.loc[b, "未达标项数"] == 1
    # Pairings and evaluations are countable too.
    p = Pairing(kind="reelected_new", mentor_id=a, mentee_id=b, started_on=date(2025, 1, 1), created_by="测试")
    session.add(p)
    session.flush()
    session.add(ContactLog(pairing_id=p.id, day=date(2025, 2, 2), mode="走访", topic="交流履职经验", logged_by="测试",
                           logged_at=datetime(2025, 2, 2, 18)))
    session.flush()
    rid = create_round(session, "述职测评", "report", "deputies", date(2025, 2, 1), date(2025, 2, 28))
    tid = add_target(session, rid, "述职", deputy_id=b)
    submit(session, rid, tid, f"deputy:{a}", "满意", now=datetime(2025, 2, 10, 9))
    assert count(session, "pairing_contacts", date(2025, 1, 1), date(2025, 3, 31)) == {(a, 2025, 2): 1}
    assert count(session, "evaluations", date(2025, 1, 1), date(2025, 3, 31)) == {(a, 2025, 2): 1}


def test_only_a_city_administrator_adds_a_standard_and_it_is_logged(db, tmp_path, monkeypatch):
    from toolkit.admin.users import add_user, principal_for
    from toolkit.core.access import Forbidden
    from toolkit.core.audit_models import AuditEntry
    from toolkit.duty.standards import STANDARDS_DIR, add_rules_file, available_rules
    from toolkit.network.stations import add_station
    monkeypatch.setenv("LIAISON_STANDARDS_DIR", str(tmp_path))
    with db.unit_of_work() as s:
        hub = add_station(s, "测试联络总站", "city_hub")
        county = add_station(s, "测试区中心站", "county_center", hub)
        add_user(s, "yi.county", "县管理员", "county_admin", station_id=county)
        add_user(s, "ana", "分析员", "analyst")
        add_user(s, "wang.city", "市管理员", "city_admin")
        people = {login: principal_for(s, login) for login in ("yi.county", "ana", "wang.city")}
    ours = (STANDARDS_DIR / "1_tongling_121.toml").read_text(encoding="utf-8").replace("铜陵“121”任务机制", "本县“121”")
    for login in ("yi.county", "ana"):
        with pytest.raises(Forbidden):
            with db.acting_as(people[login]).unit_of_work() as s:
                add_rules_file(s, "ours.toml", ours.encode("utf-8"))
    assert not (tmp_path / "ours.toml").exists()
    with db.acting_as(people["wang.city"]).unit_of_work() as s:
        assert add_rules_file(s, "ours.toml", ours.encode("utf-8")).name == "本县“121”"
    assert "本县“121”" in available_rules()
    with pytest.raises(ToolkitError, match="同名"):
        with db.acting_as(people["wang.city"]).unit_of_work() as s:
            add_rules_file(s, "ours.toml", ours.encode("utf-8"))           # never replaced
    with db.reader() as s:
        logged = s.execute(select(AuditEntry.actor, AuditEntry.action).where(AuditEntry.entity == "duty_standard")).all()
        refused = s.scalars(select(AuditEntry.after).where(AuditEntry.action == "refused")).all()
    assert logged == [("wang.city", "upload")] and len(refused) == 2 and all("上传履职标准" in r for r in refused)
