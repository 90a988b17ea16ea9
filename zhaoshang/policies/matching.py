"""Which county incentives a project (or an investor's description of one) qualifies for,
and how much each is worth, with the working (POL-3).

Conditions and benefits are data on the rule; this module holds one small function per
condition kind and per benefit kind, looked up in a table. A condition on something the facts
do not say (planned employment of a registered project, the floor area an investor wants) is
neither met nor failed but unknown, and the match says what is missing.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhaoshang.policies.choices import BenefitKind, ConditionKind, MatchOutcome

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal("10000")
HUNDRED = Decimal("100")
MONTHS = Decimal("12")


def money(value):
    """Round to 0.01 (10k yuan), half up: the county's rounding for every estimate."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def shown(value):
    return f"{value:,.2f}"


@dataclass
class Facts:
    """What the rules read about a project. ``None`` means not known."""

    section: str | None = None
    division: str | None = None
    sector: int | None = None
    strategic_field: str | None = None
    total_investment: Decimal | None = None
    funds_in_place: Decimal | None = None
    platform: str | None = None
    project_type: str | None = None
    land_area_mu: Decimal | None = None
    employment: int | None = None
    floor_area: Decimal | None = None
    annual_tax: Decimal | None = None

    @classmethod
    def of_answers(cls, *, industry=None, strategic_field=None, platform=None, **figures):
        """What an investor told a staff member (the lookup page, the API): rows for the
        industry, field and platform, numbers for the rest; anything not given stays unknown.
        With an industry given and no field, the project is taken to be in none."""
        return cls(
            section=industry.section.code if industry else None,
            division=industry.code if industry else None,
            sector=industry.sector if industry else None,
            strategic_field=strategic_field.code if strategic_field else ("" if industry else None),
            platform=platform.code if platform else None,
            **{name: value for name, value in figures.items() if value not in ("", None)},
        )

    @classmethod
    def of_project(cls, project):
        """A registered project: it records no planned employment, floor area or taxes, so
        rules on those come out unknown rather than failed."""
        return cls(
            section=project.industry.section.code,
            division=project.industry.code,
            sector=project.sector,
            strategic_field=project.strategic_field.code if project.strategic_field_id else "",
            total_investment=project.total_investment,
            funds_in_place=project.funds_in_place,
            platform=project.platform.code if project.platform_id else "",
            project_type=project.project_type,
            land_area_mu=project.land_area_mu,
        )


# --- conditions -------------------------------------------------------------------------------

_CODES = {
    ConditionKind.INDUSTRY_SECTION: "section",
    ConditionKind.INDUSTRY_DIVISION: "division",
    ConditionKind.SECTOR: "sector",
    ConditionKind.STRATEGIC_FIELD: "strategic_field",
    ConditionKind.PLATFORM: "platform",
    ConditionKind.PROJECT_TYPE: "project_type",
}
_MINIMUMS = {
    ConditionKind.INVESTMENT_MIN: "total_investment",
    ConditionKind.FUNDS_MIN: "funds_in_place",
    ConditionKind.EMPLOYMENT_MIN: "employment",
    ConditionKind.LAND_MIN: "land_area_mu",
}
_FACT_LABELS = {
    "section": _("industry section"),
    "division": _("industry"),
    "sector": _("sector"),
    "strategic_field": _("strategic emerging field"),
    "platform": _("carrier platform"),
    "project_type": _("project type"),
    "total_investment": _("total investment"),
    "funds_in_place": _("funds in place"),
    "employment": _("planned employment"),
    "land_area_mu": _("land need"),
    "floor_area": _("floor area wanted"),
    "annual_tax": _("expected annual taxes"),
}


def fact_label(name):
    return str(_FACT_LABELS[name])


def parse_condition(kind, value):
    """The condition's value in usable form; a ValidationError names what is wrong."""
    value = (value or "").strip()
    if kind in _CODES:
        codes = [c.strip() for c in value.replace("，", ",").split(",") if c.strip()]
        if not codes:
            raise ValidationError(_("Give at least one code, separated by commas."))
        return codes
    if kind in _MINIMUMS:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValidationError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if number < 0 or not number.is_finite():
            raise ValidationError(_("The amount cannot be negative."))
        return number
    if kind == ConditionKind.ANY_STRATEGIC:
        return None
    raise ValidationError(_("Unknown condition."))


@dataclass
class ConditionCheck:
    label: str
    met: bool | None  # None: the facts do not say
    missing: str = ""


def check_condition(condition, facts):
    kind = condition.kind
    label = str(condition)
    expected = parse_condition(kind, condition.value)
    if kind == ConditionKind.ANY_STRATEGIC:
        known = facts.strategic_field
        return ConditionCheck(
            label,
            None if known is None else bool(known),
            "" if known is not None else fact_label("strategic_field"),
        )
    name = _CODES.get(kind) or _MINIMUMS[kind]
    actual = getattr(facts, name)
    if actual is None:
        return ConditionCheck(label, None, fact_label(name))
    if kind in _CODES:
        return ConditionCheck(label, str(actual) in expected)
    return ConditionCheck(label, Decimal(actual) >= expected)


# --- benefits ---------------------------------------------------------------------------------

# The parameters each benefit kind needs; the service refuses a rule that lacks one.
BENEFIT_PARAMETERS = {
    BenefitKind.FIXED: ("amount",),
    BenefitKind.PERCENT_ABOVE: ("rate", "threshold"),
    BenefitKind.LAND_DISCOUNT: ("unit_price",),
    BenefitKind.RENT_FREE: ("years", "unit_price", "max_area"),
    BenefitKind.TAX_REWARD: ("rate", "years"),
    BenefitKind.NOT_MONETARY: (),
}


