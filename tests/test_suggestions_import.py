"""代表建议 from the county's sheet (`liaison suggestions import`), their figures (`… stats`) and the
sheet back (`… export`), on both databases: the command-line contract, row by row."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from toolkit.formats.spreadsheets import read_table
from toolkit.network.deputies import create_deputy
from toolkit.network.models import Department
from toolkit.ops.cli import main
from toolkit.suggestions.due import months_after
from toolkit.suggestions.importer import COLUMNS
from toolkit.suggestions.models import Suggestion, SuggestionCosigner, SuggestionCoUnit

from . import files
from .factories import id_number, record, small_network

AS_OF = "2027-06-30"


@pytest.fixture
def county(db):
    """A network with four deputies, two of them named 李明; the database's URL."""
    with db.unit_of_work() as s:
        small_network(s)
        for name in ("张伟", "王芳", "李明", "李明"):
            create_deputy(s, record(姓名=name, 身份证号=id_number()))
        s.add(Department(name="县住建局"))
    return db.engine.url.render_as_string(hide_password=False)


def _sheet(tmp_path, rows, name="建议.xlsx", header=COLUMNS):
    return str(files.write(tmp_path / name, list(header), [[row.get(c, "") for c in header] for row in rows]))


ROWS = [
    {"建议编号": "JY-2026-001", "标题": "关于加快老旧小区加装电梯的建议", "内容": "<img src=x onerror=alert(1)>",
     "领衔代表": "张伟", "附议代表": "王芳、张伟", "提出日期": "2026-01-10", "类别": "城乡建设", "主办单位": "县住建局",
     "协办单位": "县财政局，县住建局", "交办日期": "2026-11-30", "重点督办": "是", "答复日期": "2027-02-28",
     "答复类别": "b", "代表意见": "满意", "承诺落实日期": "2027-05-01"},
    {"建议编号": "JY-2026-002", "标题": "=1+1", "领衔代表": "王芳", "提出日期": "2026/1/12", "类别": "教育",
     "主办单位": "县教育局", "交办日期": "2026年2月1日", "答复日期": "2026-06-01", "答复类别": "已解决", "代表意见": "不满意"},
    {"建议编号": "JY-2026-003", "标题": "关于农村道路养护的建议", "领衔代表": "张伟", "提出日期": "2026-01-15",
     "类别": "城乡建设", "主办单位": "县住建局", "交办日期": "2026-02-01"},
]


def _stats(url, capsys, by):
    assert main(["suggestions", "stats", "--by", by, "--as-of", AS_OF, "--format", "json", "--db", url]) == 0
    return json.loads(capsys.readouterr().out)["结果"]


