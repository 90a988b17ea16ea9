from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetingConfig(AppConfig):
    name = "zhaoshang.targeting"
    verbose_name = _("Targeting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from zhaoshang.projects import panels
        from zhaoshang.targeting.panels import project_panel

        panels.register(project_panel)
