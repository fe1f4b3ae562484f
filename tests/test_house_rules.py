"""The house rules of the layout, checked on the source (README "What is here" draws the same house).

Areas stand on floors: an area may import its own modules and the areas below it, never one
above. The graph is drawn from every import, those inside functions included, so an import
moved into a function cannot hide a circle or an arrow running back up.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. toolkit's own __init__ (the analyst's lazy `toolkit.connect()`) stands above all.
TOOLKIT_FLOORS = ["core", "formats", "network", "admin", "notify", "cases", "suggestions", "pairings", "evaluations",
                  "projects", "duty", "triage", "analysis", "reports", "public", "ops"]
# widgets: shared pieces and page helpers below the apps; each app named as its notebook, in the toolkit's order.
WIDGET_FLOORS = ["pieces", "page", "enrolment", "cases", "suggestions", "pairings", "evaluations", "votes", "duty", "admin"]
# Only the command line loads modules inside functions, so `liaison --help` starts without pandas.
LAZY_IMPORTS_ALLOWED = ("toolkit.ops.",)
# What a widget may not touch: tables and SQL belong to the toolkit.
WIDGET_FORBIDDEN = ("sqlalchemy", "toolkit.core.base", "toolkit.core.audit_models")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for package in ("toolkit", "widgets") for p in (ROOT / package).rglob("*.py")
           if "migrations" not in p.parts}


def _imports(name: str) -> list[tuple[str, bool, int]]:
    """(imported name, inside a function?, line) for each import of the module."""
    path = MODULES[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom):
                base = package[:len(package) - child.level + 1] if child.level else []
                target = ".".join(base + ([child.module] if child.module else []))
                for alias in child.names:
                    sub = f"{target}.{alias.name}"
                    found.append((sub if sub in MODULES else target, inner, child.lineno))
            elif isinstance(child, ast.Import):
                found.extend((alias.name, inner, child.lineno) for alias in child.names)
            visit(child, inner)
    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def _project_edges() -> dict[str, set[str]]:
    edges = {}
    for name in MODULES:
        edges[name] = {t for t, _, _ in _imports(name) if t in MODULES and t != name}
    return edges


def _floor(name: str) -> tuple[str, int] | None:
    parts = name.split(".")
    floors = TOOLKIT_FLOORS if parts[0] == "toolkit" else WIDGET_FLOORS
    if len(parts) > 2 and parts[1] in floors:
        return parts[0], floors.index(parts[1])
    if len(parts) == 2 and parts[1] in floors:       # an area's __init__
        return parts[0], floors.index(parts[1])
    return None                                     # a package's own __init__: above all


def test_every_module_sits_in_an_area():
    loose = [n for n in MODULES if n.count(".") == 1 and n.split(".")[1] not in TOOLKIT_FLOORS + WIDGET_FLOORS]
    assert not loose, f"modules outside any area: {loose}"


def test_the_toolkit_never_imports_widgets():
    wrong = [(n, t, line) for n in MODULES if n.startswith("toolkit") for t, _, line in _imports(n)
             if t.split(".")[0] == "widgets"]
    assert not wrong


def test_no_import_runs_back_up_a_floor():
    wrong = []
    for name, targets in _project_edges().items():
        here = _floor(name)
        for target in targets:
            there = _floor(target)
            if there is None and target.split(".")[0] == name.split(".")[0]:
                if len(target.split(".")) == 1 and name.split(".")[0] == "toolkit":
                    wrong.append((name, target))        # the lazy package front is for analysts, not areas
                continue
            if here and there and here[0] == there[0] and there[1] > here[1]:
                wrong.append((name, target))
    assert not wrong, f"imports that run up a floor: {sorted(wrong)}"


def test_the_import_graph_has_no_circle():
    edges = _project_edges()
    state, stack, circles = {}, [], []

    def walk(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                circles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = "done"
    for node in sorted(edges):
        if node not in state:
            walk(node)
    assert not circles, f"import circles: {circles}"


def test_only_the_command_line_imports_inside_functions():
    """Elsewhere an import inside a function is how a circle hides; the CLI's are for start-up time."""
    wrong = [(n, t, line) for n in MODULES if not n.startswith(LAZY_IMPORTS_ALLOWED)
             for t, inner, line in _imports(n) if inner and t in MODULES]
    assert not wrong, f"function-local imports of the project's modules: {wrong}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("widgets")))
