from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "zhaoshang.policies"
    verbose_name = _("Policies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from zhaoshang.policies import jobs, panel  # noqa: F401 - registers the job and panel
