"""Package fronts that load on first use: `from toolkit.cases import act` reads naturally, and
importing one table module does not load every service (and pandas) of its area."""
from __future__ import annotations

import sys
from importlib import import_module


def lazy_exports(package: str, exports: dict[str, list[str]], aliases: dict[str, tuple[str, str]] | None = None):
    """(__getattr__, __dir__, __all__) for a package whose names live in its modules; `aliases`
    gives a name another one's value: {"ROSTER_COLUMNS": ("network.deputy_fields", "COLUMNS")}."""
    where = {name: (module, name) for module, names in exports.items() for name in names}
    where.update(aliases or {})

    def __getattr__(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attr = where[name]
        value = getattr(import_module(f"{package}.{module}"), attr)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__():
        return sorted(where)
    return __getattr__, __dir__, sorted(where)
