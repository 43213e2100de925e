"""Label words before a number: connectors, years, filler, the reporting body and 对 phrases go."""

import re

import pytest

from tongbi.labels import strip_label, weak_stem


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("共计查办普通程序案件", "查办普通程序案件"),
        ("全年全区新设各类市场主体", "新设各类市场主体"),
        ("、示范站", "示范站"),
        ("以及示范点", "示范点"),
        ("2023年查办违法案件", "查办违法案件"),
        ("一是共计收到投诉举报", "收到投诉举报"),
        ("共有各类市场主体", "共有各类市场主体"),  # 共有 is a word of its own, not 共 + 有
        ("会同街镇对成品批发、仓储、零售企业联合排摸共计", "成品批发、仓储、零售企业联合排摸"),
        ("对照标准检查企业", "对照标准检查企业"),  # 对照 is a verb, not the preposition
        ("全国各级市场监管部门2023年查办民生领域违法案件", "查办民生领域违法案件"),
        ("小型锅炉进行水容积测试", "小型锅炉水容积测试"),
        ("", ""),
    ],
)
def test_strip_label(raw, label):
    assert strip_label(raw) == label


def test_opening_is_the_backtracking_pattern():
    """_opening's possessive quantifiers match what the plain (backtracking) ones do."""
    import random

    from tongbi.labels import _opening
    from tongbi.lexicon import rules

    fast = _opening()
    plain = re.compile(fast.pattern.replace(")?+", ")?").replace("){0,6}+", "){0,6}"))
    assert plain.pattern != fast.pattern
    r = rules()
    words = r["filler_prefixes"] + r["filler_keep"] + r["filler_suffixes"] + r["drop_words"]
    words += ["、", ",", "以及", "和", "与", "并", "另有", "还有", "三是", "2023年", "2023年度",
              "12月份", "各级", "市场监管", "部门", "系统", "机关", "对", "对照", "会同街镇", "检查",
              "企业", "1", "年", " "]  # fmt: skip
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        assert fast.match(text).end() == plain.match(text).end(), text


def test_guarded_opening_is_the_unguarded_one():
    """_opening's guards only fail where their part would: the same ends as without them."""
    import random

    from tongbi.labels import _guards, _opening, _opening_parts
    from tongbi.lexicon import rules

    assert all(_guards())  # every part guarded, as the rules are written now
    parts = _opening_parts()
    plain = re.compile("^(?:" + "".join(f"(?:{p})?+" for p in parts) + "){0,6}+")
    assert plain.pattern != _opening().pattern
    r = rules()
    words = r["filler_prefixes"] + r["filler_keep"] + r["filler_suffixes"] + r["drop_words"]
    words += ["、", ",", "以及", "和", "与", "三是", "十二是", "2023年", "2023年度", "12月份",
              "各级", "市场监管", "部门", "系统", "机关", "机构", "对", "对照", "会同街镇", "检查",
              "企业", "1", "年", " ", "\n", "\u3000", "是"]  # fmt: skip
    rng = random.Random(11)
    for _ in range(30000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 9)))
        assert _opening().match(text).end() == plain.match(text).end(), text


