"""The bureau's integrity pages (PRJ-6): suspected repeats compared side by side and resolved,
reproducible spot checks with their outcomes, and the queue of landed projects to verify.

Flags and spot-check items are reached through their projects: a user sees them only for
projects in ``restrict(user, PROJECT_INTEGRITY)``; the services check again.
"""

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from zhaoshang.core.forms import StyledMixin, style
from zhaoshang.core.permissions import has_action, restrict
from zhaoshang.core.roles import PROJECT_INTEGRITY, PROJECT_VERIFY, PROJECT_VIEW
from zhaoshang.core.templatetags.zs import wan
from zhaoshang.core.views import render_list, require_action
from zhaoshang.orgs.models import Unit
from zhaoshang.projects import integrity, selectors
from zhaoshang.projects.choices import FlagStatus, SpotCheckOutcome, StageKind
from zhaoshang.projects.filtersets import ProjectFilterSet
from zhaoshang.projects.models import Project, RepeatFlag, SpotCheck, SpotCheckItem
from zhaoshang.projects.tables import ProjectTable

# Which rows of the comparison each matching reason lights up.
REASON_ROWS = {
    "credit_code": "credit_code",
    "investor": "investor",
    "investor_similar": "investor",
    "name": "name",
    "name_similar": "name",
    "site": "site",
}
MAX_SAMPLE = 500


def _in_scope(user, action=PROJECT_INTEGRITY):
    return restrict(user, action, Project).values("pk")


def _reason_labels(codes):
    return [str(integrity.REASONS.get(code, code)) for code in codes]


# Hub ---------------------------------------------------------------------------------------


def hub(request):
    user = request.user
    require_action(user, PROJECT_INTEGRITY)
    scope = _in_scope(user)
    can_verify = has_action(user, PROJECT_VERIFY)
    return render(
        request,
        "projects/flag_hub.html",
        {
            "title": _("Integrity"),
            "open_flags": RepeatFlag.objects.filter(
                status=FlagStatus.OPEN, project__in=scope
            ).count(),
            "pending_items": SpotCheckItem.objects.filter(
                outcome=SpotCheckOutcome.PENDING, project__in=scope
            ).count(),
            "population": integrity.spot_check_population(user).count(),
            "can_verify": can_verify,
            "to_verify": _verify_queue(user).count() if can_verify else 0,
        },
    )


# Suspected repeats -------------------------------------------------------------------------


class FlagFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[("open", gettext_lazy("To be resolved")), ("resolved", gettext_lazy("Resolved"))],
        method="in_state",
        empty_label=gettext_lazy("All"),
    )
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="search")

    class Meta:
        model = RepeatFlag
        fields = ["state", "q"]

    def in_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status=FlagStatus.OPEN)
        return queryset.exclude(status=FlagStatus.OPEN)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(project__code__iexact=value)
            | Q(earlier__code__iexact=value)
            | Q(project__name__icontains=value)
            | Q(project__investor_name__icontains=value)
            | Q(earlier__name__icontains=value)
            | Q(earlier__investor_name__icontains=value)
        )


def _project_cell(project):
    return format_html(
        '{} <span class="text-muted small">{} · {}</span>',
        project.name,
        project.code,
        project.unit.name,
    )


class FlagTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name=gettext_lazy("Flagged"), format="Y-m-d")
    project = tables.Column(
        verbose_name=gettext_lazy("Project"),
        linkify=("projects:flag", {"pk": tables.A("pk")}),
        order_by=("project__code",),
    )
    earlier = tables.Column(
        verbose_name=gettext_lazy("Earlier project"), order_by=("earlier__code",)
    )
    reasons = tables.Column(verbose_name=gettext_lazy("Matches"), orderable=False)
    score = tables.Column(verbose_name=gettext_lazy("Similarity"))
    status = tables.Column(verbose_name=gettext_lazy("Status"))

    class Meta:
        model = RepeatFlag
        fields = ["created_at", "project", "earlier", "reasons", "score", "status"]
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_project(self, value):
        return _project_cell(value)

    def render_earlier(self, value):
        return _project_cell(value)

    def render_reasons(self, value):
        return format_html_join(
            "",
            '<span class="badge text-bg-warning me-1">{}</span>',
            ((r,) for r in _reason_labels(value)),
        )

    def render_status(self, record):
        css = "text-bg-dark" if record.status == FlagStatus.OPEN else "text-bg-light"
        return format_html('<span class="badge {}">{}</span>', css, record.get_status_display())


