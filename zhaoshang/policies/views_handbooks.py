"""Handbooks (小册子, POL-2): compiling an edition, the kept editions and their print view."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import POLICY_MANAGE, POLICY_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.policies import handbook, selectors, services_handbooks
from zhaoshang.policies.forms import HandbookForm
from zhaoshang.policies.handbook_docx import DOCX_TYPE, numeral


def handbook_list(request):
    """The kept editions and, for the bureau, the form that compiles a new one; policies
    ticked on the search page arrive here as ``policies``."""
    user = request.user
    require_action(user, POLICY_VIEW)
    manager = has_action(user, POLICY_MANAGE)
    form = None
    if manager:
        initial = {
            "title": _("County investment promotion policy handbook"),
            "compiler": _("County investment promotion bureau"),
            "policies": request.GET.getlist("policies"),
        }
        form = HandbookForm(request.POST or None, user=user, initial=initial)
    if manager and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        picked = data["policies"]
        edition = service_call(
            form,
            lambda: services_handbooks.handbook_compile(
                actor=user,
                title=data["title"],
                compiler=data["compiler"],
                categories=data["categories"],
                policy_ids=[p.pk for p in picked] if picked else None,
                saved_search=data["saved_search"],
            ),
        )
        if edition:
            messages.success(request, _("The handbook was compiled."))
            return redirect("policies:handbooks")
    elif request.method == "POST":
        require_action(user, POLICY_MANAGE)
    picked = form["policies"].value() if form else []
    return render(
        request,
        "policies/handbooks.html",
        {
            "title": _("Policy handbooks"),
            "editions": list(selectors.handbooks(user)),
            "form": form,
            "picked_count": len(picked or []),
        },
    )


def handbook_download(request, public_id):
    edition = selectors.handbook_detail(request.user, public_id)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        obj=edition,
        message=edition.title,
    )
    stamp = edition.compiled_at.strftime("%Y%m%d")
    response = FileResponse(
        edition.file.open("rb"), as_attachment=True, filename=f"{edition.title}-{stamp}.docx"
    )
    response["Content-Type"] = DOCX_TYPE
    return response


def handbook_print(request, public_id):
    """The edition's policies as a page made for printing (the current texts)."""
    edition = selectors.handbook_detail(request.user, public_id)
    sections = handbook.sections(
        categories=list(edition.categories.all()),
        policy_ids=list(edition.policies.values_list("pk", flat=True)),
    )
    numbered = []
    for number, section in enumerate(sections, start=1):
        section.number = numeral(number)
        for inner, policy in enumerate(section.policies, start=1):
            policy.number = numeral(inner)
            policy.printed = handbook.key_articles(policy)
            for article in policy.printed:
                article.lead = handbook.lead(article.heading)
            policy.source_text = handbook.source_line(policy)
        numbered.append(section)
    return render(
        request, "policies/handbook_print.html", {"edition": edition, "sections": numbered}
    )
