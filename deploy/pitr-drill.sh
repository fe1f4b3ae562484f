#!/usr/bin/env bash
# 时间点恢复演练 (point-in-time recovery drill): restore a base backup and the WAL archive into a
# scratch cluster on this machine, recover to a moment (or to the end of the archive), and report
# what the recovered database holds. The production cluster is never touched: the scratch one
# listens on a socket in its own folder only, archives nothing, and is removed afterwards.
#
#   deploy/pitr-drill.sh BASE_BACKUP_DIR WAL_ARCHIVE_DIR ['2026-12-07 09:30:00+08']
#
# BASE_BACKUP_DIR is what `pg_basebackup -Ft -z` wrote (base.tar.gz, maybe pg_wal.tar.gz) or a
# plain-format copy. Environment: PGBIN (the server's programs; default `pg_config --bindir`),
# DRILL_DB (default liaison), DRILL_PORT (default 5499), DRILL_KEEP=1 to leave the cluster running.
# Run it as root or as the postgres user; it prints one line `cases=N latest=…` for scripts last.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "用法：$0 基础备份文件夹 WAL归档文件夹 [恢复到的时间]" >&2
  exit 2
fi
BASE=$(readlink -f "$1")
WAL=$(readlink -f "$2")
TARGET=${3:-}
PGBIN=${PGBIN:-$(pg_config --bindir)}
DB=${DRILL_DB:-liaison}
PORT=${DRILL_PORT:-5499}

[ -d "$BASE" ] || { echo "找不到基础备份文件夹：$BASE" >&2; exit 2; }
[ -d "$WAL" ] || { echo "找不到WAL归档文件夹：$WAL" >&2; exit 2; }

as_owner() {  # initdb's clusters refuse to run as root: the drill's cluster is postgres's
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

SCRATCH=$(mktemp -d /tmp/liaison-drill.XXXXXX)
DATA=$SCRATCH/data
cleanup() {
  if [ "${DRILL_KEEP:-0}" != 1 ]; then
    as_owner "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$SCRATCH"
  fi
}
trap cleanup EXIT
chmod 755 "$SCRATCH"
mkdir -m 700 "$DATA"

if [ -f "$BASE/base.tar.gz" ] || [ -f "$BASE/base.tar" ]; then
  tar -xf "$BASE"/base.tar* -C "$DATA"
  if ls "$BASE"/pg_wal.tar* >/dev/null 2>&1; then
    tar -xf "$BASE"/pg_wal.tar* -C "$DATA/pg_wal"
  fi
elif [ -f "$BASE/PG_VERSION" ]; then
  cp -a "$BASE/." "$DATA/"
else
  echo "「$BASE」里没有基础备份（base.tar.gz 或 PG_VERSION）" >&2
  exit 2
fi
rm -f "$DATA/postmaster.pid" "$DATA/standby.signal"
touch "$DATA/recovery.signal"
{
  echo "restore_command = 'cp \"$WAL/%f\" \"%p\"'"
  [ -n "$TARGET" ] && echo "recovery_target_time = '$TARGET'"
  echo "recovery_target_action = 'promote'"
  echo "archive_mode = off"           # the drill must never write into the real archive
  echo "port = $PORT"
  echo "listen_addresses = ''"
  echo "unix_socket_directories = '$SCRATCH'"
} >> "$DATA/postgresql.auto.conf"
[ "$(id -u)" = 0 ] && chown -R postgres "$SCRATCH"

echo "正在恢复到 ${TARGET:-归档的最后一刻}……"
as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$SCRATCH/recovery.log" -w -t 600 start >/dev/null || {
  echo "演练失败：恢复出的数据库没有启动，日志如下" >&2
  tail -n 20 "$SCRATCH/recovery.log" >&2
  exit 1
}
q() { as_owner "$PGBIN/psql" -h "$SCRATCH" -p "$PORT" -U postgres -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }
for _ in $(seq 600); do
  [ "$(q 'SELECT pg_is_in_recovery()')" = f ] && break
  sleep 1
done
if [ "$(q 'SELECT pg_is_in_recovery()')" != f ]; then
  echo "演练失败：10分钟内没有恢复完成" >&2
  exit 1
fi
CASES=$(q "SELECT count(*) FROM citizen_case")
LATEST=$(q "SELECT coalesce(to_char(max(received_at), 'YYYY-MM-DD HH24:MI:SS'), '无') FROM citizen_case")
REVISION=$(q "SELECT version_num FROM alembic_version")
echo "演练成功：案件${CASES}件，最新一件收集于${LATEST}，数据库结构版本${REVISION}。"
echo "cases=$CASES latest=$LATEST"
