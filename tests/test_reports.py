"""Reports: built from the toolkit, written as HTML (the notebook run with its parameters), Excel
and PDF by `liaison report`; Chinese text in charts and PDF; nothing fetched from outside."""
import re

import openpyxl
import pytest
from pypdf import PdfReader

from toolkit.duty.standards import parse_period
from toolkit.ops.cli import main
from toolkit.reports.registry import build
from toolkit.reports.station import activity_figures, resolve_station


def test_the_station_sheet_counts_what_the_database_holds(demo_db):
    with demo_db.reader() as s:
        report = build(s, "station-monthly", station="五松镇人大代表联络站", period="2025-06")
        sid, _, scope = resolve_station(s, "五松镇人大代表联络站")
        start, end, _ = parse_period("2025-06")
        acts = activity_figures(s, scope, start, end)
    intro = " ".join(b[1] for b in report.blocks if b[0] == "p")
    assert f"开展活动{int(acts['活动次数'].sum())}次" in intro and f"代表进站{int(acts['进站人次'].sum())}人次" in intro
    assert len(report.table("活动清单")) == int(acts["活动次数"].sum())
    assert any(b[0] == "chart" for b in report.blocks)


@pytest.mark.parametrize("name, args", [
    ("station-monthly", ["--station", "五松镇人大代表联络站", "--period", "2025-06"]),
    ("county-quarterly", ["--station", "铜官区人大代表联络中心站", "--period", "2025-Q4"]),
    ("deputy-annual", ["--deputy", "10", "--period", "2025"]),
    ("vote-announcement", ["--vote", "1"]),
])
def test_each_report_as_excel_and_pdf(demo_db, tmp_path, name, args):
    url = str(demo_db.engine.url)
    assert main(["report", name, *args, "--out", str(tmp_path / "r.xlsx"), "--db", url]) == 0
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames[0] == "说明" and len(book.sheetnames) >= 2
    assert main(["report", name, *args, "--out", str(tmp_path / "r.pdf"), "--db", url]) == 0
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages).replace("\n", "")
    assert book["说明"]["A2"].value.replace("\n", "")[:12] in text          # the title, in Chinese


def test_the_html_report_is_the_notebook_run_with_its_parameters_and_loads_nothing(demo_db, tmp_path):
    url = str(demo_db.engine.url)
    out = tmp_path / "季度.html"
    assert main(["report", "county-quarterly", "--station", "铜官区人大代表联络中心站", "--period", "2025-Q3",
                 "--out", str(out), "--db", url]) == 0
    page = out.read_text(encoding="utf-8")
    assert "铜官区人大代表联络中心站2025年第3季度代表联络站工作报告" in page
    assert "data:image/png;base64," in page                     # the charts, with their Chinese text inside
    assert "import toolkit" not in page                          # outputs only, no code
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']https?://", page)
    assert "cdnjs" not in page


def test_bad_report_requests_are_refused_clearly(demo_db, tmp_path, capsys):
    url = str(demo_db.engine.url)
    cases = [
        (["report", "station-monthly", "--period", "2025-06"], "需要：--station 站点"),
        (["report", "station-monthly", "--station", "不存在", "--period", "2025-06"], "找不到名为「不存在」的联络站"),
        (["report", "deputy-annual", "--deputy", "10", "--period", "2025-Q1"], "期间应为一年"),
        (["report", "county-quarterly", "--station", "2", "--period", "2025年"], "应写作"),
    ]
    for argv, message in cases:
        assert main([*argv, "--out", str(tmp_path / "x.pdf"), "--db", url]) == 2
        assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
