#!/usr/bin/env python3
"""Time the policy search on 10,000 generated policies (about 60,000 articles).

Usage (from the repository root):
    DATA_DIR=/tmp/zs-bench .venv/bin/python bench/policies_search.py [COUNT]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench \
        .venv/bin/python bench/policies_search.py

A throw-away test database is created and dropped again. Policies are generated
deterministically from the demo's topic clauses; the demo's core documents are added so the
usual queries have their right answers. Prints the time to build the index and, per query,
the median and slowest of five runs of ranking plus the first page's snippets. Not a test.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

QUERIES = ["标准厂房 租金", "土地 优惠", "研发 补贴", "人才 公寓", "贷款 贴息", "专精特新", "企业"]
RUNS = 5


def build(count):
    import datetime as dt

    from zhaoshang.policies import demo, search
    from zhaoshang.policies.models import Policy, PolicyArticle, PolicyCategory
    from zhaoshang.policies.texts import split_articles

    categories = {c.code: c for c in PolicyCategory.objects.all()}
    documents = demo.core_documents() + demo.generated_documents()
    policies = []
    for n in range(count):
        source = documents[n % len(documents)]
        title = source["title"] if n < len(documents) else f"{source['title']}（第{n}号）"
        policies.append(
            Policy(
                title=title[:200],
                level=source["level"],
                issuer=source["issuer"],
                doc_number="",
                issued_on=dt.date(2015 + n % 11, n % 12 + 1, n % 28 + 1),
                full_text=source["text"],
            )
        )
    Policy.objects.bulk_create(policies, batch_size=1000)
    links = []
    articles = []
    for policy, n in zip(Policy.objects.order_by("pk"), range(count), strict=True):
        source = documents[n % len(documents)]
        for code in source["categories"]:
            links.append(Policy.categories.through(policy=policy, policycategory=categories[code]))
        for position, part in enumerate(split_articles(policy.full_text), start=1):
            articles.append(
                PolicyArticle(
                    policy=policy,
                    position=position,
                    chapter=part["chapter"][:100],
                    heading=part["heading"][:30],
                    text=part["text"],
                )
            )
    Policy.categories.through.objects.bulk_create(links, batch_size=2000)
    PolicyArticle.objects.bulk_create(articles, batch_size=2000)
    saved = list(PolicyArticle.objects.select_related("policy"))
    for start in range(0, len(saved), 2000):
        search.index_articles(saved[start : start + 2000])
    return len(saved)


def main():
    from django.db import transaction

    from zhaoshang.policies import search
    from zhaoshang.policies.models import Policy, PolicyArticle

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        with transaction.atomic():
            articles = build(count)
        print(
            f"{connection.vendor}: {count} policies, {articles} articles indexed in "
            f"{time.perf_counter() - started:.1f} s"
        )
        for query in QUERIES:
            times = []
            for _run in range(RUNS):
                began = time.perf_counter()
                found = search.search(Policy.objects.all(), query)
                first = [a for h in found.hits[:20] for a in h.article_ids]
                for article in PolicyArticle.objects.filter(pk__in=first):
                    search.snippet(article.text, query)
                times.append((time.perf_counter() - began) * 1000)
            median = statistics.median(times)
            print(
                f"  {query:<10} {len(found.hits):>6} policies  median {median:7.1f} ms"
                f"  slowest {max(times):7.1f} ms"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
