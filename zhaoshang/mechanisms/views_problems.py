"""Problem list pages (MEC-4): every open problem the user may see, the ones of projects a
county leader leads, adding and resolving problems."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import get_scoped_or_404
from zhaoshang.core.roles import MECHANISM_VIEW, PROJECT_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.mechanisms import selectors, services_problems
from zhaoshang.mechanisms.choices import ItemStatus
from zhaoshang.mechanisms.filtersets import ProblemFilterSet
from zhaoshang.mechanisms.forms import ProblemForm, ResultForm
from zhaoshang.mechanisms.permissions import may_close
from zhaoshang.mechanisms.views_common import filtered_page, form_page, post_action
from zhaoshang.projects.models import Project


def problem_list(request):
    user = request.user
    require_action(user, MECHANISM_VIEW)
    queryset = selectors.problem_list(user).order_by("status", "deadline", "pk")
    filterset, page, query = filtered_page(request, ProblemFilterSet, queryset)
    rows = list(page.object_list)
    for problem in rows:
        problem.closable = problem.status == ItemStatus.OPEN and (
            may_close(user, problem.owner_unit)
            or services_problems.may_keep_list(user, problem.project)
        )
    project_code = request.GET.get("project", "")
    project = Project.objects.restrict(user, PROJECT_VIEW).filter(code=project_code).first()
    return render(
        request,
        "mechanisms/problem_list.html",
        {
            "title": _("Problem lists"),
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": query,
            "today": timezone.localdate(),
            "project": project,
            "may_add": project is not None and services_problems.may_keep_list(user, project),
            "leads": Project.objects.filter(team_leader=user).exists(),
        },
    )


def _back(problem_or_project):
    code = getattr(problem_or_project, "code", None) or problem_or_project.project.code
    return reverse("mechanisms:problem_list") + f"?project={code}"


def problem_create(request, code):
    project = get_scoped_or_404(request.user, PROJECT_VIEW, Project, code=code)
    if not services_problems.may_keep_list(request.user, project):
        raise PermissionDenied
    form = ProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = service_call(
            form,
            lambda: services_problems.problem_save(
                actor=request.user, project=project, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("Problem added to the list."))
            return redirect(_back(project))
    return form_page(
        request, form, _("New problem of %(name)s") % {"name": project.name}, _back(project)
    )


def problem_edit(request, public_id):
    problem = selectors.problem_detail(request.user, public_id)
    if not services_problems.may_keep_list(request.user, problem.project):
        raise PermissionDenied
    form = ProblemForm(request.POST or None, instance=problem)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.problem_detail(request.user, public_id)
        saved = service_call(
            form,
            lambda: services_problems.problem_save(
                actor=request.user, problem=fresh, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect(_back(problem))
    return form_page(request, form, _("Edit problem"), _back(problem))


@require_POST
def problem_resolve(request, public_id):
    problem = selectors.problem_list(request.user).filter(public_id=public_id).first()
    if problem is None:
        raise Http404
    form = ResultForm(request.POST)
    result = form.cleaned_data["result"] if form.is_valid() else ""
    return post_action(
        request,
        lambda: services_problems.problem_resolve(
            actor=request.user, problem=problem, resolution=result
        ),
        _("The problem is resolved."),
        _back(problem),
    )
