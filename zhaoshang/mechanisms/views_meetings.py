"""一事一议 meeting pages: the list, a meeting with its agenda, positions and tasks, and its
minutes as a Word document."""

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.permissions import has_action
from zhaoshang.core.roles import MECHANISM_MANAGE, MECHANISM_VIEW
from zhaoshang.core.views import require_action, service_call
from zhaoshang.mechanisms import minutes_docx, selectors, services_meetings
from zhaoshang.mechanisms.choices import Decision, MeetingStatus
from zhaoshang.mechanisms.filtersets import TaskFilterSet
from zhaoshang.mechanisms.forms import (
    AgendaItemForm,
    MeetingForm,
    ResultForm,
    StanceForm,
    TaskForm,
)
from zhaoshang.mechanisms.models import AgendaItem
from zhaoshang.mechanisms.permissions import may_close
from zhaoshang.mechanisms.views_common import (
    attachment,
    filtered_page,
    form_page,
    post_action,
    require_manage,
)


def meeting_list(request):
    require_action(request.user, MECHANISM_VIEW)
    return render(
        request,
        "mechanisms/meeting_list.html",
        {
            "title": _("Decision meetings"),
            "meetings": list(selectors.meeting_list(request.user)),
            "can_manage": has_action(request.user, MECHANISM_MANAGE),
        },
    )


def _meeting_form(request, meeting, title, cancel):
    require_manage(request.user)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attendees = list(data.pop("attendees"))
        saved = service_call(
            form,
            lambda: services_meetings.meeting_save(
                actor=request.user, meeting=meeting, attendees=attendees, **data
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("mechanisms:meeting_detail", public_id=saved.public_id)
    return form_page(request, form, title, cancel)


def meeting_create(request):
    return _meeting_form(
        request, None, _("New decision meeting"), reverse("mechanisms:meeting_list")
    )


def meeting_edit(request, public_id):
    meeting = selectors.meeting_detail(request.user, public_id)
    return _meeting_form(
        request,
        meeting,
        _("Edit %(name)s") % {"name": meeting.title},
        reverse("mechanisms:meeting_detail", args=[public_id]),
    )


def meeting_detail(request, public_id):
    user = request.user
    meeting = selectors.meeting_detail(user, public_id)
    items = list(selectors.meeting_items(meeting))
    can_manage = has_action(user, MECHANISM_MANAGE)
    editable = can_manage and meeting.status == MeetingStatus.PLANNED
    for item in items:
        item.stance_form = StanceForm(meeting=meeting, prefix=f"s{item.pk}") if editable else None
        item.task_form = (
            TaskForm(user=user, prefix=f"t{item.pk}")
            if can_manage and item.decision not in (Decision.PENDING, Decision.REJECTED)
            else None
        )
        for task in item.tasks.all():
            task.closable = task.status == "open" and may_close(
                user, task.owner_unit, task.owner_id
            )
    return render(
        request,
        "mechanisms/meeting_detail.html",
        {
            "meeting": meeting,
            "attendees": list(meeting.attendees.all()),
            "items": items,
            "can_manage": can_manage,
            "editable": editable,
        },
    )


def _item(meeting, item_id):
    item = AgendaItem.objects.filter(meeting=meeting, public_id=item_id).first()
    if item is None:
        raise Http404
    return item


def _item_form(request, public_id, item_id=None):
    require_manage(request.user)
    meeting = selectors.meeting_detail(request.user, public_id)
    item = _item(meeting, item_id) if item_id else None
    form = AgendaItemForm(
        request.POST or None, request.FILES or None, instance=item, user=request.user
    )
    back = reverse("mechanisms:meeting_detail", args=[public_id])
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        material = data.pop("material", None) or None
        project = data.pop("project", None)
        saved = service_call(
            form,
            lambda: services_meetings.item_save(
                actor=request.user,
                meeting=meeting,
                item=item,
                project=project,
                material=material if hasattr(material, "size") else None,
                **data,
            ),
            "proposal",
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect(back)
    title = _("Edit agenda item") if item else _("New agenda item")
    return form_page(request, form, title, back, multipart=True)


def item_create(request, public_id):
    return _item_form(request, public_id)


def item_edit(request, public_id, item_id):
    return _item_form(request, public_id, item_id)


@require_POST
def stance_set(request, public_id, item_id):
    require_manage(request.user)
    meeting = selectors.meeting_detail(request.user, public_id)
    item = _item(meeting, item_id)
    form = StanceForm(request.POST, meeting=meeting, prefix=f"s{item.pk}")
    back = reverse("mechanisms:meeting_detail", args=[public_id]) + f"#item-{item.public_id}"
    if not form.is_valid():
        messages.error(request, _("Choose an attendee and a position."))
        return redirect(back)
    data = form.cleaned_data
    return post_action(
        request,
        lambda: services_meetings.stance_set(actor=request.user, item=item, **data),
        _("Position recorded."),
        back,
    )


@require_POST
def task_add(request, public_id, item_id):
    require_manage(request.user)
    meeting = selectors.meeting_detail(request.user, public_id)
    item = _item(meeting, item_id)
    form = TaskForm(request.POST, user=request.user, prefix=f"t{item.pk}")
    back = reverse("mechanisms:meeting_detail", args=[public_id]) + f"#item-{item.public_id}"
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    data = form.cleaned_data
    return post_action(
        request,
        lambda: services_meetings.task_add(actor=request.user, item=item, **data),
        _("Task added."),
        back,
    )


@require_POST
def meeting_held(request, public_id):
    require_manage(request.user)
    meeting = selectors.meeting_detail(request.user, public_id)
    return post_action(
        request,
        lambda: services_meetings.meeting_mark_held(actor=request.user, meeting=meeting),
        _("The meeting is recorded as held; its minutes can be issued."),
        reverse("mechanisms:meeting_detail", args=[public_id]),
    )


def item_material(request, public_id, item_id):
    meeting = selectors.meeting_detail(request.user, public_id)
    item = _item(meeting, item_id)
    return attachment(item.material, item.material_name)


def meeting_minutes(request, public_id):
    meeting = selectors.meeting_detail(request.user, public_id)
    items = list(selectors.meeting_items(meeting))
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        category=AuditCategory.SECURITY,
        obj=meeting,
        message=f"minutes: {meeting.title}",
    )
    content = minutes_docx.render(meeting, items, attendees=list(meeting.attendees.all()))
    response = HttpResponse(content, content_type=minutes_docx.DOCX_TYPE)
    filename = quote(f"{meeting.title}-{_('minutes')}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def task_list(request):
    require_action(request.user, MECHANISM_VIEW)
    queryset = selectors.task_list(request.user).order_by("status", "deadline", "pk")
    filterset, page, query = filtered_page(request, TaskFilterSet, queryset)
    rows = list(page.object_list)
    for task in rows:
        task.closable = task.status == "open" and may_close(
            request.user, task.owner_unit, task.owner_id
        )
    return render(
        request,
        "mechanisms/task_list.html",
        {
            "title": _("Follow-up tasks"),
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": query,
            "today": timezone.localdate(),
        },
    )


@require_POST
def task_done(request, public_id):
    task = selectors.task_list(request.user).filter(public_id=public_id).first()
    if task is None:
        raise Http404
    form = ResultForm(request.POST)
    result = form.cleaned_data["result"] if form.is_valid() else ""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("mechanisms:task_list")
    return post_action(
        request,
        lambda: services_meetings.task_done(actor=request.user, task=task, result=result),
        _("The task is done."),
        back,
    )