def flag_list(request):
    """Open flags by default: the list is the bureau's work queue."""
    user = request.user
    require_action(user, PROJECT_INTEGRITY)
    queryset = RepeatFlag.objects.filter(project__in=_in_scope(user)).select_related(
        "project", "project__unit", "earlier", "earlier__unit"
    )
    data = request.GET.copy()
    data.setdefault("state", "open")
    filterset = FlagFilterSet(data, queryset=queryset)
    style(filterset.form, compact=True)
    rows = filterset.qs if filterset.is_valid() else queryset
    table = FlagTable(rows, order_by=("-created_at",))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "core/list.html",
        {"title": _("Suspected repeats"), "filter": filterset, "table": table},
    )


RESOLUTIONS = [
    (
        FlagStatus.SAME_MERGED,
        gettext_lazy("Same project: merge into the earlier one"),
        gettext_lazy(
            "The evidence files move to the earlier project; this project is dropped and "
            "counts for nothing."
        ),
    ),
    (
        FlagStatus.SAME_REJECTED,
        gettext_lazy("Same project: do not recognise it"),
        gettext_lazy(
            "An old project passed off as new: this project is dropped as a repeat and counts "
            "for nothing."
        ),
    ),
    (
        FlagStatus.DIFFERENT,
        gettext_lazy("Different projects"),
        gettext_lazy("Both projects stay. Say in the note why they are different."),
    ),
]


class ResolveForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Resolution"),
        choices=[(value, label) for value, label, _help in RESOLUTIONS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=300, required=False, widget=forms.Textarea
    )


def _compared(flag):
    """Both projects with what the comparison needs, in one query."""
    both = (
        Project.objects.filter(pk__in=[flag.project_id, flag.earlier_id])
        .select_related(
            "unit", "stage", "enterprise", "origin_region", "industry", "platform", "drop_reason"
        )
        .annotate(
            evidence_count=Count("evidence", distinct=True),
            transition_count=Count("transitions", distinct=True),
            # A ledger imported later keeps the date it was first registered in its first step.
            registered=Coalesce(Min("transitions__at"), "created_at"),
        )
    )
    by_pk = {p.pk: p for p in both}
    return by_pk[flag.project_id], by_pk[flag.earlier_id]


def _comparison(flag, project, earlier):
    lit = {}
    for code in flag.reasons:
        if code in REASON_ROWS:
            lit.setdefault(REASON_ROWS[code], []).append(str(integrity.REASONS[code]))

    def enterprise(p):
        return p.enterprise.name if p.enterprise_id else "—"

    def credit(p):
        return (p.enterprise.credit_code if p.enterprise_id else None) or "—"

    rows = [
        ("code", _("Project code"), lambda p: p.code),
        ("name", _("Project name"), lambda p: p.name),
        ("investor", _("Investor"), lambda p: p.investor_name),
        ("enterprise", _("Registered enterprise"), enterprise),
        ("credit_code", _("Unified social credit code"), credit),
        ("unit", _("Claiming unit"), lambda p: p.unit.name),
        ("stage", _("Stage"), lambda p: p.stage.name),
        ("region", _("Origin region"), lambda p: p.origin_region.name),
        ("industry", _("Industry"), lambda p: f"{p.industry.code} {p.industry.name}"),
        ("investment", _("Total investment"), lambda p: wan(p.total_investment)),
        ("site", _("Site"), lambda p: p.site or "—"),
        ("registered", _("Registered at"), lambda p: timezone.localdate(p.registered).isoformat()),
        ("evidence", _("Evidence files"), lambda p: p.evidence_count),
        ("transitions", _("Stage transitions"), lambda p: p.transition_count),
    ]
    return [
        {"key": key, "label": label, "a": get(project), "b": get(earlier), "match": lit.get(key)}
        for key, label, get in rows
    ]


