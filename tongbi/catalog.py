"""The indicator catalog: canonical keys for the many names of one indicator."""

from __future__ import annotations

import re
from functools import cache

from tongbi.lexicon import load_yaml, to_simplified

# Marks that do not change what a label names (“铁拳” vs 铁拳, full-width brackets).
_NOISE = re.compile(r"[\s“”\"'‘’「」『』《》]")


def normalise_label(label: str) -> str:
    """The label as compared: Simplified, without quotation marks and whitespace."""
    text = to_simplified(label).replace("（", "(").replace("）", ")")
    return _NOISE.sub("", text)


@cache
def synonyms() -> dict[str, str]:
    """Normalised synonym -> canonical key, from rules/indicators.yaml (loaded once)."""
    table: dict[str, str] = {}
    for key, names in (load_yaml("indicators.yaml").get("indicators") or {}).items():
        for name in [key, *(names or [])]:
            table[normalise_label(str(name))] = str(key)
    return table


def indicator_key(label: str, unit: str) -> str:
    """The canonical key of an indicator label: its catalog entry, else the normalised label.

    The unit is not part of the key (the unit check compares units under one key); it is
    taken so that catalog entries can be told apart by unit later without a signature change.
    """
    norm = normalise_label(label)
    return synonyms().get(norm, norm)
