"""The indicator catalog: canonical keys for the many names of one indicator.

Two layers: the packaged rules/indicators.yaml and the user's catalog
(`settings.indicator_catalog_path`), merged over it. A label in neither is its own key.
Labels a year states with no key of the year before are matched by similarity against the
previous year's keys of the same agency, unit and top section, and listed for a person to
accept into, or reject from, the user catalog (`tongbi indicators review`).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from tongbi.lexicon import load_yaml, t2s_class, to_simplified

# Marks that do not change what a label names (“铁拳” vs 铁拳, full-width brackets).
_NOISE = re.compile(r"[\s“”\"'‘’「」『』《》]")
MIN_SCORE = 0.5  # below this Dice score two labels are not suggested as one indicator


@lru_cache(maxsize=1 << 16)
def normalise_label(label: str) -> str:
    """The label as compared: Simplified, without quotation marks and whitespace."""
    text = to_simplified(label).replace("（", "(").replace("）", ")")
    return _NOISE.sub("", text)


@cache
def changing_chars() -> re.Pattern:
    """Any character that Simplifying, normalise_label or labels.simplified_label changes."""
    return re.compile(f"[{t2s_class()}{_NOISE.pattern[1:-1]}（）]")


def is_normal(label: str) -> bool:
    """True when a label is its own Simplified and normalised form (most labels: one search)."""
    return changing_chars().search(label) is None


def user_catalog_path() -> Path:
    """Where the user's catalog lives (settings.indicator_catalog_path)."""
    return _catalog_path(_data_dir_env())


_DATA_DIR = "TONGBI_DATA_DIR"
# Its key in os.environ's store (encoded as os.environ keeps its keys), None without one.
_STORED_KEY = os.environ.encodekey(_DATA_DIR) if hasattr(os.environ, "encodekey") else None


def _data_dir_env() -> bytes | str | None:
    """TONGBI_DATA_DIR as os.environ stores it (encoded), None when unset: what
    os.environ.get("TONGBI_DATA_DIR") tells apart, looked up in one step."""
    # synonyms() asks per document; os.environ.get goes four Python calls deep and, when the
    # variable is unset (most setups), raises and catches a KeyError. Every change made
    # through os.environ (os.environ[...] = …, monkeypatch.setenv) is made to its store, a
    # private dict of CPython's os._Environ (there since 3.2): where there is none (another
    # Python, or os.environ replaced), os.environ.get.
    store = getattr(os.environ, "_data", None)
    if store is None or _STORED_KEY is None:
        return os.environ.get(_DATA_DIR)
    return store.get(_STORED_KEY)


@lru_cache(maxsize=8)
def _catalog_path(data_dir_env: bytes | str | None) -> Path:
    # Keyed on the one variable the path depends on: building Settings per document cost
    # more than extracting a short one.
    from tongbi.settings import get_settings

    return get_settings().indicator_catalog_path


@lru_cache(maxsize=8)
def _catalog_file(data_dir_env: bytes | str | None) -> str:
    return str(_catalog_path(data_dir_env))


def read_catalog(path: Path) -> dict:
    """A catalog file as {"indicators": {key: [names]}, "rejected": [{label, key}]}."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else None
    data = data or {}
    return {"indicators": data.get("indicators") or {}, "rejected": data.get("rejected") or []}


@lru_cache(maxsize=8)
def _table(user_path: str, mtime: int) -> dict[str, str]:
    """Normalised synonym -> key, packaged entries first, the user's over them."""
    table: dict[str, str] = {}
    packaged = load_yaml("indicators.yaml").get("indicators") or {}
    for layer in (packaged, read_catalog(Path(user_path))["indicators"]):
        for key, names in layer.items():
            for name in [key, *(names or [])]:
                table[normalise_label(str(name))] = str(key)
    return table


# How long a user catalog's modification time is trusted before it is looked at again.
# synonyms() is asked per document, and two system calls per document (access, stat) were a
# measurable part of extracting a short one; a file system's own timestamps are about that
# coarse already (ext4 stamps files with a clock that ticks every few ms). A catalog written
# by this process (accept, reject) is seen at once (_write forgets the check).
CHECK_SECONDS = 0.05
_checked: dict[str, tuple[float, dict[str, str]]] = {}  # path -> (next check, its table)


def synonyms(user_path: Path | None = None) -> dict[str, str]:
    """Normalised synonym -> canonical key, re-read when the user's catalog file changes
    (its mtime looked at once per CHECK_SECONDS at most)."""
    path = str(user_path) if user_path is not None else _catalog_file(_data_dir_env())
    now = time.monotonic()
    seen = _checked.get(path)
    if seen is not None and now < seen[0]:
        return seen[1]
    if len(_checked) > 8:
        _checked.clear()
    table = _table(path, _mtime(path))
    _checked[path] = (now + CHECK_SECONDS, table)
    return table


def _mtime(path: str) -> int:
    """The file's modification time in ns, 0 when there is none."""
    # Most setups have no user catalog: os.access answers that without raising (a
    # FileNotFoundError costs more than the rest of this call).
    try:
        return os.stat(path).st_mtime_ns if os.access(path, os.F_OK) else 0
    except OSError:
        return 0


