"""The assessment hub: every year, the parts of its assessment, and its published rankings."""

from django.shortcuts import render

from zhaoshang.assessment.context_processors import year_tabs
from zhaoshang.assessment.models import AssessmentYear, Ranking
from zhaoshang.core.permissions import has_action, restrict
from zhaoshang.core.roles import ASSESSMENT_MANAGE, ASSESSMENT_VIEW
from zhaoshang.core.views import require_action


def index(request):
    require_action(request.user, ASSESSMENT_VIEW)
    years = list(restrict(request.user, ASSESSMENT_VIEW, AssessmentYear))
    rankings = {}
    for ranking in (
        restrict(request.user, ASSESSMENT_VIEW, Ranking)
        .filter(year__in=years)
        .defer("inputs", "result")  # megabytes each in a city; the list shows titles
        .order_by("-published_at")
    ):
        rankings.setdefault(ranking.year_id, []).append(ranking)
    cards = [
        {"year": y, "links": year_tabs(request.user, y.year), "rankings": rankings.get(y.pk, [])}
        for y in years
    ]
    return render(
        request,
        "assessment/index.html",
        {"cards": cards, "can_manage": has_action(request.user, ASSESSMENT_MANAGE)},
    )
