"""Scores on demand, one unit's breakdown, publishing, and published rankings (ASM-4/6)."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhaoshang.assessment import services_scores as services
from zhaoshang.assessment.forms_scores import MonthForm, PublishForm
from zhaoshang.assessment.models import AssessmentYear, GroupMember, Ranking
from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.exports import xlsx_response
from zhaoshang.core.permissions import has_action, restrict, unit_in_scope
from zhaoshang.core.roles import ASSESSMENT_MANAGE, ASSESSMENT_VIEW, PROJECT_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.orgs.models import Unit
from zhaoshang.projects.models import Project


def county_wide(user, action=ASSESSMENT_VIEW):
    """Whether the user holds ``action`` over the whole county (leaders, bureau, assessors)."""
    root = Unit.objects.filter(parent=None).order_by("pk").first()
    return root is not None and unit_in_scope(user, action, root)


def get_year(user, year):
    return get_object_or_404(restrict(user, ASSESSMENT_VIEW, AssessmentYear), year=year)


def _table_row(row, *, name, url, points):
    """One line of a ranking table, live or published."""
    return {
        "rank": row["rank"],
        "name": name,
        "url": url,
        "adjusted": bool(row["adjustments"]),
        "total": row["total"],
        "tier": row["tier"],
        "points": points,
    }


def _headers(indicators):
    """Column headers: an indicator's name up to its first bracket (the rest is on hover)."""
    return [{**i, "short": i["name"].split("（")[0].split("(")[0]} for i in indicators]


def _month(request):
    form = MonthForm(request.GET or None, auto_id="period_%s")
    return (form.cleaned_data["month"] if form.is_valid() else 12), form


def scores(request, year):
    require_action(request.user, ASSESSMENT_VIEW)
    year = get_year(request.user, year)
    if not county_wide(request.user):
        raise PermissionDenied
    month, form = _month(request)
    method = services.current_method(year)
    result = None
    if method is not None:
        result = services.run(year=year, method=method, through_month=month)[0]
    context = {
        "year": year,
        "method": method,
        "month": month,
        "month_form": form,
        "groups": [
            (
                group,
                [
                    _table_row(
                        row,
                        name=row["unit"].display_name,
                        url=reverse("assessment:breakdown", args=[year.year, row["unit"].code])
                        + f"?month={month}",
                        points=[i["shown"] for i in row["indicators"]],
                    )
                    for row in rows
                ],
            )
            for group, rows in (result.ranked() if result else [])
        ],
        "indicators": _headers(method.document["indicators"]) if method else [],
        "can_manage": has_action(request.user, ASSESSMENT_MANAGE),
        "publish_form": PublishForm(initial={"month": month}),
        "rankings": year.rankings.select_related("published_by").order_by("-published_at"),
    }
    return render(request, "assessment/scores.html", context)


def breakdown(request, year, unit):
    """One unit's score, down to the project and the rule (live, for the chosen period)."""
    require_action(request.user, ASSESSMENT_VIEW)
    year = get_year(request.user, year)
    member = (
        restrict(request.user, ASSESSMENT_VIEW, GroupMember)
        .filter(year=year, unit__code=unit)
        .select_related("unit", "group")
        .first()
    )
    if member is None:
        raise Http404
    month, form = _month(request)
    method = services.current_method(year)
    if method is None:
        raise Http404
    result = services.run(year=year, method=method, through_month=month)[0]
    row = result.units[member.unit_id]
    row = {**row, "indicators": [{**i, "points": i["shown"]} for i in row["indicators"]]}
    names = {i["code"]: i["short"] for i in _headers(method.document["indicators"])}
    context = {
        "year": year,
        "method": method,
        "month": month,
        "month_form": form,
        "row": row,
        "frozen": None,
        "group_size": len(result.groups[member.group.code]["members"]),
        "projects": _project_sections(
            {
                "code": line["fact"].code,
                "name": line["fact"].name,
                "share": line["share"],
                "counted": not line["reasons"],
                "reasons": line["reasons"],
                "points": {names[code]: value for code, value in line["points"].items()},
                "earlier": line["earlier"],
            }
            for line in row["lines"]
        ),
        "live": True,
    }
    return render(request, "assessment/breakdown.html", context)


