"""Roster import: preview, all-or-nothing, updates by ID number, every file format."""
import pytest
from sqlalchemy import select

from toolkit import (
    ImportRejected,
    ToolkitError,
    apply_roster_import,
    export_roster,
    plan_roster_import,
    read_table,
)
from toolkit.network.models import Deputy, EnrolmentMove

from . import files
from .factories import id_number, record


def _plan(session, path):
    return plan_roster_import(session, read_table(path))


@pytest.mark.parametrize("name", ["r.xlsx", "r.xls", "r.csv", "r.gbk.csv"])
def test_every_format_staff_use_is_read(session, network, tmp_path, name, table_count):
    path = files.roster(tmp_path / name, [record(姓名="王建国"), record(姓名="李秀英", 性别="女",
                                                                    身份证号=id_number("19800202", male=False),
                                                                    出生年月="1980-02")])
    plan = _plan(session, path)
    assert plan.errors == [] and plan.counts()["new"] == 2
    apply_roster_import(session, plan)
    assert table_count(session, Deputy) == 2
    assert set(session.scalars(select(Deputy.name))) == {"王建国", "李秀英"}


def test_a_missing_required_column_stops_before_any_row(session, network, tmp_path):
    header = ["姓名", "性别", "代表层级"]
    path = files.write(tmp_path / "r.xlsx", header, [["王建国", "男", "县"]])
    plan = _plan(session, path)
    assert [str(e) for e in plan.errors] == ["第1行「所属联络站」：缺少必填列"]
    assert plan.rows == []


def test_extra_columns_are_ignored_with_a_warning(session, network, tmp_path):
    from toolkit.network.roster import template_header
    path = files.roster(tmp_path / "r.xlsx", [record()], template_header() + ["备注"])
    plan = _plan(session, path)
    assert plan.errors == [] and "备注" in plan.warnings[0]


def test_each_error_names_the_excel_row_the_column_and_the_reason(session, network, tmp_path, table_count):
    rows = [record(), record(联系电话="12345"), record(所属联络站="东村联络点"), record(性别="")]
    plan = _plan(session, files.roster(tmp_path / "r.xlsx", rows))
    lines = [str(e) for e in plan.errors]
    assert lines[0].startswith("第3行「联系电话」：")
    assert lines[1].startswith("第4行「所属联络站」：") and "请写明路径" in lines[1]
    assert lines[2] == "第5行「性别」：必填"
    with pytest.raises(ImportRejected) as e:
        apply_roster_import(session, plan)
    assert "共3处问题" in e.value.message
    assert table_count(session, Deputy) == 0


def test_skip_invalid_writes_the_good_rows_and_lists_the_bad(session, network, tmp_path, table_count):
    plan = _plan(session, files.roster(tmp_path / "r.csv", [record(), record(联系电话="1")]))
    counts = apply_roster_import(session, plan, skip_invalid=True)
    assert counts == {"new": 1, "updated": 0, "unchanged": 0, "error": 1}
    assert table_count(session, Deputy) == 1


def test_the_same_person_twice_in_one_file_is_an_error(session, network, tmp_path):
    r = record()
    plan = _plan(session, files.roster(tmp_path / "r.xlsx", [r, dict(r, 姓名="王建设")]))
    assert [str(e) for e in plan.errors] == ["第3行「身份证号」：与第2行是同一人，同一文件中不能重复"]


def test_a_second_import_updates_by_id_number_instead_of_adding_a_twin(session, network, tmp_path, table_count):
    r = record()
    apply_roster_import(session, _plan(session, files.roster(tmp_path / "a.xlsx", [r])))
    changed = dict(r, 工作单位及职务="义安区农业农村局", 所属联络站="顺安镇人大代表联络站")
    plan = _plan(session, files.roster(tmp_path / "b.xlsx", [changed]))
    assert plan.counts()["updated"] == 1
    apply_roster_import(session, plan)
    assert table_count(session, Deputy) == 1
    d = session.scalar(select(Deputy))
    assert d.workplace == "义安区农业农村局" and d.station_id == network["shunan"]
    assert table_count(session, EnrolmentMove) == 2


def test_export_then_import_changes_nothing(session, network, tmp_path):
    rows = [record(), record(姓名="李秀英", 性别="女", 身份证号="", 出生年月="1980-02",
                             代表层级="县、乡", 届次="县:第十八届；乡:第十九届",
                             所属联络站="顺安镇人大代表联络站/东村联络点")]
    apply_roster_import(session, _plan(session, files.roster(tmp_path / "a.csv", rows)))
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_roster(session))
    plan = _plan(session, exported)
    assert plan.counts() == {"new": 0, "updated": 0, "unchanged": 2, "error": 0}


def test_a_failure_while_writing_leaves_the_database_as_it_was(engine, tmp_path):
    """The unit of work rolls back everything when the write fails half-way."""
    from tests.factories import small_network
    from toolkit.core.db import Database

    db = Database(engine=engine)
    with db.unit_of_work() as s:
        small_network(s)
    try:
        with db.reader() as s:
            before = s.scalar(select(Deputy.id).limit(1))
        plan_rows = [record(), record()]
        with pytest.raises(RuntimeError):
            with db.unit_of_work() as s:
                plan = _plan(s, files.roster(tmp_path / "r.xlsx", plan_rows))
                apply_roster_import(s, plan)
                raise RuntimeError("断电")
        with db.reader() as s:
            assert s.scalar(select(Deputy.id).limit(1)) == before is None
    finally:
        from toolkit.network.models import Station
        with db.unit_of_work() as s:
            s.query(EnrolmentMove).delete()
            s.query(Deputy).delete()
            for sid in sorted(s.scalars(select(Station.id)), reverse=True):
                s.execute(Station.__table__.delete().where(Station.id == sid))


@pytest.mark.parametrize("content, name, reason", [
    (b"not a zip", "r.xlsx", "文件已损坏"), (b"", "r.csv", "文件是空的"), (b"x", "r.pdf", "不支持的文件类型"),
])
def test_unreadable_files_get_a_clear_message(content, name, reason):
    with pytest.raises(ToolkitError, match=reason):
        read_table(content, name)
