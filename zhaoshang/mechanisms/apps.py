from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MechanismsConfig(AppConfig):
    name = "zhaoshang.mechanisms"
    verbose_name = _("Mechanisms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registering: the overdue job, the project page's panel, and the calendar listener
        # that moves running procedures' due dates when a holiday is added or removed.
        from zhaoshang.mechanisms import reminders  # noqa: F401
        from zhaoshang.mechanisms.panel import project_panel
        from zhaoshang.mechanisms.services_procedures import recompute_due_dates
        from zhaoshang.projects import panels
        from zhaoshang.reference import services_calendar

        panels.register(project_panel)
        services_calendar.on_change(recompute_due_dates)