def _project_sections(lines):
    """Counted projects, the others of the period with their reasons, and those that landed
    before the period (listed last: they explain themselves but rarely interest anyone)."""
    sections = {"counted": [], "excluded": [], "earlier": []}
    for line in lines:
        line["share"] = Decimal(line["share"])
        line.setdefault("points", {})
        if line["counted"]:
            sections["counted"].append(line)
        elif line.get("earlier"):
            sections["earlier"].append(line)
        else:
            sections["excluded"].append(line)
    sections["total"] = sum(len(v) for v in sections.values())
    return sections


def publish(request, year):
    year = get_year(request.user, year)
    if request.method != "POST":
        return redirect("assessment:scores", year=year.year)
    form = PublishForm(request.POST)
    if form.is_valid():
        ranking = service_call(
            form,
            lambda: services.ranking_publish(
                actor=request.user,
                year=year,
                through_month=form.cleaned_data["month"],
                title=form.cleaned_data["title"],
            ),
        )
        if ranking is not None:
            messages.success(request, _("The ranking is published and frozen."))
            return redirect("assessment:ranking", public_id=ranking.public_id)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("assessment:scores", year=year.year)


def get_ranking(user, public_id):
    return get_object_or_404(
        restrict(user, ASSESSMENT_VIEW, Ranking).select_related("year", "method", "published_by"),
        public_id=public_id,
    )


def ranking(request, public_id):
    require_action(request.user, ASSESSMENT_VIEW)
    ranking = get_ranking(request.user, public_id)
    result = ranking.result
    groups = []
    for group in result["groups"]:
        rows = [
            _table_row(
                result["units"][code],
                name=result["units"][code]["name"],
                url=reverse("assessment:ranking_unit", args=[ranking.public_id, code]),
                points=[i["points"] for i in result["units"][code]["indicators"]],
            )
            for code in sorted(group["units"], key=lambda c: result["units"][c]["rank"])
        ]
        groups.append((group, rows))
    # A recomputation shows today's live figures, which only the county sees (decision 0018).
    can_recheck = county_wide(request.user)
    changes = (
        services.ranking_recheck(ranking) if can_recheck and "recheck" in request.GET else None
    )
    context = {
        "ranking": ranking,
        "groups": groups,
        "indicators": _headers(ranking.inputs["method"]["indicators"]),
        "intact": services.ranking_intact(ranking),
        "changes": changes,
        "can_recheck": can_recheck,
        "can_manage": has_action(request.user, ASSESSMENT_MANAGE),
    }
    return render(request, "assessment/ranking.html", context)


def visible_codes(user, codes):
    """The codes among ``codes`` of units the user may see in the assessment."""
    return set(
        restrict(user, ASSESSMENT_VIEW, Unit).filter(code__in=codes).values_list("code", flat=True)
    )


def visible_result(user, result):
    """A published result as ``user`` may read it: every unit's figures, but project lines
    (and the list of counted projects) only of the units the user may see."""
    visible = visible_codes(user, list(result["units"]))
    units = {
        code: row if code in visible else {**row, "projects": None}
        for code, row in result["units"].items()
    }
    counted = result.get("counted_projects", []) if county_wide(user) else []
    return {**result, "units": units, "counted_projects": counted}


def ranking_unit(request, public_id, unit):
    """A unit's frozen breakdown; project lines only for those who may see that unit."""
    require_action(request.user, ASSESSMENT_VIEW)
    ranking = get_ranking(request.user, public_id)
    row = ranking.result["units"].get(unit)
    if row is None:
        raise Http404
    may_see_projects = bool(visible_codes(request.user, [unit]))
    context = {
        "ranking": ranking,
        "year": ranking.year,
        "month": ranking.through_month,
        "frozen": row,
        "row": None,
        "group_size": None,
        "unit_code": unit,
        "projects": _project_sections(row["projects"]) if may_see_projects else None,
        "live": False,
    }
    return render(request, "assessment/breakdown.html", context)


