"""The extraction rules (tongbi/rules/*.yaml), loaded once from the installed package."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import yaml

try:  # re's own pattern parser (Python 3.11+), for first_chars and the like; without it,
    # no shortcut
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover
    _c = _parser = None


@cache
def load_yaml(name: str) -> dict:
    """The parsed YAML file `name` of tongbi/rules (read through importlib.resources)."""
    text = resources.files("tongbi").joinpath("rules", name).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there
    return yaml.load(text, Loader=loader) or {}


@cache
def rules() -> dict:
    """The extraction rules of rules/extract.yaml."""
    return load_yaml("extract.yaml")


def longest_first(words) -> list[str]:
    """The words sorted longest first, so that alternations prefer 个百分点 over 个."""
    return sorted(set(words), key=lambda w: (-len(w), w))


def alternation(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in longest_first(words))


def _parsed(pattern: str, exact_case: bool = True):
    """re's parse of `pattern`, or None (no parser here, a bad pattern, or one that ignores
    case when exact_case asks for one that does not)."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return None
    return None if exact_case and parsed.state.flags & re.IGNORECASE else parsed


def first_chars(pattern: str) -> str | None:
    """A regex class body of every character a match of `pattern` can start with, or None
    when that is not simple to tell (or the pattern can match nothing at all)."""
    parsed = _parsed(pattern)
    return None if parsed is None else _seq_firsts(list(parsed))


def _seq_firsts(items: list) -> str | None:
    """first_chars of a parsed sequence: its leading optional items' and the first required one's."""
    out = []
    for op, av in items:
        if op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # zero width: the next item's character comes first
        if op is _c.LITERAL:
            return "".join(out) + re.escape(chr(av))
        if op is _c.IN:
            body = _class_body(av)
            return None if body is None else "".join(out) + body
        if op is _c.BRANCH:
            bodies = [_seq_firsts(list(alt)) for alt in av[1]]
            return None if None in bodies else "".join(out + bodies)
        if op is _c.SUBPATTERN:
            body = None if av[1] & re.IGNORECASE else _seq_firsts(list(av[3]))
            return None if body is None else "".join(out) + body
        if op is _c.MAX_REPEAT or op is _c.MIN_REPEAT:
            body = _seq_firsts(list(av[2]))
            if body is None:
                return None
            out.append(body)
            if av[0] >= 1:
                return "".join(out)
            continue  # optional: what follows it may come first too
        return None  # anything else (., ^, a back reference): not simple
    return None  # the whole sequence may be empty


def widest_match(pattern: str) -> int | None:
    """The most characters a match of `pattern` can take, or None when unbounded or unknown."""
    parsed = _parsed(pattern, exact_case=False)
    if parsed is None:
        return None
    widest = parsed.getwidth()[1]
    return None if widest >= _c.MAXREPEAT else widest


def last_words(pattern: str) -> list[str] | None:
    """Words one of which every match of `pattern` ends with, or None when that is not simple
    to tell (the pattern ends in a class, a repeat, a lookaround …)."""
    parsed = _parsed(pattern)
    return None if parsed is None else _seq_lasts(list(parsed))


def _seq_lasts(items: list) -> list[str] | None:
    """last_words of a parsed sequence: its closing run of literals, or its last item's words."""
    word = []
    for op, av in reversed(items):
        if op is not _c.LITERAL:
            break
        word.append(chr(av))
    if word:
        return ["".join(reversed(word))]
    op, av = items[-1] if items else (None, None)
    if op is _c.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _seq_lasts(list(av[3]))
    if op is _c.BRANCH:
        words = [_seq_lasts(list(alt)) for alt in av[1]]
        return None if None in words else [w for ws in words for w in ws]
    return None


def may_match(pattern: str, chars: str) -> bool:
    """True when a match of `pattern` may hold one of these characters (or when that cannot
    be told: no parser here, a bad pattern)."""
    parsed = _parsed(pattern, exact_case=False)
    return True if parsed is None else _may_hold(list(parsed), chars)


def _may_hold(items: list, chars: str) -> bool:
    """may_match of a parsed sequence: what it consumes, literals and classes, looked at."""
    for op, av in items:
        if op is _c.LITERAL:
            found = chr(av) in chars
        elif op is _c.IN:
            found = any(_class_may_hold(iop, iav, chars) for iop, iav in av)
        elif op is _c.SUBPATTERN:
            found = _may_hold(list(av[3]), chars)
        elif op is _c.BRANCH:
            found = any(_may_hold(list(alt), chars) for alt in av[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            found = _may_hold(list(av[2]), chars)
        else:  # zero width ($, lookarounds) holds nothing; anything else may hold anything
            found = op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
        if found:
            return True
    return False


def _class_may_hold(op, av, chars: str) -> bool:
    if op is _c.LITERAL:
        return chr(av) in chars
    if op is _c.RANGE:
        return any(av[0] <= ord(ch) <= av[1] for ch in chars)
    if op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
        return any(ch.isdecimal() for ch in chars)
    return True  # a negated class, another category: may


_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"} if _c else {}


def _class_body(items: list) -> str | None:
    out = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None  # a negated class or a rarer category
    return "".join(out)


@cache
def t2s_table() -> dict[int, str]:
    """A str.translate table Traditional -> Simplified, character by character (length-preserving)."""
    import opencc

    path = resources.files(opencc).joinpath("dictionary", "TSCharacters.txt")
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0] if simp else ""
        # Only one-to-one characters keep offsets aligned; phrases are OpenCC's job on labels.
        if len(trad) == 1 and len(first) == 1 and trad != first:
            table[ord(trad)] = first
    return table


@cache
def _opencc():
    from opencc import OpenCC

    return OpenCC("t2s")


@cache
def t2s_class() -> str:
    """A regex class body of every character OpenCC t2s could change (astral ones as a range)."""
    import opencc

    chars: set[str] = set()
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        path = resources.files(opencc).joinpath("dictionary", name)
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            value = values.split(" ")[0]
            if len(value) != len(key):
                chars.update(key)
            else:  # a phrase converts only where it differs (一目瞭然 -> 一目了然: 瞭)
                chars.update(k for k, v in zip(key, value, strict=True) if k != v)
    bmp = "".join(sorted(ch for ch in chars if ch <= "\uffff"))
    return f"{re.escape(bmp)}\U00010000-\U0010ffff"  # see textview._changeable


@cache
def _t2s_changes() -> re.Pattern:
    """Any character OpenCC t2s could change: one of a key that does not map to itself."""
    return re.compile(f"[{t2s_class()}]")


@lru_cache(maxsize=1 << 16)
def to_simplified(text: str) -> str:
    """The text in Simplified Chinese (OpenCC t2s), cached: labels repeat a lot."""
    # Most labels come from an already Simplified view: no key of OpenCC's tables in them,
    # nothing to convert, and the check costs a tenth of a conversion.
    if _t2s_changes().search(text) is None:
        return text
    return _opencc().convert(text)
