"""`liaison backup FILE` and `liaison restore FILE`: one portable file, either back-end to either.

The file is a zip: manifest.json (schema revision, time, row counts, columns, and the SHA-256 of
each table's member) and one JSON-lines file per table. Values are written as JSON can hold them
(dates as ISO text, bytes as base64) and read back by each column's type, so a SQLite backup
restores into PostgreSQL and the other way.

A backup is written beside its target under a temporary name, flushed to disk, then renamed into
place: a backup cut short (killed, power lost, disk full) leaves the previous file as it was. It
reads one snapshot (PostgreSQL: REPEATABLE READ, read only; SQLite: one read transaction), so
what arrives while it runs is either wholly in it or not at all. `verify` checks a file without a
database; a restore verifies before it writes, then goes into an empty database only, all in one
transaction: nothing is half-restored. With LIAISON_BACKUP_KEY set the file is sealed
(backup_cipher); reading it then needs the same key.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
import zlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Date, DateTime, Engine, Integer, LargeBinary, Numeric, delete, func, insert, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from ..core.audit_models import AuditEntry
from ..core.errors import ToolkitError
from .all_models import METADATA
from .backup_cipher import DAMAGED, SealedWriter, backup_key, opened
from .schema import current_revision, known_revisions, revision_of, upgrade

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
    """Write every table to `path` (atomically: the old file stays until the new one is whole);
    returns the row count of each."""
    path = Path(path)
    if path.is_dir():
        raise ToolkitError(f"「{path}」是一个文件夹：请给出备份文件名，如 {path / '联络站备份.zip'}")
    # Citizens' names and phones: the file is its owner's alone (made 0600 from the first byte).
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except FileNotFoundError:
        raise ToolkitError(f"备份文件所在的文件夹不存在：{path.parent}") from None
    passphrase = backup_key()
    try:
        with os.fdopen(fd, "wb") as f:
            if passphrase is None:
                counts = _write(engine, f)
            else:
                sealed = SealedWriter(f, passphrase)
                counts = _write(engine, sealed)
                sealed.finish()
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, path)
        _sync_folder(path.parent)
    finally:
        if partial.exists():
            partial.unlink()
    return counts


def _sync_folder(folder: Path) -> None:
    # The rename itself must reach the disk, or a power cut could bring the old name back empty.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _snapshot(conn: Connection) -> None:
    # One moment for every table: under READ COMMITTED each statement would see a newer one (a
    # case_event whose case is not in the file). SQLite's read transaction holds its snapshot.
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _present_columns(conn: Connection) -> dict[str, set[str]]:
    """The tables and columns the database has: a database not yet upgraded to this code's schema
    (the backup taken before `liaison init` upgrades it) is backed up as it is."""
    found = inspect(conn)
    return {name: {c["name"] for c in found.get_columns(name)} for name in found.get_table_names()}


def _write(engine: Engine, f) -> dict[str, int]:
    counts, columns, sums = {}, {}, {}
    with engine.connect() as conn, conn.begin(), zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
        _snapshot(conn)
        revision = revision_of(conn)
        if revision is None:
            raise ToolkitError("数据库还没有建立结构（请先运行 liaison init），没有可备份的内容。")
        present = _present_columns(conn)
        for table in _tables():
            if table.name not in present:     # newer than this database's schema (backed up before an upgrade)
                continue
            chosen = [c for c in table.columns if c.name in present[table.name]]
            names = [c.name for c in chosen]
            columns[table.name], n, digest = names, 0, hashlib.sha256()
            with zf.open(f"tables/{table.name}.jsonl", "w") as out:
                result = conn.execution_options(yield_per=BATCH).execute(select(*chosen).order_by(*table.primary_key.columns))
                for row in result:
                    line = (json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n").encode("utf-8")
                    out.write(line)
                    digest.update(line)
                    n += 1
            counts[table.name], sums[table.name] = n, digest.hexdigest()
        manifest = {"format": FORMAT, "revision": revision, "created_at": datetime.now().isoformat(timespec="seconds"),
                    "dialect": engine.dialect.name, "counts": counts, "columns": columns, "sha256": sums}
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return counts


def read_manifest(path: str | Path) -> dict:
    """The manifest, or a refusal saying what is wrong with the file."""
    path = Path(path)
    with opened(path) as f:
        return _manifest(f, path)


def _manifest(f, path: Path) -> dict:
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as zf:
            manifest = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, zlib.error):
        f.seek(0)
        if f.read(4) == b"PK\x03\x04":     # begun as one of ours and cut short, or its manifest is gone
            raise ToolkitError(f"{DAMAGED}：「{path.name}」缺少结尾的目录或清单（备份中途被中断，或文件被截断），"
                               "请改用上一份备份") from None
        raise ToolkitError(f"「{path}」不是联络站工作台的备份文件") from None
    if manifest.get("format") != FORMAT:
        raise ToolkitError(f"「{path}」的格式（{manifest.get('format')}）不是本系统的备份格式")
    return manifest


def verify(path: str | Path) -> dict:
    """Check a backup without a database: every table the manifest names is there, whole, with its
    row count and checksum; returns the manifest, or refuses saying what is missing or wrong."""
    path = Path(path)
    with opened(path) as f:
        return _verified(f, path)


def _verified(f, path: Path) -> dict:
    manifest = _manifest(f, path)
    problems = []
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as zf:
            present = set(zf.namelist())
            for name, expected in manifest["counts"].items():
                member = f"tables/{name}.jsonl"
                if member not in present:
                    problems.append(f"缺少表「{name}」")
                    continue
                digest, n = hashlib.sha256(), 0
                with zf.open(member) as lines:
                    for line in lines:
                        digest.update(line)
                        n += 1
                if n != expected:
                    problems.append(f"表「{name}」应有{expected}行，实有{n}行")
                elif "sha256" in manifest and digest.hexdigest() != manifest["sha256"].get(name):
                    problems.append(f"表「{name}」的校验和不符")
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError):
        problems.append("压缩数据无法读出")
    if problems:
        raise ToolkitError(f"{DAMAGED}：{'；'.join(problems[:10])}" + ("等" if len(problems) > 10 else "") + "。未恢复任何数据")
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
    """Load a backup into an empty database (its schema is created first); all or nothing. The
    file is verified whole before anything is written."""
    path = Path(path)
    with opened(path) as f:
        return _restore(engine, f, path)


def _restore(engine: Engine, f, path: Path) -> dict[str, int]:
    manifest = _verified(f, path)
    if manifest["revision"] not in known_revisions():
        raise ToolkitError(f"备份文件来自更新版本的系统（数据库结构版本 {manifest['revision']}），"
                           "请先升级本系统再恢复")
    if current_revision(engine) is None:
        upgrade(engine, manifest["revision"])
    elif current_revision(engine) != manifest["revision"]:
        raise ToolkitError(f"目标数据库的结构版本（{current_revision(engine)}）与备份（{manifest['revision']}）不同，"
                           "请恢复到一个新建的空数据库。")
    known = {t.name: t for t in _tables()}
    unknown = set(manifest["columns"]) - set(known)
    unknown |= {f"{t}.{c}" for t, names in manifest["columns"].items() if t in known
                for c in names if c not in known[t].columns}
    if unknown:
        raise ToolkitError(f"备份文件中有本系统不认识的表或列：{'、'.join(sorted(unknown))}")
    # Only the tables the backup has: one taken at an older schema revision lacks the newer ones.
    tables = {name: table for name, table in known.items() if name in manifest["columns"]}
    counts = {}
    f.seek(0)
    with engine.connect() as conn, conn.begin(), zipfile.ZipFile(f) as zf:
        for table in tables.values():
            if table.name not in SEEDED and conn.scalar(select(func.count()).select_from(table)):
                raise ToolkitError(f"目标数据库不是空的（「{table.name}」已有数据）：请恢复到一个新建的空数据库。")
        for name in SEEDED:                    # the schema's own seed gives way to the backup's rows
            if name in tables:
                conn.execute(delete(tables[name]))
        for name, table in tables.items():
            counts[name] = _load_table(conn, zf, table, manifest["columns"].get(name, []))
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn, tables.values())
        if counts != manifest["counts"]:  # raising here rolls the whole restore back
            raise ToolkitError("恢复的行数与备份文件记录的不符，备份文件可能不完整，未恢复任何数据")
        conn.execute(insert(AuditEntry), [dict(at=datetime.now(), actor="命令行", entity="database", entity_id=None,
                                                action="restore", before=None,
                                                after=json.dumps({"备份文件": path.name, "备份时间": manifest["created_at"]},
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

    if conn.dialect.name == "postgresql":
        flush = _copier(conn, table, names)
    try:
        return _read_rows(zf, table, names, decoders, flush, self_ref)
    except (KeyError, EOFError, ValueError, TypeError, zipfile.BadZipFile, zlib.error, DBAPIError, _DriverError) as e:
        # A damaged or cut file: say which table, never the rows (nor the database's message, which may quote them).
        raise ToolkitError(f"{DAMAGED}（表「{table.name}」无法读出：{type(e).__name__}），未恢复任何数据") from None


try:
    from psycopg import Error as _DriverError
except ImportError:          # SQLite only here
    class _DriverError(Exception):
        pass


def _copier(conn: Connection, table, names: list[str]):
    """PostgreSQL's COPY, in the restore's own transaction: an INSERT per row took 224 s for the
    benchmark's 1.46 million rows (benchmarks/results.md)."""
    quote = conn.dialect.identifier_preparer
    statement = (f"COPY {quote.format_table(table)} ({', '.join(quote.quote(n) for n in names)}) FROM STDIN")
    raw = conn.connection.driver_connection

    def flush(rows):
        if rows:
            with raw.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
    return flush


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
