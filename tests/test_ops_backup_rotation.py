"""Backups at rest and on a schedule: sealed with LIAISON_BACKUP_KEY (a wrong or missing key, a cut
or altered file each told in Chinese, nothing written), and `liaison backup --dir DIR --keep N`
keeping the last N days and one per month."""
from __future__ import annotations

import os
import shutil
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from toolkit.cases.models import Case
from toolkit.core.db import make_engine
from toolkit.core.errors import ToolkitError
from toolkit.ops import backup_cipher
from toolkit.ops.backup import backup, restore, verify
from toolkit.ops.backup_cipher import DAMAGED, ENV_KEY, is_sealed
from toolkit.ops.backup_rotation import backup_into, dated_name, to_keep
from toolkit.ops.cli import main

KEY = "联络站备份密钥-2026-甲"


def _cases(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            return c.scalar(select(func.count()).select_from(Case)) if engine.dialect.has_table(c, "citizen_case") else 0
    finally:
        engine.dispose()


def test_with_a_key_the_file_holds_no_citizen_text_and_restores_with_it(demo_db, tmp_path, monkeypatch):
    with demo_db.reader() as s:
        phone, content = s.execute(select(Case.citizen_phone, Case.content).where(Case.citizen_phone.is_not(None)).limit(1)).one()
    monkeypatch.setenv(ENV_KEY, KEY)
    sealed = tmp_path / "sealed.zip"
    counts = backup(demo_db.engine, sealed)
    data = sealed.read_bytes()
    assert is_sealed(sealed) and oct(sealed.stat().st_mode & 0o777) == "0o600"
    for text in (phone, content[:6], "citizen_case", "manifest.json"):
        assert text.encode() not in data                      # not even the zip's member names
    assert verify(sealed)["counts"] == counts
    url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    assert main(["restore", str(sealed), "--db", url]) == 0
    assert _cases(url) == counts["citizen_case"] == 300


def test_without_the_key_or_with_another_nothing_is_written(demo_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENV_KEY, KEY)
    sealed = tmp_path / "sealed.zip"
    backup(demo_db.engine, sealed)
    url = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    monkeypatch.delenv(ENV_KEY)
    assert main(["restore", str(sealed), "--db", url]) == 2
    assert f"是加密的备份：请把备份时所用的密钥放在环境变量 {ENV_KEY} 中" in capsys.readouterr().err
    assert main(["restore", "--check", str(sealed)]) == 2
    assert "加密" in capsys.readouterr().err
    monkeypatch.setenv(ENV_KEY, KEY + "乙")
    assert main(["restore", str(sealed), "--db", url]) == 2
    assert "备份密钥不对" in capsys.readouterr().err
    assert _cases(url) == 0
    monkeypatch.setenv(ENV_KEY, "太短")
    with pytest.raises(ToolkitError, match="至少12个字符"):
        backup(demo_db.engine, tmp_path / "short.zip")
    assert not (tmp_path / "short.zip").exists()


def test_a_sealed_file_cut_or_altered_is_told_as_damaged(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_KEY, KEY)
    monkeypatch.setattr(backup_cipher, "CHUNK", 4096)          # many chunks from the small demo
    whole = tmp_path / "whole.zip"
    backup(demo_db.engine, whole)
    data = whole.read_bytes()
    chunk = 4096 + backup_cipher.TAG
    head = len(backup_cipher.MAGIC) + backup_cipher.SALT + backup_cipher.PREFIX + backup_cipher.TAG
    cases = {
        "cut_mid_chunk": data[: len(data) // 2],
        "cut_at_a_chunk": data[: head + 3 * chunk],           # whole chunks, but not the last one
        "flipped": data[:head + chunk + 7] + bytes([data[head + chunk + 7] ^ 1]) + data[head + chunk + 8:],
        "chunks_swapped": data[:head] + data[head + chunk: head + 2 * chunk] + data[head: head + chunk] + data[head + 2 * chunk:],
        "header_only": data[:head - 3],
    }
    for name, body in cases.items():
        path = tmp_path / f"{name}.zip"
        path.write_bytes(body)
        with pytest.raises(ToolkitError) as e:
            verify(path)
        assert e.value.message.startswith(DAMAGED), name
        target = make_engine(f"sqlite:///{tmp_path / (name + '.sqlite3')}")
        with pytest.raises(ToolkitError):
            restore(target, path)
        target.dispose()
        assert _cases(f"sqlite:///{tmp_path / (name + '.sqlite3')}") == 0
    assert verify(whole)["counts"]["citizen_case"] == 300


def test_the_rotation_keeps_the_last_days_and_one_per_month():
    now = datetime(2026, 12, 7, 2, 30)
    names = [dated_name(now - timedelta(days=d), False) for d in range(0, 100)]
    names += [dated_name(now - timedelta(days=1, hours=1), True)]           # a second one on 12-06, older
    names += ["月报.xlsx", "liaison-2026.zip"]                               # not ours: never touched
    kept = to_keep(names, keep=3, months=4)
    days = sorted(n[8:16] for n in kept)
    # the last three days, and each month's newest of the last four months (December's is today's)
    assert days == ["20260930", "20261031", "20261130", "20261205", "20261206", "20261207"]
    assert dated_name(now - timedelta(days=1, hours=1), True) not in kept    # the day's newest stands for it


def test_backup_dir_keeps_n_and_deletes_only_its_own(demo_db, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "backups"
    folder.mkdir()
    first, _, _ = backup_into(demo_db.engine, folder, keep=2, months=0, now=datetime(2026, 12, 1, 2, 0))
    for day in (2, 3, 4):
        shutil.copy(first, folder / dated_name(datetime(2026, 12, day, 2, 0), False))
    (folder / "说明.txt").write_text("值班表")
    old_partial = folder / ".liaison-20261120-020000.zip.999.partial"
    old_partial.write_bytes(b"PK")
    os.utime(old_partial, (time.time() - 3 * 86400,) * 2)
    url = demo_db.engine.url.render_as_string(hide_password=False)
    assert main(["backup", "--dir", str(folder), "--keep", "2", "--months", "0", "--db", url]) == 0
    out = capsys.readouterr().out
    left = sorted(p.name for p in folder.iterdir())
    assert len([n for n in left if n.startswith("liaison-")]) == 2 and "说明.txt" in left
    assert "liaison-20261204-020000.zip" in left and not old_partial.exists()
    assert "删除旧备份3份" in out
    newest = max(n for n in left if n.startswith("liaison-"))
    assert verify(folder / newest)["counts"]["citizen_case"] == 300
    assert main(["backup", "--keep", "2", "--db", url]) == 2
    assert main(["backup", str(tmp_path / "x.zip"), "--dir", str(folder), "--db", url]) == 2
    assert main(["backup", "--dir", str(tmp_path / "nowhere"), "--db", url]) == 2
    assert "备份文件夹不存在" in capsys.readouterr().err
