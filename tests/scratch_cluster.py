"""A PostgreSQL cluster of the tests' own (initdb on a free port, sockets in its folder), for what
cannot be done to the shared one: crash it with `pg_ctl stop -m immediate`, archive its WAL and
recover it to a point in time. Run as the postgres user when the tests run as root (initdb
refuses root)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from toolkit.ops.ports import free_port


def pg_bin() -> Path | None:
    try:
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(found)
    return path if (path / "initdb").exists() else None


def as_owner(command: list[str]) -> list[str]:
    """`command` run by the cluster's owner: postgres when we are root, else ourselves."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class ScratchCluster:
    def __init__(self, archive: bool = False):
        self.bin = pg_bin()
        if self.bin is None:
            pytest.skip("PostgreSQL server programs (initdb) not installed")
        self.home = Path(tempfile.mkdtemp(prefix="liaison-pg-"))
        self.data, self.archive, self.port = self.home / "data", self.home / "wal", free_port()
        os.chmod(self.home, 0o755)
        self.archive.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres")
            shutil.chown(self.archive, "postgres")
        self.run(["initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale",
                  "--no-sync"])
        conf = [f"port = {self.port}", "listen_addresses = '127.0.0.1'", f"unix_socket_directories = '{self.home}'",
                "max_connections = 60"]
        if archive:
            conf += ["wal_level = replica", "archive_mode = on",
                     f"archive_command = 'test ! -f {self.archive}/%f && cp %p {self.archive}/%f'"]
        with open(self.data / "postgresql.conf", "a") as f:
            f.write("\n".join(conf) + "\n")
        self.start()
        self.psql("CREATE DATABASE liaison", db="postgres")

    def run(self, command: list[str], **kw) -> subprocess.CompletedProcess:
        return subprocess.run(as_owner([str(self.bin / command[0]), *command[1:]]), check=True, capture_output=True,
                              text=True, cwd=self.home, **kw)

    def url(self, db: str = "liaison") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.run(["pg_ctl", "-D", str(self.data), "-l", str(self.home / "server.log"), "-w", "-t", "60", "start"])

    def stop(self, mode: str = "fast") -> None:
        self.run(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"])

    def psql(self, sql: str, db: str = "liaison") -> str:
        return self.run(["psql", "-h", str(self.home), "-p", str(self.port), "-U", "postgres", "-d", db,
                         "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql]).stdout.strip()

    def wait_archived(self, timeout: float = 30) -> None:
        """Until the WAL written so far is in the archive (the current segment switched out first)."""
        segment = self.psql("SELECT pg_walfile_name(pg_switch_wal())")
        deadline = time.monotonic() + timeout
        while not (self.archive / segment).exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"WAL {segment} not archived")
            time.sleep(0.1)

    def close(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.home, ignore_errors=True)
