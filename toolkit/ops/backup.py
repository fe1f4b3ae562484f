"""`liaison backup FILE` and `liaison restore FILE`: one portable file, either back-end to either.

The file is a zip: manifest.json (schema revision, time, row counts, columns) and one JSON-lines
file per table. Values are written as JSON can hold them (dates as ISO text, bytes as base64) and
read back by each column's type, so a SQLite backup restores into PostgreSQL and the other way.
A restore goes into an empty database only, all in one transaction: nothing is half-restored.
"""
from __future__ import annotations

import base64
import json
import os
import zipfile
import zlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Date, DateTime, Engine, Integer, LargeBinary, Numeric, delete, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from ..core.audit_models import AuditEntry
from ..core.errors import ToolkitError
from .all_models import METADATA
from .schema import current_revision, revision_of, upgrade

FORMAT = "liaison-backup/1"
BATCH = 5000


def _tables():
    return list(METADATA.sorted_tables)


def _encode(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decoder(column):
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, LargeBinary):
        return base64.b64decode
    if isinstance(kind, Numeric) and kind.asdecimal:
        return Decimal
    return None


def backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write every table to `path`; returns the row count of each. Reads in one transaction, so
    the file is one consistent moment even while the apps keep writing."""
    counts, columns = {}, {}
    # Citizens' names and phones: the file is its owner's alone (made 0600, and kept so if it existed).
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)
    with engine.connect() as conn, conn.begin(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        revision = revision_of(conn)
        if revision is None:
            raise ToolkitError("数据库还没有建立结构（请先运行 liaison init），没有可备份的内容。")
        for table in _tables():
            names = [c.name for c in table.columns]
            columns[table.name], n = names, 0
            with zf.open(f"tables/{table.name}.jsonl", "w") as out:
                result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*table.primary_key.columns))
                for row in result:
                    out.write((json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n").encode("utf-8"))
                    n += 1
            counts[table.name] = n
        manifest = {"format": FORMAT, "revision": revision, "created_at": datetime.now().isoformat(timespec="seconds"),
                    "dialect": engine.dialect.name, "counts": counts, "columns": columns}
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return counts


def read_manifest(path: str | Path) -> dict:
    """The manifest, or a refusal saying what is wrong with the file."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
    except FileNotFoundError:
        raise ToolkitError(f"找不到备份文件：{path}") from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise ToolkitError(f"「{path}」不是联络站工作台的备份文件") from None
    if manifest.get("format") != FORMAT:
        raise ToolkitError(f"「{path}」的格式（{manifest.get('format')}）不是本系统的备份格式")
    return manifest


def _self_ordered(table, names: list[str], rows: list[list]) -> list[list]:
    """Rows of a table that points at itself (a station's parent), parents first."""
    own = [fk for fk in table.foreign_keys if fk.column.table is table]
    if not own:
        return rows
    ref, key = names.index(own[0].parent.name), names.index(own[0].column.name)
    done, ordered, pending = set(), [], rows
    while pending:
        ready = [r for r in pending if r[ref] is None or r[ref] in done or r[ref] == r[key]]
        if not ready:
            raise ToolkitError(f"备份文件中「{table.name}」的上下级关系有环，无法恢复")
        ordered += ready
        done |= {r[key] for r in ready}
        pending = [r for r in pending if r[key] not in done]
    return ordered


# Tables a new database already holds rows of (the migrations seed them): a restore replaces them.
SEEDED = ("calendar_day",)


def restore(engine: Engine, path: str | Path) -> dict[str, int]:
    """Load a backup into an empty database (its schema is created first); all or nothing."""
    manifest = read_manifest(path)
    if current_revision(engine) is None:
        upgrade(engine, manifest["revision"])
    elif current_revision(engine) != manifest["revision"]:
        raise ToolkitError(f"目标数据库的结构版本（{current_revision(engine)}）与备份（{manifest['revision']}）不同，"
                           "请恢复到一个新建的空数据库。")
    tables = {t.name: t for t in _tables()}
    unknown = set(manifest["columns"]) - set(tables)
    if unknown:
        raise ToolkitError(f"备份文件中有本系统不认识的表：{'、'.join(sorted(unknown))}")
    counts = {}
    with engine.connect() as conn, conn.begin(), zipfile.ZipFile(path) as zf:
        for table in tables.values():
            if table.name not in SEEDED and conn.scalar(select(func.count()).select_from(table)):
                raise ToolkitError(f"目标数据库不是空的（「{table.name}」已有数据）：请恢复到一个新建的空数据库。")
        for name in SEEDED:                    # the schema's own seed gives way to the backup's rows
            conn.execute(delete(tables[name]))
        for name, table in tables.items():
            counts[name] = _load_table(conn, zf, table, manifest["columns"].get(name, []))
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn, tables.values())
        if counts != manifest["counts"]:  # raising here rolls the whole restore back
            raise ToolkitError("恢复的行数与备份文件记录的不符，备份文件可能不完整，未恢复任何数据")
        conn.execute(insert(AuditEntry), [dict(at=datetime.now(), actor="命令行", entity="database", entity_id=None,
                                                action="restore", before=None,
                                                after=json.dumps({"备份文件": Path(path).name, "备份时间": manifest["created_at"]},
                                                                 ensure_ascii=False))])
    return counts


def _load_table(conn: Connection, zf: zipfile.ZipFile, table, names: list[str]) -> int:
    """Insert one table's rows in batches (all at once only where rows point at each other)."""
    if not names:
        return 0
    decoders = [_decoder(table.columns[n]) for n in names]
    self_ref = any(fk.column.table is table for fk in table.foreign_keys)

    def flush(rows):
        if rows:
            conn.execute(insert(table), [dict(zip(names, r)) for r in rows])

    try:
        return _read_rows(zf, table, names, decoders, flush, self_ref)
    except (KeyError, EOFError, ValueError, zipfile.BadZipFile, zlib.error, DBAPIError) as e:
        # A damaged or cut file: say which table, never the rows (nor the database's message, which may quote them).
        raise ToolkitError(f"备份文件已损坏或不完整（表「{table.name}」无法读出：{type(e).__name__}），未恢复任何数据") from None


def _read_rows(zf, table, names, decoders, flush, self_ref) -> int:
    n, batch = 0, []
    with zf.open(f"tables/{table.name}.jsonl") as lines:
        for line in lines:
            batch.append([d(v) if d and v is not None else v for d, v in zip(decoders, json.loads(line))])
            n += 1
            if len(batch) >= BATCH and not self_ref:
                flush(batch)
                batch = []
    flush(_self_ordered(table, names, batch) if self_ref else batch)
    return n


def _reset_sequences(conn: Connection, tables) -> None:
    # Rows came with their ids; the next id a sequence hands out must be above them.
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and isinstance(pk[0].type, Integer):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                              f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"))
