"""Smart triage: suggestions learned from a small hand-written history where the answer is
obvious, the county's own unit, determinism, the CLI's JSON and its refusal, the preselection
threshold, the same-matter link both ways (and its notice), hot topics."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from toolkit.admin.users import add_user
from toolkit.cases.links import link_same_matter, same_matter, unlink
from toolkit.cases.models import Case
from toolkit.cases.services import Opinion, act, intake
from toolkit.network.department_directory import add_department
from toolkit.core.access import Forbidden
from toolkit.core.errors import ToolkitError
from toolkit.core.principal import PRINCIPAL, Principal
from toolkit.core.settings import set_setting
from toolkit.notify.models import OutboxMessage
from toolkit.triage import TooLittleHistory, advise, hot_topics, needs_learning, suggest
from toolkit.triage.learn import learn

from . import factories

TODAY = date(2026, 6, 15)
# Three matters, each with its own words; the unit depends on the county where the county has its own.
HISTORY = {
    "城乡建设": ["路灯不亮，晚上走路看不见", "小区门口路灯坏了好几天", "路灯一到晚上就灭，请维修", "街上的路灯坏了没人修",
             "巷子里的路灯不亮了", "路灯损坏，夜间出行危险"],
    "教育": ["幼儿园学位不够，孩子没地方上学", "希望增加幼儿园学位", "孩子上幼儿园排不上号", "幼儿园报名名额太少",
           "公办幼儿园学位紧张", "幼儿园招生学位不足"],
    "生态环境": ["饭店油烟扰民，熏得开不了窗", "楼下餐馆油烟太大", "烧烤店油烟直排进居民楼", "油烟味很重，饭店没装净化器",
             "餐饮店油烟污染严重", "夜宵摊油烟呛人"],
}


@pytest.fixture
def world(session):
    ids = factories.small_network(session)
    units = {name: add_department(session, name) for name in
             ("义安区城市管理局", "铜官区城市管理局", "市教育局", "市生态环境局")}
    unit_for = {("城乡建设", "yian"): "义安区城市管理局", ("城乡建设", "tongguan"): "铜官区城市管理局",
                ("教育", "yian"): "市教育局", ("教育", "tongguan"): "市教育局",
                ("生态环境", "yian"): "市生态环境局", ("生态环境", "tongguan"): "市生态环境局"}
    day = TODAY - timedelta(days=200)
    for category, texts in HISTORY.items():
        for i, text in enumerate(texts * 3):
            county, station = ("yian", "wusong") if i % 2 else ("tongguan", "tianjinghu")
            case = intake(session, Opinion(f"{text}（{i}）", category=category, station_id=ids[station]),
                          at=datetime.combine(day, datetime.min.time()))
            case.department_id = units[unit_for[(category, county)]]
            case.state = "concluded"
    session.flush()
    ids.update(units)
    return ids


def test_obvious_matters_get_their_category_and_the_countys_own_unit(session, world):
    learn(session)
    yian = suggest(session, "我家门口那盏路灯坏了", world["wusong"], today=TODAY)
    assert yian.categories[0][0] == "城乡建设" and yian.categories[0][1] > 0.5
    assert yian.departments[0][1] == "义安区城市管理局"
    tongguan = suggest(session, "我家门口那盏路灯坏了", world["tianjinghu"], today=TODAY)
    assert tongguan.departments[0][1] == "铜官区城市管理局"
    assert suggest(session, "幼儿园没有学位了", world["wusong"], today=TODAY).categories[0][0] == "教育"
    smoke = suggest(session, "楼下饭店的油烟", world["wusong"], top=2, today=TODAY)
    assert smoke.categories[0][0] == "生态环境" and smoke.departments[0][1] == "市生态环境局"
    assert len(smoke.categories) == 2 and smoke.categories[0][1] >= smoke.categories[1][1]


def test_learning_is_deterministic(session, world):
    first = learn(session).digest
    again = learn(session)
    assert again.digest == first
    assert len(session.scalars(select(Case.id)).all()) == 54


def test_too_little_history_is_refused_with_a_reason(session):
    factories.small_network(session)
    with pytest.raises(TooLittleHistory, match="历史案件太少.*至少需要50件.*现有0件"):
        learn(session)
    with pytest.raises(TooLittleHistory, match="还没有学习过"):
        suggest(session, "路灯坏了")
    assert advise(session, "路灯坏了", None).unavailable.startswith("还没有学习过")


def test_history_grown_by_a_tenth_is_learned_again(session, world):
    assert needs_learning(session)
    learn(session)
    assert not needs_learning(session)
    for i in range(10):
        intake(session, Opinion(f"路灯又坏了{i}", category="城乡建设", station_id=world["wusong"]))
        session.flush()
        assert needs_learning(session) == (i == 9)       # 54 → 64 cases: a tenth more, and at least ten


def test_similar_open_recent_cases_are_found_within_the_county(session, world):
    learn(session)
    earlier = intake(session, Opinion("翠湖花园北门的路灯一个月没亮了", category="城乡建设", station_id=world["wusong"]),
                     at=datetime.combine(TODAY - timedelta(days=3), datetime.min.time()))
    other_county = intake(session, Opinion("翠湖花园北门的路灯一个月没亮了", category="城乡建设",
                                           station_id=world["tianjinghu"]),
                          at=datetime.combine(TODAY - timedelta(days=3), datetime.min.time()))
    old = intake(session, Opinion("翠湖花园北门路灯不亮", category="城乡建设", station_id=world["shunan"]),
                 at=datetime.combine(TODAY - timedelta(days=120), datetime.min.time()))
    session.flush()
    found = suggest(session, "翠湖花园北门外的路灯不亮，晚上太黑", world["shunan"], today=TODAY).similar
    numbers = [n for _, n, _ in found]
    assert numbers[0] == earlier.number                  # same county, open, recent
    assert other_county.number not in numbers            # another county
    assert old.number not in numbers                     # older than triage_similar_days (90)
    set_setting(session, "triage_similar_days", 150)
    assert old.number in [n for _, n, _ in suggest(session, "翠湖花园北门外的路灯不亮", world["shunan"], today=TODAY).similar]


def test_preselection_only_at_the_citys_confidence(session, world):
    learn(session)
    set_setting(session, "triage_confidence", 100)
    advice = advise(session, "路灯坏了，晚上看不见", world["wusong"], today=TODAY)
    assert advice.categories[0][0] == "城乡建设" and advice.categories[0][1] < 100
    assert advice.preselect_category is None and advice.preselect_department is None
    set_setting(session, "triage_confidence", advice.categories[0][1])
    advice = advise(session, "路灯坏了，晚上看不见", world["wusong"], today=TODAY)
    assert advice.preselect_category == "城乡建设"
    set_setting(session, "triage_confidence", advice.departments[0][2] + 1)
    assert advise(session, "路灯坏了，晚上看不见", world["wusong"], today=TODAY).preselect_department is None


def test_the_same_matter_shows_on_both_and_concluding_the_first_tells_the_second(session, world):
    add_user(session, "wusong.staff", "五松站工作人员", "station_staff", world["wusong"], email="ws@example.org")
    first = intake(session, Opinion("东村桥头路灯不亮", category="城乡建设", station_id=world["shunan"]))
    second = intake(session, Opinion("东村桥头的路灯坏了", category="城乡建设", station_id=world["wusong"]))
    session.flush()
    link_same_matter(session, second.id, first.number)
    assert same_matter(session, second.id) == (first.number, [])
    assert same_matter(session, first.id) == (None, [second.number])
    with pytest.raises(ToolkitError, match="受理得晚"):
        link_same_matter(session, first.id, second.number)
    with pytest.raises(ToolkitError, match="它自己"):
        link_same_matter(session, first.id, first.number)
    with pytest.raises(ToolkitError, match="没有编号为「TL-无此号」的案件"):
        link_same_matter(session, second.id, "TL-无此号")
    session.info[PRINCIPAL] = Principal("t", "天井湖站工作人员", "station_staff", station_id=world["tianjinghu"],
                                        stations=frozenset({world["tianjinghu"]}))
    try:
        with pytest.raises(Forbidden, match="无权标记同一事项"):
            unlink(session, second.id)
    finally:
        session.info.pop(PRINCIPAL)
    act(session, first.id, "resolve_on_site", "已当场解决")
    act(session, first.id, "conclude")
    told = session.scalars(select(OutboxMessage).where(OutboxMessage.event == "same_matter_concluded")).all()
    assert [m.recipient for m in told] == ["ws@example.org"]
    assert second.number in told[0].body and first.number in told[0].body and "东村" not in told[0].body
    unlink(session, second.id)
    assert same_matter(session, first.id) == (None, [])


def test_hot_topics_rise_against_the_three_months_before(session, world):
    def add(text, month, n, station="wusong", category="城乡建设"):
        for i in range(n):
            intake(session, Opinion(f"{text}{i}", category=category, station_id=world[station]),
                   at=datetime(2026, month, 10, 9))
    add("翠湖花园电梯故障困人", 5, 6)
    add("翠湖花园电梯故障", 2, 1)
    add("幼儿园学位紧张", 5, 4, category="教育")
    add("幼儿园学位紧张", 3, 4, category="教育")
    add("幼儿园学位紧张", 4, 4, category="教育")
    add("幼儿园学位紧张", 2, 4, category="教育")
    add("小区停车难", 5, 5, station="tianjinghu")
    session.flush()
    terms, categories = hot_topics(session, "2026-05")
    yian = terms[terms["区县"] == "义安区中心站"]
    assert len(yian) == 1                    # one matter: its rising words told in the same cases, shown once
    row = yian.iloc[0]
    words_of_it = {row["词语"], *row["同一事项的词"].split("、")}
    assert {"电梯", "故障", "花园"} <= words_of_it and "幼儿园" not in words_of_it     # steady: not hot
    assert row["词语"] == "电梯"                          # named by its least common word, not 花园
    assert row["本月件数"] == 6 and row["前三月月均"] == pytest.approx(0.3) and len(row["例子"].split("、")) == 3
    tongguan = terms[terms["区县"] == "铜官区中心站"].iloc[0]
    assert {"停车难", "小区"} == {tongguan["词语"], *tongguan["同一事项的词"].split("、")}
    assert tongguan["增幅"] == "新出现" and row["增幅"].endswith("倍")      # nothing before: new, not 6.0倍 of nothing
    assert "五松" not in set(terms["词语"])                                    # the network's own names left out
    assert set(categories[categories["区县"] == "义安区中心站"]["类别"]) == {"城乡建设"}


def test_the_command_line_prints_json_and_refuses_an_empty_history(demo_db, tmp_path, capsys):
    from toolkit.ops.cli import main as liaison
    url = demo_db.engine.url.render_as_string(hide_password=False)
    assert liaison(["cases", "learn", "--db", url]) == 0
    assert "已学习：300件历史案件" in capsys.readouterr().out
    assert liaison(["cases", "suggest", "五松镇路灯损坏多日，夜间出行不便", "--station", "五松镇人大代表联络站",
                    "--top", "2", "--db", url]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"categories", "departments", "similar"}
    assert out["categories"][0][0] == "城乡建设" and len(out["categories"]) == 2
    assert out["categories"][0][1] >= out["categories"][1][1]
    assert out["departments"][0][0] == "市城市管理局"     # the demo's 义安区 has no 城管局 of its own
    with demo_db.reader() as s:
        known = set(s.scalars(select(Case.number)))
    assert all(number in known and 0 < score <= 1 for number, score in out["similar"])
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert liaison(["init", "--db", empty]) == 0
    assert liaison(["cases", "suggest", "路灯坏了", "--db", empty]) == 2
    assert "历史案件太少，无法学习智能分类" in capsys.readouterr().err


def test_the_intake_form_preselects_only_at_the_citys_confidence_and_links_the_duplicate(demo_db):
    from toolkit.core.settings import get_setting
    from toolkit.triage.learn import learn_if_grown
    from widgets.cases.intake import CaseIntakePanel
    learn_if_grown(demo_db)
    with demo_db.unit_of_work() as s:
        # The earlier opinion is made two days before now: the demo's own cases end on its fixed
        # "today", and would leave the 90-day window as the calendar moves on.
        station = s.scalar(select(Case.station_id).where(Case.content.like("%路灯%")).order_by(Case.id))
        content = "幸福村委会门前新装的三盏路灯损坏多日，晚上一片漆黑"
        earlier = intake(s, Opinion(content, category="城乡建设", station_id=station),
                         at=datetime.now() - timedelta(days=2))
        number = earlier.number
        set_setting(s, "triage_confidence", 100)
        assert get_setting(s, "triage_confidence") == 100
    panel = CaseIntakePanel(demo_db)
    panel.fields["所属站点"].value = station
    panel.fields["反映内容"].value = content + "，请尽快修"
    assert "智能建议" in panel.advice.line.value and "城乡建设" in panel.advice.line.value
    assert panel.fields["类别"].value == "其他"                      # below 100%: shown, not chosen
    with demo_db.unit_of_work() as s:
        set_setting(s, "triage_confidence", 30)
    panel.fields["反映内容"].value = content + "，请尽快修复"
    assert panel.fields["类别"].value == "城乡建设" and "已按建议预选" in panel.advice.remark.value
    panel.fields["类别"].value = "交通出行"                          # the person's choice stands
    panel.fields["反映内容"].value = content + "，请尽快修复！"
    assert panel.fields["类别"].value == "交通出行"
    assert number in [v for _, v in panel.advice.pick.options]
    panel.advice.pick.value = number
    panel.log_case()
    assert f"已标记与 {number} 为同一事项" in panel.message.text
    assert panel.fields["类别"].value == "其他" and panel.advice.pick.value == ""      # a fresh form for the next one
    with demo_db.reader() as s:
        new = s.get(Case, panel.created_id)
        assert new.category == "交通出行" and new.same_as_id == earlier.id
        assert same_matter(s, earlier.id)[1] == [new.number]


def test_the_case_page_links_and_the_figures_tab_shows_hot_topics(demo_db):
    from toolkit.triage.learn import learn_if_grown
    from widgets.cases.app import CasesApp
    learn_if_grown(demo_db)
    with demo_db.unit_of_work() as s:
        station = s.scalar(select(Case.station_id).order_by(Case.id))
        first = intake(s, Opinion("桥头菜市场门口的路灯坏了半个月", category="城乡建设", station_id=station),
                       at=datetime.now() - timedelta(days=2))
        later_id = intake(s, Opinion("桥头菜市场门口路灯不亮", category="城乡建设", station_id=station)).id
        first_number = first.number
    app = CasesApp(demo_db)
    app.detail.case_id = later_id
    assert "智能建议" in app.detail.advice.line.value and "承办单位" in app.detail.advice.line.value
    options = [v for _, v in app.detail.advice.pick.options if v]
    assert options[0] == first_number
    app.detail.advice.pick.value = options[0]
    app.detail.link()
    assert "已标记与" in app.detail.message.text and options[0] in app.detail.same.value
    app.detail.unlink()
    assert app.detail.same.value == ""
    app.selected_index = 3
    with demo_db.reader() as s:
        newest = s.scalar(select(func.max(Case.received_on)))
    assert app.hot.month.value == f"{newest:%Y-%m}"            # opens on the newest month with cases
    from widgets.cases.hot import HotTopicsPanel
    later = HotTopicsPanel(demo_db, today=newest.replace(day=1) + timedelta(days=62))
    assert later.month.value == f"{newest:%Y-%m}" != later.month.options[0]   # not the empty month just begun
    app.hot.month.value = "2026-04"
    assert "加装电梯" in app.hot.terms.value and "城乡建设" in app.hot.categories.value


def test_a_unit_sees_the_suggestions_but_is_not_offered_the_link(demo_db):
    from toolkit.core.principal import Principal
    from toolkit.triage.learn import learn_if_grown
    from widgets.cases.app import CasesApp
    learn_if_grown(demo_db)
    with demo_db.unit_of_work() as s:
        station, unit = s.execute(select(Case.station_id, Case.department_id).where(Case.department_id.is_not(None))
                                  .order_by(Case.id)).first()
        intake(s, Opinion("桥头菜市场门口的路灯坏了半个月", category="城乡建设", station_id=station),
               at=datetime.now() - timedelta(days=2))
        later = intake(s, Opinion("桥头菜市场门口路灯不亮", category="城乡建设", station_id=station))
        act(s, later.id, "assign", department_id=unit, deadline=date.today() + timedelta(days=30))
        later_id = later.id
    staff = CasesApp(demo_db)
    staff.detail.case_id = later_id
    assert staff.detail.link_button.layout.display == "" and staff.detail.advice.pick.layout.display == ""
    app = CasesApp(demo_db.acting_as(Principal("d", "某局", "department", department_id=unit)))
    app.detail.case_id = later_id
    assert "智能建议" in app.detail.advice.line.value and "可能重复" in app.detail.advice.duplicates.value
    assert "内容不显示" in app.detail.advice.duplicates.value         # the earlier case is not the unit's
    assert "坏了半个月" not in app.detail.advice.duplicates.value and "坏了半个月" in staff.detail.advice.duplicates.value
    assert app.detail.link_button.layout.display == "none" and app.detail.advice.pick.layout.display == "none"


def test_a_month_written_wrong_is_refused_in_chinese(session, world, capsys):
    with pytest.raises(ToolkitError, match="热点按月分析：期间「2026-Q2」应写作 2026-05 这样的年-月"):
        hot_topics(session, "2026-Q2")
    with pytest.raises(ToolkitError, match="期间「2026-13」有误"):
        hot_topics(session, "2026-13")


def test_the_hot_topics_report_refuses_a_wrong_month_without_a_traceback(demo_url, tmp_path, capsys):
    from toolkit.ops.cli import main as liaison
    url = demo_url
    capsys.readouterr()
    assert liaison(["report", "hot-topics", "--period", "2026-Q2", "--out", str(tmp_path / "r.html"), "--db", url]) == 2
    err = capsys.readouterr().err
    assert "报告未生成：热点按月分析：期间「2026-Q2」应写作 2026-05 这样的年-月" in err
    assert "\x1b[" not in err and "ToolkitError" not in err and not (tmp_path / "r.html").exists()


def test_words_read_from_the_stored_dictionary_are_jiebas_own(tmp_path, monkeypatch):
    """A suggestion reads only the dictionary entries its text needs (toolkit/triage/text.py): the
    words and their commonness must be those of the whole dictionary in memory."""
    from toolkit.triage import text as triage_text
    monkeypatch.setenv("LIAISON_CACHE_DIR", str(tmp_path / "cache"))
    triage_text._stored_words.cache_clear()
    texts = ["小区路灯坏了好几天，晚上很黑，老人出行不便", "加装电梯的补贴什么时候发放？楼里意见不一",
             "雨污管网改造后路面塌陷，井盖松动", "ABC小区123号楼前积水严重，请尽快处理！！", "", "的的的的"]
    try:
        stored = [(triage_text._stored_cutter(t).lcut(t, HMM=False), triage_text._stored_words().get("路灯")) for t in texts]
        whole = triage_text._tokenizer()
        whole.check_initialized()
        assert stored == [(whole.lcut(t, HMM=False), whole.FREQ["路灯"]) for t in texts]
        assert triage_text._stored_words().get("不在词典里的词啊") is None and triage_text.commonness("不在词典里的词啊") == 0
    finally:
        triage_text._stored_words.cache_clear()
