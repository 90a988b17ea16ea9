"""Log-in, password and organisation pages (units, accounts, role assignments)."""

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhaoshang.core import audit
from zhaoshang.core.choices import AuditAction, AuditCategory
from zhaoshang.core.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT
from zhaoshang.core.permissions import can, get_scoped_or_404, has_action, require_or_403, restrict
from zhaoshang.core.roles import (
    MEMBERSHIP_MANAGE,
    MEMBERSHIP_VIEW,
    UNIT_MANAGE,
    UNIT_VIEW,
    USER_MANAGE,
    USER_VIEW,
)
from zhaoshang.core.views import add_service_errors, render_list, require_action, service_call
from zhaoshang.orgs import forms, selectors, services
from zhaoshang.orgs.filtersets import MembershipFilterSet, UnitFilterSet, UserFilterSet
from zhaoshang.orgs.models import Membership, Unit, User
from zhaoshang.orgs.tables import MembershipTable, UnitTable, UserTable


class LoginForm(AuthenticationForm):
    # One message for a wrong password, an unknown name and a locked account alike, so the
    # page does not tell an attacker which of them it was.
    error_messages = {
        "invalid_login": gettext_lazy(
            "Wrong user name or password, or the account is temporarily locked. "
            "After 5 failures an account is locked for 30 minutes."
        ),
        "inactive": gettext_lazy(
            "Wrong user name or password, or the account is temporarily locked. "
            "After 5 failures an account is locked for 30 minutes."
        ),
    }


class LoginView(auth_views.LoginView):
    template_name = "orgs/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        auth_login(self.request, user)
        now = timezone.now().isoformat()
        self.request.session[SESSION_LOGIN_AT] = now
        self.request.session[SESSION_SEEN_AT] = now
        audit.record(action=AuditAction.LOGIN, category=AuditCategory.SECURITY, actor=user)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        username = (self.request.POST.get("username") or "")[:150]
        locked = bool(getattr(self.request, "axes_locked_out", False))
        audit.record(
            action=AuditAction.LOCKOUT if locked else AuditAction.LOGIN_FAILED,
            category=AuditCategory.SECURITY,
            actor_name=username,
            success=False,
        )
        return super().form_invalid(form)


def lockout_response(request, original_response, credentials=None):
    """Axes calls this when an account is locked: show the same generic log-in error."""
    return original_response


@require_POST
def logout_view(request):
    user = request.user
    if user.is_authenticated:
        audit.record(action=AuditAction.LOGOUT, category=AuditCategory.SECURITY, actor=user)
    auth_logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("login")


def password_change(request):
    form = forms.PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_change_password(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, "new_password1")
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect("home")
    return render(
        request,
        "orgs/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
    )


# Units -------------------------------------------------------------------------------------


def unit_list(request):
    require_action(request.user, UNIT_VIEW)
    return render_list(
        request,
        template="orgs/unit_list.html",
        title=_("Units"),
        queryset=selectors.unit_list(request.user),
        filterset_class=UnitFilterSet,
        table_class=UnitTable,
        extra={"can_add": has_action(request.user, UNIT_MANAGE)},
    )


def unit_detail(request, code):
    unit = get_scoped_or_404(
        request.user, UNIT_VIEW, Unit.objects.select_related("parent"), code=code
    )
    children = restrict(request.user, UNIT_VIEW, Unit).filter(parent=unit)
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "team": selectors.unit_team(request.user, unit)
            if can(request.user, UNIT_VIEW, unit) and has_action(request.user, USER_VIEW)
            else None,
            "users": selectors.user_list(request.user).filter(unit=unit, is_active=True),
            "can_manage": can(request.user, UNIT_MANAGE, unit),
        },
    )


def unit_create(request):
    if not has_action(request.user, UNIT_MANAGE):
        raise PermissionDenied
    form = forms.UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = service_call(
            form, lambda: services.unit_create(actor=request.user, **form.cleaned_data)
        )
        if unit:
            messages.success(request, _("Unit %(name)s was created.") % {"name": unit.name})
            return redirect("orgs:unit_detail", code=unit.code)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("New unit"), "cancel_url": reverse("orgs:unit_list")},
    )


def unit_edit(request, code):
    unit = get_scoped_or_404(request.user, UNIT_VIEW, Unit, code=code)
    require_or_403(request.user, UNIT_MANAGE, unit)
    form = forms.UnitForm(request.POST or None, instance=unit, user=request.user)
    if unit.kind == "county":
        form.fields.pop("parent")
        form.fields.pop("kind")
    if request.method == "POST" and form.is_valid():
        unit = Unit.objects.get(pk=unit.pk)
        saved = service_call(
            form,
            lambda: services.unit_update(actor=request.user, unit=unit, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("orgs:unit_detail", code=saved.code)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": unit.name},
            "cancel_url": reverse("orgs:unit_detail", args=[unit.code]),
        },
    )


