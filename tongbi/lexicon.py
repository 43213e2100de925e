"""The extraction rules (tongbi/rules/*.yaml), loaded once from the installed package."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml


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
def to_simplified(text: str) -> str:
    """The text in Simplified Chinese (OpenCC t2s), cached: labels repeat a lot."""
    return _opencc().convert(text)
