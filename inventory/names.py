"""Name folding for lookups: Vietnamese with or without diacritics, ids, prefixes.

``Quận Hoàn Kiếm``, ``Hoàn Kiếm``, ``hoan kiem`` and ``hoan-kiem`` all fold to
``hoan kiem``. Unicode decomposition removes the tone and vowel marks; ``đ`` is
a letter of its own (not a combining mark) and is mapped to ``d`` by hand.
"""

from __future__ import annotations

import re
import unicodedata

# Longest first, so "thị xã" wins over "xã" and "thị trấn" over nothing.
LEVEL_PREFIXES: tuple[str, ...] = (
    "thanh pho", "thi xa", "thi tran", "quan", "huyen", "phuong", "xa", "so",
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(s: str) -> str:
    """Lower-case ASCII words separated by single spaces; keeps level prefixes."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return _NON_ALNUM.sub(" ", s).strip()


def strip_prefix(folded: str) -> str:
    """Drop one administrative prefix from an already folded name."""
    for prefix in LEVEL_PREFIXES:
        if folded.startswith(prefix + " ") and len(folded) > len(prefix) + 1:
            return folded[len(prefix) + 1:]
    return folded


def normalize_name(s: str) -> str:
    """Fold diacritics and case, drop a level prefix such as "Quận" or "Xã"."""
    return strip_prefix(fold(s))


def name_keys(s: str) -> set[str]:
    """The folded forms a name is known by: with and without its prefix.

    Both are needed: "Phường Xã Đàn" must answer to "Xã Đàn" as well as "Đàn"-less
    queries like "phuong xa dan".
    """
    folded = fold(s)
    return {folded, strip_prefix(folded)} - {""}
