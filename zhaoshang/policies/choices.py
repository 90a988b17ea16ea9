"""Choice lists of the policy library (POL-1 … POL-3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyLevel(models.TextChoices):
    """Who issued the policy; handbooks order their sections from the centre down."""

    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


# Order of the levels in handbooks and lists: the values' positions in ``PolicyLevel``.
LEVEL_ORDER = {value: position for position, value in enumerate(PolicyLevel.values)}


class PolicyStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class ConditionKind(models.TextChoices):
    """What an incentive rule's condition looks at in a project (or in the facts an investor
    gives on the spot). The value's form depends on the kind: codes or an amount."""

    INDUSTRY_SECTION = "section", _("Industry section is one of")
    INDUSTRY_DIVISION = "division", _("Industry division is one of")
    SECTOR = "sector", _("Sector is one of")
    STRATEGIC_FIELD = "strategic", _("Strategic emerging field is one of")
    ANY_STRATEGIC = "any_strategic", _("Is in a strategic emerging field")
    INVESTMENT_MIN = "investment_min", _("Total investment at least (10k yuan)")
    FUNDS_MIN = "funds_min", _("Funds in place at least (10k yuan)")
    PLATFORM = "platform", _("Carrier platform is one of")
    EMPLOYMENT_MIN = "employment_min", _("Planned employment at least (people)")
    PROJECT_TYPE = "project_type", _("Project type is one of")
    LAND_MIN = "land_min", _("Land need at least (mu)")


class BenefitKind(models.TextChoices):
    """How an incentive's amount is worked out; every amount is in 10k yuan."""

    FIXED = "fixed", _("Fixed amount")
    PERCENT_ABOVE = "percent_above", _("Share of the investment above a threshold, capped")
    LAND_DISCOUNT = "land_discount", _("Land price discount per mu")
    RENT_FREE = "rent_free", _("Rent-free years for standard factory space")
    TAX_REWARD = "tax_reward", _("Reward on the county's share of taxes paid")
    NOT_MONETARY = "not_monetary", _("Not a sum of money")


class MatchOutcome(models.TextChoices):
    APPLIES = "applies", _("Applies")
    UNKNOWN = "unknown", _("May apply")
    NOT_MET = "not_met", _("Does not apply")
