"""Backups a station can trust: a backup killed half-way leaves the previous one restorable, a
damaged file is told as damaged (and what is missing), a file is verified without a database, and
a backup taken while opinions keep arriving restores on both databases."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from datetime import datetime

import pytest
from sqlalchemy import func, select

from toolkit.cases.models import Case, CaseEvent
from toolkit.cases.services import Opinion, intake
from toolkit.core.errors import ToolkitError
from toolkit.network.models import Station
from toolkit.ops import backup as backups
from toolkit.ops.backup import DAMAGED, backup, restore, verify
from toolkit.ops.cli import main
from toolkit.ops.schema import head_revision

from .conftest import _reset_pg, scratch_pg_url

# A backup run in a child process that stops (and says so) half-way through the case table.
HALF_WAY = """
import sys, time
from toolkit.core.db import make_engine
from toolkit.ops import backup as b
original, seen = b._encode, [0]
def slow(value):
    seen[0] += 1
    if seen[0] == 2000:
        print("half", flush=True)
        time.sleep(600)
    return original(value)
b._encode = slow
b.backup(make_engine(sys.argv[1]), sys.argv[2])
"""


def test_a_backup_killed_half_way_leaves_the_previous_one_restorable(demo_db, tmp_path):
    url = demo_db.engine.url.render_as_string(hide_password=False)
    target = tmp_path / "nightly.zip"
    backup(demo_db.engine, target)
    good = target.read_bytes()
    child = subprocess.Popen([sys.executable, "-c", HALF_WAY, url, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "half"
    finally:
        child.send_signal(signal.SIGKILL)             # as a power cut would stop it
        child.wait(30)
    assert target.read_bytes() == good and verify(target)["counts"]["citizen_case"] == 300
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    left = list(tmp_path.glob(".nightly.zip.*.partial"))
    assert len(left) == 1 and verify_refuses(left[0])      # the cut file is told as damaged, never used
    restored = tmp_path / "restored.sqlite3"
    assert main(["restore", str(target), "--db", f"sqlite:///{restored}"]) == 0


def verify_refuses(path) -> bool:
    with pytest.raises(ToolkitError) as e:
        verify(path)
    assert e.value.message.startswith(DAMAGED) and "不是联络站工作台的备份文件" not in e.value.message
    return True


def test_a_failure_during_the_backup_removes_its_partial_file_and_keeps_the_old(demo_db, tmp_path, monkeypatch):
    target = tmp_path / "b.zip"
    backup(demo_db.engine, target)
    good = target.read_bytes()
    calls, original = [0], backups._encode

    def failing(value):
        calls[0] += 1
        if calls[0] > 500:
            raise OSError(28, "No space left on device")
        return original(value)
    monkeypatch.setattr(backups, "_encode", failing)
    with pytest.raises(OSError):
        backup(demo_db.engine, target)
    assert target.read_bytes() == good and not list(tmp_path.glob(".*partial"))


def test_a_cut_or_altered_file_is_told_as_damaged_and_what_is_wrong(demo_db, tmp_path, capsys):
    whole = tmp_path / "whole.zip"
    backup(demo_db.engine, whole)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    verify_refuses(cut)
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(altered, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "tables/deputy.jsonl":
                data = data.replace("王".encode(), "汪".encode(), 1)
            if item.filename != "tables/station.jsonl":
                dst.writestr(item, data)
    with pytest.raises(ToolkitError) as e:
        verify(altered)
    assert "缺少表「station」" in e.value.message and "表「deputy」的校验和不符" in e.value.message
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert main(["restore", str(altered), "--db", url]) == 2
    assert DAMAGED in capsys.readouterr().err
    assert not (tmp_path / "new.sqlite3").exists() or _stations(url) == 0          # nothing written
    assert main(["restore", "--check", str(whole)]) == 0
    assert "备份文件完好" in capsys.readouterr().out
    assert main(["restore", "--check", str(cut)]) == 2
    assert DAMAGED in capsys.readouterr().err


def _stations(url: str) -> int:
    from toolkit.core.db import make_engine
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            return c.scalar(select(func.count()).select_from(Station)) if engine.dialect.has_table(c, "station") else 0
    finally:
        engine.dispose()


def test_a_backup_of_a_newer_schema_is_refused_in_chinese(demo_db, tmp_path):
    whole, newer = tmp_path / "whole.zip", tmp_path / "newer.zip"
    backup(demo_db.engine, whole)
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(newer, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "manifest.json":
                data = data.replace(f'"revision": "{head_revision()}"'.encode(), b'"revision": "9999"')
            dst.writestr(item, data)
    with pytest.raises(ToolkitError, match="更新版本的系统"):
        restore(_sqlite(tmp_path), newer)


def _sqlite(tmp_path):
    from toolkit.core.db import make_engine
    return make_engine(f"sqlite:///{tmp_path / 'target.sqlite3'}")


def test_a_backup_taken_while_opinions_arrive_restores(demo_db, tmp_path, monkeypatch):
    """What failed on PostgreSQL under READ COMMITTED: steps in the file whose case was not."""
    with demo_db.reader() as s:
        station = s.scalar(select(Station.id).where(Station.kind == "township_station").order_by(Station.id))
    stop, written = threading.Event(), [0]

    def arrive():
        while not stop.is_set():
            with demo_db.unit_of_work() as s:
                intake(s, Opinion(f"备份期间的留言{written[0]}", station_id=station), at=datetime.now())
            written[0] += 1

    original = backups._encode

    def slow(value):               # the backup takes long enough for opinions to arrive during it
        time.sleep(0.00002)
        return original(value)
    monkeypatch.setattr(backups, "_encode", slow)
    writer = threading.Thread(target=arrive)
    writer.start()
    try:
        time.sleep(0.2)
        counts = backup(demo_db.engine, tmp_path / "busy.zip")
    finally:
        stop.set()
        writer.join(30)
    assert written[0] > 0
    assert counts["case_event"] >= counts["citizen_case"]
    if demo_db.engine.dialect.name == "postgresql":
        from toolkit.core.db import make_engine
        target = make_engine(scratch_pg_url("liaison_restore_busy"))
        _reset_pg(target)
    else:
        target = _sqlite(tmp_path)
    try:
        assert restore(target, tmp_path / "busy.zip") == counts
        with target.connect() as c:
            orphans = c.scalar(select(func.count()).select_from(CaseEvent).where(
                CaseEvent.case_id.not_in(select(Case.id))))
        assert orphans == 0
    finally:
        if target.dialect.name == "postgresql":
            _reset_pg(target)
        target.dispose()


def test_the_partial_file_name_is_private_and_beside_the_target(demo_db, tmp_path, monkeypatch):
    seen = []
    original = os.replace

    def watch(src, dst):
        seen.append((str(src), oct(os.stat(src).st_mode & 0o777)))
        return original(src, dst)
    monkeypatch.setattr(backups.os, "replace", watch)
    backup(demo_db.engine, tmp_path / "x.zip")
    assert seen and seen[0][0].startswith(str(tmp_path / ".x.zip.")) and seen[0][1] == "0o600"


def test_a_database_not_yet_upgraded_is_backed_up_as_it_is_and_restores(demo_db, tmp_path):
    """The backup one takes before `liaison init` upgrades the schema to new code: the database's
    own tables and columns, restored at its revision, then upgraded."""
    from alembic import command

    from toolkit.core.db import make_engine
    from toolkit.ops.schema import _config, current_revision, upgrade
    if demo_db.engine.dialect.name != "sqlite":
        pytest.skip("one back-end is enough to go down a revision")
    with demo_db.engine.connect() as connection:
        raw = connection.connection.driver_connection       # outside any transaction, where the pragma takes
        raw.execute("PRAGMA foreign_keys=OFF")              # SQLite rebuilds the table to drop a column
        command.downgrade(_config(connection), "0021")
        connection.commit()
        raw.execute("PRAGMA foreign_keys=ON")
    counts = backup(demo_db.engine, tmp_path / "before-upgrade.zip")
    manifest = verify(tmp_path / "before-upgrade.zip")
    assert manifest["revision"] == "0021" and "intake_address" not in manifest["columns"]["citizen_case"]
    target = make_engine(f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    try:
        assert restore(target, tmp_path / "before-upgrade.zip") == counts
        assert current_revision(target) == "0021"
        upgrade(target)
        assert current_revision(target) == head_revision()
        with target.connect() as c:            # the figures' expression index survived SQLite's table copies
            assert c.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'ix_case_figures'").scalar() == 1
        with target.connect() as c:
            assert c.scalar(select(func.count()).select_from(Case)) == 300
    finally:
        target.dispose()
    upgrade(demo_db.engine)
