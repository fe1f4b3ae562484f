"""Keeping the docs, the glossary, the template and the app notebooks honest."""
import json
import re
from pathlib import Path

import pytest

from toolkit.core.glossary import (
    CASE_ACTIONS,
    CASE_STATES,
    CHANNELS,
    LEVELS,
    MATTER_LEVELS,
    PAIRING_KINDS,
    STATION_KINDS,
    TERMS,
)
from toolkit.network.deputy_fields import COLUMNS, FIELD_NAMES
from widgets.cases.app import TABS as CASE_TABS
from widgets.enrolment.app import TABS
from widgets.pairings.app import TABS as PAIRING_TABS

from .readme_tables import tables

markdown, rows = tables.markdown, tables.rows

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "voila-templates" / "liaison"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _registry() -> list[str]:
    return re.findall(r'"file": "([^"]+)"', (TEMPLATE / "apps.j2").read_text(encoding="utf-8"))


def test_every_roster_column_has_an_identifier():
    assert set(COLUMNS) == set(FIELD_NAMES)


def test_the_readme_glossary_is_the_one_the_code_makes():
    """Regenerate with: python docs/readme_tables.py"""
    glossary = README.split("## 术语表 (glossary)", 1)[1]
    assert glossary.split("| 中文 |", 1)[1] == markdown().split("| 中文 |", 1)[1]


@pytest.mark.parametrize("label", list(TERMS) + list(STATION_KINDS.values()) + list(LEVELS.values())
                         + list(COLUMNS) + [t for t, _ in TABS + CASE_TABS + PAIRING_TABS]
                         + list(CHANNELS.values()) + list(CASE_STATES.values()) + list(CASE_ACTIONS.values())
                         + list(MATTER_LEVELS.values()) + list(PAIRING_KINDS.values()))
def test_every_chinese_term_has_a_glossary_row(label):
    assert label in {c for c, _, _ in rows()}


def test_every_app_on_the_landing_page_exists_and_only_imports_and_displays():
    apps = _registry()
    assert apps, "the landing page lists no app"
    for name in apps:
        nb = json.loads((ROOT / "notebooks" / "apps" / name).read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert len(code) <= 2, f"{name} should only import and display"
        assert nb["metadata"].get("title"), f"{name} needs a Chinese title in its metadata"


def test_every_app_builds_its_page_only_when_it_is_requested():
    """With preheated kernels (liaison serve's default) a page built ahead would show old data."""
    import os

    from widgets.page.preheat import wait_for_request
    for path in sorted((ROOT / "notebooks" / "apps").glob("*.ipynb")):
        code = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        first, last = "".join(code[0]["source"]), "".join(code[-1]["source"])
        assert all(line.startswith(("from ", "import ")) for line in first.splitlines() if line.strip()), path.name
        assert "wait_for_request" in first and "wait_for_request()" in last, path.name
        assert last.strip().splitlines()[-1].startswith("open_app("), path.name  # as its visitor, never as admin
    assert os.getenv("VOILA_PREHEAT", "False") != "True"
    wait_for_request()      # not preheated: returns at once


def test_the_template_loads_nothing_from_outside():
    for path in TEMPLATE.rglob("*"):
        if path.is_file():
            assert not re.search(r"(src|href)=\"https?://", path.read_text(encoding="utf-8")), path


def test_the_readme_starts_with_the_two_commands():
    head = README.split("```", 2)[1]
    assert "make serve" in head and "make test" in head


def test_no_panel_shadows_an_ipywidgets_method():
    """A handler named open/close/send/log replaces the widget's own: the page then shows
    'model not found', or a round closes when the widget is garbage-collected."""
    import ipywidgets as w
    api = {n for n in set(dir(w.Tab)) | set(dir(w.VBox)) if not n.startswith("_")} - {
        "children", "titles", "selected_index", "layout", "value", "observe"}
    for path in (ROOT / "widgets").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        names = set(re.findall(r"def (\w+)\(self", source)) | set(re.findall(r"self\.(\w+) = ", source))
        assert not names & api, f"{path.name} shadows {sorted(names & api)}"


def test_widgets_never_touch_sql():
    """Rules and queries live in the toolkit; a panel only shows and asks."""
    for path in (ROOT / "widgets").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "sqlalchemy" not in source and "select(" not in source, path.name


def test_a_preheated_page_waits_for_its_request_once(monkeypatch):
    """The notebook waits, then the page is built for its visitor: a second wait would hang forever."""
    import voila.utils

    from widgets.page import preheat
    calls = []
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda url=None: calls.append(1))
    monkeypatch.setattr(preheat, "_requested", False)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    preheat.wait_for_request()        # the notebook's first cell
    preheat.wait_for_request()        # the second: returns at once
    assert calls == [1]
