"""What goes into a handbook (小册子, POL-2) and in which order: sections per category in the
categories' order, and in each section the policies from the centre down to the county, the
newest first. A policy filed under several chosen categories appears once, in the first.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qs

from zhaoshang.policies import search, selectors
from zhaoshang.policies.choices import LEVEL_ORDER, PolicyStatus
from zhaoshang.policies.models import Policy, PolicyCategory


@dataclass
class Section:
    category: PolicyCategory
    policies: list = field(default_factory=list)


def saved_search_policies(user, saved):
    """Every policy a saved search finds (its words and filters), in relevance order."""
    params = {k: v[-1] for k, v in parse_qs(saved.query).items()}
    filterset, queryset = selectors.filtered(user, params)
    words = (params.get("q") or "").strip()
    if not words:
        return list(queryset.values_list("pk", flat=True))
    return [hit.policy_id for hit in search.search(queryset, words).hits]


def sections(*, categories, policy_ids=None):
    """``categories`` in their order; ``policy_ids`` narrows the policies (a selection or a
    saved search); without it, every policy in force filed under the categories."""
    chosen = sorted(categories, key=lambda c: (c.position, c.code))
    rank = {c.pk: n for n, c in enumerate(chosen)}
    queryset = Policy.objects.filter(categories__in=chosen).distinct()
    if policy_ids is None:
        queryset = queryset.filter(status=PolicyStatus.IN_FORCE)
    else:
        queryset = queryset.filter(pk__in=list(policy_ids))
    queryset = queryset.prefetch_related("categories", "articles")
    by_category = {c.pk: Section(category=c) for c in chosen}
    for policy in queryset:
        first = min((c for c in policy.categories.all() if c.pk in rank), key=lambda c: rank[c.pk])
        by_category[first.pk].policies.append(policy)
    for section in by_category.values():
        section.policies.sort(key=lambda p: (LEVEL_ORDER[p.level], -p.issued_on.toordinal(), p.pk))
    return [s for s in by_category.values() if s.policies]


def key_articles(policy):
    """The articles marked as key, or all of them when none is marked (a short document)."""
    articles = list(policy.articles.all())
    marked = [a for a in articles if a.is_key]
    return marked or articles


def lead(heading):
    """What starts an article's first line: 第三条 takes a full-width space after it, 三、
    already ends in its mark."""
    if not heading:
        return ""
    return heading if heading.endswith("、") else f"{heading}　"


def source_line(policy):
    parts = [policy.issuer]
    if policy.doc_number:
        parts.append(policy.doc_number)
    parts.append(f"{policy.issued_on.year}年{policy.issued_on.month}月{policy.issued_on.day}日")
    if policy.source:
        parts.append(policy.source)
    return "　".join(parts)
