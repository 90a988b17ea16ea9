"""Search quality on the demo library, on whichever database the suite runs (SQLite by
default, PostgreSQL under DATABASE_URL=postgres://…): the words a staff member types find the
right document first, with the matching article marked."""

import datetime as dt

import pytest
from django.db import connection

from zhaoshang.policies import search, selectors
from zhaoshang.policies.models import Policy

pytestmark = pytest.mark.django_db

# query → the document expected first, and documents expected among the results
QUALITY = [
    ("标准厂房 租金", "沧澜县标准厂房建设和使用管理办法", []),
    ("厂房租金", "沧澜县标准厂房建设和使用管理办法", []),
    ("土地 优惠", "沧澜县招商引资优惠政策若干规定", []),
    ("研发 补贴", "沧澜县支持科技创新和研发投入的若干措施", []),
    ("研发补贴", "沧澜县支持科技创新和研发投入的若干措施", []),
    ("人才 公寓", "沧澜县人才引进和安居保障办法", []),
    (
        "贷款 贴息",
        "沧澜县金融支持实体经济发展若干措施",
        ["河北省关于支持民营经济和中小微企业发展的若干措施"],
    ),
    ("税收 奖励", "沧澜县招商引资优惠政策若干规定", ["沧澜县招商引资优惠政策（试行）"]),
    ("物流 落户", "沧澜县加快现代服务业发展扶持办法", []),
    ("高新技术企业", "沧澜县支持科技创新和研发投入的若干措施", []),
    (
        "先租后让",
        "沧澜县工业用地弹性出让和先租后让实施办法",
        ["河北省关于支持民营经济和中小微企业发展的若干措施"],
    ),
    ("总部 奖励", "沧澜县总部经济奖励办法", []),
]


def _titles(user, query, **filters):
    _filterset, results = selectors.search_page(user, {"q": query, **filters})
    return [p.title for p in results.rows], results


def test_typed_words_find_the_right_document_first(demo_library, cast):
    user = cast["unit_a_staff"]
    misses = []
    for query, first, also in QUALITY:
        titles, _results = _titles(user, query)
        if not titles or titles[0] != first or not set(also) <= set(titles):
            misses.append((query, titles[:5]))
    assert not misses, (connection.vendor, misses)


def test_the_matching_article_is_shown_with_the_words_marked(demo_library, cast):
    _titles_found, results = _titles(cast["unit_a_staff"], "标准厂房 租金")
    first = results.rows[0]
    # The rent article and the rent-free article are among the articles shown, in an order
    # that bm25 and ts_rank may weigh differently; every shown article has the word marked.
    assert {"第五条", "第六条"} <= {h.heading for h in first.hits}
    assert all("<mark>租金</mark>" in h.snippet for h in first.hits)
    assert first.match_count >= 2


def test_filters_narrow_the_search(demo_library, cast):
    user = cast["unit_a_staff"]
    titles, _r = _titles(user, "税收 奖励", status="in_force")
    assert "沧澜县招商引资优惠政策（试行）" not in titles
    titles, _r = _titles(user, "贷款 贴息", level="province")
    assert titles == ["河北省关于支持民营经济和中小微企业发展的若干措施"]
    titles, _r = _titles(user, "土地 优惠", category="talent")
    assert titles == []
    titles, _r = _titles(user, "税收 奖励", issued_before="2020-01-01")
    assert titles == ["沧澜县招商引资优惠政策（试行）"]


def test_without_an_article_holding_every_word_any_word_is_ranked(demo_library, cast):
    titles, results = _titles(cast["unit_a_staff"], "人才公寓 物流园")
    assert not results.matched_all
    assert {"沧澜县人才引进和安居保障办法", "沧澜县加快现代服务业发展扶持办法"} <= set(titles)


def test_search_syntax_in_the_words_is_taken_as_text(make_policy, cast):
    make_policy(full_text='第一条 本办法所称"标准厂房" OR 租金 NEAR 仓库。')
    for query in ['" OR', "NEAR(", "租金 AND", "'; DROP TABLE x; --", "*", "\\"]:
        selectors.search_page(cast["unit_a_staff"], {"q": query})
    assert Policy.objects.exists()


def test_snippets_escape_the_text(make_policy, cast):
    make_policy(full_text="第一条 <script>alert('租金')</script> 标准厂房租金。")
    _titles_found, results = _titles(cast["unit_a_staff"], "租金")
    snippet = results.rows[0].hits[0].snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>租金</mark>" in snippet


def test_the_index_follows_every_write(make_policy, cast):
    from zhaoshang.policies import services

    policy = make_policy(title="关于冷库建设的通知", full_text="第一条 冷链仓储用地。")
    assert [h.policy_id for h in search.search(Policy.objects.all(), "冷链").hits] == [policy.pk]
    services.policy_update(actor=cast["bureau_admin"], policy=policy, title="关于港口物流的通知")
    assert search.search(Policy.objects.all(), "港口").hits
    assert not search.search(Policy.objects.all(), "冷库").hits


def test_an_empty_query_lists_the_newest_first(make_policy, cast):
    make_policy(issued_on=dt.date(2020, 1, 1), title="旧")
    make_policy(issued_on=dt.date(2025, 1, 1), title="新")
    titles, results = _titles(cast["unit_a_staff"], "")
    assert titles[:2] == ["新", "旧"] and results.query == ""