def flag_detail(request, pk):
    """Out of the user's view scope is 404; seen but not the user's to resolve is 403."""
    user = request.user
    flag = (
        RepeatFlag.objects.filter(pk=pk, project__in=_in_scope(user, PROJECT_VIEW))
        .select_related("resolved_by")
        .first()
    )
    if flag is None:
        raise Http404
    if not restrict(user, PROJECT_INTEGRITY, Project).filter(pk=flag.project_id).exists():
        raise PermissionDenied
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            integrity.flag_resolve(
                actor=user,
                flag=flag,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            form.add_error(None, message or _("You do not have permission to do this."))
        else:
            messages.success(request, _("The suspected repeat was resolved."))
            return redirect("projects:flag", pk=flag.pk)
    project, earlier = _compared(flag)
    return render(
        request,
        "projects/flag_detail.html",
        {
            "title": _("Suspected repeat"),
            "flag": flag,
            "project": project,
            "earlier": earlier,
            "rows": _comparison(flag, project, earlier),
            "reasons": _reason_labels(flag.reasons),
            "form": form,
            "resolutions": RESOLUTIONS,
        },
    )


# Spot checks -------------------------------------------------------------------------------


class DrawForm(StyledMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    size = forms.IntegerField(
        label=gettext_lazy("Sample size"), min_value=1, max_value=MAX_SAMPLE, initial=10
    )
    seed = forms.IntegerField(
        label=gettext_lazy("Random seed"),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=gettext_lazy(
            "Leave empty for a fresh draw. Enter the seed of an earlier draw to repeat it."
        ),
    )


class OutcomeForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        choices=[
            (SpotCheckOutcome.CONFIRMED, SpotCheckOutcome.CONFIRMED.label),
            (SpotCheckOutcome.DISCREPANCY, SpotCheckOutcome.DISCREPANCY.label),
        ]
    )
    note = forms.CharField(max_length=300, required=False)


class SpotCheckTable(tables.Table):
    title = tables.Column(linkify=("projects:spot_check", {"public_id": tables.A("public_id")}))
    drawn_at = tables.DateTimeColumn(format="Y-m-d H:i")
    drawn_by = tables.Column(
        accessor="drawn_by__full_name",
        verbose_name=SpotCheck._meta.get_field("drawn_by").verbose_name,
    )
    progress = tables.Column(verbose_name=gettext_lazy("Checked"), empty_values=(), orderable=False)
    discrepancies = tables.Column(verbose_name=gettext_lazy("Discrepancies"))

    class Meta:
        model = SpotCheck
        fields = ["title", "drawn_at", "drawn_by", "size", "population", "seed", "progress"]
        sequence = [*fields, "discrepancies"]
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_progress(self, record):
        return f"{record.checked} / {record.in_scope}"

    def render_discrepancies(self, value):
        if not value:
            return "0"
        return format_html('<span class="badge text-bg-danger">{}</span>', value)


def _spot_checks(user):
    scope = _in_scope(user)
    mine = Q(items__project__in=scope)
    return (
        SpotCheck.objects.filter(
            Exists(SpotCheckItem.objects.filter(spot_check=OuterRef("pk"), project__in=scope))
        )
        .select_related("drawn_by")
        .annotate(
            in_scope=Count("items", filter=mine),
            checked=Count("items", filter=mine & ~Q(items__outcome=SpotCheckOutcome.PENDING)),
            discrepancies=Count(
                "items", filter=mine & Q(items__outcome=SpotCheckOutcome.DISCREPANCY)
            ),
        )
    )


def spot_check_list(request):
    """The draws so far and a form for a new one; ``?seed=…&size=…`` fills the form to repeat
    an earlier draw."""
    user = request.user
    require_action(user, PROJECT_INTEGRITY)
    if request.method == "POST":
        form = DrawForm(request.POST)
    else:
        form = DrawForm(
            initial={k: v for k, v in request.GET.items() if k in ("title", "size", "seed")}
        )
    if request.method == "POST" and form.is_valid():
        try:
            check = integrity.spot_check_draw(actor=user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            form.add_error(None, message or _("You do not have permission to do this."))
        else:
            messages.success(
                request,
                _("%(n)s projects were drawn from %(population)s.")
                % {"n": check.size, "population": check.population},
            )
            return redirect("projects:spot_check", public_id=check.public_id)
    table = SpotCheckTable(_spot_checks(user), order_by=("-drawn_at",))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "projects/spot_list.html",
        {
            "title": _("Spot checks"),
            "form": form,
            "table": table,
            "population": integrity.spot_check_population(user).count(),
        },
    )


def spot_check_detail(request, public_id):
    user = request.user
    require_action(user, PROJECT_INTEGRITY)
    check = _spot_checks(user).filter(public_id=public_id).first()
    if check is None:
        raise Http404
    items = check.items.filter(project__in=_in_scope(user)).select_related(
        "project", "project__unit", "project__stage", "checked_by"
    )
    failed = None
    if request.method == "POST":
        failed = _record_outcome(request, items)
        if failed is None:
            return redirect(f"{request.path}#item-{request.POST['item']}")
    return render(
        request,
        "projects/spot_detail.html",
        {
            "title": check.title,
            "check": check,
            "items": items,
            "failed": failed,
            "redraw_url": reverse("projects:spot_checks")
            + "?"
            + urlencode({"title": check.title, "size": check.size, "seed": check.seed}),
        },
    )


def _record_outcome(request, items):
    """None when recorded, else what to show again next to the item: its pk, the refusal
    and what was typed."""
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        pk = form.cleaned_data.get("item")
        if pk is None:
            raise Http404
        return {"item": pk, "message": _("Choose what the check found."), "data": request.POST}
    item = items.filter(pk=form.cleaned_data["item"]).first()
    if item is None:
        raise Http404
    try:
        integrity.spot_check_record(
            actor=request.user,
            item=item,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return {
            "item": item.pk,
            "message": message or _("You do not have permission to do this."),
            "data": request.POST,
        }
    messages.success(
        request, _("The result for %(code)s was recorded.") % {"code": item.project.code}
    )
    return None


# Verification queue ------------------------------------------------------------------------


def _verify_queue(user):
    return (
        selectors.project_list(user, PROJECT_VERIFY)
        .filter(stage__kind=StageKind.PIPELINE, stage__landed=True, verified_at__isnull=True)
        .order_by("stage_entered_at", "pk")
    )


class VerifyTable(ProjectTable):
    stage_entered_at = tables.DateTimeColumn(
        verbose_name=gettext_lazy("In stage since"), format="Y-m-d"
    )

    class Meta(ProjectTable.Meta):
        fields = [
            "code",
            "name",
            "investor_name",
            "unit",
            "stage",
            "stage_entered_at",
            "total_investment",
            "funds_in_place",
            "flags",
        ]
        sequence = fields


def verify_queue(request):
    """Landed projects nobody has verified yet, the longest-waiting first; each is verified
    on its own page against its evidence."""
    require_action(request.user, PROJECT_VERIFY)
    return render_list(
        request,
        template="core/list.html",
        title=_("Landed projects to verify"),
        queryset=_verify_queue(request.user),
        filterset_class=ProjectFilterSet,
        filterset_kwargs={"units": restrict(request.user, PROJECT_VERIFY, Unit)},
        table_class=VerifyTable,
    )
