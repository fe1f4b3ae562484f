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


@lru_cache(maxsize=4096)
def initials(name: str) -> str:
    """The pinyin initials of a name (五松镇 → wsz), for finding it by typing them."""
    spelled = _transliterator().transliterate(name)
    return "".join(word[0] for word in spelled.split() if word and word[0].isalpha()).lower()


@lru_cache(maxsize=None)
def _transliterator() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Han-Latin; Latin-ASCII")


def matches(name: str, typed: str) -> bool:
    """Whether what was typed finds the name: a part of it, or the start of its pinyin initials."""
    typed = typed.strip().lower()
    return not typed or typed in name.lower() or (typed.isascii() and typed.isalpha() and typed in initials(name))