def ranking_export(request, public_id):
    require_action(request.user, ASSESSMENT_VIEW)
    ranking = get_ranking(request.user, public_id)
    indicators = ranking.inputs["method"]["indicators"]
    headers = [_("Group"), _("Rank"), _("Unit")] + [i["name"] for i in indicators]
    headers += [_("Adjustments"), _("Total"), _("Tier")]
    rows = []
    result = ranking.result
    for group in result["groups"]:
        ordered = sorted(group["units"], key=lambda c: result["units"][c]["rank"])
        for code in ordered:
            unit = result["units"][code]
            points = {i["code"]: Decimal(i["points"]) for i in unit["indicators"]}
            adjustments = sum((Decimal(a["points"]) for a in unit["adjustments"]), Decimal(0))
            rows.append(
                [group["name"], unit["rank"], unit["name"]]
                + [points.get(i["code"], "") for i in indicators]
                + [adjustments if unit["adjustments"] else "", Decimal(unit["total"]), unit["tier"]]
            )
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=ranking,
        message=f"ranking {ranking.public_id}",
    )
    return xlsx_response(
        filename=f"ranking-{ranking.year.year}-{ranking.through_month:02d}.xlsx",
        sheet_title=ranking.title,
        headers=headers,
        rows=rows,
    )


def promotion(request, public_id):
    """ASM-6: from a published ranking, the leading units of each group and the people who
    led their scoring projects, with the evidence behind each project."""
    require_action(request.user, ASSESSMENT_VIEW)
    ranking = get_ranking(request.user, public_id)
    if not county_wide(request.user):
        raise PermissionDenied
    levels = ranking.inputs["method"]["tiers"]["levels"]
    top_tier = levels[0]["name"] if levels else None
    result = ranking.result
    entries = []
    codes = set()
    for group in result["groups"]:
        for code in group["units"]:
            unit = result["units"][code]
            leading = unit["tier"] == top_tier if top_tier else unit["rank"] == 1
            if not leading:
                continue
            counted = [p for p in unit["projects"] if p["counted"]]
            codes.update(p["code"] for p in counted)
            entries.append({"group": group, "code": code, "unit": unit, "projects": counted})
    for entry in entries:
        entry["unit"] = dict(entry["unit"])
    evidence = _evidence_counts(request.user, codes)
    for entry in entries:
        for project in entry["projects"]:
            project["evidence"] = evidence.get(project["code"], 0)
    people = _people(entries)
    context = {"ranking": ranking, "entries": entries, "people": people, "top_tier": top_tier}
    return render(request, "assessment/promotion.html", context)


def _evidence_counts(user, codes):
    rows = (
        restrict(user, PROJECT_VIEW, Project)
        .filter(code__in=codes)
        .annotate(n=Count("evidence"))
        .values_list("code", "n")
    )
    return dict(rows)


def _people(entries):
    """Everyone named as 项目负责人 or 分包领导 on a scoring project of a leading unit."""
    people = {}
    for entry in entries:
        for project in entry["projects"]:
            for role, name in (
                (_("Project manager"), project["manager"]),
                (_("Leader in charge"), project["leader"]),
            ):
                if not name:
                    continue
                person = people.setdefault(name, {"name": name, "roles": set(), "projects": []})
                person["roles"].add(role)
                person["projects"].append(
                    {
                        "code": project["code"],
                        "name": project["name"],
                        "unit": entry["unit"]["name"],
                    }
                )
    ordered = sorted(people.values(), key=lambda p: (-len(p["projects"]), p["name"]))
    for person in ordered:
        person["roles"] = "、".join(sorted(person["roles"]))
    return ordered
