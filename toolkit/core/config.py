"""Where the database lives: one rule for the CLI, the Voilà apps and the notebooks."""
from __future__ import annotations

import os
from pathlib import Path

ENV_URL = "LIAISON_DB_URL"
ENV_USER = "LIAISON_USER"
DB_FILENAME = "liaison.sqlite3"


_ABOVE_PACKAGE = Path(__file__).resolve().parents[2]   # toolkit/core/config.py → the folder above toolkit/


def project_root() -> Path | None:
    """The source checkout this package sits in, if it sits in one."""
    return _ABOVE_PACKAGE if (_ABOVE_PACKAGE / "pyproject.toml").is_file() else None


def project_path(*parts: str) -> Path:
    """A file that ships with the checkout, not the package (data/standards, notebooks/reports,
    benchmarks/): the one place that knows where the checkout is."""
    return (project_root() or _ABOVE_PACKAGE).joinpath(*parts)


def default_db_path() -> Path:
    """`data/liaison.sqlite3` in a checkout, else the user's data folder."""
    root = project_root()
    if root is not None:
        return root / "data" / DB_FILENAME
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "liaison" / DB_FILENAME


def resolve_db_url(url: str | None = None) -> str:
    """An explicit URL wins over LIAISON_DB_URL, which wins over the default file."""
    if url:
        return url
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    path = default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def current_actor() -> str:
    """Who is acting: single-user installs are the local administrator."""
    return os.environ.get(ENV_USER) or "本地管理员"


def case_prefix() -> str:
    """The letters before case numbers (TL-2026-000123); LIAISON_CASE_PREFIX sets them."""
    return os.environ.get("LIAISON_CASE_PREFIX", "TL")