# Users -------------------------------------------------------------------------------------


def user_list(request):
    require_action(request.user, USER_VIEW)
    return render_list(
        request,
        template="orgs/user_list.html",
        title=_("User accounts"),
        queryset=selectors.user_list(request.user),
        filterset_class=UserFilterSet,
        filterset_kwargs={"units": restrict(request.user, USER_VIEW, Unit)},
        table_class=UserTable,
        extra={"can_add": has_action(request.user, USER_MANAGE)},
    )


def user_detail(request, public_id):
    account = get_scoped_or_404(
        request.user, USER_VIEW, User.objects.select_related("unit"), public_id=public_id
    )
    return render(
        request,
        "orgs/user_detail.html",
        {
            "account": account,
            "memberships": selectors.membership_list(request.user).filter(user=account),
            "can_manage": can(request.user, USER_MANAGE, account),
            "can_grant": has_action(request.user, MEMBERSHIP_MANAGE),
        },
    )


def user_create(request):
    if not has_action(request.user, USER_MANAGE):
        raise PermissionDenied
    form = forms.UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        account = service_call(
            form,
            lambda: services.user_create(actor=request.user, password=password, **data),
            default_field="password",
        )
        if account:
            messages.success(
                request,
                _(
                    "Account %(username)s was created; the user must change the password "
                    "at first log-in."
                )
                % {"username": account.username},
            )
            return redirect("orgs:user_detail", public_id=account.public_id)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("New user account"), "cancel_url": reverse("orgs:user_list")},
    )


def _managed_user(request, public_id):
    account = get_scoped_or_404(request.user, USER_VIEW, User, public_id=public_id)
    require_or_403(request.user, USER_MANAGE, account)
    return account


def user_edit(request, public_id):
    account = _managed_user(request, public_id)
    form = forms.UserUpdateForm(request.POST or None, instance=account, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = User.objects.get(pk=account.pk)
        saved = service_call(
            form,
            lambda: services.user_update(actor=request.user, user=fresh, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("orgs:user_detail", public_id=saved.public_id)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": account},
            "cancel_url": reverse("orgs:user_detail", args=[account.public_id]),
        },
    )


def user_reset_password(request, public_id):
    account = _managed_user(request, public_id)
    form = forms.PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = service_call(
            form,
            lambda: services.user_reset_password(
                actor=request.user, user=account, password=form.cleaned_data["password"]
            ),
            default_field="password",
        )
        if done:
            messages.success(request, _("The temporary password is set."))
            return redirect("orgs:user_detail", public_id=account.public_id)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Reset password of %(name)s") % {"name": account},
            "cancel_url": reverse("orgs:user_detail", args=[account.public_id]),
        },
    )


@require_POST
def user_unlock(request, public_id):
    account = _managed_user(request, public_id)
    services.user_unlock(actor=request.user, user=account)
    messages.success(request, _("The account is unlocked."))
    return redirect("orgs:user_detail", public_id=account.public_id)


# Role assignments --------------------------------------------------------------------------


def membership_list(request):
    require_action(request.user, MEMBERSHIP_VIEW)
    return render_list(
        request,
        template="orgs/membership_list.html",
        title=_("Role assignments"),
        queryset=selectors.membership_list(request.user),
        filterset_class=MembershipFilterSet,
        filterset_kwargs={"units": restrict(request.user, MEMBERSHIP_VIEW, Unit)},
        table_class=MembershipTable,
        table_kwargs={
            "exclude": () if has_action(request.user, MEMBERSHIP_MANAGE) else ("actions",)
        },
        extra={"can_add": has_action(request.user, MEMBERSHIP_MANAGE)},
    )


def membership_create(request):
    if not has_action(request.user, MEMBERSHIP_MANAGE):
        raise PermissionDenied
    initial = {}
    if "user" in request.GET:
        match = (
            restrict(request.user, USER_VIEW, User).filter(public_id=request.GET["user"]).first()
        )
        initial["user"] = match
    form = forms.MembershipForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        membership = service_call(
            form,
            lambda: services.membership_grant(actor=request.user, **form.cleaned_data),
        )
        if membership:
            messages.success(request, _("Role assigned: %(m)s") % {"m": membership})
            return redirect("orgs:membership_list")
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Assign a role"), "cancel_url": reverse("orgs:membership_list")},
    )


@require_POST
def membership_revoke(request, public_id):
    membership = get_scoped_or_404(request.user, MEMBERSHIP_VIEW, Membership, public_id=public_id)
    require_or_403(request.user, MEMBERSHIP_MANAGE, membership)
    try:
        services.membership_revoke(actor=request.user, membership=membership)
    except (PermissionDenied, ValidationError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text or _("You do not have permission to do this."))
    else:
        messages.success(request, _("Role revoked."))
    return redirect("orgs:membership_list")
