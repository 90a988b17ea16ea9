"""One FilterSet per list: the pages and the API filter the same way."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.mechanisms.choices import (
    ItemStatus,
    ProblemCategory,
    ProcedureStatus,
    ReviewStatus,
    Verdict,
)
from zhaoshang.mechanisms.forms import active_units, departments
from zhaoshang.mechanisms.models import FollowUpTask, Problem, ProjectProcedure, Review

_YES = [("1", _("Yes"))]


class ReviewFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices, label=_("Status"))
    project = django_filters.CharFilter(field_name="project__code", label=_("Project code"))
    overdue = django_filters.ChoiceFilter(
        choices=_YES, method="filter_overdue", label=_("Opinions overdue")
    )

    class Meta:
        model = Review
        fields = ["status", "project", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value != "1":
            return queryset
        return queryset.filter(
            status=ReviewStatus.OPEN,
            opinions__verdict=Verdict.PENDING,
            opinions__due_date__lt=timezone.localdate(),
        ).distinct()


class ProcedureFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProcedureStatus.choices, label=_("Status"))
    department = django_filters.ModelChoiceFilter(
        queryset=departments(), to_field_name="code", label=_("Department")
    )
    project = django_filters.CharFilter(field_name="project__code", label=_("Project code"))
    overdue = django_filters.ChoiceFilter(choices=_YES, method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = ProjectProcedure
        fields = ["status", "department", "project", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value != "1":
            return queryset
        return queryset.filter(running_since__isnull=False, due_date__lt=timezone.localdate())


class _OpenItemFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices, label=_("Status"))
    owner_unit = django_filters.ModelChoiceFilter(
        queryset=active_units(), to_field_name="code", label=_("Owner unit")
    )
    overdue = django_filters.ChoiceFilter(choices=_YES, method="filter_overdue", label=_("Overdue"))

    def filter_overdue(self, queryset, name, value):
        if value != "1":
            return queryset
        return queryset.filter(status=ItemStatus.OPEN, deadline__lt=timezone.localdate())


class ProblemFilterSet(_OpenItemFilterSet):
    category = django_filters.ChoiceFilter(choices=ProblemCategory.choices, label=_("Category"))
    project = django_filters.CharFilter(field_name="project__code", label=_("Project code"))
    led_by_me = django_filters.ChoiceFilter(
        choices=_YES, method="filter_led_by_me", label=_("Projects I lead")
    )

    class Meta:
        model = Problem
        fields = ["status", "category", "owner_unit", "project", "overdue", "led_by_me"]

    def filter_led_by_me(self, queryset, name, value):
        if value != "1" or self.request is None:
            return queryset
        return queryset.filter(project__team_leader=self.request.user)


class TaskFilterSet(_OpenItemFilterSet):
    class Meta:
        model = FollowUpTask
        fields = ["status", "owner_unit", "overdue"]
