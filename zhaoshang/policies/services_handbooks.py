"""Compiling handbooks (POL-2): the DOCX is built once and kept with the edition."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.policies import handbook, handbook_docx
from zhaoshang.policies.models import Handbook
from zhaoshang.policies.services import require_manager


@transaction.atomic
def handbook_compile(*, actor, title, compiler, categories, policy_ids=None, saved_search=None):
    """Compile an edition from ``categories`` and either explicit ``policy_ids``, a
    ``saved_search``, or (neither) every policy in force under the categories."""
    require_manager(actor)
    categories = list(categories)
    if not categories:
        raise ValidationError({"categories": [_("Choose at least one category.")]})
    if saved_search is not None:
        policy_ids = handbook.saved_search_policies(actor, saved_search)
    sections = handbook.sections(categories=categories, policy_ids=policy_ids)
    if not sections:
        raise ValidationError(
            _("No policy of the chosen categories is in the selection; nothing to compile.")
        )
    now = timezone.now()
    edition = Handbook(
        title=(title or "").strip(),
        compiler=(compiler or "").strip(),
        compiled_at=now,
        compiled_by=actor,
    )
    content = handbook_docx.render(
        title=edition.title,
        compiler=edition.compiler,
        compiled_on=timezone.localdate(now),
        sections=sections,
    )
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    edition.file.save(f"handbook-{stamp}.docx", ContentFile(content), save=False)
    edition.full_clean()
    edition.save()
    edition.categories.set([s.category for s in sections])
    edition.policies.set([p for s in sections for p in s.policies])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=edition,
        after={
            "title": edition.title,
            "categories": [s.category.name for s in sections],
            "policies": sum(len(s.policies) for s in sections),
        },
    )
    return edition
