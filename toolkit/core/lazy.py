"""Package fronts that load on first use: `from toolkit.cases import act` reads naturally, and
importing one table module does not load every service (and pandas) of its area."""
from __future__ import annotations

import sys
from importlib import import_module


def lazy_exports(package: str, exports: dict[str, list[str]], aliases: dict[str, tuple[str, str]] | None = None,
                 subpackages: tuple[str, ...] = ()):
    """(__getattr__, __dir__, __all__) for a package whose names live in its modules; `aliases`
    gives a name another one's value: {"ROSTER_COLUMNS": ("network.deputy_fields", "COLUMNS")};
    `subpackages` are reached as attributes too (`toolkit.analysis.cases(…)` after `import toolkit`)."""
    where = {name: (module, name) for module, names in exports.items() for name in names}
    where.update(aliases or {})
    where.update({name: (name, None) for name in subpackages})

    def __getattr__(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attr = where[name]
        found = import_module(f"{package}.{module}")
        value = found if attr is None else getattr(found, attr)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__():
        return sorted(where)
    return __getattr__, __dir__, sorted(where)
