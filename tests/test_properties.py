"""Property-based: synthetic corpora (tongbi.synth) through extract → load → checks.

(a) every injected fault is reported as `fail` by its check, its quote in the evidence;
(b) no consistent statement fails: every error-level fail is explained by an injected
    fault, and every relation the truth says holds is checked and passes;
(c) every `not_assessable` carries its reason in `message`.
Library stages only (no Prefect); many bureaus share one warehouse per example.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tongbi import extract, factstore, ingest, synth, warehouse

# A relation of the truth is judged by these checks (restatement is yoy seen from last year).
CHECKS_OF = {"yoy": ("yoy", "restatement")}
WARNINGS = ("anomaly", "completeness")
EXERCISED: Counter = Counter()
_REASON = re.compile(r"not assessable: \S|earlier changes to compare with")


def build(corpus: synth.Corpus, folder: Path) -> Path:
    """Extracts every document and loads them all into one fresh warehouse; returns its path."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    documents, files = [], {}
    for d in corpus.documents:
        doc = d.record()
        files[doc.doc] = folder / f"{doc.doc}.parquet"
        extract.extract_frame(d.text, doc.doc).write_parquet(files[doc.doc])
        documents.append(doc)
    warehouse.load(folder / "w.duckdb", documents, files, "synth", [])
    return folder / "w.duckdb"


def check_rows(db: Path) -> list[dict]:
    """Every check_results row as a dict."""
    with warehouse.connect(db, read_only=True) as con:
        rel = con.sql("select * from check_results")
        return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def cites(row: dict, quote: str, year: int) -> bool:
    """Whether the row's evidence holds `quote` printed in `year`."""
    return any(quote in e["quote"] and e["year"] == year for e in row["evidence"])


def states(row: dict, quote: str, about: str | None) -> bool:
    """Whether the row checks `quote` (its last evidence item), about the level `about`."""
    own = row["evidence"][-1]
    return (
        quote in own["quote"]
        and own["year"] == row["year"]
        and (about is None or cites(row, about, row["year"]))
    )


def explained(row: dict, truth: list[synth.Expected]) -> bool:
    """Whether an injected fault accounts for a failing row (its quotes are in the evidence)."""
    return any(
        e.agency == row["agency"]
        and cites(row, e.quote, e.quote_year)
        and (e.about is None or cites(row, e.about, e.quote_year))
        for e in truth
    )


def verify(corpus: synth.Corpus, rows: list[dict]) -> dict[str, list]:
    """Misses, false alarms, unchecked relations and reasonless not_assessables, by kind."""
    by_key = defaultdict(list)
    for r in rows:
        by_key[(r["check"], r["agency"], r["year"])].append(r)
    problems: dict[str, list] = defaultdict(list)
    for e in corpus.truth:  # (a)
        hits = [
            r
            for r in by_key[(e.check, e.agency, e.year)]
            if cites(r, e.quote, e.quote_year)
            and (e.about is None or cites(r, e.about, e.quote_year))
        ]
        if not any(r["status"] == "fail" for r in hits):
            problems["missed"].append((e, [r["message"] for r in hits]))
    for r in rows:  # (b), (c)
        if r["status"] == "fail" and r["severity"] == "error" and not explained(r, corpus.truth):
            problems["false alarm"].append(r["message"])
        if r["status"] == "not_assessable" and not _REASON.search(r["message"] or ""):
            problems["no reason"].append(r["message"])
    for rel in corpus.relations:
        _verify_relation(rel, by_key, corpus.truth, problems)
    return problems


def _verify_relation(rel: synth.Relation, by_key, truth, problems) -> None:
    """A relation that holds is checked and passes; an unassessable one says why."""
    rows = [
        r
        for check in CHECKS_OF.get(rel.check, (rel.check,))
        for r in by_key[(check, rel.agency, rel.year)]
        if states(r, rel.quote, rel.about)
    ]
    EXERCISED["statements"] += 1
    if rel.holds is None:
        EXERCISED["not_assessable statements"] += 1
        bad = [
            r["message"]
            for r in rows
            if r["status"] != "not_assessable" or rel.reason not in r["message"]
        ]
        if not rows or bad:
            problems["reason"].append((rel, bad))
    elif rel.holds:
        EXERCISED["statements holding only within intervals"] += rel.edge
        if not rows:
            problems["unchecked"].append(rel)
        elif any(r["status"] == "fail" and not explained(r, truth) for r in rows):
            problems["false alarm"].append(rel)


