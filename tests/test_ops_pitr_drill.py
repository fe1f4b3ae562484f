"""PostgreSQL's own backup at province scale: a base backup and the WAL archive, recovered to a
moment by deploy/pitr-drill.sh on a second cluster of this machine (docs/deploy.md, 时间点恢复)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from toolkit.cases.services import Opinion, intake
from toolkit.core.access_rules import CITY
from toolkit.core.db import Database
from toolkit.core.principal import Principal
from toolkit.network.models import Station

from .scratch_cluster import ScratchCluster, as_owner

DRILL = Path(__file__).resolve().parent.parent / "deploy" / "pitr-drill.sh"


@pytest.fixture
def archiving():
    cluster = ScratchCluster(archive=True)
    try:
        subprocess.run([sys.executable, "-m", "toolkit.ops.cli", "init", "--demo", "small", "--db", cluster.url()],
                       check=True, capture_output=True)
        yield cluster
    finally:
        cluster.close()


def _opinions(url: str, n: int, word: str) -> None:
    db = Database(url, principal=Principal(login="drill", name="演练", role=CITY))
    try:
        with db.unit_of_work() as s:
            station = s.scalar(select(Station.id).where(Station.kind == "township_station").order_by(Station.id))
            for i in range(n):
                intake(s, Opinion(f"{word}{i}：路灯不亮", station_id=station), at=datetime.now())
    finally:
        db.dispose()


def _drill(cluster: ScratchCluster, base: Path, *target: str) -> str:
    env = dict(os.environ, PGBIN=str(cluster.bin), DRILL_PORT=str(cluster.port + 1))
    done = subprocess.run(["bash", str(DRILL), str(base), str(cluster.archive), *target], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "演练成功" in done.stdout
    return done.stdout.strip().splitlines()[-1]


def test_the_drill_recovers_the_archive_to_a_moment_and_to_its_end(archiving):
    cluster = archiving
    base = cluster.home / "base"             # the cluster's folder: the postgres user writes there when we are root
    subprocess.run(as_owner([str(cluster.bin / "pg_basebackup"), "-h", str(cluster.home), "-p", str(cluster.port),
                             "-U", "postgres", "-D", str(base / "week"), "-Ft", "-z", "-X", "fetch", "-c", "fast"]),
                   check=True, capture_output=True, cwd=cluster.home)
    at_base = int(cluster.psql("SELECT count(*) FROM citizen_case"))
    _opinions(cluster.url(), 5, "基础备份之后")
    time.sleep(1.1)
    moment = cluster.psql("SELECT now()::text")
    time.sleep(1.1)
    _opinions(cluster.url(), 3, "误操作之后")
    cluster.wait_archived()
    assert _drill(cluster, base / "week", moment).startswith(f"cases={at_base + 5} ")
    assert _drill(cluster, base / "week").startswith(f"cases={at_base + 8} ")
    assert int(cluster.psql("SELECT count(*) FROM citizen_case")) == at_base + 8      # the source untouched
    leftovers = [p for p in Path("/tmp").glob("liaison-drill.*")]
    assert leftovers == [] or all(p.stat().st_mtime < time.time() - 600 for p in leftovers)


def test_the_drill_refuses_a_folder_without_a_base_backup(tmp_path):
    if shutil.which("pg_config") is None:
        pytest.skip("PostgreSQL not installed")
    done = subprocess.run(["bash", str(DRILL), str(tmp_path), str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 2 and "没有基础备份" in done.stderr
