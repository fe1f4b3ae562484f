"""The one way data reaches HTML: templates whose arguments are escaped unless already markup.

Citizens' text, deputies' names and every other value from the database are hostile until
escaped. `html("<b>{}</b>", name)` escapes `name`; the result is `Markup`, so it can be passed
into another template without being escaped twice. No module builds HTML from data with an
f-string, `%` or `+` (tests/test_markup_rule.py walks the code and refuses it).
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd
from markupsafe import Markup, escape

__all__ = ["Markup", "escape", "html", "join", "frame_html"]


def html(template: str, *args, **kwargs) -> Markup:
    """Fill a literal HTML template; each argument is escaped unless it is already Markup."""
    return Markup(template).format(*args, **kwargs)


def join(parts: Iterable, sep: str = "") -> Markup:
    """Join pieces of markup (plain strings among them are escaped)."""
    return Markup(sep).join(parts)


def frame_html(df: pd.DataFrame, **kwargs) -> Markup:
    """pandas' own table markup, with its cells escaped (pandas escapes by default; made explicit)."""
    return Markup(df.to_html(escape=True, **kwargs))
