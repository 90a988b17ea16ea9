"""Filter widgets shared by every list page."""

import django_filters
from django.utils.translation import gettext_lazy as _


class YesNoFilter(django_filters.TypedChoiceFilter):
    """A yes/no filter whose empty choice reads "All" (Django's reads "Unknown")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("1", _("Yes")), ("0", _("No"))])
        kwargs.setdefault("coerce", lambda value: value == "1")
        super().__init__(*args, **kwargs)
