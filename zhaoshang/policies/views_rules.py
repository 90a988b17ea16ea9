"""Incentive rules (POL-3) and the quick lookup staff use when meeting an investor."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import POLICY_MANAGE, POLICY_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.policies import selectors, services_rules
from zhaoshang.policies.forms import ConditionFormSet, LookupForm, RuleForm, condition_rows
from zhaoshang.policies.matching import Facts


def rule_list(request):
    user = request.user
    require_action(user, POLICY_VIEW)
    return render(
        request,
        "policies/rules.html",
        {
            "title": _("County incentives"),
            "rules": list(selectors.rules(user).order_by("position", "name")),
            "can_manage": has_action(user, POLICY_MANAGE),
        },
    )


def _rule_page(request, rule=None):
    user = request.user
    require_action(user, POLICY_MANAGE)
    initial = [{"kind": c.kind, "value": c.value} for c in rule.conditions.all()] if rule else []
    form = RuleForm(request.POST or None, instance=rule, user=user)
    formset = ConditionFormSet(request.POST or None, initial=initial, prefix="cond")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        saved = service_call(
            form,
            lambda: services_rules.rule_save(
                actor=user,
                rule=rule,
                conditions=condition_rows(formset),
                **data,
            ),
        )
        if saved:
            messages.success(request, _("Rule saved."))
            return redirect("policies:rules")
    return render(
        request,
        "policies/rule_form.html",
        {
            "form": form,
            "formset": formset,
            "title": _("Edit %(name)s") % {"name": rule.name} if rule else _("New incentive rule"),
            "condition_errors": form.errors.get("conditions", []) if form.is_bound else [],
        },
    )


def rule_create(request):
    return _rule_page(request)


def rule_edit(request, public_id):
    rule = selectors.rule_detail(request.user, public_id)
    return _rule_page(request, rule)


def lookup(request):
    """On a phone, across the table from an investor: what the county can offer."""
    user = request.user
    require_action(user, POLICY_VIEW)
    form = LookupForm(request.GET or None)
    context = {"title": _("Incentive lookup"), "form": form, "asked": False}
    if form.is_bound and form.is_valid():
        facts = Facts.of_answers(**form.cleaned_data)
        found, total = selectors.incentives_for(user, facts)
        context.update(
            asked=True,
            matches=found,
            total=total,
            policies=selectors.applicable_policies(user, facts)[:15],
            back=reverse("policies:lookup"),
        )
    return render(request, "policies/lookup.html", context)
