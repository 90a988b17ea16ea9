"""The tabs of an assessment year, on every page under /assessment/ that names a year."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhaoshang.assessment.views_scores import county_wide
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import ASSESSMENT_VIEW

# (label, url name, visible to whole-county viewers only, query string)
YEAR_TABS = [
    (_("Groups and units"), "assessment:year_detail", False, ""),
    (_("Targets"), "assessment:targets", False, ""),
    (_("Progress"), "assessment:progress", False, ""),
    (_("Monthly dispatch"), "assessment:dispatch_overview", False, ""),
    (_("Observation tours"), "assessment:tour_list", False, "?year={year}"),
    (_("Assessment method"), "assessment:method", False, ""),
    (_("Bonuses and deductions"), "assessment:items", False, ""),
    (_("Manual adjustments"), "assessment:adjustments", False, ""),
    (_("Scores and ranking"), "assessment:scores", True, ""),
]


def year_tabs(user, year):
    """Links for one year, as the hub and the year's pages show them."""
    wide = county_wide(user)
    links = []
    for label, name, needs_county, query in YEAR_TABS:
        if needs_county and not wide:
            continue
        kwargs = {} if query else {"year": year}
        url = reverse(name, kwargs=kwargs) + query.format(year=year)
        links.append({"label": label, "url": url, "name": name})
    return links


def year_links(request):
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if (
        match is None
        or match.namespace != "assessment"
        or "year" not in match.kwargs
        or user is None
        or not user.is_authenticated
        or not has_action(user, ASSESSMENT_VIEW)
    ):
        return {}
    links = year_tabs(user, match.kwargs["year"])
    for link in links:
        link["active"] = link["name"] == f"assessment:{match.url_name}"
    return {"year_links": links}
