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


def test_the_html_report_is_the_notebook_run_with_its_parameters_and_loads_nothing(demo_db, tmp_path, reader_accounts):
    reader_accounts(demo_db)
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
        (["report", "station-monthly", "--period", "2025-06"], "请先选择站点（--station）"),
        (["report", "station-monthly", "--station", "不存在", "--period", "2025-06"], "找不到名为「不存在」的联络站"),
        (["report", "deputy-annual", "--deputy", "10", "--period", "2025-Q1"], "期间应为一年"),
        (["report", "county-quarterly", "--station", "2", "--period", "2025年"], "应写作"),
    ]
    for argv, message in cases:
        assert main([*argv, "--out", str(tmp_path / "x.pdf"), "--db", url]) == 2
        assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def _report_notebook(folder, name="unit-sheet", params=("station",), title="单位自定义报告"):
    """What an analyst drops in: a parameters cell, a cell reading the database, the metadata block."""
    import nbformat
    nb = nbformat.v4.new_notebook()
    first = nbformat.v4.new_code_cell("station = '未指定'")
    first.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), first, nbformat.v4.new_code_cell(
        "import toolkit\nfrom toolkit import analysis\n"
        "df = analysis.cases(db=toolkit.connect())\n"
        "print(f'{station}：共受理{len(df)}件，办结{int((df.state == \"办结\").sum())}件')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["liaison"] = {"report": {"name": name, "title": title, "parameters": list(params)}}
    nbformat.write(nb, folder / f"{name}.ipynb")


def test_a_report_notebook_dropped_in_is_a_report_without_code_changes(demo_db, tmp_path, monkeypatch, capsys,
                                                                      reader_accounts):
    from toolkit.reports.registry import reports
    reader_accounts(demo_db)
    folder = tmp_path / "analysts"
    folder.mkdir()
    _report_notebook(folder)
    (folder / "notes.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    _report_notebook(folder, name="broken", params=("weather",))          # a parameter no field asks for
    monkeypatch.setenv("LIAISON_REPORTS_DIR", str(folder))
    found = reports()
    assert "unit-sheet" in found and "station-monthly" in found and "coverage" in found
    assert "broken" not in found and found["unit-sheet"].build is None
    url = str(demo_db.engine.url)
    out = tmp_path / "unit.html"
    assert main(["report", "unit-sheet", "--station", "五松镇人大代表联络站", "--out", str(out), "--db", url]) == 0
    page = out.read_text(encoding="utf-8")
    assert "五松镇人大代表联络站：共受理300件" in page and "import toolkit" not in page
    assert main(["report", "unit-sheet", "--station", "五松", "--out", str(tmp_path / "unit.xlsx"), "--db", url]) == 2
    assert "只有网页格式" in capsys.readouterr().err
    assert main(["report", "unit-sheet", "--out", str(tmp_path / "u2.html"), "--db", url]) == 2
    assert "请先选择站点（--station）" in capsys.readouterr().err


def test_the_duty_apps_report_tab_lists_and_runs_a_dropped_in_notebook(demo_db, tmp_path, monkeypatch, reader_accounts):
    from widgets.duty.reports import ReportsPanel
    reader_accounts(demo_db)
    folder = tmp_path / "analysts"
    folder.mkdir()
    _report_notebook(folder, name="coverage-extra", params=(), title="覆盖率附表")
    monkeypatch.setenv("LIAISON_REPORTS_DIR", str(folder))
    panel = ReportsPanel(demo_db)
    assert ("覆盖率附表", "coverage-extra") in panel.report.options
    panel.report.value = "coverage-extra"
    assert panel.inputs.children == ()
    panel.make_button.click()
    assert panel.message.text == "" and "<iframe" in panel.view.value and "共受理300件" in panel.view.value
    assert "覆盖率附表.html" in panel.download.value


def test_the_app_asks_for_a_missing_period_in_its_own_words(demo_db):
    """Not 「需要：--period 期间」: the app's field is named, and no command-line option."""
    from widgets.duty.reports import ReportsPanel
    panel = ReportsPanel(demo_db)
    panel.report.value = "station-monthly"
    panel.period.value = ""
    panel.make_button.click()
    assert panel.message.kind == "error" and "请先选择期间" in panel.message.text and "--" not in panel.message.text
