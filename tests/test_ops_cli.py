"""The `liaison` command: init, imports with exit codes, exports, and --db over the environment."""
import pytest
from sqlalchemy import func, select

from toolkit.core.db import Database
from toolkit.network.models import Deputy, Station
from toolkit.ops.cli import main
from toolkit.ops.schema import current_revision, head_revision

from . import files
from .factories import record


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def _count(url, model):
    db = Database(url)
    with db.reader() as s:
        n = s.scalar(select(func.count()).select_from(model))
    db.dispose()
    return n


def test_init_brings_an_empty_database_to_the_newest_schema(url):
    assert main(["init", "--db", url]) == 0
    db = Database(url)
    assert current_revision(db.engine) == head_revision()
    assert main(["init", "--db", url]) == 0  # again: nothing to do


def test_init_demo_loads_once_and_never_over_existing_data(url, capsys):
    assert main(["init", "--demo", "small", "--db", url]) == 0
    first = _count(url, Deputy)
    assert main(["init", "--demo", "small", "--db", url]) == 0
    assert "已有数据" in capsys.readouterr().out
    assert _count(url, Deputy) == first == 57


def test_the_demo_is_the_same_for_the_same_seed(tmp_path):
    names = []
    for n in (1, 2):
        u = f"sqlite:///{tmp_path / f'd{n}.sqlite3'}"
        main(["init", "--demo", "small", "--db", u])
        db = Database(u)
        with db.reader() as s:
            names.append(list(s.scalars(select(Deputy.id_number).order_by(Deputy.id))))
    assert names[0] == names[1]


def test_a_bad_roster_exits_2_and_writes_nothing(demo_url, tmp_path, capsys):
    url = demo_url
    before = _count(url, Deputy)
    path = files.roster(tmp_path / "r.xlsx", [record(所属联络站="幸福街道人大代表联络站"),
                                            record(联系电话="123", 所属联络站="幸福街道人大代表联络站")])
    assert main(["roster", "import", str(path), "--db", url]) == 2
    out = capsys.readouterr().out
    assert "第3行「联系电话」" in out and "未写入任何数据" in out
    assert _count(url, Deputy) == before
    assert main(["roster", "import", str(path), "--db", url, "--dry-run"]) == 2
    assert main(["roster", "import", str(path), "--db", url, "--skip-invalid"]) == 0
    assert _count(url, Deputy) == before + 1


def test_dry_run_reports_and_writes_nothing(demo_url, tmp_path, capsys):
    url = demo_url
    path = files.roster(tmp_path / "r.csv", [record(所属联络站="幸福街道人大代表联络站")])
    assert main(["roster", "import", str(path), "--dry-run", "--db", url]) == 0
    assert "新增1行" in capsys.readouterr().out
    assert _count(url, Deputy) == 57


def test_export_template_and_station_round_trip(demo_url, tmp_path):
    url = demo_url
    assert main(["roster", "export", str(tmp_path / "out.xlsx"), "--db", url]) == 0
    assert main(["roster", "import", str(tmp_path / "out.xlsx"), "--dry-run", "--db", url]) == 0
    assert main(["roster", "template", str(tmp_path / "tpl.xlsx")]) == 0
    from toolkit import read_table
    assert read_table(tmp_path / "tpl.xlsx").header[:2] == ["姓名", "性别"]
    assert main(["stations", "export", str(tmp_path / "st.xlsx"), "--db", url]) == 0
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    main(["init", "--db", other])
    assert main(["stations", "import", str(tmp_path / "st.xlsx"), "--db", other]) == 0
    assert _count(other, Station) == _count(url, Station)


def test_db_option_wins_over_the_environment(url, tmp_path, monkeypatch):
    monkeypatch.setenv("LIAISON_DB_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    main(["init", "--demo", "small", "--db", url])
    assert _count(url, Deputy) == 57
    assert not (tmp_path / "env.sqlite3").exists()


def test_a_missing_file_is_a_clear_error(url, capsys):
    main(["init", "--db", url])
    assert main(["roster", "import", "/nonexistent/花名册.xlsx", "--db", url]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_the_sample_files_in_data_set_up_an_empty_database(url):
    from pathlib import Path
    data = Path(__file__).resolve().parent.parent / "data"
    main(["init", "--db", url])
    assert main(["stations", "import", str(data / "sample_stations.xlsx"), "--db", url]) == 0
    assert main(["roster", "import", str(data / "sample_roster.xlsx"), "--db", url]) == 0
    assert _count(url, Deputy) == 54


def test_the_shipped_template_matches_the_code(tmp_path):
    from pathlib import Path

    from toolkit import read_table
    shipped = Path(__file__).resolve().parent.parent / "data" / "roster_template.xlsx"
    main(["roster", "template", str(tmp_path / "t.xlsx")])
    assert read_table(shipped).header == read_table(tmp_path / "t.xlsx").header
