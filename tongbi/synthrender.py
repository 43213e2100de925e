"""The text of a synthetic annual summary, in the style of a district bureau's real reports."""

from __future__ import annotations


def _clauses(q: dict[str, str], *slots: str, lead: str = "", joiner: str = ",") -> str | None:
    """The printed slots joined as one sentence body; None when its first slot is missing."""
    if slots[0] not in q:
        return None
    parts = [q[s] for s in slots if s in q]
    return lead + joiner.join(parts)


def _items(*sentences: str | None) -> str:
    """一是…。二是…。 over the sentences that are printed."""
    numerals = "一二三四五六七八九"
    kept = [s for s in sentences if s]
    return "".join(f"{numerals[i]}是{s}。" for i, s in enumerate(kept))


def _sentences(*sentences: str | None) -> str:
    return "".join(f"{s}。" for s in sentences if s)


def render_report(agency: str, year: int, q: dict[str, str]) -> str:
    """A 工作总结 printing every quote of `q` (slot -> quote) in its place."""
    short = agency.split("市", 1)[1]
    entities = _clauses(q, "total", "total_abs", "total_yoy")
    if entities and "ent" in q:
        entities += f",其中{q['ent']}"
    lines = [
        f"{short}{year}年工作总结",
        f"{year}年,{short}在区委、区政府的坚强领导下,坚持稳中求进工作总基调,"
        "统筹发展和安全,各项工作取得新成效。现将有关情况总结如下:",
        "一、优化营商环境,激发市场主体活力",
        "1.深化商事制度改革。"
        + _items(
            _clauses(q, "new", "new_yoy", lead="全年"), entities, _clauses(q, "lic", lead="全年")
        ),
        "2.强化信用监管。"
        + _sentences(
            _clauses(q, "arr", "arr_pp", lead="全年"), _clauses(q, "abn", lead="将经营异常企业")
        ),
        "3.提升登记服务。"
        + _sentences(
            _clauses(q, "reg", "reg_abs", lead="共计"),
            _clauses(q, "park", "park_yoy", lead="已完成"),
        ),
        "二、强化执法办案,规范市场秩序",
        "1.加大执法力度。"
        + _sentences(
            _clauses(q, "cases", "cases_yoy", lead="共计"),
            _clauses(q, "fines", "fines_yoy", lead="全年"),
        ),
        "2.推进“双随机、一公开”监管。"
        + _sentences(_clauses(q, "chk", "found", "rate", "rate_pp", lead="全年")),
        "三、加强消费维权,营造放心消费环境",
        "1.畅通投诉举报渠道。" + _sentences(_comp(q)),
        # 上半年 governs the rest of its paragraph: it stays on a line of its own.
        "2.上半年,全区" + (_clauses(q, "half", "half_yoy") or "消费投诉处置平稳有序") + "。",
        "四、守牢安全底线",
        "1.食品安全。" + _sentences(_clauses(q, "fs", "fu", "fr", "fr_pp", lead="完成")),
        "2.特种设备安全。" + _sentences(_clauses(q, "eq", "eq_yoy", lead="全年")),
        "五、推动质量发展",
        "1.标准引领。"
        + _sentences(_clauses(q, "std", lead="全区企事业单位"), _clauses(q, "st", lead="全年")),
        "2.工业经济。" + _sentences(_revenue(q)),
    ]
    if "lic_dup" in q:
        lines.append("3.许可审批。" + _sentences(_clauses(q, "lic_dup", lead="全年")))
    lines += [agency, f"{year + 1}年1月20日"]
    return "\n".join(lines) + "\n"


def _comp(q: dict[str, str]) -> str | None:
    body = _clauses(q, "comp", "comp_yoy", lead="共计")
    return body + f",其中{q['comp_part']}" if body and "comp_part" in q else body


def _revenue(q: dict[str, str]) -> str | None:
    body = _clauses(q, "rev", lead="全区规模以上工业企业实现")
    if body and "rev_yoy" in q:
        body += f",按可比价格计算{q['rev_yoy']}"
    return body
