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


def test_ends_as_the_clause_regex_finds_them():
    """_ends finds clause ends character by character: as one regex over the class, and the
    sentence ends among them as a filter by character."""
    from tongbi.sections import _CLAUSE_END, _SENTENCE_CHARS, CLAUSE_ENDS, _ends, _positions

    pieces = [*CLAUSE_ENDS, "检查", "企业", "12", "、", " ", "“", "”"]
    rng = random.Random(13)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        clauses = _positions(_CLAUSE_END, text)
        assert _ends(text) == (clauses, [i for i in clauses if text[i] in _SENTENCE_CHARS])
