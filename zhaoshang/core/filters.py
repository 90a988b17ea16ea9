"""Filter widgets shared by every list page."""

import django_filters
from django.utils.translation import gettext_lazy as _


class YesNoFilter(django_filters.ChoiceFilter):
    """A yes/no filter whose empty choice reads "All" (Django's own reads "Unknown")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("1", _("Yes")), ("0", _("No"))])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("1", "0"):
            return qs.filter(**{self.field_name: value == "1"})
        return qs


class OrderingFilter(django_filters.OrderingFilter):
    """Sorting choices whose "descending" suffix is in our catalogue (django-filter's is not)."""

    descending_fmt = _("%s (descending)")
