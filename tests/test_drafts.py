"""Draft facts: kinds and signs of figures read off their unit and change phrase."""

import pytest

from tongbi.changes import change_before
from tongbi.drafts import _kind
from tongbi.numerals import scan_quantities, unit_words

_KIND_OF_CLASS = {"percent": ("rate", "yoy"), "points": ("pp", "pp"), "count": ("count", None)}


@pytest.mark.parametrize("unit", unit_words())
def test_kind_by_unit_is_by_unit_class(unit):
    # _kind reads the unit itself, not Quantity.unit_class: the same kinds.
    for text in (f"共计5{unit}", f"同比增长5{unit}"):
        (q,) = scan_quantities(text)
        change = change_before(text, q.start)
        kind, sign, _ = _kind(q.unit, q.start, change, None, text)
        level, changed = _KIND_OF_CLASS[q.unit_class]
        expected = changed if change else level
        assert kind == (expected or ("abs_change" if change and change.compared else "count"))
        assert sign == 1
