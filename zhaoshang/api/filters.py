"""The project list's FilterSet, as the API uses it.

Every filter and its logic is the list page's (``ProjectFilterSet``); only the related rows are
named by their public codes (``?stage=signed&industry=31``) instead of the page form's primary
keys, which the API never shows.
"""

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import ModelChoiceField

from zhaoshang.core.permissions import restrict
from zhaoshang.core.roles import PROJECT_VIEW
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.filtersets import ProjectFilterSet


class CodeChoiceField(ModelChoiceField):
    """No code contains a NUL character, and PostgreSQL refuses one even in a lookup."""

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = CodeChoiceField


def _by_code(name, **kwargs):
    page_filter = ProjectFilterSet.base_filters[name]
    kwargs.setdefault("queryset", page_filter.queryset)
    return CodeChoiceFilter(
        label=page_filter.label,
        field_name=page_filter.field_name,
        to_field_name="code",
        **kwargs,
    )


class ProjectApiFilterSet(ProjectFilterSet):
    unit = _by_code("unit", method="in_unit")
    stage = _by_code("stage")
    industry = _by_code("industry")
    strategic_field = _by_code("strategic_field")
    region_group = _by_code("region_group")
    origin_region = _by_code("origin_region")
    platform = _by_code("platform")
    # The dashboard's links name units by primary key, which the API never shows.
    units = None
    exclude_unit = None

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        # As on the page, the unit filter offers only the units whose projects the user sees.
        kwargs.setdefault("units", restrict(getattr(request, "user", None), PROJECT_VIEW, Unit))
        super().__init__(data, queryset, request=request, **kwargs)
