"""Reads of the policy library, always from ``restrict(user, action)``."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q

from zhaoshang.core.permissions import get_scoped_or_404, restrict
from zhaoshang.core.roles import POLICY_VIEW, PROJECT_VIEW
from zhaoshang.policies import matching, search
from zhaoshang.policies.choices import LEVEL_ORDER, PolicyStatus
from zhaoshang.policies.filtersets import PolicyFilterSet
from zhaoshang.policies.models import (
    Handbook,
    IncentiveCondition,
    IncentiveRule,
    Policy,
    PolicyArticle,
    PolicyCategory,
    SavedSearch,
)
from zhaoshang.projects.choices import StageKind
from zhaoshang.projects.models import Project

PER_PAGE = 20


def policies(user):
    return restrict(user, POLICY_VIEW, Policy)


def categories(user):
    return restrict(user, POLICY_VIEW, PolicyCategory)


def policy_detail(user, public_id):
    return get_scoped_or_404(
        user, POLICY_VIEW, Policy.objects.select_related("replaced_by"), public_id=public_id
    )


def _with_categories(queryset):
    return queryset.prefetch_related(
        Prefetch("categories", queryset=PolicyCategory.objects.order_by("position"))
    )


def filtered(user, params):
    """The filter set over what the user may read; ``filterset.qs`` without search words."""
    filterset = PolicyFilterSet(params or None, queryset=policies(user))
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else policies(user)
    return filterset, queryset.distinct()


class Results:
    """One page of results: policies with their matching articles and snippets."""

    def __init__(self, *, rows, page, total, query, matched_all=True):
        self.rows = rows
        self.page = page
        self.total = total
        self.query = query
        self.matched_all = matched_all


def search_page(user, params, page_number=1):
    """Search words ranked by relevance, or without words the newest policies first."""
    filterset, queryset = filtered(user, params)
    query = (filterset.form.cleaned_data.get("q") if filterset.is_bound else "") or ""
    query = query.strip() if filterset.is_bound and filterset.is_valid() else ""
    if not query:
        paginator = Paginator(
            queryset.order_by("-issued_on", "-pk").values_list("pk", flat=True), PER_PAGE
        )
        page = paginator.get_page(page_number)
        ids = list(page.object_list)
        rows = _rows(ids, {}, query)
        return filterset, Results(rows=rows, page=page, total=paginator.count, query="")
    found = search.search(queryset, query)
    paginator = Paginator(found.hits, PER_PAGE)
    page = paginator.get_page(page_number)
    hits = {hit.policy_id: hit for hit in page.object_list}
    rows = _rows([hit.policy_id for hit in page.object_list], hits, query)
    return filterset, Results(
        rows=rows, page=page, total=paginator.count, query=query, matched_all=found.matched_all
    )


def _rows(ids, hits, query):
    by_pk = {p.pk: p for p in _with_categories(Policy.objects.filter(pk__in=ids))}
    wanted = [pk for hit in hits.values() for pk in hit.article_ids]
    articles = {a.pk: a for a in PolicyArticle.objects.filter(pk__in=wanted)}
    rows = []
    for pk in ids:
        policy = by_pk[pk]
        hit = hits.get(pk)
        policy.hits = []
        if hit:
            policy.match_count = hit.match_count
            for article_id in hit.article_ids:
                article = articles[article_id]
                article.snippet = search.snippet(article.text, query)
                policy.hits.append(article)
        rows.append(policy)
    return rows


def policy_articles(policy):
    return policy.articles.all()


def rules(user):
    return (
        restrict(user, POLICY_VIEW, IncentiveRule)
        .select_related("policy", "article")
        .prefetch_related(Prefetch("conditions", queryset=IncentiveCondition.objects.all()))
    )


def active_rules(user):
    return rules(user).filter(is_active=True, policy__status=PolicyStatus.IN_FORCE)


def rule_detail(user, public_id):
    return get_scoped_or_404(user, POLICY_VIEW, rules(user), public_id=public_id)


def applicable_policies(user, facts):
    """Policies in force that name the project's industry or strategic emerging field."""
    wanted = Q(pk__in=[])
    if facts.division:
        wanted |= Q(industries__code=facts.division)
    if facts.strategic_field:
        wanted |= Q(strategic_fields__code=facts.strategic_field)
    found = _with_categories(policies(user).filter(wanted, status=PolicyStatus.IN_FORCE).distinct())
    return sorted(found, key=lambda p: (LEVEL_ORDER[p.level], -p.issued_on.toordinal()))


def incentives_for(user, facts):
    """``(matches, total)`` of the county's incentive rules for the facts."""
    found = matching.matches(active_rules(user), facts)
    return found, matching.total(found)


def projects_for_policy(user, policy):
    """The reverse match: open projects the user may see that the policy's rules apply to, or
    whose industry or strategic field the policy names. ``(project, matches)`` pairs, the
    largest investment first. Rules are evaluated in Python, the same code as the panel."""
    policy_rules = list(active_rules(user).filter(policy=policy))
    industries = set(policy.industries.values_list("code", flat=True))
    fields = set(policy.strategic_fields.values_list("code", flat=True))
    if not policy_rules and not industries and not fields:
        return []
    candidates = (
        restrict(user, PROJECT_VIEW, Project)
        .exclude(stage__kind=StageKind.DROPPED)
        .select_related("industry__section", "strategic_field", "platform", "unit", "stage")
        .order_by("-total_investment", "code")
    )
    if not policy_rules:
        candidates = candidates.filter(
            Q(industry__code__in=industries) | Q(strategic_field__code__in=fields)
        )
    found = []
    for project in candidates.iterator(chunk_size=500):
        facts = matching.Facts.of_project(project)
        matched = matching.matches(policy_rules, facts)
        named = project.industry.code in industries or (facts.strategic_field or "") in fields
        if matched or named:
            found.append((project, matched))
    return found


def handbooks(user):
    return (
        restrict(user, POLICY_VIEW, Handbook)
        .select_related("compiled_by")
        .annotate(policy_count=Count("policies", distinct=True))
        .prefetch_related("categories")
        # Meta.ordering does not apply to a query with GROUP BY.
        .order_by("-compiled_at", "-pk")
    )


def handbook_detail(user, public_id):
    return get_scoped_or_404(user, POLICY_VIEW, handbooks(user), public_id=public_id)


def saved_searches(user):
    return restrict(user, POLICY_VIEW, SavedSearch).select_related("created_by")
