"""The working-day calendar (MEC-2): public holidays and make-up working days (调休).

Only days that differ from the Monday-to-Friday week are stored. A year counts as known once
its arrangement was loaded or entered (``CalendarYear``); for an unknown year the calendar falls
back to Monday to Friday and says so, since the State Council announces each year's arrangement
late in the year before.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose holiday arrangement is in the calendar, and where it came from."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=60)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A public holiday on a weekday, or a weekend day that is worked (调休上班)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a weekend day that is worked. Unticked: a holiday."),
    )
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"
