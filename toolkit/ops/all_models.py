"""Every table module, imported once so Base.metadata holds the whole schema (migrations, backups).

Found by walking the areas, not listed by hand: an area keeps its tables in `models.py` or
`<name>_models.py` (a house rule, tests/test_house_rules.py), so a new area's tables join the
schema, the backups and the database roles without an edit here."""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from ..core.base import Base

_TOOLKIT = Path(__file__).resolve().parent.parent


def table_modules() -> list[str]:
    """The dotted names of every area's table modules, sorted."""
    found = []
    for area in sorted(p for p in _TOOLKIT.iterdir() if (p / "__init__.py").exists()):
        for info in pkgutil.iter_modules([str(area)]):
            if (info.name == "models" or info.name.endswith("_models")) and info.name != "all_models":
                found.append(f"toolkit.{area.name}.{info.name}")
    return sorted(found)


for _name in table_modules():
    importlib.import_module(_name)

METADATA = Base.metadata
