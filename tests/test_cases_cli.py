"""`liaison cases …` and `liaison qr …` from the command line; the demo's cases hang together."""
import json

import pytest
from sqlalchemy import func, select

from toolkit.cases.demo import _outcomes
from toolkit.cases.models import Case, CaseEvent
from toolkit.core.db import Database
from toolkit.ops.cli import main

from . import files


@pytest.fixture
def url(demo_url):
    return demo_url


def test_stats_print_the_same_numbers_as_the_toolkit(url, capsys):
    from toolkit.cases.stats import case_figures
    assert main(["cases", "stats", "--by", "category", "--format", "json", "--db", url]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["口径"].startswith("办结率")
    with Database(url).reader() as s:
        expected = case_figures(s, "category")
    assert [r["受理"] for r in out["结果"]] == expected["受理"].tolist()
    assert main(["cases", "stats", "--by", "month", "--from", "2026-01-01", "--format", "csv", "--db", url]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("月份,受理,办结,办结率") and all(l.startswith("2026-") for l in lines[1:])


def test_a_bad_date_is_a_clear_error(url, capsys):
    assert main(["cases", "stats", "--from", "2026-13-01", "--db", url]) == 2
    assert "日期「2026-13-01」有误" in capsys.readouterr().err


def test_ledger_import_exit_codes_and_no_duplicates(url, tmp_path, capsys):
    header = ["编号", "受理日期", "反映内容", "所属站点", "办理状态"]
    good = [["A-1", "2026-01-05", "井盖缺失", "幸福街道人大代表联络站", "建账"]]
    path = files.write(tmp_path / "l.xlsx", header, good + [["A-2", "2026-01-06", "x", "火星站", "建账"]])
    assert main(["cases", "import", str(path), "--db", url]) == 2
    assert "第3行「所属站点」" in capsys.readouterr().out
    assert main(["cases", "import", str(path), "--skip-invalid", "--db", url]) == 0
    assert main(["cases", "import", str(files.write(tmp_path / "g.csv", header, good)), "--db", url]) == 0
    assert "已导入（跳过）1行" in capsys.readouterr().out


def test_hotline_import_and_case_export(url, tmp_path):
    header = ["工单编号", "受理时间", "诉求内容", "所属站点"]
    path = files.write(tmp_path / "h.xls", header, [["GD1", "2026-02-01 09:00", "噪音", "幸福街道人大代表联络站"]])
    assert main(["cases", "hotline", str(path), "--db", url]) == 0
    assert main(["cases", "export", str(tmp_path / "c.xlsx"), "--open", "--db", url]) == 0
    from toolkit import read_table
    table = read_table(tmp_path / "c.xlsx")
    assert table.header[:2] == ["编号", "受理日期"] and len(table.rows) > 0
    assert all("****" in r["联系电话"] for r in table.rows if r["联系电话"])


def test_qr_commands(url, tmp_path):
    assert main(["qr", "--deputy", "1", "--out", str(tmp_path / "q.png"), "--db", url]) == 0
    assert (tmp_path / "q.png").read_bytes().startswith(b"\x89PNG")
    assert main(["qr", "--station", "幸福街道人大代表联络站", "--out", str(tmp_path / "s.html"), "--db", url]) == 0
    assert "码上找代表" in (tmp_path / "s.html").read_text(encoding="utf-8")
    assert main(["qr", "--deputy", "99999", "--out", str(tmp_path / "x.png"), "--db", url]) == 2


def test_every_demo_case_ends_its_timeline_in_its_state(url):
    with Database(url).reader() as s:
        last = select(CaseEvent.case_id, func.max(CaseEvent.id).label("last")).group_by(CaseEvent.case_id).subquery()
        pairs = s.execute(select(Case.state, CaseEvent.to_state).join(last, last.c.case_id == Case.id)
                          .join(CaseEvent, CaseEvent.id == last.c.last)).all()
        assert len(pairs) == s.scalar(select(func.count(Case.id))) == 300
    assert all(state == to for state, to in pairs)


def test_the_city_demo_year_reproduces_chizhous_figures():
    import random
    outcomes = _outcomes(random.Random(1), 60_100, exact=True, past=False)
    concluded = sum(1 for s, _ in outcomes if s == "concluded")
    rated = [r for _, r in outcomes if r]
    satisfied = sum(1 for r in rated if r in ("满意", "基本满意"))
    assert (len(outcomes), concluded) == (60_100, 54_700)
    assert round(concluded / len(outcomes), 2) == 0.91 and round(satisfied / len(rated), 3) == 0.942


def test_pairings_export_and_term_end(url, tmp_path, capsys):
    from toolkit.pairings.models import Pairing
    assert main(["pairings", "export", str(tmp_path / "p.xlsx"), "--db", url]) == 0
    import openpyxl
    assert openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames == ["三联结对", "联系记录"]
    with Database(url).reader() as s:
        before = s.scalar(select(func.count(Pairing.id)).where(Pairing.ended_on.is_(None)))
    assert main(["pairings", "end-term", "--level", "乡", "--term", "第十八届", "--db", url]) == 0
    with Database(url).reader() as s:
        after = s.scalar(select(func.count(Pairing.id)).where(Pairing.ended_on.is_(None)))
    assert after < before and "届满" in capsys.readouterr().out
    assert main(["pairings", "end-term", "--level", "村", "--term", "x", "--db", url]) == 2


def test_qr_list_prints_each_deputys_address(demo_db, capsys):
    from toolkit.ops.cli import main as liaison
    url = demo_db.engine.url.render_as_string(hide_password=False)
    assert liaison(["qr", "--list", "--station", "五松镇人大代表联络站", "--db", url]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "站点\t代表\t二维码地址" and len(lines) > 1
    assert all("五松镇人大代表联络站" in line.split("\t")[0] and "/d/" in line.split("\t")[2] for line in lines[1:])
    assert liaison(["qr", "--db", url]) == 2
    assert "--list" in capsys.readouterr().err
