"""Full-text search over policy articles, rolled up to policies (POL-1).

Each database ranks with its own full-text engine: FTS5's bm25 on SQLite, ts_rank on PostgreSQL
(decision 0031). Both read the same segmented words (``segment``). Every part of the query must
match an article; when no article holds all of them, articles holding any of them are ranked
instead, so a search never comes back empty for a near miss. Snippets are cut and marked in
Python from the article's own text, escaped first, so no text can inject markup.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from zhaoshang.policies.models import PolicyArticle
from zhaoshang.policies.segment import highlight_terms, index_words, query_groups

FTS_TABLE = "policies_article_fts"
# Enough article hits to rank thousands of policies, few enough to stay quick.
MAX_HITS = 3000
SNIPPET_CHARS = 90
ARTICLES_PER_POLICY = 3


def _vendor():
    return connection.vendor


def index_articles(articles, *, removed_ids=()):
    """Segment ``articles`` and bring the index up to date with them (and without the ids in
    ``removed_ids``). Called by the services in the transaction that writes the articles."""
    for article in articles:
        article.search_title = index_words(f"{article.policy.title} {article.heading}")
        article.search_body = index_words(article.text)
    PolicyArticle.objects.bulk_update(articles, ["search_title", "search_body"], batch_size=500)
    if _vendor() != "sqlite":
        return  # PostgreSQL derives its tsvector from the two columns on its own.
    stale = [a.pk for a in articles] + list(removed_ids)
    # Table names are this module's constants and every value is a parameter (S608).
    with connection.cursor() as cursor:
        if stale:
            marks = ",".join(["%s"] * len(stale))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", stale)  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, search_title, search_body) VALUES (%s, %s, %s)",  # noqa: S608
            [(a.pk, a.search_title, a.search_body) for a in articles],
        )


def _fts5_query(groups, joiner):
    def quoted(word):
        return '"' + word.replace('"', '""') + '"'

    parts = ["(" + " AND ".join(quoted(w) for w in group) + ")" for group in groups]
    return f" {joiner} ".join(parts)


# In the two queries below, ``policy_sql`` is the SQL Django compiled for the filtered policies
# with its values left as parameters; the words are parameters too (S608).


def _sqlite_hits(groups, joiner, policy_sql, policy_params):
    sql = (
        f"SELECT a.id, a.policy_id, bm25({FTS_TABLE}, 4.0, 1.0) AS score "  # noqa: S608
        f"FROM {FTS_TABLE} JOIN policies_policyarticle a ON a.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND a.policy_id IN ({policy_sql}) "
        f"ORDER BY score LIMIT {MAX_HITS}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5_query(groups, joiner), *policy_params])
        # bm25 is lower for a better match; negated so that higher is better on both databases.
        return [(pk, policy_id, -score) for pk, policy_id, score in cursor.fetchall()]


def _postgres_hits(groups, joiner, policy_sql, policy_params):
    operator = " && " if joiner == "AND" else " || "
    words = [" ".join(group) for group in groups]
    tsquery = operator.join(["plainto_tsquery('simple', %s)"] * len(words))
    sql = (
        "SELECT a.id, a.policy_id, ts_rank(a.search_vector, q.query) AS score "  # noqa: S608
        f"FROM policies_policyarticle a, (SELECT {tsquery} AS query) q "
        f"WHERE a.search_vector @@ q.query AND a.policy_id IN ({policy_sql}) "
        f"ORDER BY score DESC, a.id LIMIT {MAX_HITS}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*words, *policy_params])
        return cursor.fetchall()


def _hits(groups, joiner, policies):
    policy_sql, policy_params = policies.order_by().values("pk").query.sql_with_params()
    finder = _sqlite_hits if _vendor() == "sqlite" else _postgres_hits
    return finder(groups, joiner, policy_sql, policy_params)


@dataclass
class PolicyHit:
    """One policy in the results: its best article's score and the articles that matched."""

    policy_id: int
    score: float
    article_ids: list = field(default_factory=list)
    match_count: int = 0


@dataclass
class SearchResult:
    hits: list  # PolicyHit, best first
    groups: list
    matched_all: bool


def search(policies, query):
    """Rank ``policies`` (a queryset already restricted and filtered) against ``query``."""
    groups = query_groups(query)
    if not groups:
        return SearchResult(hits=[], groups=[], matched_all=True)
    rows = _hits(groups, "AND", policies)
    matched_all = bool(rows)
    if not rows and len(groups) > 1:
        rows = _hits(groups, "OR", policies)
    by_policy = {}
    for article_id, policy_id, score in rows:
        hit = by_policy.get(policy_id)
        if hit is None:
            hit = by_policy[policy_id] = PolicyHit(policy_id=policy_id, score=float(score))
        hit.match_count += 1
        if len(hit.article_ids) < ARTICLES_PER_POLICY:
            hit.article_ids.append(article_id)
    hits = sorted(by_policy.values(), key=lambda h: (-h.score, -h.match_count, h.policy_id))
    return SearchResult(hits=hits, groups=groups, matched_all=matched_all)


def snippet(text, query, length=SNIPPET_CHARS):
    """A window of ``text`` around the first word of the query, HTML-escaped, with every
    query word wrapped in <mark>."""
    terms = highlight_terms(query)
    lowered = text.lower()
    first = min((i for i in (lowered.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, first - length // 3)
    end = min(len(text), start + length)
    piece = text[start:end].replace("\n", " ")
    if not terms:
        marked = escape(piece)
    else:
        pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
        marked, last = [], 0
        for match in pattern.finditer(piece):
            marked.append(escape(piece[last : match.start()]))
            marked.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
        marked.append(escape(piece[last:]))
        marked = "".join(marked)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + marked + suffix)  # noqa: S308 - every piece was escaped above
