from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """Kinds of unit named in ORG-1; the county itself is the root of the tree."""

    COUNTY = "county", _("County")
    RESIDENT_GROUP = "resident_group", _("Resident investment group")
    DEV_ZONE = "dev_zone", _("Development zone")
    NEW_DISTRICT = "new_district", _("New district")
    TOWNSHIP = "township", _("Township")
    ECONOMIC_DEPT = "economic_dept", _("Main economic department")
    COUNTY_DEPT = "county_dept", _("Other county department")
