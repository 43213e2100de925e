"""One fictional bureau: its true series, the statements its reports print, and their verdicts."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from fractions import Fraction

from tongbi import synthtext as st
from tongbi.synthrender import render_report


@dataclass(frozen=True)
class Spec:
    """How one count indicator moves and is printed."""

    label: str
    unit: str
    base: tuple[int, int]
    trend: tuple[float, float]
    noise: float
    scales: tuple[tuple[str, int], ...] = (("", 0),)  # (scale, decimals) a bureau picks from
    yoy: tuple[int, ...] = ()  # 同比 decimals a bureau picks from; () = no 同比 printed


# fmt: off
SPECS = {
    "new": Spec("新设各类市场主体", "户", (3000, 20000), (-0.05, 0.15), 0.05, yoy=(1, 2)),
    "total": Spec("实有各类市场主体", "户", (50000, 400000), (0.02, 0.08), 0.02,
                  scales=(("", 0), ("万", 2)), yoy=(2,)),
    "lic": Spec("核发食品经营许可证", "张", (500, 3000), (-0.1, 0.1), 0.05),
    "abn": Spec("列入经营异常名录", "户", (500, 4000), (-0.1, 0.1), 0.08),
    "reg": Spec("办理企业登记业务", "件", (5000, 30000), (-0.05, 0.1), 0.06),
    "park": Spec("园区企业登记", "件", (800, 3000), (0.0, 0.2), 0.05, yoy=(0,)),
    "cases": Spec("查办各类违法案件", "件", (800, 5000), (-0.1, 0.2), 0.08, yoy=(0, 1)),
    "fines": Spec("罚没款", "元", (2_000_000, 90_000_000), (-0.1, 0.15), 0.08,
                  scales=(("万", 2),), yoy=(1, 2)),
    "chk": Spec("检查各类市场主体", "户次", (3000, 30000), (-0.05, 0.1), 0.05),
    "comp": Spec("受理投诉举报", "件", (15000, 90000), (0.0, 0.12), 0.04,
                 scales=(("万", 1), ("万", 2)), yoy=(1,)),
    "half": Spec("受理消费投诉", "件", (2000, 8000), (0.0, 0.1), 0.05),
    "fs": Spec("食品安全监督抽检", "批次", (1000, 6000), (0.0, 0.1), 0.04),
    # Steady on purpose: the anomaly fault needs a calm history to stand out from.
    "eq": Spec("检查特种设备使用单位", "家次", (200, 1500), (0.05, 0.05), 0.002, yoy=(1,)),
    "std": Spec("参与制修订地方标准", "项", (5, 30), (0.0, 0.1), 0.1),
    "st": Spec("新增消费维权服务站", "个", (5, 40), (0.0, 0.1), 0.1),
    "rev": Spec("营业收入", "元", (10**9, 5 * 10**10), (0.02, 0.1), 0.03, scales=(("亿", 1), ("亿", 2))),
}
# part -> (label, whole, share range); ratio count -> (label, unit, base count, share range)
PARTS = {"ent": ("企业", "total", (0.30, 0.40)), "comp_part": ("投诉", "comp", (0.50, 0.75))}
RATIO_COUNTS = {"found": ("发现问题隐患", "件次", "chk", (0.15, 0.45)),
                "fu": ("发现不合格样品", "批次", "fs", (0.01, 0.04))}
RATES = {"rate": ("问题发现率", "found", "chk"), "fr": ("监督抽检不合格率为", "fu", "fs")}
# change slot -> (level it qualifies, comparison words, verbs for a rise / a fall)
ABS = {"total_abs": ("total", "比上年", ("净增", "减少")), "reg_abs": ("reg", "比上年", ("增加", "减少"))}
PP = {"arr_pp": ("arr", ("提高", "降低")), "rate_pp": ("rate", ("上升", "下降")),
      "fr_pp": ("fr", ("上升", "下降"))}
# Printed every year, never assessable: the reason word each check's message must carry.
NOT_ASSESSABLE = {"park": "approximate", "half": "上半年", "rev": "按可比价格"}
# fmt: on
YOY_KEYS = tuple(k for k, s in SPECS.items() if s.yoy) + ("half", "rev")


@dataclass(frozen=True)
class Stmt:
    """One printed statement: a level (label + number + unit) or a change (words + verb + number)."""

    label: str
    num: st.Num
    unit: str
    true: Fraction  # the true value behind it (signed for a change)
    sign: int = 1
    words: tuple[str, str] | None = None  # a change's verbs for a rise and a fall
    scale: str = ""
    decimals: int = 0
    percent: bool = False  # printed as a percentage or points (decimals), not a level

    @property
    def quote(self) -> str:
        """The statement as printed."""
        verb = "" if self.words is None else self.words[0 if self.sign > 0 else 1]
        return f"{self.label}{verb}{self.num.text}{self.unit}"

    def stated(self) -> tuple[Fraction, Fraction]:
        """The signed interval of the statement's number."""
        return st.signed(self.num, self.sign)


