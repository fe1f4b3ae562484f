"""The pairings app driven from Python: hand-made pairs, refusals, the planner, contacts, export."""
from datetime import date, timedelta

from sqlalchemy import func, select

from toolkit.network.models import Deputy
from toolkit.pairings.models import ContactLog, Pairing
from widgets import PairingsApp


def _count(db, model):
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def _pick(picker, name):
    picker.text.value = name
    assert picker.choice.options, f"no deputy matches {name}"


def test_a_refused_pairing_says_why_and_writes_nothing(demo_db):
    app = PairingsApp(demo_db)
    before = _count(demo_db, Pairing)
    with demo_db.reader() as s:
        grass = s.scalar(select(Deputy.name).where(Deputy.is_leader.is_(False), Deputy.station_id.is_not(None)))
    _pick(app.new.mentor, grass)
    _pick(app.new.mentee, grass)
    app.new.kind.value = "leader_grassroots"
    app.new.create_button.click()
    assert app.new.message.kind == "error" and "不是领导干部代表" in app.new.message.text
    assert _count(demo_db, Pairing) == before


def test_the_planner_suggests_and_accepting_creates_pairs(demo_db):
    app = PairingsApp(demo_db)
    before = _count(demo_db, Pairing)
    app.planner.kind.value = "leader_grassroots"
    app.planner.make_button.click()
    assert "首次适配方案" in app.planner.quality.value
    n = len(app.planner.plan.suggestions)
    if n:
        app.planner.choices.value = (0,)
        app.planner.accept_some.click()
        assert app.planner.message.kind == "ok" and _count(demo_db, Pairing) == before + 1
    app.planner.accept_all.click()  # without a fresh plan
    assert app.planner.message.kind == "error"


def test_contacts_are_logged_and_future_dates_refused(demo_db):
    app = PairingsApp(demo_db)
    p = app.pairs
    p.pick.value = p.pick.options[1][1]
    before = _count(demo_db, ContactLog)
    p.day.value, p.topic.value = date.today() + timedelta(days=3), "走访"
    p.log_button.click()
    assert p.message.kind == "error" and "不能晚于今天" in p.message.text
    p.day.value = date.today()
    p.log_button.click()
    assert p.message.kind == "ok" and _count(demo_db, ContactLog) == before + 1
    assert "走访" in p.history.value


def test_ending_twice_is_refused_and_export_has_two_sheets(demo_db):
    app = PairingsApp(demo_db)
    p = app.pairs
    target = p.pick.options[1][1]
    p.pick.value, p.reason.value = target, "工作调动"
    p.end_button.click()
    assert p.message.kind == "ok"
    p.active_only.value = False
    p.pick.value = target
    p.end_button.click()
    assert p.message.kind == "error" and "已于" in p.message.text
    p.export_button.click()
    assert "data:application/vnd.openxmlformats" in p.download.value


def test_the_network_view_and_settings(demo_db):
    app = PairingsApp(demo_db)
    assert "<details" in app.network.view.value
    net = app.network                                  # a network drawn, not only a list: lines joining the people
    county = net.county.value
    mentors = net.tree[county]
    drawn = net.drawing.value
    assert "<svg" in drawn and drawn.count("<line") == sum(len(v) for v in mentors.values())
    assert all(m.split("（")[0] in drawn for m in mentors)
    other = next(c for c in net.county.options if c != county)
    net.county.value = other
    assert net.drawing.value != drawn and "<svg" in net.drawing.value
    app.network.settings.controls["pairing_overdue_days"].value = 30
    app.network.settings.save_button.click()
    assert app.network.settings.message.kind == "ok"
    assert "intake_per_client_hour" not in app.network.settings.controls   # set in 系统管理
    from toolkit.core.settings import get_setting
    with demo_db.reader() as s:
        assert get_setting(s, "pairing_overdue_days") == 30