def test_near_is_the_plain_alternation():
    """_near's scan per first character matches where one alternation of the words would."""
    import random

    from tongbi.labels import _near

    words = {"部门", "系统", "机关", "机构", "对", "a", "ab", "abc"}
    plain = re.compile("(?s:.){0,5}(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")")
    near = re.compile(_near(5, words))
    assert near.pattern.count("(?s:.)") == 5  # 部, 系, 机, 对, a
    rng = random.Random(5)
    pieces = [*words, "部", "门", "机", "系", "b", "x", "\n", "企业"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert bool(near.match(text)) == bool(plain.match(text)), text


@pytest.mark.parametrize(
    ("label", "stem"),
    [("对", ""), ("会同街镇将", "会同街镇"), ("依法组织", "依法"), ("组织", ""), ("共有", "共有"),
     ("在全区", ""), ("检查企业等", "检查企业"), ("持续指导", "持续"), ("", "")],
)  # fmt: skip
def test_weak_stem(label, stem):
    assert weak_stem(label) == stem


def test_bound_rules_are_the_strip_rules():
    """The tuple strip_label reads its rules from is _strip_rules(), field by field."""
    from tongbi import labels

    strip_label("共计查办案件")
    assert type(labels._bound) is tuple and labels._bound == tuple(labels._strip_rules())


def test_suffix_ends_tell_the_suffixes():
    """rstrip of _suffix_ends leaves a label itself only where no filler suffix ends it."""
    from tongbi.labels import _suffix_ends, _suffixes

    ends = _suffix_ends()
    labels = ["", "企业", "查办案件为", "数量为", "达到", "共计", "总数", "为达", "企业数", "约", "x\n", "仍在"]
    labels += [w + s for w in ("", "企业", "检查") for s in _suffixes()]
    for label in labels:
        assert (label.rstrip(ends) == label) == (label[-1:] not in ends or not label)
        if label.rstrip(ends) is label:
            assert not label.endswith(_suffixes()), label


def _plain_strip(raw):
    """strip_label as its steps read without shortcuts: the opening, then the closing steps."""
    from tongbi.labels import _drop_words, _filler_suffix, _opening, _suffixes

    label = raw[_opening().match(raw).end() :]
    if label.endswith(_suffixes()) or re.search(f"开展|{_drop_words().pattern}", label):
        k = label.rfind("开展")
        if k >= 0 and len(label) - k - 2 >= 2:
            label = label[k + 2 :]
        for _ in range(3 if label.endswith(_suffixes()) else 0):
            stripped = _filler_suffix().sub("", label)
            if stripped == label or not stripped:
                break
            label = stripped
        label = _drop_words().sub("", label)
    return label


@pytest.mark.parametrize(
    "raw",
    ["查办案件数量为", "依托平台开展知识产权宣传培训共计", "开展检查", "开展为", "共计进行检查的", "为",
     "检查企业达到", "全年共计抽检食品的", "2023年完成检查为达", "累计", "对企业开展检查仍", "检查为\n的"],
)  # fmt: skip
def test_strip_label_closing_steps(raw):
    """strip_label's closing steps, each applied as the plain regex steps would."""
    assert strip_label(raw) == _plain_strip(raw)


def test_strip_label_is_its_plain_steps():
    """strip_label's shortcuts (rstrip pre-tests, the early end of the suffix rounds) change
    nothing: random labels of filler, suffixes, drop words and newlines."""
    import random

    from tongbi.lexicon import rules

    r = rules()
    pieces = r["filler_prefixes"] + r["filler_suffixes"] + r["drop_words"] + ["开展", "企业", "检查",
              "数量", "\n", "、", "2023年", "部门", "对"]  # fmt: skip
    rng = random.Random(23)
    for _ in range(20000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        assert strip_label.__wrapped__(raw) == _plain_strip(raw), raw


def test_after_label_is_the_find_loop():
    """after_label's containment test before each find gives what the find loop alone did."""
    import random

    from tongbi.labels import _AFTER_END, _after_stops, _drop_words, after_label

    def plain(text):
        m = _AFTER_END.search(text)
        span = text[: m.start()] if m else text
        for stop in _after_stops():
            k = span.find(stop)
            if k < 2:
                continue
            rest = span[k + len(stop) :]
            if stop == "开展" and 2 <= len(rest) <= 10:
                return rest + span[:k], len(span)
            if k >= 3:
                return span[:k], len(span)
        return _drop_words().sub("", span), len(span)

    pieces = [*_after_stops(), "学校", "食堂", "生鲜店", "排摸", "进行", "、", "1", "以及", "x"]
    rng = random.Random(19)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        assert after_label(text) == plain(text), text
