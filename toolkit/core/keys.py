"""The server's secret key, and the keyed hashes made with it.

Voting and evaluation codes are stored only as keyed hashes: whoever reads the database (the
public account included) cannot turn a stored value back into a usable code, nor try all 31⁸
codes without the key. The same key hides clients' addresses in the flood counts. The key lives
outside the database: LIAISON_SECRET_KEY, or a file made on first use (mode 600) beside the
default database. Every server of one deployment (staff and public) must share it.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from .config import default_db_path

ENV_KEY = "LIAISON_SECRET_KEY"
KEY_FILE = "secret.key"


def key_path() -> Path:
    """Where the key file lives when LIAISON_SECRET_KEY is not set (LIAISON_SECRET_KEY_FILE moves it)."""
    return Path(os.environ.get("LIAISON_SECRET_KEY_FILE") or default_db_path().parent / KEY_FILE)


@lru_cache(maxsize=4)
def _key_from_file(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: two processes starting together make one key, not two
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
        except FileExistsError:
            pass
    return bytes.fromhex(path.read_text().strip())


def server_key() -> bytes:
    """The deployment's secret key."""
    value = os.environ.get(ENV_KEY)
    return value.encode() if value else _key_from_file(key_path())


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of `value` for one purpose (codes and addresses never share a hash), 32 hex digits."""
    return hmac.new(server_key(), f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()[:32]


def code_hash(code: str) -> str:
    """What the database keeps of a voting or evaluation code (codes are upper-cased first)."""
    return keyed_hash("code", (code or "").strip().upper())
