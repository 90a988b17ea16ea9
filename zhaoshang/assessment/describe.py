"""The method in words, as the bureau would print it in its 考核细则."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.assessment.choices import TargetMetric
from zhaoshang.assessment.scoring import fmt
from zhaoshang.projects.choices import ProjectType


def qualifying(rules, stages, groups):
    """Sentences for the qualifying rules (不予认定)."""
    stage = stages.get(rules["landed_stage"])
    lines = [
        _("Only projects verified by the investment bureau count."),
        _("A project counts once it reaches %(stage)s (or a later stage).")
        % {"stage": stage.name if stage else rules["landed_stage"]},
    ]
    if rules["exclude_local_investors"]:
        lines.append(_("Projects of local investors do not count."))
    if rules["exclude_government_funded"]:
        lines.append(_("Government-funded projects do not count."))
    if rules["excluded_industries"]:
        lines.append(
            _("Projects in these industries do not count: %(codes)s.")
            % {"codes": "、".join(rules["excluded_industries"])}
        )
    minimum = _("A project must have a total investment of at least %(amount)s (10k yuan)") % {
        "amount": fmt(rules["min_investment"])
    }
    if rules["min_investment_by_group"]:
        minimum += _("; for %(groups)s") % {
            "groups": "、".join(
                f"{groups.get(code, code)} {fmt(amount)}"
                for code, amount in rules["min_investment_by_group"].items()
            )
        }
    lines.append(minimum + "。")
    if rules["exclude_relocations"]:
        lines.append(_("Relocations of enterprises already in the county do not count."))
    if rules["exclude_expansions"]:
        lines.append(_("In-place expansions of enterprises already in the county do not count."))
    if rules["count_once"]:
        lines.append(_("A project that scored in an earlier year does not score again."))
    if rules["carry_over_months"]:
        lines.append(
            _("Projects that landed in the last %(n)s months of the previous year still count.")
            % {"n": rules["carry_over_months"]}
        )
    return lines


def _where(where, stages):
    parts = []
    if "sector" in where:
        parts.append(_("sector %(n)s") % {"n": where["sector"]})
    if where.get("strategic"):
        parts.append(_("strategic emerging"))
    if where.get("major"):
        parts.append(_("major projects"))
    if "stage" in where:
        stage = stages.get(where["stage"])
        parts.append(_("reached %(stage)s") % {"stage": stage.name if stage else where["stage"]})
    if "type" in where:
        labels = dict(ProjectType.choices)
        parts.append("/".join(str(labels.get(t, t)) for t in where["type"]))
    if "carried_over" in where:
        parts.append(_("carried over") if where["carried_over"] else _("landed this year"))
    return "，".join(parts)


MEASURES = {
    "count": gettext_lazy("number of qualifying projects"),
    "total_investment": gettext_lazy("total investment of qualifying projects (10k yuan)"),
    "funds_in_place": gettext_lazy("funds in place of qualifying projects (10k yuan)"),
    "foreign_funds_usd": gettext_lazy("foreign capital in place (10k US dollars)"),
    "overdue_start": gettext_lazy("projects not started by their deadline"),
    "falsified": gettext_lazy("projects found false"),
    "late": gettext_lazy("late monthly reports"),
    "missing": gettext_lazy("missing monthly reports"),
    "average": gettext_lazy("average observation tour result"),
    "sum": gettext_lazy("sum of observation tour results"),
    "occurrences": gettext_lazy("recorded occurrences"),
}


def metric(metric, stages):
    text = str(MEASURES.get(metric["measure"], metric["measure"]))
    if metric.get("where"):
        text += f"（{_where(metric['where'], stages)}）"
    if metric["source"] == "items":
        text += f"：{'、'.join(metric['codes'])}"
    return text


def scoring(params, stages):
    method = params["method"]
    if method == "ratio_to_target":
        text = _("value ÷ target (%(target)s) × %(points)s") % {
            "target": TargetMetric(params["target"]).label,
            "points": fmt(params["points"]),
        }
        if params.get("cap_ratio"):
            text += _(", ratio at most %(cap)s") % {"cap": fmt(params["cap_ratio"])}
        if params.get("cap_points"):
            text += _(", at most %(cap)s points") % {"cap": fmt(params["cap_points"])}
        return text
    if method == "efficacy":
        return _(
            "efficacy coefficient within the group: "
            "[%(base)s + %(span)s × (x − min) ÷ (max − min)]%% × %(points)s"
        ) % {
            "base": fmt(params["base"]),
            "span": fmt(params["span"]),
            "points": fmt(params["points"]),
        }
    if method == "bands":
        bands = "；".join(
            f"{b.get('label') or _where(b, stages) or fmt(b.get('min', '0'))}：{fmt(b['points'])}"
            for b in params["bands"]
        )
        text = _("points per project: %(bands)s") % {"bands": bands}
        if params.get("cap"):
            text += _(", at most %(cap)s points") % {"cap": fmt(params["cap"])}
        return text
    if method == "rank":
        return _("points by place in the group: %(points)s; others %(others)s") % {
            "points": "、".join(fmt(p) for p in params["points"]),
            "others": fmt(params["others"]),
        }
    if method == "factor":
        text = _("value × %(factor)s") % {"factor": fmt(params["factor"])}
    else:
        text = _("%(points)s per occurrence") % {"points": fmt(params["points"])}
    if params.get("cap"):
        text += _(", at most %(cap)s points") % {"cap": fmt(params["cap"])}
    return text


def tiers(tiers):
    parts = []
    for level in tiers["levels"]:
        if "top" in level:
            rule = _("top %(n)s in the group") % {"n": level["top"]}
        elif "top_percent" in level:
            rule = _("top %(n)s%% in the group") % {"n": level["top_percent"]}
        else:
            rule = _("%(n)s points or more") % {"n": fmt(level["min_score"])}
        parts.append(f"{level['name']}：{rule}")
    if tiers["otherwise"]:
        parts.append(_("otherwise %(name)s") % {"name": tiers["otherwise"]})
    return parts
