"""The duty app from Python: log an activity, apply a standard, points, a rota, an archive."""
from datetime import date, datetime

from sqlalchemy import func, select

from toolkit.duty.models import Activity, RotaTurn
from toolkit.network.models import Deputy
from widgets import DutyApp


def _upload(name, text):
    return ({"name": name, "type": "text/plain", "size": len(text.encode()), "content": memoryview(text.encode()),
             "last_modified": datetime.now()},)


def test_the_duty_app_end_to_end(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("LIAISON_STANDARDS_DIR", str(tmp_path))
    import shutil

    from toolkit.duty.standards import STANDARDS_DIR
    for f in STANDARDS_DIR.glob("*.toml"):
        shutil.copy(f, tmp_path)
    app = DutyApp(demo_db)
    with demo_db.reader() as s:
        before = s.scalar(select(func.count(Activity.id)))
        name, home = s.execute(select(Deputy.name, Deputy.station_id).where(Deputy.station_id.is_not(None))
                               .order_by(Deputy.id)).first()

    a = app.activity
    a.title.value, a.held_on.value, a.citizens.value = "三月接待选民日", date.today(), 15
    a.attendee.text.value = name
    a.add_attendee.click()
    a.cases.value = "TL-NOPE-1"
    a.save_button.click()
    assert "找不到案件编号：TL-NOPE-1" in a.message.text
    a.cases.value = ""
    a.save_button.click()
    assert a.message.kind == "ok", a.message.text
    assert "三月接待选民日" in a.listing.value
    with demo_db.reader() as s:
        assert s.scalar(select(func.count(Activity.id))) == before + 1

    st = app.standards
    st.rules.value = next(v for label, v in st.rules.options if "八个一" in label)
    st.period.value = "2025"
    seen = []
    st.summary.observe(lambda change: seen.append((change["new"], st.run_button.disabled, st.deputies.value)), "value")
    st.run_button.click()
    assert "有未达标项" in st.summary.value and "每月接待一次选民群众" in st.deputies.value
    assert ".xlsx" in st.download.value and not st.run_button.disabled
    working = [(text, off, table) for text, off, table in seen if "正在对照" in text]
    assert working and working[0][1] and working[0][2] == ""           # the sign of work, the button off, old result gone
    assert "八个一" in working[0][0] and "期间：2025" in working[0][0]
    assert "八个一" in st.summary.value and " · 2025 · 全部站点</h3>" in st.summary.value   # the result says what it is
    st.period.value = "2025年"
    st.run_button.click()
    assert "应写作 2026、2026-Q2 或 2026-05" in st.message.text and not st.run_button.disabled
    assert "正在对照" not in st.summary.value
    st.upload.value = _upload("bad.toml", 'name = "坏"\n[[requirement]]\nkey = "a"\nsubject = "deputy"\nmeasure = "hugs"\nper = "month"\nat_least = 1\n')
    st.upload_button.click()
    assert "未知的要求（measure）「hugs」" in st.message.text and not (tmp_path / "bad.toml").exists()
    good = (STANDARDS_DIR / "1_tongling_121.toml").read_text(encoding="utf-8").replace("铜陵“121”任务机制", "本县“121”") \
        .replace("at_least = 2", "at_least = 3")
    st.upload.value = _upload("ours.toml", good)
    st.upload_button.click()
    assert "已加入「本县“121”」" in st.message.text and any("本县" in l for l, _ in st.rules.options)

    pts = app.points
    pts.period.value = "2025"
    pts.run_button.click()
    assert "积分排名" in pts.ranking.value and "县区排名" in pts.ranking.value, pts.message.text

    r = app.rota
    r.station.value, r.month.value = home, "2026-12"
    r.save_button.click()
    assert "请先生成排班" in r.message.text
    r.plan_button.click()
    assert "排班方案（尚未保存）" in r.table.value, r.message.text
    r.save_button.click()
    assert r.message.kind == "ok"
    with demo_db.reader() as s:
        assert s.scalar(select(func.count(RotaTurn.id))) == len(r.plan.turns) > 0
    r.show_button.click()
    assert "已保存的排班" in r.table.value and "轮值表.pdf" in r.download.value

    ar = app.archive
    ar.deputy.text.value = name
    ar.year.value = "2025"
    ar.show_button.click()
    assert f"{name}代表电子履职档案（2025年）" in ar.view.value and "履职活动（进站）" in ar.view.value
    assert "档案（PDF）" in ar.download.value
    ar.year.value = "去年"
    ar.show_button.click()
    assert "四位数字" in ar.message.text
    ar.year.value = ""
    ar.station_button.click()
    assert "本站档案（PDF）" in ar.station_download.value


def test_reports_from_the_app(demo_db):
    app = DutyApp(demo_db)
    rp = app.reports
    rp.report.value = "county-quarterly"
    assert [c.description for c in rp.inputs.children] == ["站点", "期间"]
    rp.station.value = next(i for label, i in rp.station.options if "铜官区人大代表联络中心站" in label)
    rp.period.value = "2025-Q4"
    rp.make_button.click()
    assert "2025年第4季度代表联络站工作报告" in rp.view.value and "data:image/png" in rp.view.value, rp.message.text
    assert "Excel" in rp.download.value and "PDF" in rp.download.value
    rp.report.value = "deputy-annual"
    rp.make_button.click()
    assert "请先查找并选择代表" in rp.message.text
    rp.report.value = "vote-announcement"
    rp.make_button.click()
    assert "票决结果公告" in rp.view.value
