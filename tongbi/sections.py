"""The layout of a normalised text: paragraphs, sentences, clauses, section paths and scopes."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from tongbi.lexicon import first_chars, rules

_SENTENCE_CHARS = frozenset("。！？!?\n")
# 、 is not a clause end: 排查经营主体、场所96家 is one label. Facts before it cut labels instead.
CLAUSE_ENDS = "。！？!?\n,，;；:：|"
_CLAUSE_END = re.compile(f"[{CLAUSE_ENDS}]")

# Section markers, valid at a line start or after a sentence end (一、综合 inside a one-line
# bulletin). One pattern for the three levels, opening with the character before the marker
# so that re skips ahead in C (a leading lookbehind is tried at every position, 5x slower);
# the text's first line is matched on its own.
_CN = "一二三四五六七八九十"
_TOP_OR_SUB = rf"(?P<top>[{_CN}]+)、|[（(]?(?P<sub>\d{{1,2}})[.．、)）](?!\d)"
_ITEM = rf"(?P<item>[{_CN}]+是)"
_FIRST_MARKER = re.compile(rf"{_TOP_OR_SUB}|{_ITEM}")
# 一是 may follow a ；, the higher levels only a line or sentence end. One pattern per end
# character: re finds a plain first character by a fast search, but tests a class of them
# (one pattern for all four) at every character. The lookahead turns away most ends at once.
# No marker holds an end character, so the markers of the four patterns never overlap.
_MARKERS = tuple(
    (end, re.compile(rf"{end}(?=[{_CN}（(\d])(?:{_TOP_OR_SUB}|{_ITEM})")) for end in ("\n", "。")
) + tuple((end, re.compile(rf"{end}(?=[{_CN}]){_ITEM}")) for end in (";", "；"))

# Text inside quotation marks or book-title marks is a name (“五大行动”, 《…(2023-2025年)》).
# Each pair of marks is found on its own (a plain first character: see _MARKERS).
_QUOTES = tuple(
    (a, re.compile(rf"{a}[^{b}\n]{{0,{n}}}{b}"))
    for a, b, n in (("“", "”", 40), ("「", "」", 40), ("《", "》", 80), ('"', '"', 40))
)
_QUOTED = re.compile("|".join(p.pattern for _, p in _QUOTES))


# The first element of a pattern: a character class or one plain character.
_LEAD = re.compile(r"\[(?!\^)((?:\\.|[^\]\\])+)\]|([^\\\[\](){}.*+?^$|])")


def _lead(pattern: str) -> tuple[str, str] | None:
    """(class body of its first character, the rest) of a pattern, or None if not that simple."""
    m = _LEAD.match(pattern)
    if m is None or pattern[m.end() : m.end() + 1] in ("*", "+", "?", "{"):
        return None
    body = m.group(1) or re.escape(m.group(2))
    if body.endswith("-") and not body.endswith("\\-"):
        return None  # [a-] joined to the next class's body would read as a range
    return body, pattern[m.end() :]


@cache
def _scope_regex(key: str) -> re.Pattern:
    patterns = rules()[key]
    plain = "|".join(f"(?:{p})" for p in patterns)
    leads = [_lead(p) for p in patterns]
    if None in leads or not any(p.startswith("[") for p in patterns):
        return re.compile(plain)  # all open with a plain character: re skips ahead on its own
    # A class in front of one alternative makes re try every alternative at every offset of
    # the text (as costly as the whole number scan). One class of all first characters in
    # front of the alternation lets re skip in C to the next possible start; each
    # alternative re-checks its own first character by a lookbehind.
    first = "".join(body for body, _ in leads)
    alternatives = "|".join(f"(?<=[{body}]){rest}" for body, rest in leads)
    # The first characters are common (一, digits): a class of the characters that may come
    # second turns most of them away before the alternatives are tried one by one.
    seconds = [first_chars(rest) for _, rest in leads]
    second = f"(?=[{''.join(seconds)}])" if None not in seconds else ""
    return re.compile(f"[{first}]{second}(?:{alternatives})")


@cache
def _scope_parts(key: str) -> tuple[tuple[str, re.Pattern], ...] | None:
    """_scope_regex(key) split by the character its patterns start with, when each starts
    with one plain character and they are few (re finds a plain first character by a fast
    search, but tests a class of them at every character); None otherwise."""
    patterns = rules()[key]
    firsts = [first_chars(p) for p in patterns]
    if any(f is None or len(f) != 1 for f in firsts) or len(set(firsts)) > 4:
        return None
    groups: dict[str, list[str]] = {}
    for first, p in zip(firsts, patterns, strict=True):
        groups.setdefault(first, []).append(p)
    return tuple((f, re.compile("|".join(f"(?:{p})" for p in ps))) for f, ps in groups.items())


def _scope_phrases(key: str, text: str) -> list[tuple[int, str]]:
    """Every (offset, phrase) that _scope_regex(key) finds in the text."""
    parts = _scope_parts(key)
    if parts is not None:
        out: list[tuple[int, str]] = []
        for first, pattern in parts:
            if first in text:
                out += [(m.start(), m.group()) for m in pattern.finditer(text)]
        out.sort()
        # Phrases of two parts may overlap; one pattern takes the first leftmost and skips
        # what it holds: rare, let it decide then.
        if all(a + len(p) <= b for (a, p), (b, _) in pairwise(out)):
            return out
    return [(m.start(), m.group()) for m in _scope_regex(key).finditer(text)]


@dataclass
class Layout:
    """Boundaries and markers of one normalised text, for looking up any offset."""

    text: str
    paragraph_ends: list[int] | None  # None until a first paragraph() needs them
    sentence_ends: list[int]
    clause_ends: list[int]
    quoted: list[tuple[int, int]]
    markers: list[tuple[int, str, str, int]]  # (offset, level, name, end of marker)
    paths: list[str]  # the section path in force from each marker on
    marker_starts: list[int]
    periods: list[tuple[int, str]]
    bases: list[tuple[int, str]]
    quote_starts: list[int] = field(default_factory=list)  # quoted[k][0], for bisecting

    def __post_init__(self) -> None:
        self.quote_starts = [s for s, _ in self.quoted]

    def _around(self, ends: list[int], i: int) -> tuple[int, int]:
        k = bisect_right(ends, i - 1)
        start = ends[k - 1] + 1 if k else 0
        end = ends[k] if k < len(ends) else len(self.text)
        return start, end

    # sentence and clause are _around, inlined: they are looked up for every figure.
    def sentence(self, i: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding offset i (end excludes the 。)."""
        ends = self.sentence_ends
        k = bisect_right(ends, i - 1)
        return (ends[k - 1] + 1 if k else 0), (ends[k] if k < len(ends) else len(self.text))

    def clause(self, i: int) -> tuple[int, int]:
        """The (start, end) of the clause holding offset i."""
        ends = self.clause_ends
        k = bisect_right(ends, i - 1)
        return (ends[k - 1] + 1 if k else 0), (ends[k] if k < len(ends) else len(self.text))

    def paragraph(self, i: int) -> tuple[int, int]:
        """The (start, end) of the paragraph (line) holding offset i."""
        ends = self.paragraph_ends
        if ends is None:  # most texts never ask: their figures need sentences and clauses only
            ends = self.paragraph_ends = [k for k in self.sentence_ends if self.text[k] == "\n"]
        return self._around(ends, i)

    def in_quotes(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside quotation or book-title marks."""
        starts = self.quote_starts  # an int bisect: no tuple built and compared per figure
        k = bisect_right(starts, start) - 1
        return k >= 0 and starts[k] < start and end <= self.quoted[k][1]

    def section(self, i: int) -> str:
        """The section path of offset i: "一", "一/2", "一/2/三是"."""
        k = bisect_right(self.marker_starts, i) - 1
        return self.paths[k] if k >= 0 else ""

    def item_subject(self, i: int) -> tuple[int, str] | None:
        """The (offset, heading) of the 一是/二是 item holding offset i, when in the same paragraph."""
        k = bisect_right(self.marker_starts, i) - 1
        if k < 0:
            return None
        pos, level, _, mark_end = self.markers[k]
        if level != "item" or pos < self.paragraph(i)[0]:
            return None
        return pos, self.text[mark_end : self.sentence(mark_end)[1]]

    def period(self, i: int) -> str | None:
        """The period phrase governing offset i (from the phrase to its paragraph's end)."""
        return self._scoped(self.periods, i, self.paragraph)

    def basis(self, i: int) -> str | None:
        """The basis phrase (按可比价格 …) governing offset i (the rest of its sentence)."""
        return self._scoped(self.bases, i, self.sentence)

    def _scoped(self, found: list[tuple[int, str]], i: int, scope) -> str | None:
        if not found:
            return None  # most reports state no period or basis: no lookup per figure
        k = bisect_right(found, (i, "\uffff")) - 1
        if k < 0:
            return None
        pos, phrase = found[k]
        return phrase if scope(i)[0] <= pos else None


def _positions(regex: re.Pattern, text: str) -> list[int]:
    return list(map(_START, regex.finditer(text)))  # map over a C method: no bytecode per match


_START, _SPAN = re.Match.start, re.Match.span


def _markers(text: str) -> list[tuple[int, str, str, int]]:
    """The (offset, level, name, end) of every section marker at a line start, in order."""
    out = []
    first = _FIRST_MARKER.match(text)
    if first is not None:
        out.append((0, first.lastgroup, first.group(first.lastgroup), first.end()))
    for end, pattern in _MARKERS:
        if end in text:
            for m in pattern.finditer(text):  # each match opens with the end before its marker
                level = m.lastgroup
                out.append((m.start() + 1, level, m.group(level), m.end()))
    out.sort()  # in text order, as one pattern over the four ends would find them
    return out


def _quoted(text: str) -> list[tuple[int, int]]:
    """The spans of _QUOTED in the text, found by its alternatives one by one (faster)."""
    out = []
    for mark, pattern in _QUOTES:
        if mark in text:
            out += map(_SPAN, pattern.finditer(text))
    if len(out) > 1:
        out.sort()
        # Spans of two alternatives may overlap (“…《…”…》); one pattern takes the first
        # leftmost and skips what it holds: rare, let it decide then.
        if any(a[1] > b[0] for a, b in pairwise(out)):
            return list(map(_SPAN, _QUOTED.finditer(text)))
    return out


def _paths(markers: list[tuple[int, str, str, int]]) -> list[str]:
    """The section path in force after each marker (a top level resets the levels below)."""
    top = base = ""  # the top level in force, and the path of the top and sub levels
    out = []
    for _, level, name, _ in markers:  # names are never empty: a path joins what is set
        if level == "top":
            top = base = name
            out.append(name)
        elif level == "sub":
            base = f"{top}/{name}" if top else name
            out.append(base)
        else:
            out.append(f"{base}/{name}" if base else name)
    return out


def build_layout(text: str) -> Layout:
    """The Layout of a normalised text."""
    markers = _markers(text)
    # One pass for the boundaries: sentence ends are clause ends (line ends sentence ends).
    clause_ends = _positions(_CLAUSE_END, text)
    sentence_ends = [i for i in clause_ends if text[i] in _SENTENCE_CHARS]
    periods = _scope_phrases("periods", text)
    bases = _scope_phrases("bases", text)
    return Layout(
        text=text,
        paragraph_ends=None,
        sentence_ends=sentence_ends,
        clause_ends=clause_ends,
        quoted=_quoted(text),
        markers=markers,
        paths=_paths(markers),
        marker_starts=[m[0] for m in markers],
        periods=periods,
        bases=bases,
    )
