"""Scoring methods (ASM-5): pure functions of Decimals that also say how they got the result.

Each returns ``(points, formula)``; the formula is the computation with the numbers filled in,
as a clerk would write it on the worksheet. No floats anywhere; rounding is left to the caller,
which applies the method's rounding rule.
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def fmt(value):
    """A Decimal as a clerk writes it: no exponent, no trailing zeros after the point."""
    if value is None:
        return "—"
    value = Decimal(value)
    if not value:
        value = abs(value)  # a deduction of 0 × −1 is 0, not "−0"
    if value == value.to_integral_value():
        return str(value.quantize(Decimal("1")))
    text = format(value.normalize(), "f")
    return text


def round_to(value, places):
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def ratio_to_target(value, target, params):
    points = Decimal(params["points"])
    if not target:
        if params.get("no_target") == "full":
            return points, _("no target set: full %(points)s") % {"points": fmt(points)}
        return ZERO, _("no target set: 0")
    value, target = Decimal(value), Decimal(target)
    ratio = value / target
    # value × points ÷ target, multiplied first: a rounded ratio would shift a half-up boundary
    # (5 ÷ 24 × 15 is exactly 3.125, which must become 3.13). The formula shows the ratio to
    # six places, as a calculator would.
    formula = f"{fmt(value)} ÷ {fmt(target)} = {fmt(round_to(ratio, 6))}"
    if params.get("cap_ratio") is not None and ratio > Decimal(params["cap_ratio"]):
        ratio = Decimal(params["cap_ratio"])
        result = ratio * points
        formula += "；" + _("capped at %(cap)s") % {"cap": fmt(ratio)}
        formula += f"；{fmt(ratio)} × {fmt(points)} = {fmt(result)}"
    else:
        result = value * points / target
        formula += f"；{fmt(value)} × {fmt(points)} ÷ {fmt(target)} = {fmt(round_to(result, 6))}"
    if params.get("cap_points") is not None and result > Decimal(params["cap_points"]):
        result = Decimal(params["cap_points"])
        formula += "；" + _("capped at %(cap)s points") % {"cap": fmt(result)}
    return result, formula


def efficacy(value, low, high, params):
    """功效系数法: base + span × (x − min)/(max − min), as a share of the indicator's points."""
    points = Decimal(params["points"])
    base, span = Decimal(params["base"]), Decimal(params["span"])
    if high == low == 0:
        # Nobody in the group has anything: landing nothing earns nothing ("没落地就没分").
        return ZERO, _("no unit of the group has anything to count: 0")
    if high == low:
        case = params.get("equal", "full")
        share = {"full": base + span, "base": base, "zero": ZERO}[case]
        result = points * share / HUNDRED
        return result, _(
            "all units of the group have %(value)s (max = min): %(share)s%% × %(points)s = "
            "%(result)s"
        ) % {"value": fmt(value), "share": fmt(share), "points": fmt(points), "result": fmt(result)}
    share = base + span * (Decimal(value) - low) / (high - low)
    result = points * share / HUNDRED
    formula = (
        f"[{fmt(base)} + {fmt(span)} × ({fmt(value)} − {fmt(low)}) ÷ ({fmt(high)} − {fmt(low)})]"
        f"% × {fmt(points)} = {fmt(round_to(result, 6))}"
    )
    return result, formula


def band_for(project, share, bands, passes):
    """The first band a counted project falls in; ``passes(project, conditions)`` checks the
    non-amount conditions. Returns ``(points, label)`` or ``(0, None)``."""
    for band in bands:
        amount = getattr(project, band["field"])
        if "min" in band and amount < Decimal(band["min"]):
            continue
        if "max" in band and amount >= Decimal(band["max"]):
            continue
        if not passes(project, band):
            continue
        return Decimal(band["points"]) * share / HUNDRED, band
    return ZERO, None


def capped(result, cap, formula):
    """Limit the magnitude of ``result`` to ``cap`` (a bonus up to +cap, a deduction to −cap)."""
    if cap is None:
        return result, formula
    cap = abs(Decimal(cap))
    if abs(result) > cap:
        result = cap if result > 0 else -cap
        formula += "；" + _("capped at %(cap)s points") % {"cap": fmt(result)}
    return result, formula


def factor(value, params):
    f = Decimal(params["factor"])
    result = Decimal(value) * f
    return capped(result, params.get("cap"), f"{fmt(value)} × {fmt(f)} = {fmt(result)}")


def per_occurrence(value, params):
    points = Decimal(params["points"])
    result = Decimal(value) * points
    formula = _("%(n)s time(s) × %(points)s = %(result)s") % {
        "n": fmt(value),
        "points": fmt(points),
        "result": fmt(result),
    }
    return capped(result, params.get("cap"), formula)


def competition_ranks(values):
    """``{key: value}`` → ``{key: rank}``, highest first, ties sharing a rank (1, 2, 2, 4)."""
    ordered = sorted(values.items(), key=lambda kv: kv[1], reverse=True)
    ranks = {}
    previous, rank = None, 0
    for index, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = index, value
        ranks[key] = rank
    return ranks


def rank_points(value, rank, params):
    table = [Decimal(p) for p in params["points"]]
    others = Decimal(params["others"])
    # Landing nothing earns nothing, whatever the place ("没落地就没分").
    if not value:
        return others, _("nothing to rank: %(points)s") % {"points": fmt(others)}
    points = table[rank - 1] if rank <= len(table) else others
    return points, _("place %(rank)s in the group: %(points)s") % {
        "rank": rank,
        "points": fmt(points),
    }


def tier_for(levels, otherwise, rank, total, group_size):
    # A place at the top earns a tier only with something to show: early in the year a whole
    # group may share first place with nothing, and that is no 先进.
    ranked = total > 0
    for level in levels:
        if "top" in level and ranked and rank <= level["top"]:
            return level["name"]
        if (
            "top_percent" in level
            and ranked
            and rank <= math.ceil(group_size * level["top_percent"] / 100)
        ):
            return level["name"]
        if "min_score" in level and total >= Decimal(level["min_score"]):
            return level["name"]
    return otherwise