@dataclass
class Estimate:
    amount: Decimal | None
    working: str
    missing: str = ""
    at_most: bool = False


def _capped(rule, amount, working):
    if rule.cap is not None and amount > rule.cap:
        working += _("; capped at %(cap)s") % {"cap": shown(rule.cap)}
        amount = rule.cap
    return money(amount), working


def _fixed(rule, facts):
    return Estimate(money(rule.amount), _("fixed amount %(a)s") % {"a": shown(rule.amount)})


def _percent_above(rule, facts):
    if facts.total_investment is None:
        return Estimate(None, "", fact_label("total_investment"))
    base = max(facts.total_investment - rule.threshold, Decimal(0))
    amount = base * rule.rate / HUNDRED
    working = _("(%(inv)s − %(threshold)s) × %(rate)s%% = %(amount)s") % {
        "inv": shown(facts.total_investment),
        "threshold": shown(rule.threshold),
        "rate": f"{rule.rate.normalize():f}",
        "amount": shown(money(amount)),
    }
    amount, working = _capped(rule, amount, working)
    return Estimate(amount, working)


def _land_discount(rule, facts):
    if facts.land_area_mu is None:
        return Estimate(None, "", fact_label("land_area_mu"))
    amount = facts.land_area_mu * rule.unit_price
    working = _("%(mu)s mu × %(price)s per mu = %(amount)s") % {
        "mu": f"{facts.land_area_mu.normalize():f}",
        "price": shown(rule.unit_price),
        "amount": shown(money(amount)),
    }
    amount, working = _capped(rule, amount, working)
    return Estimate(amount, working)


def _rent_free(rule, facts):
    # Without the area the investor wants, the most the rule can give is still worth saying.
    at_most = facts.floor_area is None
    area = rule.max_area if at_most else min(facts.floor_area, rule.max_area)
    amount = Decimal(rule.years) * area * rule.unit_price * MONTHS / TEN_THOUSAND
    working = _(
        "%(years)s years × %(area)s m² × %(rent)s yuan per m² and month × 12 ÷ 10,000 = %(amount)s"
    ) % {
        "years": rule.years,
        "area": f"{area.normalize():f}",
        "rent": f"{rule.unit_price.normalize():f}",
        "amount": shown(money(amount)),
    }
    amount, working = _capped(rule, amount, working)
    return Estimate(amount, working, fact_label("floor_area") if at_most else "", at_most)


def _tax_reward(rule, facts):
    if facts.annual_tax is None:
        return Estimate(None, "", fact_label("annual_tax"))
    amount = facts.annual_tax * rule.rate / HUNDRED * Decimal(rule.years)
    working = _("%(tax)s × %(rate)s%% × %(years)s years = %(amount)s") % {
        "tax": shown(facts.annual_tax),
        "rate": f"{rule.rate.normalize():f}",
        "years": rule.years,
        "amount": shown(money(amount)),
    }
    amount, working = _capped(rule, amount, working)
    return Estimate(amount, working)


def _not_monetary(rule, facts):
    return Estimate(None, "")


BENEFITS = {
    BenefitKind.FIXED: _fixed,
    BenefitKind.PERCENT_ABOVE: _percent_above,
    BenefitKind.LAND_DISCOUNT: _land_discount,
    BenefitKind.RENT_FREE: _rent_free,
    BenefitKind.TAX_REWARD: _tax_reward,
    BenefitKind.NOT_MONETARY: _not_monetary,
}


# --- matching ---------------------------------------------------------------------------------


@dataclass
class Match:
    rule: object
    outcome: str
    checks: list = field(default_factory=list)
    estimate: Estimate | None = None

    @property
    def outcome_label(self):
        return MatchOutcome(self.outcome).label

    @property
    def missing(self):
        names = [c.missing for c in self.checks if c.met is None and c.missing]
        if self.estimate and self.estimate.missing:
            names.append(self.estimate.missing)
        return "、".join(dict.fromkeys(names))


def evaluate(rule, facts):
    """The rule against the facts: applies, may apply (something unknown) or not."""
    checks = [check_condition(c, facts) for c in rule.conditions.all()]
    if any(c.met is False for c in checks):
        outcome = MatchOutcome.NOT_MET
    elif any(c.met is None for c in checks):
        outcome = MatchOutcome.UNKNOWN
    else:
        outcome = MatchOutcome.APPLIES
    estimate = BENEFITS[rule.benefit_kind](rule, facts) if outcome != MatchOutcome.NOT_MET else None
    return Match(rule=rule, outcome=outcome, checks=checks, estimate=estimate)


def matches(rules, facts):
    """The rules that apply or may apply, those that apply first, in the rules' order."""
    found = [evaluate(rule, facts) for rule in rules]
    order = {MatchOutcome.APPLIES: 0, MatchOutcome.UNKNOWN: 1}
    kept = [m for m in found if m.outcome != MatchOutcome.NOT_MET]
    return sorted(kept, key=lambda m: order[m.outcome])


def total(found):
    """What the incentives that surely apply add up to (10k yuan); an upper bound (the most a
    rule could give) is not a sure amount and is left out."""
    amounts = [
        m.estimate.amount
        for m in found
        if m.outcome == MatchOutcome.APPLIES
        and m.estimate
        and m.estimate.amount is not None
        and not m.estimate.at_most
    ]
    return money(sum(amounts, Decimal(0)))
