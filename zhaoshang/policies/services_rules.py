"""Writes to incentive rules (POL-3) and saved searches."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.policies.matching import BENEFIT_PARAMETERS, parse_condition
from zhaoshang.policies.models import IncentiveCondition, IncentiveRule, SavedSearch
from zhaoshang.policies.services import require_manager

RULE_FIELDS = (
    "name",
    "policy",
    "article",
    "summary",
    "benefit_kind",
    "amount",
    "rate",
    "threshold",
    "cap",
    "years",
    "unit_price",
    "max_area",
    "position",
    "is_active",
)


def _rule_snapshot(rule, conditions):
    data = audit.snapshot(rule, RULE_FIELDS)
    data["conditions"] = [{"kind": c.kind, "value": c.value} for c in conditions]
    return data


def _check(rule, conditions):
    errors = {}
    if rule.article_id and rule.article.policy_id != rule.policy_id:
        errors["article"] = [_("The clause cited must be one of the policy's articles.")]
    for name in BENEFIT_PARAMETERS.get(rule.benefit_kind, ()):
        if getattr(rule, name) in (None, ""):
            label = IncentiveRule._meta.get_field(name).verbose_name
            errors.setdefault(name, []).append(
                _("This benefit needs “%(field)s”.") % {"field": label}
            )
    problems = []
    for number, condition in enumerate(conditions, start=1):
        try:
            parse_condition(condition.kind, condition.value)
        except ValidationError as exc:
            problems.append(
                _("Condition %(n)s (%(kind)s): %(why)s")
                % {"n": number, "kind": condition.get_kind_display(), "why": " ".join(exc.messages)}
            )
    if problems:
        errors["conditions"] = problems
    try:
        rule.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rule_save(*, actor, rule=None, conditions, **fields):
    """Create a rule, or change one; ``conditions`` is a list of (kind, value) pairs and
    replaces the rule's conditions."""
    require_manager(actor)
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = None
    if rule is not None:
        rule = IncentiveRule.objects.select_for_update().get(pk=rule.pk)
        before = _rule_snapshot(rule, rule.conditions.all())
    else:
        rule = IncentiveRule()
    for name, value in fields.items():
        setattr(rule, name, value)
    rows = [
        IncentiveCondition(kind=kind, value=(value or "").strip(), position=n)
        for n, (kind, value) in enumerate(conditions, start=1)
    ]
    _check(rule, rows)
    rule.save()
    rule.conditions.all().delete()
    for row in rows:
        row.rule = rule
    IncentiveCondition.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=rule,
        before=before,
        after=_rule_snapshot(rule, rows),
    )
    return rule


@transaction.atomic
def saved_search_save(*, actor, name, query):
    """Keep a search under a name; saving under an existing name replaces its search."""
    require_manager(actor)
    name = (name or "").strip()
    search = SavedSearch.objects.filter(name=name).first()
    before = audit.snapshot(search, ("name", "query")) if search else None
    search = search or SavedSearch(name=name, created_by=actor)
    search.query = query[:500]
    search.full_clean()
    search.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=search,
        before=before,
        after=audit.snapshot(search, ("name", "query")),
    )
    return search
