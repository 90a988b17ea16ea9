"""Writes to the policy library (POL-1): pages, the API and the demo all call these.

Articles are derived from the full text by ``texts.split_articles``; an edit keeps the rows of
articles whose clause number is unchanged, so the incentive rules that cite them stay linked.
The full-text index is written in the same transaction as the articles.
"""

import os
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import POLICY_MANAGE
from zhaoshang.policies import search
from zhaoshang.policies.choices import PolicyStatus
from zhaoshang.policies.models import Policy, PolicyArticle, PolicyAttachment
from zhaoshang.policies.texts import normalise_doc_number, split_articles, validate_doc_number

POLICY_FIELDS = (
    "title",
    "level",
    "issuer",
    "doc_number",
    "issued_on",
    "effective_on",
    "expires_on",
    "regions",
    "source",
    "full_text",
)
_TEXTS = {"doc_number", "regions", "source"}
RELATED_FIELDS = ("categories", "industries", "strategic_fields")
ATTACHMENT_TYPES = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".wps", ".jpg", ".jpeg", ".png"}
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# Positions are moved out of the way while articles are renumbered (unique per policy).
_PARKED = 1_000_000


def require_manager(actor):
    if not has_action(actor, POLICY_MANAGE):
        raise PermissionDenied(_("You may not maintain the policy library."))


def _snapshot(policy):
    data = audit.snapshot(policy, [f for f in POLICY_FIELDS if f != "full_text"] + ["status"])
    data["full_text_chars"] = len(policy.full_text)
    return data


def _related_snapshot(related):
    return {name: sorted(str(item) for item in related.get(name, [])) for name in related}


def _clean(policy):
    policy.doc_number = normalise_doc_number(policy.doc_number)
    policy.title = policy.title.strip()
    policy.issuer = policy.issuer.strip()
    errors = {}
    try:
        validate_doc_number(policy.doc_number)
    except ValidationError as exc:
        errors["doc_number"] = exc.messages
    if policy.effective_on and policy.issued_on and policy.effective_on < policy.issued_on:
        errors["effective_on"] = [_("A policy cannot take effect before it is issued.")]
    if policy.expires_on and policy.effective_on and policy.expires_on <= policy.effective_on:
        errors["expires_on"] = [_("The expiry date must come after the effective date.")]
    if not split_articles(policy.full_text):
        errors["full_text"] = [_("The policy's text is empty.")]
    try:
        policy.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _write_articles(policy, key_headings=None):
    """Bring the policy's article rows in line with its full text."""
    parts = split_articles(policy.full_text)
    old = list(policy.articles.all())
    by_heading = {a.heading: a for a in old if a.heading}
    keys = set(key_headings) if key_headings is not None else {a.heading for a in old if a.is_key}
    kept, fresh = [], []
    for position, part in enumerate(parts, start=1):
        article = by_heading.pop(part["heading"], None) if part["heading"] else None
        if article is None:
            article = PolicyArticle(policy=policy)
            fresh.append(article)
        else:
            kept.append(article)
        article.position = position
        article.chapter = part["chapter"][:100]
        article.heading = part["heading"][:30]
        article.text = part["text"]
        article.is_key = bool(part["heading"]) and part["heading"] in keys
    gone = [a.pk for a in old if a not in kept]
    PolicyArticle.objects.filter(pk__in=gone).delete()
    PolicyArticle.objects.filter(pk__in=[a.pk for a in kept]).update(
        position=F("position") + _PARKED
    )
    PolicyArticle.objects.bulk_update(kept, ["position", "chapter", "heading", "text", "is_key"])
    PolicyArticle.objects.bulk_create(fresh)
    articles = list(policy.articles.all())
    for article in articles:
        article.policy = policy
    search.index_articles(articles, removed_ids=gone)
    return articles


def _set_related(policy, related):
    for name, values in related.items():
        getattr(policy, name).set(values)


