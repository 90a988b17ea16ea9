"""The user's own notifications: the list behind the bell, marking read, following a link."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core import notifications


def notification_list(request):
    page = Paginator(notifications.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "core/notifications.html",
        {
            "title": _("Notifications"),
            "page": page,
            "unread": notifications.unread_count(request.user),
        },
    )


@require_POST
def notification_open(request, pk):
    """Opening a notification marks it read and goes where it points."""
    notification = notifications.notification_read(actor=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notification_list")


@require_POST
def notification_read_all(request):
    notifications.notifications_read_all(actor=request.user)
    return redirect("notification_list")
