"""Evidence uploads: untrusted files, so size and real type are checked before storing, and
they are stored under generated names and served only as downloads."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction
from zhaoshang.core.permissions import can
from zhaoshang.core.roles import PROJECT_EDIT
from zhaoshang.projects.choices import EvidenceKind
from zhaoshang.projects.models import Evidence

# Real file signatures by extension; the extension alone proves nothing.
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
}


def check_upload(uploaded):
    """Refuse a file that is too large or whose content is not what its name claims."""
    limit = settings.EVIDENCE_MAX_MB * 1024 * 1024
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": settings.EVIDENCE_MAX_MB},
            code="too_large",
        )
    name = uploaded.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Only PDF, JPG, PNG, Word and Excel files can be attached."), code="bad_type"
        )
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content does not match its type (.%(ext)s).") % {"ext": extension},
            code="bad_content",
        )
    return extension


@transaction.atomic
def evidence_add(*, actor, project, kind, uploaded, note=""):
    if not can(actor, PROJECT_EDIT, project):
        raise PermissionDenied(_("You may not change this project."))
    if kind not in EvidenceKind.values:
        raise ValidationError(_("Unknown kind of evidence."))
    check_upload(uploaded)
    evidence = Evidence(
        project=project,
        kind=kind,
        original_name=(uploaded.name or "")[-200:],
        size=uploaded.size,
        note=note[:200],
        uploaded_by=actor,
    )
    name = evidence.file.field.generate_filename(evidence, uploaded.name)
    storage = evidence.file.storage
    try:
        evidence.file = storage.save(name, uploaded, max_length=evidence.file.field.max_length)
    except OSError as exc:
        # A full disk (or any write error) leaves what was written so far behind: remove it.
        # The name is a fresh UUID, so nothing else can live there.
        storage.delete(name)
        raise ValidationError(
            _(
                "The file could not be stored: the server has no room left for it. Nothing "
                "was attached; please tell the system administrator."
            ),
            code="not_stored",
        ) from exc
    evidence.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=evidence,
        after={"project": project.code, "kind": kind, "file": evidence.original_name},
    )
    return evidence
