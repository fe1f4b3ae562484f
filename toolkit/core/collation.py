"""Chinese name order: pinyin, and surname strokes (姓氏笔画为序) as official lists use."""
from __future__ import annotations

from functools import lru_cache

import icu


@lru_cache(maxsize=None)
def _collator(kind: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(f"zh@collation={kind}"))


def pinyin_key(name: str) -> bytes:
    """A byte key that orders names by pinyin."""
    return bytes(_collator("pinyin").getSortKey(name))


def stroke_key(name: str) -> bytes:
    """A byte key that orders names by stroke count of each character, surname first."""
    return bytes(_collator("stroke").getSortKey(name))
