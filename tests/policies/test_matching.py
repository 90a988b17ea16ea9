"""Incentive rules against a project's figures: conditions, amounts, rounding and working."""

from decimal import Decimal

import pytest

from zhaoshang.policies import services_rules
from zhaoshang.policies.matching import Facts, evaluate, matches, total
from zhaoshang.projects.models import Platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(make_policy, cast):
    policy = make_policy()

    def make(conditions=(), **fields):
        fields.setdefault("name", f"规则{len(conditions)}{fields['benefit_kind']}")
        return services_rules.rule_save(
            actor=cast["bureau_admin"],
            conditions=list(conditions),
            policy=policy,
            summary="测试",
            **fields,
        )

    return make


FACTS = Facts(
    section="C",
    division="31",
    sector=2,
    strategic_field="",
    total_investment=Decimal("12500"),
    funds_in_place=Decimal("3000"),
    platform="zone1",
    project_type="new",
    land_area_mu=Decimal("140.5"),
)


def test_share_above_a_threshold_is_capped_and_shows_its_working(rule):
    found = evaluate(
        rule(
            benefit_kind="percent_above",
            rate=Decimal("5"),
            threshold=Decimal("2000"),
            cap=Decimal("500"),
            conditions=[("section", "C")],
        ),
        FACTS,
    )
    assert found.outcome == "applies"
    assert found.estimate.amount == Decimal("500.00")
    working = found.estimate.working
    assert "12,500.00 − 2,000.00" in working and "5% = 525.00" in working and "500.00" in working


def test_land_discount_rounds_half_up_to_a_hundredth(rule):
    found = evaluate(rule(benefit_kind="land_discount", unit_price=Decimal("0.25")), FACTS)
    # 140.5 × 0.25 = 35.125 → 35.13 (half up, not to even)
    assert found.estimate.amount == Decimal("35.13")


def test_rent_free_without_the_area_is_an_upper_bound(rule):
    made = rule(
        benefit_kind="rent_free", years=3, unit_price=Decimal("8"), max_area=Decimal("3000")
    )
    found = evaluate(made, FACTS)
    assert found.estimate.amount == Decimal("86.40") and found.estimate.at_most
    assert total([found]) == Decimal("0.00")
    asked = Facts(**{**FACTS.__dict__, "floor_area": Decimal("1200")})
    found = evaluate(made, asked)
    # 3 years × 1,200 m² × 8 yuan × 12 months ÷ 10,000
    assert found.estimate.amount == Decimal("34.56") and not found.estimate.at_most
    assert total([found]) == Decimal("34.56")


def test_tax_reward_needs_the_expected_taxes(rule):
    made = rule(benefit_kind="tax_reward", rate=Decimal("50"), years=3, cap=Decimal("1000"))
    found = evaluate(made, FACTS)
    assert found.outcome == "applies" and found.estimate.amount is None
    assert "预计" in found.missing or "taxes" in found.missing
    found = evaluate(made, Facts(**{**FACTS.__dict__, "annual_tax": Decimal("800")}))
    assert found.estimate.amount == Decimal("1000.00")


def test_a_failed_condition_drops_the_rule(rule):
    made = rule(
        benefit_kind="fixed", amount=Decimal("100"), conditions=[("investment_min", "20000")]
    )
    assert evaluate(made, FACTS).outcome == "not_met"
    assert matches([made], FACTS) == []


def test_employment_a_project_does_not_record_is_unknown_and_said_so(rule):
    made = rule(benefit_kind="not_monetary", conditions=[("employment_min", "100")])
    found = evaluate(made, FACTS)
    assert found.outcome == "unknown" and found.missing


@pytest.mark.parametrize(
    "kind,value,met",
    [
        ("division", "30, 31", True),
        ("division", "26，27", False),
        ("sector", "2", True),
        ("platform", "zone2", False),
        ("project_type", "new,expansion", True),
        ("funds_min", "3000", True),
        ("funds_min", "3000.01", False),
        ("land_min", "140.5", True),
        ("any_strategic", "", False),
    ],
)
def test_each_condition_kind(rule, kind, value, met):
    made = rule(benefit_kind="fixed", amount=Decimal("1"), conditions=[(kind, value)])
    assert (evaluate(made, FACTS).outcome == "applies") is met


def test_a_registered_projects_figures(make_project, ref, units):
    platform = Platform.objects.create(code="zone1-test", name="测试园区", unit=units["zone1"])
    project = make_project(
        industry=ref.division("31"),
        strategic_field=ref.field("3"),
        platform=platform,
        land_area_mu=Decimal("80"),
    )
    facts = Facts.of_project(project)
    assert (facts.section, facts.division, facts.sector) == ("C", "31", 2)
    assert (facts.strategic_field, facts.platform) == ("3", "zone1-test")
    assert facts.employment is None and facts.annual_tax is None
