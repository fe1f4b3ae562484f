"""A folder only this process's user can read or write, for caches that are loaded as code-like
data (jieba's dictionary cache is read with `marshal`): never the shared temporary folder, where
another local user could plant a file first."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ToolkitError

ENV_CACHE = "LIAISON_CACHE_DIR"


def private_dir(name: str) -> Path:
    """`name` under LIAISON_CACHE_DIR (else ~/.cache/liaison), made 0700; refused if another user
    owns it, it is a link, or others may write it."""
    base = Path(os.environ.get(ENV_CACHE) or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "liaison")
    path = base / name
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.mkdir(mode=0o700, exist_ok=True)
    for folder in (base, path):
        st = folder.lstat()
        # What is loaded from here must be this user's: nobody else may own or write the folders.
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
            raise ToolkitError(f"缓存文件夹 {folder} 不是本用户独有（属于其他用户、是链接或他人可读写），已拒绝使用；"
                               f"请删除它或用 {ENV_CACHE} 指定另一个文件夹")
    return path
