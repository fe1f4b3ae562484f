"""Files and command lines that would hurt (issue 16, items 11 and 13): bounded reading, Chinese
refusals with exit 2, nothing written and no traceback."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from toolkit.core.errors import ToolkitError
from toolkit.formats.spreadsheets import MAX_CELL, MAX_COLUMNS, read_table
from toolkit.ops.cli import main


def _xlsx(rows: list[list], patch=None) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    if patch is None:
        return buf.getvalue()
    src, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            z.writestr(info, patch(data.decode()).encode() if info.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def _far_cell(xml: str) -> str:
    """What the review uploaded: a 5 KB file declaring (and holding) a cell at XFD1048576."""
    xml = xml.replace('<dimension ref="A1:B2"/>', '<dimension ref="A1:XFD1048576"/>')
    return xml.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')


def test_a_tiny_file_declaring_a_huge_sheet_is_refused_within_bounded_memory(tmp_path):
    data = _xlsx([["姓名", "性别"], ["王建国", "男"]], _far_cell)
    assert len(data) < 10_000
    (tmp_path / "bomb.xlsx").write_bytes(data)
    # In a child limited to 1 GB of address space: the old reader needed 2.7 GB and failed.
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
            "from toolkit.formats.spreadsheets import read_table\n"
            "try:\n read_table(sys.argv[1])\nexcept Exception as e:\n print(type(e).__name__, e)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "bomb.xlsx")], capture_output=True, text=True, timeout=120)
    assert out.stdout.startswith("ToolkitError 文件超过") and "不能一次导入" in out.stdout, (out.stdout, out.stderr[-500:])


def test_a_row_wider_than_any_template_names_its_row():
    with pytest.raises(ToolkitError, match=f"第2行超过{MAX_COLUMNS}列"):
        read_table(_xlsx([["姓名"], ["x"] * (MAX_COLUMNS + 5)]), "wide.xlsx")


def test_an_overlong_cell_names_its_row_and_column():
    with pytest.raises(ToolkitError, match=f"第3行第2列的内容超过{MAX_CELL}字"):
        read_table(_xlsx([["姓名", "备注"], ["王", "短"], ["李", "长" * (MAX_CELL + 1)]]), "long.xlsx")


def test_a_big5_csv_is_told_as_big5_not_as_missing_columns():
    text = "姓名,性別,代表層級,所屬聯絡站\n王建國,男,縣,五松鎮人大代表聯絡站\n陳美玲,女,鄉,順安鎮人大代表聯絡站\n"
    with pytest.raises(ToolkitError, match="Big5"):
        read_table(text.encode("big5"), "繁体.csv")
    assert read_table(text.replace("性別", "性别").encode("gb18030"), "gbk.csv").header[0] == "姓名"


@pytest.fixture
def url(tmp_path):
    u = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["init", "--db", u]) == 0
    return u


@pytest.mark.parametrize("argv,expected", [
    (["roster", "export", "{tmp}/no/such/folder/名册.xlsx"], "找不到文件或文件夹"),
    (["roster", "export", "{tmp}"], "是一个文件夹，请给出文件名"),
    (["user", "list", "--db", "not a url"], "数据库地址无法识别"),
    (["user", "list", "--db", "postgresql://nobody@127.0.0.1:1/x"], "无法连接数据库"),
    (["user", "list", "--db", "sqlite:////no/such/folder/x.sqlite3"], "无法连接数据库"),
])
def test_cli_failures_a_user_can_cause_are_chinese_with_exit_2(url, tmp_path, capsys, argv, expected):
    argv = [a.format(tmp=tmp_path) for a in argv] + ([] if "--db" in argv else ["--db", url])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


@pytest.mark.parametrize("argv,expected", [
    ([], "缺少必填参数：子命令"),
    (["roster"], "缺少必填参数：操作"),
    (["init", "--demo", "huge"], "参数 --demo 的取值 'huge' 无效"),
    (["user", "list", "--bogus"], "无法识别的参数：--bogus"),
])
def test_argument_errors_are_chinese(capsys, argv, expected):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2 and expected in capsys.readouterr().err


def test_a_damaged_backup_is_refused_without_printing_its_rows(url, tmp_path, capsys):
    from toolkit.cases.services import Opinion, intake
    from toolkit.core.db import Database
    from toolkit.network.stations import add_station
    db = Database(url)
    with db.unit_of_work() as s:
        sid = add_station(s, "测试区中心站", "county_center", add_station(s, "测试市联络总站", "city_hub"))
        for n in range(30):
            intake(s, Opinion(f"第{n}条：路灯坏了", station_id=sid, citizen_phone="13912345678"), register=False)
    db.dispose()
    assert main(["backup", str(tmp_path / "b.zip"), "--db", url]) == 0
    src = zipfile.ZipFile(tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "cut.zip", "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            out.writestr(info.filename, data[: len(data) // 2] if info.filename == "tables/citizen_case.jsonl" else data)
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "cut.zip"), "--db", f"sqlite:///{tmp_path / 'r.sqlite3'}"]) == 2
    err = capsys.readouterr().err
    assert "备份文件不完整或已损坏：表「citizen_case」应有30行" in err and "13912345678" not in err and "路灯" not in err
