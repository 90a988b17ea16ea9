"""Writing the library through the services: articles, the index, links, attachments, rules."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zhaoshang.policies import search, services, services_rules
from zhaoshang.policies.models import IncentiveRule, Policy, PolicyArticle

pytestmark = pytest.mark.django_db


def test_a_policy_is_saved_with_its_articles_indexed_and_audited(make_policy, audit_count):
    before = audit_count()
    policy = make_policy(doc_number="沧政办发[2024]9号", key_headings=["第二条"])
    assert policy.doc_number == "沧政办发〔2024〕9号"
    articles = list(policy.articles.all())
    assert [a.heading for a in articles] == ["第一条", "第二条", "第三条"]
    assert [a.is_key for a in articles] == [False, True, False]
    assert "标准厂房" in articles[1].search_body.split()
    assert audit_count() == before + 1
    found = search.search(Policy.objects.all(), "标准厂房 租金")
    assert [h.policy_id for h in found.hits] == [policy.pk]


@pytest.mark.parametrize("who", ["unit_a_staff", "leader", "assessor", "cadre"])
def test_only_the_bureau_enters_policies(make_policy, cast, who, audit_count):
    before, count = audit_count(), Policy.objects.count()
    with pytest.raises(PermissionDenied):
        make_policy(actor=cast[who])
    assert Policy.objects.count() == count and audit_count() == before


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(make_policy, audit_count):
    before, count = audit_count(), Policy.objects.count()
    with pytest.raises(ValidationError) as caught:
        make_policy(
            doc_number="国发2021年7号",
            effective_on=dt.date(2024, 1, 1),
            full_text="  \n ",
        )
    assert {"doc_number", "effective_on", "full_text"} <= set(caught.value.message_dict)
    assert Policy.objects.count() == count and audit_count() == before


def test_a_policy_needs_a_category(make_policy):
    with pytest.raises(ValidationError) as caught:
        make_policy(categories=[])
    assert "categories" in caught.value.message_dict


def test_editing_the_text_keeps_cited_articles_and_reindexes(make_policy, cast):
    policy = make_policy()
    second = policy.articles.get(heading="第二条")
    rule = services_rules.rule_save(
        actor=cast["bureau_admin"],
        conditions=[],
        name="测试免租",
        policy=policy,
        article=second,
        summary="免租",
        benefit_kind="fixed",
        amount=Decimal("10"),
    )
    services.policy_update(
        actor=cast["bureau_admin"],
        policy=policy,
        full_text="第一条 目的。\n第二条 入驻企业前五年减半收取物业费。\n第四条 新增。",
    )
    rule.refresh_from_db()
    assert rule.article_id == second.pk
    assert rule.article.text == "入驻企业前五年减半收取物业费。"
    assert [a.heading for a in policy.articles.all()] == ["第一条", "第二条", "第四条"]
    assert not search.search(Policy.objects.all(), "租金").hits
    assert search.search(Policy.objects.all(), "物业费").hits[0].policy_id == policy.pk


def test_a_changed_expiry_date_may_be_alerted_again(make_policy, cast):
    policy = make_policy(expires_on=dt.date(2026, 12, 1))
    Policy.objects.filter(pk=policy.pk).update(expiry_notified_on=dt.date(2026, 11, 5))
    services.policy_update(
        actor=cast["bureau_admin"], policy=policy, expires_on=dt.date(2027, 12, 1)
    )
    policy.refresh_from_db()
    assert policy.expiry_notified_on is None


def test_a_repealed_policy_links_to_the_newer_one(make_policy, cast):
    old = make_policy(issued_on=dt.date(2019, 5, 1))
    new = make_policy(issued_on=dt.date(2024, 3, 1))
    services.policy_replace(
        actor=cast["bureau_admin"], policy=old, replaced_by=new, status="repealed"
    )
    old.refresh_from_db()
    assert old.status == "repealed" and old.replaced_by == new
    assert list(new.replaces.all()) == [old]


def test_an_older_document_cannot_replace_a_newer_one(make_policy, cast):
    old = make_policy(issued_on=dt.date(2019, 5, 1))
    new = make_policy(issued_on=dt.date(2024, 3, 1))
    with pytest.raises(ValidationError):
        services.policy_replace(
            actor=cast["bureau_admin"], policy=new, replaced_by=old, status="amended"
        )
    with pytest.raises(ValidationError):
        services.policy_replace(
            actor=cast["bureau_admin"], policy=new, replaced_by=new, status="amended"
        )
    new.refresh_from_db()
    assert new.status == "in_force"


def test_an_attachment_is_stored_under_a_generated_name(make_policy, cast):
    policy = make_policy()
    attachment = services.attachment_add(
        actor=cast["bureau_admin"],
        policy=policy,
        upload=SimpleUploadedFile("../原件 扫描.pdf", b"%PDF-1.4 test"),
    )
    assert attachment.name == "原件 扫描.pdf"
    assert "原件" not in attachment.file.name and attachment.file.name.endswith(".pdf")


def test_an_attachment_of_another_type_is_refused(make_policy, cast):
    policy = make_policy()
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=cast["bureau_admin"],
            policy=policy,
            upload=SimpleUploadedFile("run.html", b"<script>alert(1)</script>"),
        )
    assert not policy.attachments.exists()


def test_a_rule_missing_its_benefit_parameters_or_with_bad_conditions_is_refused(
    make_policy, cast, audit_count
):
    policy = make_policy()
    before = audit_count()
    with pytest.raises(ValidationError) as caught:
        services_rules.rule_save(
            actor=cast["bureau_admin"],
            conditions=[("investment_min", "五千"), ("platform", "")],
            name="坏规则",
            policy=policy,
            summary="缺参数",
            benefit_kind="percent_above",
            rate=Decimal("5"),
        )
    errors = caught.value.message_dict
    assert "threshold" in errors and len(errors["conditions"]) == 2
    assert not IncentiveRule.objects.filter(name="坏规则").exists()
    assert audit_count() == before


def test_a_rule_may_only_cite_a_clause_of_its_own_policy(make_policy, cast):
    one, other = make_policy(), make_policy()
    with pytest.raises(ValidationError) as caught:
        services_rules.rule_save(
            actor=cast["bureau_admin"],
            conditions=[],
            name="错引条款",
            policy=one,
            article=PolicyArticle.objects.filter(policy=other).first(),
            summary="x",
            benefit_kind="fixed",
            amount=Decimal("1"),
        )
    assert "article" in caught.value.message_dict


def test_saving_a_search_under_its_name_again_replaces_it(cast):
    services_rules.saved_search_save(actor=cast["bureau_admin"], name="用地", query="q=土地")
    saved = services_rules.saved_search_save(
        actor=cast["bureau_admin"], name="用地", query="q=土地+优惠"
    )
    assert saved.query == "q=土地+优惠"
    with pytest.raises(PermissionDenied):
        services_rules.saved_search_save(actor=cast["unit_a_staff"], name="x", query="q=x")
