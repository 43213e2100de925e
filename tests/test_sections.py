"""Layout lookups against the computations they stand in for."""

from __future__ import annotations

import random

from tongbi.sections import build_layout


def test_period_as_paragraph_scope_gives_it():
    """Layout.period looks for a line end between phrase and offset: as the paragraph test."""
    pieces = ["上半年", "第四季度", "1-6月", "全年", "查办案件", "12件", "\n", "。", ",", "企业",
              "前三季度", "\n\n", ";"]  # fmt: skip
    rng = random.Random(11)
    seen = set()
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        layout = build_layout(text)
        for i in range(len(text) + 1):
            want = layout._scoped(layout.periods, i, layout.paragraph)
            assert layout.period(i) == want, (text, i)
            seen.add(want is None)
    assert seen == {True, False}  # both answers were held equal
