"""Score extracted facts against a gold annotation (gold/README.md format)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from tongbi import catalog
from tongbi.model import Fact

# Kinds compared as one class: a change is a change whether stated in % or in points.
_CLASS = {"count": "count", "rate": "rate", "yoy": "change", "pp": "change", "abs_change": "change"}


@dataclass
class Score:
    """Precision, recall and F1 of a fact list against gold, with what went wrong."""

    precision: float
    recall: float
    f1: float
    unit_accuracy: float  # share of matched facts whose unit equals the gold unit
    label_similarity: float  # mean Dice of character bigrams, matched facts
    n_gold: int
    n_found: int
    n_matched: int
    misses: list[dict] = field(default_factory=list)  # gold facts not found
    false_positives: list[Fact] = field(default_factory=list)
    matches: list[tuple[dict, Fact]] = field(default_factory=list)


def read_gold(path: Path) -> list[dict]:
    """The fact lines of a gold file (relation lines left out)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [r for r in rows if r.get("kind") != "relation"]


def dice(a: str, b: str) -> float:
    """catalog.dice of two labels, where two empty labels count as the same label."""
    return 1.0 if not a and not b else catalog.dice(a, b)


def _gold_class(g: dict) -> str:
    return _CLASS.get(g["kind"], g["kind"])


def _overlaps(f: Fact, g: dict) -> bool:
    g_start = g["start"]
    g_end = g_start + len(g["quote"])
    return f.start < g_end and g_start < f.end


def _compatible(f: Fact, g: dict) -> bool:
    same_value = math.isclose(f.value, float(g["value"]), rel_tol=1e-9, abs_tol=1e-12)
    return same_value and _CLASS[f.kind] == _gold_class(g) and _overlaps(f, g)


def match(facts: list[Fact], gold: list[dict]) -> list[tuple[dict, Fact]]:
    """Greedy one-to-one pairs (gold, fact), gold in order, each taking its closest free fact."""
    free = list(facts)
    pairs = []
    for g in gold:
        candidates = [f for f in free if _compatible(f, g)]
        if not candidates:
            continue
        best = max(
            candidates, key=lambda f: (dice(f.label, g["label"]), -abs(f.start - g["start"]))
        )
        free.remove(best)
        pairs.append((g, best))
    return pairs


def score_facts(facts: list[Fact], gold: list[dict]) -> Score:
    """The Score of facts against gold fact records."""
    pairs = match(facts, gold)
    n = len(pairs)
    precision = n / len(facts) if facts else 0.0
    recall = n / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if n else 0.0
    matched_gold = {g["id"] for g, _ in pairs}
    matched_facts = {id(f) for _, f in pairs}
    return Score(
        precision=precision,
        recall=recall,
        f1=f1,
        unit_accuracy=sum(f.unit == g["unit"] for g, f in pairs) / n if n else 0.0,
        label_similarity=sum(dice(f.label, g["label"]) for g, f in pairs) / n if n else 0.0,
        n_gold=len(gold),
        n_found=len(facts),
        n_matched=n,
        misses=[g for g in gold if g["id"] not in matched_gold],
        false_positives=[f for f in facts if id(f) not in matched_facts],
        matches=pairs,
    )


def score_file(facts: list[Fact], gold_path: Path) -> Score:
    """The Score of facts against a gold JSON-lines file."""
    return score_facts(facts, read_gold(gold_path))


def format_score(score: Score, worst_labels: int = 10) -> str:
    """A human summary: the figures, every miss, every false positive, the weakest labels."""
    lines = [
        f"precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}",
        f"unit accuracy {score.unit_accuracy:.3f}  label similarity {score.label_similarity:.3f}",
        f"gold {score.n_gold}  found {score.n_found}  matched {score.n_matched}",
    ]
    for g in score.misses:
        lines.append(f"  miss {g['id']} {g['kind']} {g['value']} {g['unit']}  {g['quote']}")
    for f in score.false_positives:
        lines.append(f"  false positive {f.id} {f.kind} {f.value} {f.unit}  {f.quote}")
    pairs = sorted(score.matches, key=lambda p: dice(p[1].label, p[0]["label"]))
    for g, f in pairs[:worst_labels]:
        lines.append(f"  label {dice(f.label, g['label']):.2f} {f.label!r} vs gold {g['label']!r}")
    return "\n".join(lines)
