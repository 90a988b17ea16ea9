from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetingConfig(AppConfig):
    name = "zhaoshang.targeting"
    verbose_name = _("Targeting")
    default_auto_field = "django.db.models.BigAutoField"