def exercise(corpus: synth.Corpus, folder: Path) -> dict[str, list]:
    """Builds the corpus's warehouse, verifies it and counts what was exercised."""
    rows = check_rows(build(corpus, folder))
    EXERCISED["corpora"] += 1
    EXERCISED["documents"] += len(corpus.documents)
    EXERCISED["bureau series"] += len({d.agency for d in corpus.documents})
    EXERCISED["faults"] += len(corpus.truth)
    EXERCISED["check rows"] += len(rows)
    EXERCISED["fails (error)"] += sum(
        r["status"] == "fail" and r["severity"] == "error" for r in rows
    )
    EXERCISED["fails (warning)"] += sum(
        r["status"] == "fail" and r["severity"] == "warning" for r in rows
    )
    for e in corpus.truth:
        EXERCISED[f"fault {e.fault}"] += 1
    return verify(corpus, rows)


@settings(
    max_examples=int(os.environ.get("TONGBI_EXPLORE", "8")),
    # CI replays the same examples every run, so a landing never hangs on a new draw;
    # TONGBI_EXPLORE=200 explores fresh seeds (and prints the one that fails).
    derandomize="TONGBI_EXPLORE" not in os.environ,
    deadline=None,
    # A failing corpus is reproduced by its seed: shrinking hundreds of documents only burns time.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    n_bureaus=st.integers(min_value=12, max_value=24),
    start=st.integers(min_value=2012, max_value=2019),
    n_years=st.integers(min_value=5, max_value=6),
    extra=st.lists(st.sampled_from(sorted(synth.FAULTS)), max_size=12),
)
def test_faults_fail_and_nothing_else_does(tmp_path, seed, n_bureaus, start, n_years, extra):
    faults = sorted(synth.FAULTS) + extra  # every kind each time, some twice
    corpus = synth.generate(seed, n_bureaus, range(start, start + n_years), faults)
    problems = exercise(corpus, tmp_path / "corpus")
    assert dict(problems) == {}, f"seed={seed} n={n_bureaus} years={start}+{n_years}"


def test_written_corpus_goes_through_ingest(tmp_settings):
    corpus = synth.generate(11, 10, range(2018, 2023), sorted(synth.FAULTS))
    manifest = synth.write(corpus, tmp_settings.data_dir / "synth")
    documents = [ingest.ingest(spec, tmp_settings) for spec in ingest.read_manifest(manifest)]
    assert {d.status for d in documents} == {"loaded"}
    assert {(d.agency, d.year) for d in documents} == {(d.agency, d.year) for d in corpus.documents}
    facts = {
        d.doc: factstore.extract_document(d.text_path, d.doc, d.sha256, tmp_settings)
        for d in documents
    }
    warehouse.load(tmp_settings.db_path, documents, facts, "synth", [])
    assert dict(verify(corpus, check_rows(tmp_settings.db_path))) == {}


def test_generation_is_deterministic_and_seeded():
    a = synth.generate(3, 4, range(2019, 2024), ["yoy", "unit"])
    b = synth.generate(3, 4, range(2019, 2024), ["yoy", "unit"])
    c = synth.generate(4, 4, range(2019, 2024), ["yoy", "unit"])
    assert a.documents == b.documents and a.truth == b.truth
    assert [d.text for d in a.documents] != [d.text for d in c.documents]


def test_truth_marks_exactly_the_faults_as_broken():
    corpus = synth.generate(5, 12, range(2016, 2022), sorted(synth.FAULTS))
    broken = {(r.agency, r.quote) for r in corpus.relations if r.holds is False}
    faulted = {(e.agency, e.quote) for e in corpus.truth}
    # Every broken relation is a faulted statement, or one that cites a faulted level as last
    # year's (a restated level, a wrong rate, a unit changed back).
    assert {e.check for e in corpus.truth} == set(synth.FAULTS)
    assert {q for q in broken if q not in faulted} <= {
        (r.agency, r.quote) for r in corpus.relations if r.check in ("yoy", "pp", "unit")
    }
    error_faults = {(e.agency, e.quote) for e in corpus.truth if e.check not in WARNINGS}
    assert (
        error_faults - {(e.agency, e.quote) for e in corpus.truth if e.check == "restatement"}
        <= broken
    )


@pytest.mark.parametrize("fault", ["nonsense"])
def test_unknown_fault_is_refused(fault):
    with pytest.raises(ValueError, match="unknown fault"):
        synth.generate(1, 2, range(2019, 2024), [fault])


def test_anomaly_needs_a_history():
    with pytest.raises(ValueError, match="no room"):
        synth.generate(1, 2, range(2021, 2024), ["anomaly"])


def test_summary(capsys):
    """Prints what the property tests exercised (run with -s to see it in the log)."""
    with capsys.disabled():
        print("\nsynthetic corpora exercised:", dict(sorted(EXERCISED.items())))
    if EXERCISED["corpora"]:
        assert EXERCISED["statements"] > 0