def _count(db, model) -> int:
    with db.reader() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_months_are_counted_as_people_count_them():
    assert months_after(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert months_after(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert months_after(date(2026, 1, 31), 3) == date(2026, 4, 30)
    assert months_after(date(2026, 3, 5), 3) == date(2026, 6, 5)
    assert months_after(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_a_good_sheet_is_imported_counted_and_imported_again_unchanged(db, county, tmp_path, capsys):
    path = _sheet(tmp_path, ROWS)
    assert main(["suggestions", "import", path, "--db", county]) == 0
    out = capsys.readouterr().out
    assert "新增3行" in out and "将新增承办单位：县教育局、县财政局" in out
    assert (_count(db, Suggestion), _count(db, SuggestionCosigner), _count(db, SuggestionCoUnit)) == (3, 1, 1)
    with db.reader() as s:
        first = s.scalar(select(Suggestion).where(Suggestion.number == "JY-2026-001"))
        assert (first.answer_due, first.answer_class, first.key_supervision) == (date(2027, 2, 28), "B", True)
        assert first.content == "<img src=x onerror=alert(1)>"          # stored as written; escaped where shown
    everything = _stats(county, capsys, "all")
    assert everything == [{"件数": 3, "已答复": 2, "按期答复": 1, "超期未答复": 1, "A": 1, "B": 1, "C": 0, "采纳率": 1.0,
                           "满意": 1, "基本满意": 0, "不满意": 1, "满意率": 0.5, "B类逾期未落实": 1, "重点督办": 1}]
    assert main(["suggestions", "stats", "--by", "all", "--as-of", AS_OF, "--db", county]) == 0
    header = capsys.readouterr().out.splitlines()[0].split("\t")    # the table adds the citizens' confirmation
    assert header[header.index("满意率") + 1:header.index("满意率") + 4] == ["群众确认", "群众确认已落实", "群众确认落实率"]
    by_unit = {r["主办单位"]: r for r in _stats(county, capsys, "unit")}
    assert set(by_unit) == {"县住建局", "县教育局"}
    assert (by_unit["县住建局"]["件数"], by_unit["县住建局"]["按期答复"], by_unit["县教育局"]["按期答复"]) == (2, 1, 0)
    assert by_unit["县教育局"]["满意率"] == 0.0 and by_unit["县住建局"]["超期未答复"] == 1
    by_deputy = {r["领衔代表"]: r["件数"] for r in _stats(county, capsys, "deputy")}
    assert by_deputy == {"张伟": 2, "王芳": 1}
    assert {r["类别"]: r["件数"] for r in _stats(county, capsys, "category")} == {"城乡建设": 2, "教育": 1}
    early = json.loads((main(["suggestions", "stats", "--as-of", "2026-03-01", "--format", "json", "--db", county]),
                        capsys.readouterr().out)[1])["结果"][0]
    assert (early["已答复"], early["采纳率"], early["满意率"], early["超期未答复"]) == (0, None, None, 0)
    assert main(["suggestions", "import", path, "--db", county]) == 0       # the same file again
    assert "更新3行" in capsys.readouterr().out
    assert (_count(db, Suggestion), _count(db, SuggestionCosigner), _count(db, SuggestionCoUnit)) == (3, 1, 1)
    assert _stats(county, capsys, "all") == everything


BAD = [
    ({"建议编号": "", "标题": ""}, ["第2行「建议编号」：必填", "第2行「标题」：必填"]),
    ({"领衔代表": "赵六"}, ["第2行「领衔代表」：名册中没有代表「赵六」"]),
    ({"领衔代表": "李明"}, ["第2行「领衔代表」：名册中有2名代表叫「李明」"]),
    ({"附议代表": "王芳；赵六"}, ["第2行「附议代表」：名册中没有代表「赵六」"]),
    ({"提出日期": "2026-02-30"}, ["第2行「提出日期」：日期「2026-02-30」不存在"]),
    ({"交办日期": "2026-01-01"}, ["第2行「交办日期」：交办日期2026-01-01早于提出日期2026-01-10"]),
    ({"答复日期": "2026-11-01"}, ["第2行「答复日期」：答复日期2026-11-01早于交办日期2026-11-30"]),
    ({"答复日期": "", "答复类别": "", "承诺落实日期": "", "代表意见": "满意"}, ["第2行「代表意见」：尚未答复"]),
    ({"代表意见": "还行"}, ["第2行「代表意见」：应为满意、基本满意或不满意"]),
    ({"答复类别": "D"}, ["第2行「答复类别」：「D」不是答复类别"]),
    ({"答复类别": "A"}, ["第2行「承诺落实日期」：只有B类"]),
    ({"重点督办": "也许"}, ["第2行「重点督办」：应为“是”或“否”"]),
]


@pytest.mark.parametrize("change,expected", BAD, ids=[e[0].split("「")[1].split("」")[0] for _, e in BAD])
def test_a_bad_row_writes_nothing_and_says_where(db, county, tmp_path, capsys, change, expected):
    path = _sheet(tmp_path, [{**ROWS[0], **change}, ROWS[2]])
    assert main(["suggestions", "import", path, "--db", county]) == 2
    out = capsys.readouterr().out
    assert all(e in out for e in expected), out
    assert "第3行" not in out and "未写入任何数据" in out
    assert _count(db, Suggestion) == 0 and _count(db, Department) == 1


def test_a_number_twice_in_one_file_and_a_missing_column_are_refused(db, county, tmp_path, capsys):
    assert main(["suggestions", "import", _sheet(tmp_path, [ROWS[0], ROWS[2], ROWS[0]]), "--db", county]) == 2
    assert "第4行「建议编号」：「JY-2026-001」与第2行重复" in capsys.readouterr().out
    header = [c for c in COLUMNS if c != "交办日期"]
    assert main(["suggestions", "import", _sheet(tmp_path, ROWS, "缺列.csv", header), "--db", county]) == 2
    assert "第1行「交办日期」：缺少必填列" in capsys.readouterr().out
    assert _count(db, Suggestion) == 0


def test_the_export_gives_the_import_columns_back(db, county, tmp_path, capsys):
    assert main(["suggestions", "import", _sheet(tmp_path, ROWS), "--db", county]) == 0
    out = tmp_path / "导出.xlsx"
    assert main(["suggestions", "export", str(out), "--db", county]) == 0
    table = read_table(out)
    assert table.header == list(COLUMNS) and [r["建议编号"] for r in table.rows] == ["JY-2026-001", "JY-2026-002", "JY-2026-003"]
    first = table.rows[0]
    assert (first["附议代表"], first["协办单位"], first["答复类别"], first["重点督办"]) == ("王芳", "县财政局", "B", "是")
    assert table.rows[1]["标题"] == "=1+1"
    import openpyxl
    cell = openpyxl.load_workbook(out).active["B3"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")        # text, never a formula
    assert main(["suggestions", "import", str(out), "--db", county]) == 0    # the export imports as it is
    assert "更新3行" in capsys.readouterr().out


def test_the_database_refuses_dates_out_of_order_and_unknown_classes(db, county):
    with db.engine.begin() as c:
        deputy = c.scalar(text("SELECT min(id) FROM deputy"))
    bad = [("proposed_on, assigned_on", "'2026-02-01', '2026-01-01'"),
           ("proposed_on, assigned_on, answered_on", "'2026-01-01', '2026-02-01', '2026-01-15'"),
           ("proposed_on, assigned_on, answered_on, answer_class", "'2026-01-01', '2026-02-01', '2026-03-01', 'D'"),
           ("proposed_on, deputy_opinion", "'2026-01-01', '满意'"),
           ("proposed_on, assigned_on, answered_on, answer_class, promised_on",
            "'2026-01-01', '2026-02-01', '2026-03-01', 'A', '2026-09-01'")]
    for n, (columns, values) in enumerate(bad):
        with pytest.raises(IntegrityError), db.engine.begin() as c:
            c.execute(text(f"INSERT INTO suggestion (number, title, content, lead_deputy_id, key_supervision, version, "
                           f"{columns}) VALUES ('X-{n}', 't', '', {deputy}, false, 1, {values})"))
