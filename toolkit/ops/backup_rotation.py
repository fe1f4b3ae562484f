"""`liaison backup --dir DIR --keep N`: a dated backup in DIR, then the old ones thinned out.

Kept: the newest backup of each of the last N days that have one, and the newest of each of the
last `months` months (a month's last backup stands for it). Only files this command names
(liaison-YYYYMMDD-HHMMSS.zip, or .zip.enc when sealed) are ever deleted, and only after the new
one is whole: a failed backup deletes nothing.
"""
from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from ..core.errors import ToolkitError
from .backup import backup
from .backup_cipher import backup_key

NAME = re.compile(r"^liaison-(\d{8})-(\d{6})\.zip(\.enc)?$")
STALE_PARTIAL = 24 * 3600


def dated_name(now: datetime, sealed: bool) -> str:
    return f"liaison-{now:%Y%m%d-%H%M%S}.zip" + (".enc" if sealed else "")


def _stamp(name: str) -> datetime | None:
    m = NAME.match(name)
    return datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S") if m else None


def to_keep(names: list[str], keep: int, months: int) -> set[str]:
    """Of the backup file names, those the rotation keeps (others in `names` are ignored)."""
    dated = sorted(((_stamp(n), n) for n in names if _stamp(n)), reverse=True)
    kept, days, seen_months = set(), [], []
    for stamp, name in dated:                   # newest first: the first of a day is its newest
        if stamp.date() not in days:
            days.append(stamp.date())
            if len(days) <= keep:
                kept.add(name)
        month = (stamp.year, stamp.month)
        if month not in seen_months:
            seen_months.append(month)
            if len(seen_months) <= months:
                kept.add(name)
    return kept


def backup_into(engine: Engine, folder: str | Path, keep: int, months: int = 12,
                now: datetime | None = None) -> tuple[Path, dict[str, int], list[Path]]:
    """Write a dated backup into `folder`, then delete the ones the rotation no longer keeps;
    returns the new file, its row counts and the files deleted."""
    if keep < 1:
        raise ToolkitError("--keep 至少为1（保留最近几天的备份）")
    if months < 0:
        raise ToolkitError("--months 不能为负数")
    folder = Path(folder)
    if not folder.is_dir():
        raise ToolkitError(f"备份文件夹不存在：{folder}")
    target = folder / dated_name(now or datetime.now(), backup_key() is not None)
    counts = backup(engine, target)
    names = [p.name for p in folder.iterdir() if p.is_file()]
    kept = to_keep(names, keep, months) | {target.name}
    removed = [folder / n for n in sorted(names) if NAME.match(n) and n not in kept]
    for path in removed:
        path.unlink()
    _remove_stale_partials(folder)
    return target, counts, removed


def _remove_stale_partials(folder: Path) -> None:
    # What a backup killed long ago left under its temporary name; a running one's is recent.
    for path in folder.glob(".liaison-*.partial"):
        if time.time() - path.stat().st_mtime > STALE_PARTIAL:
            path.unlink()
