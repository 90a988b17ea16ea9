"""Comprehensive review pages: the list, submitting a project, a department's opinion, and
the chair's decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import has_action, restrict
from zhaoshang.core.roles import MECHANISM_MANAGE, MECHANISM_VIEW, REVIEW_OPINE
from zhaoshang.core.views import require_action, service_call
from zhaoshang.mechanisms import selectors, services_review
from zhaoshang.mechanisms.choices import DecisionRule, ReviewStatus, Verdict
from zhaoshang.mechanisms.filtersets import ReviewFilterSet
from zhaoshang.mechanisms.forms import DecideForm, OpinionForm, ReasonForm, ReviewForm
from zhaoshang.mechanisms.models import MechanismSettings, Opinion
from zhaoshang.mechanisms.views_common import (
    attachment,
    filtered_page,
    form_page,
    post_action,
    require_manage,
)
from zhaoshang.reference.workdays import remaining


def review_list(request):
    require_action(request.user, MECHANISM_VIEW)
    filterset, page, query = filtered_page(
        request, ReviewFilterSet, selectors.review_list(request.user)
    )
    return render(
        request,
        "mechanisms/review_list.html",
        {
            "title": _("Comprehensive reviews"),
            "filter": filterset,
            "page": page,
            "query": query,
            "today": timezone.localdate(),
            "can_manage": has_action(request.user, MECHANISM_MANAGE),
        },
    )


def review_create(request):
    require_manage(request.user)
    initial = {"project": request.GET.get("project")} if request.GET.get("project") else None
    form = ReviewForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = service_call(
            form,
            lambda: services_review.review_submit(
                actor=request.user,
                project=data["project"],
                summary=data["summary"],
                material=data.get("material"),
            ),
            "project",
        )
        if review:
            messages.success(request, _("Submitted to the leading group."))
            return redirect("mechanisms:review_detail", public_id=review.public_id)
    return form_page(
        request,
        form,
        _("Submit a project for comprehensive review"),
        reverse("mechanisms:review_list"),
        multipart=True,
    )


def review_detail(request, public_id):
    user = request.user
    review = selectors.review_detail(user, public_id)
    today = timezone.localdate()
    opinions = list(selectors.review_opinions(review))
    mine = set(
        restrict(user, REVIEW_OPINE, Opinion).filter(review=review).values_list("pk", flat=True)
    )
    for opinion in opinions:
        opinion.mine = opinion.pk in mine and review.status == ReviewStatus.OPEN
        opinion.days_left = (
            remaining(opinion.due_date, today) if opinion.verdict == Verdict.PENDING else None
        )
        opinion.form = OpinionForm(prefix=f"o{opinion.pk}") if opinion.mine else None
    can_manage = has_action(user, MECHANISM_MANAGE)
    chair = MechanismSettings.get().decision_rule == DecisionRule.CHAIR
    all_in = all(o.verdict != Verdict.PENDING for o in opinions)
    is_open = review.status == ReviewStatus.OPEN
    return render(
        request,
        "mechanisms/review_detail.html",
        {
            "review": review,
            "opinions": opinions,
            "can_manage": can_manage,
            "decide_form": DecideForm() if can_manage and chair and all_in and is_open else None,
            "withdraw_form": ReasonForm() if can_manage and is_open else None,
            "chair": chair,
        },
    )


@require_POST
def opinion_give(request, public_id, pk):
    review = selectors.review_detail(request.user, public_id)
    opinion = restrict(request.user, REVIEW_OPINE, Opinion).filter(review=review, pk=pk).first()
    if opinion is None:
        raise PermissionDenied
    form = OpinionForm(request.POST, prefix=f"o{pk}")
    back = reverse("mechanisms:review_detail", args=[public_id])
    if not form.is_valid():
        messages.error(request, _("Choose your department's opinion."))
        return redirect(back)
    data = form.cleaned_data
    return post_action(
        request,
        lambda: services_review.opinion_give(
            actor=request.user, opinion=opinion, verdict=data["verdict"], text=data["text"]
        ),
        _("Your department's opinion is recorded."),
        back,
    )


@require_POST
def review_decide(request, public_id):
    require_manage(request.user)
    review = selectors.review_detail(request.user, public_id)
    form = DecideForm(request.POST)
    back = reverse("mechanisms:review_detail", args=[public_id])
    if not form.is_valid():
        messages.error(request, _("Choose the decision."))
        return redirect(back)
    data = form.cleaned_data
    return post_action(
        request,
        lambda: services_review.review_decide(
            actor=request.user, review=review, passed=data["passed"], note=data["note"]
        ),
        _("The decision is recorded."),
        back,
    )


@require_POST
def review_withdraw(request, public_id):
    require_manage(request.user)
    review = selectors.review_detail(request.user, public_id)
    form = ReasonForm(request.POST)
    back = reverse("mechanisms:review_detail", args=[public_id])
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return post_action(
        request,
        lambda: services_review.review_withdraw(actor=request.user, review=review, reason=reason),
        _("The review is withdrawn."),
        back,
    )


def review_material(request, public_id):
    review = selectors.review_detail(request.user, public_id)
    return attachment(review.material, review.material_name)
