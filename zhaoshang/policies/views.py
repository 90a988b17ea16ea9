"""Policy library pages: search, a policy, entering one (by form, pasted text or a DOCX), its
status links and attachments. Every write goes through ``services``."""

from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.forms import style
from zhaoshang.core.permissions import get_scoped_or_404, has_action
from zhaoshang.core.roles import POLICY_MANAGE, POLICY_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.policies import selectors, services, services_rules
from zhaoshang.policies.forms import (
    AttachmentForm,
    ImportForm,
    PolicyForm,
    ReplaceForm,
    SaveSearchForm,
)
from zhaoshang.policies.models import PolicyAttachment
from zhaoshang.policies.texts import docx_text, guess_header

# The policy page lists the largest projects it applies to; the count says how many in all.
SHOWN_PROJECTS = 15
_SEARCH_KEYS = ("q", "level", "category", "status", "issuer", "issued_after", "issued_before")


def _refused(request, exc):
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc) or _("You do not have permission to do this."))


def index(request):
    """The library's search page: words ranked by relevance, filters, highlighted snippets."""
    user = request.user
    require_action(user, POLICY_VIEW)
    filterset, results = selectors.search_page(user, request.GET, request.GET.get("page"))
    style(filterset.form, compact=True)
    query = urlencode([(k, v) for k, v in request.GET.items() if k in _SEARCH_KEYS and v])
    manager = has_action(user, POLICY_MANAGE)
    return render(
        request,
        "policies/index.html",
        {
            "title": _("Policies"),
            "filter": filterset,
            "results": results,
            "query_string": query,
            "can_manage": manager,
            "saved": list(selectors.saved_searches(user)),
            "save_form": SaveSearchForm(initial={"query": query}) if manager and query else None,
        },
    )


def policy_detail(request, public_id):
    user = request.user
    policy = selectors.policy_detail(user, public_id)
    manager = has_action(user, POLICY_MANAGE)
    projects = selectors.projects_for_policy(user, policy)
    return render(
        request,
        "policies/detail.html",
        {
            "policy": policy,
            "articles": list(selectors.policy_articles(policy)),
            "categories": list(policy.categories.all()),
            "industries": list(policy.industries.all()),
            "fields": list(policy.strategic_fields.all()),
            "replaces": list(policy.replaces.all()),
            "attachments": list(policy.attachments.all()),
            "rules": list(selectors.rules(user).filter(policy=policy)),
            "projects": projects[:SHOWN_PROJECTS],
            "project_count": len(projects),
            "can_manage": manager,
            "replace_form": ReplaceForm(user=user, policy=policy) if manager else None,
            "attachment_form": AttachmentForm() if manager else None,
        },
    )


def _policy_form_page(request, form, title, cancel_url):
    return render(
        request,
        "policies/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url},
    )


def _data(form):
    data = dict(form.cleaned_data)
    return data.pop("key_headings"), data


def policy_create(request):
    require_action(request.user, POLICY_MANAGE)
    form = PolicyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        keys, data = _data(form)
        policy = service_call(
            form,
            lambda: services.policy_create(actor=request.user, key_headings=keys or None, **data),
            "full_text",
        )
        if policy:
            messages.success(
                request,
                _("Policy saved with %(n)s articles.") % {"n": policy.articles.count()},
            )
            return redirect("policies:detail", public_id=policy.public_id)
    return _policy_form_page(request, form, _("New policy"), reverse("policies:index"))


def policy_import(request):
    """Read a pasted text or an uploaded DOCX into the policy form, for checking and
    completing; nothing is saved until that form is."""
    require_action(request.user, POLICY_MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data.get("text") or ""
        upload = form.cleaned_data.get("document")
        try:
            if upload:
                text = docx_text(upload)
        except ValidationError as exc:
            form.add_error("document", exc.messages)
        else:
            header = guess_header(text)
            policy_form = PolicyForm(user=request.user, initial=header)
            messages.info(
                request,
                _("The document was read: check the title and number, complete the rest, save."),
            )
            return render(
                request,
                "policies/form.html",
                {
                    "form": policy_form,
                    "title": _("New policy"),
                    "cancel_url": reverse("policies:index"),
                    "action": reverse("policies:create"),
                },
            )
    return render(request, "policies/import.html", {"form": form, "title": _("Import a document")})


def policy_edit(request, public_id):
    policy = selectors.policy_detail(request.user, public_id)
    require_action(request.user, POLICY_MANAGE)
    form = PolicyForm(request.POST or None, instance=policy, user=request.user)
    if request.method == "POST" and form.is_valid():
        keys, data = _data(form)
        fresh = selectors.policy_detail(request.user, public_id)
        saved = service_call(
            form,
            lambda: services.policy_update(
                actor=request.user, policy=fresh, key_headings=keys, **data
            ),
            "full_text",
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("policies:detail", public_id=public_id)
    return _policy_form_page(
        request,
        form,
        _("Edit %(title)s") % {"title": policy.title},
        reverse("policies:detail", args=[public_id]),
    )


@require_POST
def policy_replace(request, public_id):
    policy = selectors.policy_detail(request.user, public_id)
    require_action(request.user, POLICY_MANAGE)
    form = ReplaceForm(request.POST, user=request.user, policy=policy)
    if not form.is_valid():
        messages.error(request, _("Choose the newer document and what it did."))
    else:
        try:
            services.policy_replace(actor=request.user, policy=policy, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The status was recorded."))
    return redirect("policies:detail", public_id=public_id)


@require_POST
def attachment_add(request, public_id):
    policy = selectors.policy_detail(request.user, public_id)
    require_action(request.user, POLICY_MANAGE)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            services.attachment_add(
                actor=request.user, policy=policy, upload=form.cleaned_data["file"]
            )
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The file was attached."))
    return redirect("policies:detail", public_id=public_id)


def attachment_download(request, public_id):
    """Always a download, never rendered inline: uploads are untrusted."""
    attachment = get_scoped_or_404(request.user, POLICY_VIEW, PolicyAttachment, public_id=public_id)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        obj=attachment,
        message=attachment.name,
    )
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["Content-Type"] = "application/octet-stream"
    return response


@require_POST
def search_save(request):
    require_action(request.user, POLICY_MANAGE)
    form = SaveSearchForm(request.POST)
    # Only the search's own keys are kept: the string is replayed as a query string later.
    pairs = parse_qsl(request.POST.get("query", ""))
    query = urlencode([(k, v) for k, v in pairs if k in _SEARCH_KEYS and v])
    if form.is_valid():
        try:
            services_rules.saved_search_save(
                actor=request.user, name=form.cleaned_data["name"], query=query
            )
        except (ValidationError, PermissionDenied) as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The search was saved."))
    else:
        messages.error(request, _("Give the search a name."))
    return redirect(reverse("policies:index") + (f"?{query}" if query else ""))