def test_a_widget_never_touches_tables_or_sql(name):
    """A widget calls services and queries; the rules and the SQL live in the toolkit."""
    for target, _, line in _imports(name):
        assert not target.startswith(WIDGET_FORBIDDEN), f"{name}:{line} imports {target}"
        last = target.split(".")[-1]
        assert not (target.startswith("toolkit.") and (last == "models" or last.endswith("_models"))), \
            f"{name}:{line} imports the tables ({target})"


def test_the_rules_see_real_imports():
    """The checks above would pass on an empty graph: make sure they read what is there."""
    edges = _project_edges()
    assert "toolkit.core.errors" in edges["toolkit.cases.services"]
    assert "toolkit.projects.box" in edges["toolkit.projects.votes"]
    assert ("toolkit.ops.cli_common", True) in {(t, i) for t, i, _ in _imports("toolkit.ops.cli_cases")} or \
        "toolkit.ops.cli_common" in edges["toolkit.ops.cli_cases"]
    assert _floor("toolkit.cases.services") == ("toolkit", TOOLKIT_FLOORS.index("cases"))


@pytest.mark.parametrize("area", [a for a in TOOLKIT_FLOORS if (ROOT / "toolkit" / a / "__init__.py").read_text(
    encoding="utf-8").count("lazy_exports")])
def test_each_area_front_names_what_its_modules_hold(area):
    """`from toolkit.cases import act`: every name resolves, and none hides a module of the area."""
    import importlib
    package = importlib.import_module(f"toolkit.{area}")
    modules = {p.stem for p in (ROOT / "toolkit" / area).glob("*.py")}
    assert package.__all__ and not set(package.__all__) & modules
    for name in package.__all__:
        assert getattr(package, name).__module__.startswith(f"toolkit.{area}."), name


def test_tables_live_in_table_modules():
    """ops.all_models finds the schema by walking for `models` / `*_models` modules: a table
    declared anywhere else would be missing from migrations, backups and the database roles."""
    from toolkit.ops.all_models import METADATA, table_modules
    declared = {n for n in MODULES if n.startswith("toolkit.") and any(
        isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__tablename__" for t in node.targets)
        for node in ast.walk(ast.parse(MODULES[n].read_text(encoding="utf-8"))))}
    assert declared and declared == set(table_modules())
    assert {"citizen_case", "app_setting", "calendar_day", "audit_log", "vote"} <= set(METADATA.tables)


def test_each_app_is_named_as_its_notebook():
    """notebooks/apps/X.ipynb is served by widgets/X/app.py: a newcomer finds an app's code by its page's name."""
    apps = {p.parent.name for p in (ROOT / "widgets").glob("*/app.py")}
    notebooks = {p.stem for p in (ROOT / "notebooks" / "apps").glob("*.ipynb")}
    assert apps and apps <= notebooks and apps == set(WIDGET_FLOORS[2:])


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("widgets.") and n.count(".") == 2))
def test_one_panel_per_module_and_one_name_per_panel(name):
    """A panel module holds one panel (helpers and mixins aside), and no two panels share a name."""
    panels = [c.name for c in ast.parse(MODULES[name].read_text(encoding="utf-8")).body
              if isinstance(c, ast.ClassDef) and c.name.endswith(("Panel", "App"))]
    assert len(panels) <= 1, f"{name} holds {panels}"
    everywhere = [c.name for n in MODULES if n.startswith("widgets.") for c in ast.parse(MODULES[n].read_text(
        encoding="utf-8")).body if isinstance(c, ast.ClassDef)]
    assert all(everywhere.count(p) == 1 for p in panels), panels


def test_panels_never_reach_into_their_app():
    """A panel gets what it shows through traitlets (links from the app) and says what it did
    through its own; it holds no reference to the app to call back into."""
    wrong = [str(p.relative_to(ROOT)) for p in (ROOT / "widgets").rglob("*.py") if "self.app" in p.read_text(encoding="utf-8")]
    assert not wrong
