"""Scoring against the Jiading gold annotation (tongbi.score): prints the figures and misses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tongbi.extract import extract_text
from tongbi.model import Fact
from tongbi.score import dice, format_score, score_facts, score_file

# The floor is only ever raised: set to what the extractor reaches, rounded down a little.
F1_FLOOR = 1.0
LABEL_SIMILARITY_FLOOR = 0.92


def shared_dir() -> Path:
    """$TONGBI_SHARED, else ../shared beside the repository."""
    env = os.environ.get("TONGBI_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def test_gold_jiading(capsys):
    text_path = shared_dir() / "corpus" / "real" / "jiading_2023_summary.txt"
    gold_path = shared_dir() / "gold" / "jiading_2023_summary.jsonl"
    if not (text_path.exists() and gold_path.exists()):
        pytest.skip(f"gold annotation not found under {shared_dir()} (set TONGBI_SHARED)")
    facts = extract_text(text_path.read_text(encoding="utf-8"), "jiading")
    score = score_file(facts, gold_path)
    with capsys.disabled():
        print("\n" + format_score(score))
    assert score.f1 >= F1_FLOOR
    assert score.label_similarity >= LABEL_SIMILARITY_FLOOR
    assert score.unit_accuracy >= 0.97


def _fact(kind: str, value: float, start: int, quote: str, label: str = "x", unit: str = "件"):
    return Fact("d", "f001", kind, label, label, value, unit, str(value), None, value, value,
                start, start + len(quote), quote, None, "一")  # fmt: skip


def _gold(gid: str, kind: str, value: float, start: int, quote: str, label: str = "x"):
    return {"id": gid, "kind": kind, "value": value, "start": start, "quote": quote,
            "label": label, "unit": "件"}  # fmt: skip


@pytest.mark.parametrize(
    ("fact", "matched"),
    [
        (_fact("count", 15, 10, "线索15件"), True),
        (_fact("count", 15, 30, "线索15件"), False),  # no span overlap
        (_fact("count", 16, 10, "线索16件"), False),  # another value
        (_fact("rate", 15, 10, "线索15%"), False),  # another kind class
    ],
)
def test_matching_needs_overlap_value_and_kind(fact, matched):
    score = score_facts([fact], [_gold("g1", "count", 15, 8, "移送线索15件")])
    assert (score.n_matched == 1) is matched


def test_changes_match_as_one_class_and_one_to_one():
    gold = [_gold("g1", "yoy", 3, 0, "增长3个百分点"), _gold("g2", "yoy", 3, 0, "增长3个百分点")]
    score = score_facts([_fact("pp", 3, 0, "增长3个百分点")], gold)
    assert score.n_matched == 1 and score.recall == 0.5 and score.precision == 1.0
    assert [g["id"] for g in score.misses] == ["g2"]


@pytest.mark.parametrize(
    ("a", "b", "value"),
    [("查办案件", "查办案件", 1.0), ("查办案件", "办结案件", 1 / 3), ("abc", "xyz", 0.0)],
)
def test_dice(a, b, value):
    assert dice(a, b) == pytest.approx(value)
