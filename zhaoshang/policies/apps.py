from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "zhaoshang.policies"
    verbose_name = _("Policies")
    default_auto_field = "django.db.models.BigAutoField"