def _blank_for_none(plain):
    # Optional text fields are stored empty, never NULL (forms and the API may send None).
    return {k: "" if v is None and k in _TEXTS else v for k, v in plain.items()}


def _split(fields):
    unknown = set(fields) - set(POLICY_FIELDS) - set(RELATED_FIELDS) - {"key_headings"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    related = {k: list(v) for k, v in fields.items() if k in RELATED_FIELDS}
    plain = {k: v for k, v in fields.items() if k in POLICY_FIELDS}
    return plain, related


@transaction.atomic
def policy_create(*, actor, key_headings=None, **fields):
    """Enter a policy. ``categories`` is required; industries and fields are optional.
    ``key_headings`` names the clauses (第三条…) to print in handbooks."""
    require_manager(actor)
    plain, related = _split(fields)
    if not related.get("categories"):
        raise ValidationError({"categories": [_("Choose at least one category.")]})
    policy = Policy(created_by=actor, **_blank_for_none(plain))
    _clean(policy)
    policy.save()
    _set_related(policy, related)
    _write_articles(policy, key_headings)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=policy,
        after={**_snapshot(policy), **_related_snapshot(related)},
    )
    return policy


def _lock(policy):
    return Policy.objects.select_for_update().get(pk=policy.pk)


@transaction.atomic
def policy_update(*, actor, policy, key_headings=None, **fields):
    require_manager(actor)
    policy = _lock(policy)
    plain, related = _split(fields)
    if "categories" in related and not related["categories"]:
        raise ValidationError({"categories": [_("Choose at least one category.")]})
    before = {
        **_snapshot(policy),
        **_related_snapshot({n: getattr(policy, n).all() for n in related}),
    }
    old_text, old_expiry = policy.full_text, policy.expires_on
    for name, value in _blank_for_none(plain).items():
        setattr(policy, name, value)
    _clean(policy)
    if policy.expires_on != old_expiry:
        policy.expiry_notified_on = None
    policy.save()
    _set_related(policy, related)
    if policy.full_text != old_text or key_headings is not None:
        _write_articles(policy, key_headings)
    else:
        # The title is indexed with every article.
        search.index_articles(list(policy.articles.select_related("policy")))
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=policy,
        before=before,
        after={**_snapshot(policy), **_related_snapshot(related)},
    )
    return policy


@transaction.atomic
def policy_replace(*, actor, policy, replaced_by, status):
    """Record that ``replaced_by`` amended or repealed ``policy``."""
    require_manager(actor)
    policy = _lock(policy)
    if status not in (PolicyStatus.AMENDED, PolicyStatus.REPEALED):
        raise ValidationError({"status": [_("Choose amended or repealed.")]})
    if replaced_by.pk == policy.pk:
        raise ValidationError({"replaced_by": [_("A policy cannot amend or repeal itself.")]})
    if replaced_by.issued_on < policy.issued_on:
        raise ValidationError(
            {"replaced_by": [_("The newer document must not be older than this one.")]}
        )
    before = audit.snapshot(policy, ("status", "replaced_by"))
    policy.status = status
    policy.replaced_by = replaced_by
    policy.save(update_fields=["status", "replaced_by", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=policy,
        before=before,
        after=audit.snapshot(policy, ("status", "replaced_by")),
    )
    return policy


@transaction.atomic
def attachment_add(*, actor, policy, upload):
    require_manager(actor)
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            {"file": [_("Attach a PDF, Word, Excel or image file.")]}, code="type"
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {"file": [_("The file is larger than %(mb)s MB.") % {"mb": 20}]}, code="size"
        )
    name = os.path.basename(upload.name)[-150:]
    # Stored under a generated name: the uploader's name never reaches the file system.
    upload.name = f"{uuid.uuid4().hex}{extension}"
    attachment = PolicyAttachment(
        policy=policy, name=name, file=upload, size=upload.size, uploaded_by=actor
    )
    attachment.full_clean()
    attachment.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=attachment,
        after={"policy": str(policy), "name": name, "size": attachment.size},
    )
    return attachment
