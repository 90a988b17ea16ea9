"""Ledger import pages: the template, the upload, the preview and the commit.

Between preview and commit the uploaded file waits in Django's storage under a generated name;
the session holds only its path and SHA-256, so any app server can finish the import, and the
commit re-reads exactly the file that was previewed.
"""

import hashlib
import uuid
from datetime import timedelta
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhaoshang.core.forms import StyledMixin
from zhaoshang.core.roles import PROJECT_IMPORT
from zhaoshang.core.views import require_action
from zhaoshang.projects import importer, ledger

SESSION_KEY = "ledger_import"
FOLDER = "imports"
KEEP = timedelta(days=1)  # an upload nobody committed is removed after this
SHOWN_ROWS = 200  # new rows listed in the preview; problems are always listed in full


class UploadForm(StyledMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Ledger file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _pending(request):
    return request.session.get(SESSION_KEY)


def _forget(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending and default_storage.exists(pending["path"]):
        default_storage.delete(pending["path"])


def _sweep():
    """Remove uploads left behind by previews that were never committed."""
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEEP
    for name in files:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


def _load(pending):
    """The stored upload, or None if it is gone or no longer the file that was previewed."""
    if not pending or not default_storage.exists(pending["path"]):
        return None
    with default_storage.open(pending["path"], "rb") as handle:
        data = handle.read()
    return data if hashlib.sha256(data).hexdigest() == pending["sha256"] else None


def _upload_page(request, form, status=200):
    return render(
        request,
        "projects/import.html",
        {
            "title": _("Import a project ledger"),
            "form": form,
            "columns": ledger.COLUMNS,
            "max_mb": settings.IMPORT_MAX_MB,
            "max_rows": importer.MAX_ROWS,
        },
        status=status,
    )


def import_upload(request):
    """Step 1: the guards run before anything parses the file; then it waits for preview."""
    require_action(request.user, PROJECT_IMPORT)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            data = importer.inspect_upload(uploaded)
        except ValidationError as exc:
            form.add_error("file", exc)
            return _upload_page(request, form, status=400)
        _forget(request)
        _sweep()
        path = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
        request.session[SESSION_KEY] = {
            "path": path,
            "sha256": hashlib.sha256(data).hexdigest(),
            "name": (uploaded.name or "")[-200:],
            "size": len(data),
        }
        return redirect("projects:import_preview")
    return _upload_page(request, form)


def _preview_page(request, pending, result, status=200):
    ledger_ = result.ledger
    errors = [*ledger_.errors, *ledger_.row_errors] if not result.errors else result.errors
    return render(
        request,
        "projects/import_preview.html",
        {
            "title": _("Check the ledger before importing"),
            "pending": pending,
            "ledger": ledger_,
            "file_errors": [e for e in errors if isinstance(e, str)],
            "row_errors": sorted(
                (e for e in errors if not isinstance(e, str)), key=lambda e: e.row
            ),
            "commit_failed": bool(result.errors),
            "importable": ledger_.importable and not result.errors,
            "new_rows": ledger_.new_rows,
            "existing_rows": ledger_.existing_rows,
            "similar_rows": ledger_.similar_rows,
            "bad_count": len(ledger_.bad_rows),
            "shown_limit": SHOWN_ROWS,
            "shown_slice": f":{SHOWN_ROWS}",
            "mapping": [
                (source.header, ledger.BY_KEY[key].header)
                for key, sources in ledger_.header.sources.items()
                for source in sources
            ],
        },
        status=status,
    )


def import_preview(request):
    """Step 2: every row checked, nothing written."""
    require_action(request.user, PROJECT_IMPORT)
    pending = _pending(request)
    data = _load(pending)
    if data is None:
        messages.info(request, _("Upload a ledger first."))
        return redirect("projects:import")
    try:
        result = importer.Outcome(ledger=importer.preview(data, request.user))
    except ValidationError as exc:
        _forget(request)
        form = UploadForm()
        form.add_error(None, exc)
        return _upload_page(request, form, status=400)
    return _preview_page(request, pending, result)


@require_POST
def import_commit(request):
    """Step 3: all new rows through the services in one transaction, or none."""
    require_action(request.user, PROJECT_IMPORT)
    pending = _pending(request)
    data = _load(pending)
    if data is None or request.POST.get("sha256") != pending["sha256"]:
        messages.error(
            request, _("This preview is out of date; upload the ledger again to import it.")
        )
        return redirect("projects:import")
    try:
        result = importer.import_ledger(
            actor=request.user, data=data, file_name=pending["name"], sha256=pending["sha256"]
        )
    except ValidationError as exc:
        _forget(request)
        form = UploadForm()
        form.add_error(None, exc)
        return _upload_page(request, form, status=400)
    if result.errors:
        return _preview_page(request, pending, result, status=400)
    _forget(request)
    messages.success(
        request,
        _("New projects imported: %(created)d. Already registered, skipped: %(skipped)d.")
        % {"created": len(result.created), "skipped": len(result.skipped)},
    )
    return redirect("projects:list")


def import_template(request):
    require_action(request.user, PROJECT_IMPORT)
    response = HttpResponse(
        ledger.build_template(request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = quote(_("project-ledger-template") + ".xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
