"""`liaison bench --backup`: how long the portable backup takes at city scale — written plain and
sealed, checked without a database, restored into a new SQLite file and (given an empty one)
into PostgreSQL. One run each: these take tens of seconds, and the operator's question is the
order of magnitude (does the nightly job fit in the night, how long is the station down)."""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine

from ..core.db import make_engine
from .backup import backup, restore, verify
from .backup_cipher import ENV_KEY


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _mb(path: Path) -> str:
    return f"{path.stat().st_size / 2**20:,.0f} MB"


def run(engine: Engine, restore_url: str | None = None) -> str:
    """The table of timings (Markdown, Chinese)."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        plain, sealed = Path(tmp) / "plain.zip", Path(tmp) / "sealed.zip"
        rows.append(("备份（liaison backup，未加密）", f"{_timed(lambda: backup(engine, plain)):.1f} 秒", _mb(plain)))
        before = os.environ.get(ENV_KEY)
        os.environ[ENV_KEY] = "基准测试用的备份密钥-0000"
        try:
            rows.append(("备份（设 LIAISON_BACKUP_KEY，加密）", f"{_timed(lambda: backup(engine, sealed)):.1f} 秒", _mb(sealed)))
            rows.append(("检查加密备份（restore --check，含解密）", f"{_timed(lambda: verify(sealed)):.1f} 秒", ""))
        finally:
            if before is None:
                os.environ.pop(ENV_KEY)
            else:
                os.environ[ENV_KEY] = before
        rows.append(("检查备份（restore --check）", f"{_timed(lambda: verify(plain)):.1f} 秒", ""))
        target = make_engine(f"sqlite:///{Path(tmp) / 'restored.sqlite3'}")
        try:
            rows.append(("恢复到新的 SQLite 数据库", f"{_timed(lambda: restore(target, plain)):.1f} 秒",
                         _mb(Path(tmp) / "restored.sqlite3")))
        finally:
            target.dispose()
        if restore_url:
            target = make_engine(restore_url)
            try:
                rows.append(("恢复到新的 PostgreSQL 数据库", f"{_timed(lambda: restore(target, plain)):.1f} 秒", ""))
            finally:
                target.dispose()
    return "| 操作 | 用时 | 文件大小 |\n|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
