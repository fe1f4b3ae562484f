"""Backups encrypted at rest: with LIAISON_BACKUP_KEY set, the backup file is sealed, so a copy
on a USB stick holds no citizen's name or phone for whoever finds it.

The file is a header (a magic line, the scrypt salt, a nonce prefix, a key check) and then the
zip in chunks of 1 MiB, each sealed with AES-256-GCM (the `cryptography` library). A chunk's
nonce is the prefix, its number and a last-chunk flag, and the header is every chunk's associated
data: chunks cannot be reordered, dropped, or cut off at the end without the tag failing (the
"STREAM" construction). The key check tells a wrong key from a damaged file.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import ToolkitError

ENV_KEY = "LIAISON_BACKUP_KEY"
MAGIC = b"LIAISON-BACKUP-AESGCM/1\n"
CHUNK = 1 << 20
TAG = 16
SALT, PREFIX = 16, 7
MIN_KEY = 12
DAMAGED = "备份文件不完整或已损坏"


def backup_key() -> str | None:
    """The passphrase from LIAISON_BACKUP_KEY, or None when backups are not to be encrypted."""
    key = os.environ.get(ENV_KEY) or None
    if key is not None and len(key) < MIN_KEY:
        raise ToolkitError(f"备份密钥（环境变量 {ENV_KEY}）至少{MIN_KEY}个字符")
    return key


def _derive(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    # scrypt: guessing a short passphrase from a stolen file costs memory as well as time.
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + number.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _check_nonce(prefix: bytes) -> bytes:
    return prefix + b"\xff\xff\xff\xff\x02"      # never a chunk's nonce (flag 2)


class SealedWriter:
    """A write-only file for `zipfile` (tell, no seek) that seals what it is given into `raw`."""

    def __init__(self, raw, passphrase: str):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt, self._prefix = os.urandom(SALT), os.urandom(PREFIX)
        self._aead = AESGCM(_derive(passphrase, salt))
        self._header = MAGIC + salt + self._prefix
        self._raw, self._buffer, self._number, self._written = raw, bytearray(), 0, 0
        raw.write(self._header + self._aead.encrypt(_check_nonce(self._prefix), b"", self._header))

    def write(self, data) -> int:
        self._buffer += data
        self._written += len(data)
        while len(self._buffer) > CHUNK:      # keep one back: the last chunk must carry the flag
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, chunk: bytes, last: bool) -> None:
        self._raw.write(self._aead.encrypt(_nonce(self._prefix, self._number, last), chunk, self._header))
        self._number += 1


def is_sealed(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


@contextmanager
def opened(path: Path):
    """The backup's zip as a readable, seekable file: the file itself, or (sealed) its contents
    opened with LIAISON_BACKUP_KEY into an unnamed temporary file that vanishes when closed."""
    if not path.is_file():
        raise ToolkitError(f"找不到备份文件：{path}")
    if not is_sealed(path):
        with open(path, "rb") as f:
            yield f
        return
    passphrase = backup_key()
    if passphrase is None:
        raise ToolkitError(f"「{path.name}」是加密的备份：请把备份时所用的密钥放在环境变量 {ENV_KEY} 中再检查或恢复。"
                           "未恢复任何数据")
    with tempfile.TemporaryFile() as plain:
        _unseal(path, passphrase, plain)
        plain.seek(0)
        yield plain


def _unseal(path: Path, passphrase: str, out) -> None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    with open(path, "rb") as f:
        header = f.read(len(MAGIC) + SALT + PREFIX)
        check = f.read(TAG)
        if len(header) + len(check) < len(MAGIC) + SALT + PREFIX + TAG:
            raise ToolkitError(f"{DAMAGED}：「{path.name}」的加密文件头不完整。未恢复任何数据")
        salt, prefix = header[len(MAGIC):len(MAGIC) + SALT], header[len(MAGIC) + SALT:]
        aead = AESGCM(_derive(passphrase, salt))
        try:
            aead.decrypt(_check_nonce(prefix), check, header)
        except InvalidTag:
            raise ToolkitError(f"备份密钥不对：用环境变量 {ENV_KEY} 中的密钥解不开「{path.name}」，"
                               "请使用备份时所设的密钥。未恢复任何数据") from None
        number, block = 0, f.read(CHUNK + TAG)
        while True:
            following = f.read(CHUNK + TAG)
            try:
                out.write(aead.decrypt(_nonce(prefix, number, not following), block, header))
            except InvalidTag:
                where = "结尾被截断" if not following else "内容被改动"
                raise ToolkitError(f"{DAMAGED}：「{path.name}」的加密数据第{number + 1}段{where}。未恢复任何数据") from None
            if not following:
                return
            number, block = number + 1, following