def indicator_key(label: str, unit: str, table: dict[str, str] | None = None) -> str:
    """The canonical key of an indicator label: its catalog entry, else the normalised label.

    The unit is not part of the key (the unit check compares units under one key); it is
    taken so that catalog entries can be told apart by unit later without a signature change.
    `table`: a synonyms() table fetched once per document (the lookup is per fact).
    """
    norm = normalise_label(label)
    return (table if table is not None else synonyms()).get(norm, norm)


# ---------------------------------------------------------------- review suggestions


@dataclass(frozen=True)
class Suggestion:
    """A label of one year that may be a previous year's indicator under another wording."""

    agency: str
    unit: str
    label: str  # as printed in `year`
    year: int
    key: str  # the suggested indicator (a key of `prev_year`), "" when nothing is close
    prev_label: str
    prev_year: int
    score: float  # Dice of character bigrams of the two normalised labels


def _bigrams(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)] or ([text] if text else [])


def dice(a: str, b: str) -> float:
    """The Dice coefficient of the character bigrams of two strings (multiset)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    pool = list(y)
    common = sum(1 for g in x if g in pool and not pool.remove(g))
    return 2 * common / (len(x) + len(y))


def _top(section: str | None) -> str:
    return (section or "").split("/")[0]


def suggest(rows: list[dict], rejected: set[tuple[str, str]] = frozenset()) -> list[Suggestion]:
    """Suggestions for every level label of a year whose key the agency's previous year lacks.

    rows: level facts with agency, year, unit, label, indicator, section. A candidate is a
    key of the previous year with the same agency and unit, absent from this year, in the
    same top section when both have one. The best candidate is returned, or key "" when
    none reaches MIN_SCORE (an unmatched label); rejected (label, key) pairs are skipped.
    """
    by: dict[tuple[str, str, int], dict[str, dict]] = {}
    for r in rows:
        by.setdefault((r["agency"], r["unit"], int(r["year"])), {}).setdefault(r["indicator"], r)
    out = []
    for (agency, unit, year), keys in sorted(by.items()):
        years = sorted(y for a, u, y in by if a == agency and u == unit and y < year)
        if not years:
            continue
        prev = by[(agency, unit, years[-1])]
        pool = {k: r for k, r in prev.items() if k not in keys}
        for key, r in sorted(keys.items()):
            if key in prev:
                continue
            best = _best(r, pool, rejected)
            out.append(_suggestion(agency, unit, year, years[-1], r, best))
    return out


def _best(r: dict, pool: dict[str, dict], rejected) -> tuple[float, str, dict | None]:
    """(score, key, row) of the closest previous-year key, or (0, "", None)."""
    found = (0.0, "", None)
    label = normalise_label(r["label"])
    for key, p in pool.items():
        if (r["label"], key) in rejected:
            continue
        here, there = _top(r.get("section")), _top(p.get("section"))
        if here and there and here != there:
            continue
        score = max(dice(label, normalise_label(p["label"])), dice(label, key))
        if score > found[0]:
            found = (score, key, p)
    return found if found[0] >= MIN_SCORE else (found[0], "", None)


def _suggestion(agency, unit, year, prev_year, r, best) -> Suggestion:
    score, key, p = best
    prev_label = p["label"] if p else ""
    return Suggestion(agency, unit, r["label"], year, key, prev_label, prev_year, round(score, 3))


def warehouse_rows(db_path: Path) -> list[dict]:
    """The level facts of a warehouse (read-only), as rows for suggest()."""
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as con:
        cur = con.execute(
            "select agency, year, unit, label, indicator, section from facts "
            "where kind in ('count', 'rate') and agency is not null and year is not null "
            "order by agency, year, doc, id"
        )
        names = [c[0] for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def review(db_path: Path, user_path: Path | None = None) -> list[Suggestion]:
    """Every suggestion for a warehouse, minus the pairs the user catalog rejected."""
    path = Path(user_path) if user_path is not None else user_catalog_path()
    rejected = {(x["label"], x["key"]) for x in read_catalog(path)["rejected"]}
    return suggest(warehouse_rows(db_path), rejected)


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=True)
    path.write_text("# tongbi indicator catalog (user): merged over the packaged one\n" + text)
    _checked.pop(str(path), None)  # synonyms() looks at the file again on its next call


def accept(label: str, key: str, user_path: Path | None = None) -> Path:
    """Record in the user catalog that `label` names indicator `key`; returns the file."""
    path = Path(user_path) if user_path is not None else user_catalog_path()
    data = read_catalog(path)
    names = data["indicators"].setdefault(key, [])
    if label not in names:
        names.append(label)
    data["rejected"] = [x for x in data["rejected"] if (x["label"], x["key"]) != (label, key)]
    _write(path, data)
    return path


def reject(label: str, key: str, user_path: Path | None = None) -> Path:
    """Record that `label` is not indicator `key`, so it is not suggested again; returns the file."""
    path = Path(user_path) if user_path is not None else user_catalog_path()
    data = read_catalog(path)
    if {"label": label, "key": key} not in data["rejected"]:
        data["rejected"].append({"label": label, "key": key})
    names = data["indicators"].get(key) or []
    if label in names:
        names.remove(label)
    _write(path, data)
    return path
