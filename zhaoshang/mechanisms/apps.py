from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MechanismsConfig(AppConfig):
    name = "zhaoshang.mechanisms"
    verbose_name = _("Mechanisms")
    default_auto_field = "django.db.models.BigAutoField"