def make(label, value, unit, *, words=None, percent=False, scale="", decimals=0) -> Stmt | None:
    """A statement of `value` (a change's sign goes to its verb); None when it prints as zero."""
    value = Fraction(value)
    magnitude = abs(value)
    if percent:
        num = st.percent(magnitude, decimals)
    else:
        scale = scale if scale and magnitude >= st.SCALES[scale] else ""
        num = st.level(round(magnitude), scale, decimals if scale else 0)
    if num.lo + num.hi == 0:  # prints as zero: reports say 持平 or nothing
        return None
    sign = -1 if value < 0 else 1
    return Stmt(label, num, unit, value, sign, words, scale, decimals, percent)


def reprint(s: Stmt, value: Fraction) -> Stmt | None:
    """The same statement printing another value."""
    return make(s.label, value, s.unit, words=s.words, percent=s.percent, scale=s.scale,
                decimals=s.decimals)  # fmt: skip


@dataclass
class Series:
    """A bureau's true values (integers, one extra year before the first) and printing style."""

    years: range
    values: dict[str, dict[int, int]]
    style: dict[str, tuple[str, int]]  # level key -> (scale, decimals)
    decimals: dict[str, int]  # change or rate slot -> printed decimals
    arr: dict[int, Fraction]  # 企业年报率, % (no printed parts)
    free: dict[str, dict[int, Fraction]]  # growth printed without its levels (上半年, 可比价格)
    marker: str  # the approximation marker of 园区企业登记

    def printed(self, year: int) -> dict[str, Stmt]:
        """Every statement of the year's report, by slot, computed from the true values."""
        out: dict[str, Stmt] = {}
        for key, spec in SPECS.items():
            out[key] = self._level(key, spec.label, spec.unit, year)
        for key, (label, whole, _) in PARTS.items():
            out[key] = self._level(key, label, SPECS[whole].unit, year, style_of=whole)
        for key, (label, unit, _, _) in RATIO_COUNTS.items():
            out[key] = self._level(key, label, unit, year)
        out["arr"] = make("企业年报率为", self.arr[year], "%", percent=True, decimals=2)
        for key, (label, _, _) in RATES.items():
            out[key] = make(
                label, self.rate(key, year), "%", percent=True, decimals=self.decimals[key]
            )
        out |= self._changes(year)
        return {k: v for k, v in out.items() if v is not None}

    def rate(self, key: str, year: int) -> Fraction:
        """The true rate % of a RATES slot."""
        if key == "arr":
            return self.arr[year]
        _, numerator, denominator = RATES[key]
        return Fraction(self.values[numerator][year], self.values[denominator][year]) * 100

    def _level(self, key, label, unit, year, style_of=None) -> Stmt:
        value = self.values[key][year]
        if key == "park":  # printed approximately (余, 近, 约) every year
            return Stmt(label, st.approximate(value, self.marker), unit, Fraction(value))
        scale, decimals = self.style.get(style_of or key, ("", 0))
        return make(label, value, unit, scale=scale, decimals=decimals)

    def _changes(self, year: int) -> dict[str, Stmt | None]:
        """同比, 净增 / 比上年增加 and 个百分点 statements, from true values."""
        out = {}
        for key in YOY_KEYS:
            if key in self.free:
                growth = self.free[key][year]
            else:
                growth = (Fraction(self.values[key][year], self.values[key][year - 1]) - 1) * 100
            out[f"{key}_yoy"] = make("同比", growth, "%", words=("增长", "下降"), percent=True,
                                     decimals=self.decimals[f"{key}_yoy"])  # fmt: skip
        for slot, (key, compare, verbs) in ABS.items():
            diff = self.values[key][year] - self.values[key][year - 1]
            scale, decimals = self.style.get(key, ("", 0))
            out[slot] = make(compare, diff, SPECS[key].unit, words=verbs, scale=scale,
                             decimals=decimals)  # fmt: skip
        for slot, (key, verbs) in PP.items():
            change = self.rate(key, year) - self.rate(key, year - 1)
            d = self.decimals.get(key, 2)
            out[slot] = make("比上年", change, "个百分点", words=verbs, percent=True, decimals=d)
        return out

    def render(self, agency: str, year: int, printed: dict[str, Stmt]) -> str:
        """The report text."""
        return render_report(agency, year, {k: s.quote for k, s in printed.items()})

    # ------------------------------------------------------------ verdicts

    def judge(self, this: dict, last: dict, year: int):
        """(check, slot, holds, reason) of every relation the year's report states."""
        for slot in this:
            level = slot.rsplit("_", 1)[0]
            if slot.endswith("_yoy") or slot in ABS or slot in PP:
                check = "yoy" if slot.endswith("_yoy") else ("abs_change" if slot in ABS else "pp")
                yield (check, slot, *self._change_verdict(slot, this, last, year))
            elif slot in RATES:
                yield (
                    "rate",
                    slot,
                    st.overlaps(this[slot].stated(), self.allows(slot, this, last)),
                    None,
                )
            elif slot in PARTS:
                whole = this[PARTS[slot][1]]
                yield "part_of", slot, this[slot].num.lo <= whole.num.hi, None
            elif slot == "lic_dup":
                a, b = this["lic"].num, this[slot].num
                yield "duplicate", slot, max(a.lo, b.lo) <= min(a.hi, b.hi), None
            if level in last and slot == level and slot != "lic_dup":
                yield "unit", slot, this[slot].unit == last[slot].unit, None

    def _change_verdict(self, slot, this, last, year) -> tuple[bool | None, str | None]:
        level = level_of(slot)
        if level in NOT_ASSESSABLE:
            return None, NOT_ASSESSABLE[level]
        prev = last.get(level)
        if prev is None or prev.unit != this[level].unit:
            return None, f"no {year - 1} level"
        if not (prev.num.exact and this[level].num.exact):
            return None, "approximate"
        return st.overlaps(this[slot].stated(), self.allows(slot, this, last)), None

    def at_points(self, slot: str, this: dict, last: dict) -> bool:
        """Whether a change or rate also holds at the printed points, not only within intervals."""
        keys = RATES[slot][1:] if slot in RATES else (level_of(slot),)

        def points(d: dict) -> dict:
            return {k: replace(d[k], num=st.point(d[k].num)) for k in keys if k in d}

        return st.overlaps(this[slot].stated(), self.allows(slot, points(this), points(last)))

    def allows(self, slot: str, this: dict, last: dict) -> tuple[Fraction, Fraction]:
        """The interval the other printed numbers allow for a change or rate slot."""
        if slot in RATES:
            _, numerator, denominator = RATES[slot]
            return st.ratio_allows(this[numerator].num, this[denominator].num)
        level = level_of(slot)
        if slot.endswith("_yoy"):
            return st.yoy_allows(this[level].num, last[level].num)
        return st.difference_allows(this[level].num, last[level].num)

    # ------------------------------------------------------------ faults

    def wrong(self, rng: random.Random, slot: str, this: dict, last: dict) -> Stmt:
        """The statement of `slot` printing a value no reading of the other numbers allows."""
        lo, hi = self.allows(slot, this, last)
        s = this[slot]
        scale = Fraction(1) if s.percent else max(abs(this[level_of(slot)].true) / 10, Fraction(20))
        for _ in range(100):
            margin = Fraction(rng.uniform(0.6, 6.0)).limit_denominator(1000) * scale
            value = (
                hi + margin
                if rng.random() < 0.5 or lo - margin <= 0 and slot in RATES
                else lo - margin
            )
            new = reprint(s, value)
            if new is not None and not st.overlaps(new.stated(), (lo, hi)):
                return new
        raise RuntimeError(f"could not break {slot}")

    def restated(self, rng: random.Random, s: Stmt) -> Stmt:
        """A level printed as if later revised by 15–40 %, up or down."""
        factor = Fraction(rng.choice((-1, 1)) * rng.randint(15, 40) + 100, 100)
        return reprint(s, s.true * factor)

    def conflicting(self, rng: random.Random, s: Stmt) -> Stmt:
        """The same level printed again 10–40 % higher."""
        return reprint(s, s.true * Fraction(rng.randint(110, 140), 100))

    def oversized_part(self, rng: random.Random, part: Stmt, whole: Stmt) -> Stmt:
        """A 其中 part printed 10–50 % above its whole's upper bound."""
        return reprint(part, whole.num.hi * Fraction(rng.randint(110, 150), 100))


def level_of(slot: str) -> str:
    """The level slot a change slot qualifies."""
    if slot in ABS:
        return ABS[slot][0]
    if slot in PP:
        return PP[slot][0]
    return slot.removesuffix("_yoy")
