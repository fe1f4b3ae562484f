"""Data reaches HTML only through toolkit.core.markup: no f-string, `%`, `.format` or `+` builds markup
from a value. The rule is checked on the source of every module of toolkit/ and widgets/."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TAG = re.compile(r"<[a-zA-Z/!]")
MODULES = sorted(p for folder in ("toolkit", "widgets") for p in (ROOT / folder).rglob("*.py")
                 if "migrations" not in p.parts)


def _markup_literal(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(TAG.search(node.value))


# What returns Markup (escaped by construction): a value joined to one of these is escaped by it.
MARKUP_MAKERS = {"html", "Markup", "table_html", "download_link", "bar_chart"}


def _html_widgets(tree) -> set[str]:
    """The attributes a module makes HTML widgets of (self.x = w.HTML(...)): their value is markup."""
    return {t.attr for node in ast.walk(tree) if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute) and node.value.func.attr in ("HTML", "HTMLMath")
            for t in node.targets if isinstance(t, ast.Attribute)}


def _operands(node):
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _operands(node.left) + _operands(node.right)
    return [node]


def _builds_plain_text(value) -> bool:
    """A value made of plain strings (an f-string with values, or strings added together) with no
    Markup among them: whatever data it holds reaches the page unescaped."""
    if isinstance(value, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in value.values)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        parts = _operands(value)
        makers = [p for p in parts if isinstance(p, ast.Call) and getattr(p.func, "id", getattr(p.func, "attr", "")) in MARKUP_MAKERS]
        return not makers and not all(isinstance(p, ast.Constant) for p in parts)
    return False


def violations(source: str) -> list[str]:
    """Each place in `source` where a value is spliced into an HTML literal without the helper, or
    into the value of an HTML widget as plain text (a deputy's name in 参加代表 was one)."""
    found = []
    tree = ast.parse(source)
    html_widgets = _html_widgets(tree)
    for node in ast.walk(tree):
        bad = None
        if (isinstance(node, ast.Assign) and _builds_plain_text(node.value)
                and any(isinstance(t, ast.Attribute) and t.attr == "value" and isinstance(t.value, ast.Attribute)
                        and t.value.attr in html_widgets for t in node.targets)):
            bad = "HTML widget .value from plain text"
        if isinstance(node, ast.JoinedStr):
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if TAG.search(literal) and any(isinstance(v, ast.FormattedValue) for v in node.values):
                bad = "f-string"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            sides = (node.left, node.right)
            if any(_markup_literal(s) for s in sides) and not all(isinstance(s, ast.Constant) for s in sides):
                bad = "+" if isinstance(node.op, ast.Add) else "%"
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add) and _markup_literal(node.value):
            bad = "+="
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
              and _markup_literal(node.func.value)):
            bad = ".format"
        if bad:
            found.append(f"{node.lineno}: {bad}: {ast.unparse(node)[:90]}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_builds_no_html_from_data_by_hand(path):
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source", [
    'x = f"<b>{name}</b>"',
    'x = "<p>" + name + "</p>"',
    'x = "<td>%s</td>" % name',
    'x = "<td>{}</td>".format(name)',
    'body = ""\nbody += "<h2>" ',
    'self.names = w.HTML()\nself.names.value = "参加代表：" + "、".join(names)',
    'self.names = w.HTML()\nself.names.value = f"参加代表（{n}名）：{names}"',
])
def test_the_rule_catches_hand_built_html(source):
    assert violations(source)


@pytest.mark.parametrize("source", [
    'x = html("<b>{}</b>", name)',
    'x = f"第{n}页"',
    'x = "<hr>" + "<p>固定文字</p>"',
])
def test_the_rule_lets_the_helper_and_plain_text_pass(source):
    assert violations(source) == []
