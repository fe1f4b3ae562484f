"""Code in a kernel is the user's: the analysts' and the report runner's database accounts read
masked or read-only views whatever Python is told, a kernel cannot name itself somebody else, and a
report's kernel gets none of the staff server's secrets."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from toolkit.admin.identity import NoAccess, connect
from toolkit.admin.links import LinkHolder, issue_link
from toolkit.admin.users import add_user
from toolkit.cases.models import Case
from toolkit.core.db import Database, make_engine
from toolkit.network.models import Deputy
from toolkit.ops import reader_roles
from toolkit.ops.cli import main

from .conftest import SUFFIX
from .factories.databases import demo_database, granted


@pytest.fixture(scope="module")
def readers():
    """A PostgreSQL database with the small demo and both accounts made by the CLI."""
    with demo_database("liaison_reader_test") as (url, admin):
        with admin.unit_of_work() as s:
            add_user(s, "ana", "分析员甲", "analyst")
            add_user(s, "boss", "市管理员", "city_admin")
            issue_link(s, LinkHolder("grid_worker", mobile="13700000001"))      # a secret no reader may see
        accounts = {kind: granted(url, f"grant-{kind}", f"liaison_{kind}_t{SUFFIX}", f"LIAISON_{kind.upper()}_PASSWORD",
                                  f"{kind}-password") for kind in ("analyst", "reports")}
        yield admin, accounts


def _rows(url: str, sql: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            return c.execute(text(sql)).all()
    finally:
        engine.dispose()


def test_the_analysts_account_reads_only_masked_personal_data(readers):
    admin, accounts = readers
    with admin.reader() as s:
        clear_phones = set(s.scalars(select(Case.citizen_phone).where(Case.citizen_phone != "")))
        clear_names = set(s.scalars(select(Deputy.name)))
    phones = {p for (p,) in _rows(accounts["analyst"], "SELECT citizen_phone FROM citizen_case WHERE citizen_phone <> ''")}
    assert phones and all("****" in p for p in phones) and not phones & clear_phones
    ids = [i for (i,) in _rows(accounts["analyst"], "SELECT id_number FROM deputy WHERE id_number <> ''")]
    assert ids and all("*" * 8 in i for i in ids)
    names = {n for (n,) in _rows(accounts["analyst"], "SELECT name FROM deputy")}
    assert names and all(n.endswith("*") for n in names) and not names & clear_names
    assert _rows(accounts["analyst"], "SELECT count(*) FROM citizen_case WHERE lookup_hash IS NOT NULL")[0][0] == 0
    assert _rows(accounts["analyst"], "SELECT count(*) FROM citizen_case")[0][0] == 300


def test_the_analysis_frames_read_through_the_analysts_account(readers):
    from toolkit import analysis
    _, accounts = readers
    db = Database(accounts["analyst"])
    try:
        cases = analysis.cases(db=db)
        deputies = analysis.deputies(db=db)
    finally:
        db.dispose()
    assert len(cases) == 300 and deputies["name"].str.endswith("*").all()


@pytest.mark.parametrize("kind", ["analyst", "reports"])
@pytest.mark.parametrize("statement", [
    "UPDATE app_user SET role = 'city_admin' WHERE login = 'ana'",
    "SET default_transaction_read_only = off; UPDATE app_user SET role = 'city_admin' WHERE login = 'ana'",
    "SET transaction_read_only = off; UPDATE citizen_case SET state = 'concluded'",
    "INSERT INTO audit_log (at, actor, entity, action) VALUES (now(), 'x', 'deputy', 'update')",
    "SELECT * FROM public.citizen_case",
    "SELECT * FROM public.app_user",
    "SELECT * FROM public.audit_log",
    "SELECT * FROM audit_log",
    "SELECT * FROM outbox",
    "SELECT * FROM eval_code",
    "SELECT case_phone_tail_is(1, '1234')",
    "CREATE TABLE public.planted (x int)",
])
def test_both_reading_accounts_are_refused_everything_else(readers, kind, statement):
    _, accounts = readers
    engine = make_engine(accounts[kind])
    try:
        with pytest.raises(Exception, match="read-only|permission denied|does not exist"):
            with engine.begin() as c:
                for part in statement.split(";"):
                    c.execute(text(part))
    finally:
        engine.dispose()
    with readers[0].reader() as s:
        assert s.scalar(text("SELECT role FROM app_user WHERE login = 'ana'")) == "analyst"


def test_the_report_account_reads_people_in_the_clear_but_no_secret(readers):
    admin, accounts = readers
    with admin.reader() as s:
        clear = set(s.scalars(select(Case.citizen_phone).where(Case.citizen_phone != "")))
    phones = {p for (p,) in _rows(accounts["reports"], "SELECT citizen_phone FROM citizen_case WHERE citizen_phone <> ''")}
    assert phones == clear
    assert _rows(accounts["reports"], "SELECT count(*) FROM deputy WHERE qr_token IS NOT NULL")[0][0] == 0
    assert _rows(accounts["reports"], "SELECT count(*) FROM app_user WHERE email IS NOT NULL")[0][0] == 0
    for kind in ("reports", "analyst"):                                # links and mobile points open pages
        assert _rows(accounts[kind], "SELECT count(*), count(token_hash) FROM personal_link")[0] == (1, 0)
        assert _rows(accounts[kind], "SELECT count(*), count(qr_token) FROM mobile_point")[0] == (2, 0)
    assert _rows(accounts["analyst"], "SELECT mobile FROM personal_link")[0][0] == "137****0001"
    workers = [m for (m,) in _rows(accounts["analyst"], "SELECT worker_mobile FROM grid WHERE worker_mobile IS NOT NULL")]
    assert workers and all("****" in m for m in workers)


def test_the_grant_is_refused_on_sqlite_and_for_a_bad_name(tmp_path, capsys):
    assert main(["db", "grant-analyst", "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"]) == 2
    assert "只在 PostgreSQL 上设置" in capsys.readouterr().err
    with pytest.raises(Exception, match="不合规"):
        reader_roles.statements("analyst", "x; DROP TABLE deputy")


def test_a_kernel_cannot_name_itself_somebody_else(db, monkeypatch):
    with db.unit_of_work() as s:
        add_user(s, "ana", "分析员甲", "analyst")
        add_user(s, "boss", "市管理员", "city_admin")
    url = db.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("LIAISON_AS_USER", "ana")                  # a report kernel run for the analyst
    with pytest.raises(NoAccess, match="不能以「boss」的身份"):
        connect(url, user="boss")
    assert connect(url).principal.login == "ana" and connect(url, user="ana").principal.role == "analyst"
    monkeypatch.delenv("LIAISON_AS_USER")
    monkeypatch.setenv("LIAISON_AUTH", "hub")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")                  # the hub's user
    with pytest.raises(NoAccess, match="不能以「boss」的身份"):
        connect(url, user="boss")
    assert connect(url).principal.login == "ana"


def test_a_report_kernel_gets_no_secret_and_reads_the_database_read_only(demo_db, tmp_path, monkeypatch,
                                                                         reader_accounts):
    import nbformat

    from toolkit.reports.run import run_report_html
    reader_accounts(demo_db)
    folder = tmp_path / "reports"
    folder.mkdir(mode=0o755)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import os\nimport toolkit\nfrom sqlalchemy import text\n"
        "print('变量', sorted(k for k in os.environ if k.startswith('LIAISON')))\n"
        "print('口令', 'apps-password' in repr(dict(os.environ)) or 'reports-test-pw' in repr(dict(os.environ)))\n"
        "db = toolkit.connect()\n"
        "try:\n"
        "    with db.unit_of_work() as s:\n"
        "        s.execute(text(\"UPDATE app_user SET role = 'city_admin'\"))\n"
        "    print('写入成功')\n"
        "except Exception as e:\n"
        "    print('写入被拒绝')\n")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["liaison"] = {"report": {"name": "probe", "title": "探测", "parameters": []}}
    nbformat.write(nb, folder / "probe.ipynb")
    monkeypatch.setenv("LIAISON_REPORTS_DIR", str(folder))
    monkeypatch.setenv("LIAISON_PROXY_SECRET", "proxy-secret-0123456789")
    monkeypatch.setenv("LIAISON_SECRET_KEY", "server-key-0123456789")
    monkeypatch.setenv("LIAISON_SMTP_PASSWORD", "apps-password")
    page = run_report_html("probe", {}, db_url=demo_db.engine.url.render_as_string(hide_password=False))
    shown = "".join(re.findall(r"<pre>(.*?)</pre>", page, re.S))
    assert "写入被拒绝" in shown and "写入成功" not in shown and "口令 False" in shown, shown
    assert "LIAISON_PROXY_SECRET" not in page and "LIAISON_SECRET_KEY" not in page and "LIAISON_SMTP" not in page
    assert "LIAISON_DB_URL" in page


def test_a_report_folder_others_can_write_is_not_loaded(tmp_path, monkeypatch):
    from toolkit.reports.registry import reports
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "x.ipynb").write_text('{"cells": [], "metadata": {"liaison": {"report": {"name": "planted", '
                                    '"title": "植入", "parameters": []}}}, "nbformat": 4, "nbformat_minor": 5}')
    monkeypatch.setenv("LIAISON_REPORTS_DIR", str(folder))
    folder.chmod(0o755)
    assert "planted" in reports()
    folder.chmod(0o777)
    assert "planted" not in reports()
    folder.chmod(0o755)
    (folder / "x.ipynb").chmod(0o666)
    assert "planted" not in reports()
