"""Request-wide security behaviour: request ids, deny-by-default, session lifetimes and the
forced password change."""

import re
import uuid
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from zhaoshang.core import audit, context
from zhaoshang.core.choices import AuditAction, AuditCategory

_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


def client_ip(request):
    """The client address, trusting exactly ``PROXY_COUNT`` reverse proxies (nginx)."""
    hops = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = context.activate(
            context.RequestContext(ip=client_ip(request), request_id=request_id)
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


def is_public_path(path):
    return any(path == p.rstrip("/") or path.startswith(p) for p in settings.PUBLIC_PATHS)


class LoginRequiredMiddleware:
    """Deny by default: anything not on the public allow-list needs a logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not is_public_path(request.path_info):
            if request.path_info.startswith("/api/"):
                # The API checks a machine client's token itself, in the view, after this
                # middleware has run; every API view still refuses a request it cannot
                # authenticate.
                if "HTTP_AUTHORIZATION" in request.META:
                    return self.get_response(request)
                from django.http import JsonResponse

                response = JsonResponse({"detail": _("Authentication required.")}, status=401)
                response["WWW-Authenticate"] = "Token"
                return response
            login = reverse(settings.LOGIN_URL)
            return redirect(f"{login}?next={request.get_full_path()}")
        return self.get_response(request)


SESSION_LOGIN_AT = "_zs_login_at"
SESSION_SEEN_AT = "_zs_seen_at"


class SessionLifetimeMiddleware:
    """Ends a session after 30 idle minutes or 12 hours in all (both configurable)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            session = request.session
            login_at = _parse(session.get(SESSION_LOGIN_AT)) or now
            seen_at = _parse(session.get(SESSION_SEEN_AT)) or now
            idle = now - seen_at > settings.SESSION_IDLE_TIMEOUT
            too_old = now - login_at > settings.SESSION_ABSOLUTE_LIFETIME
            if idle or too_old:
                user = request.user
                logout(request)
                audit.record(
                    action=AuditAction.SESSION_EXPIRED,
                    category=AuditCategory.SECURITY,
                    actor=user,
                    message="idle" if idle else "absolute lifetime",
                )
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.get_full_path()}")
            session.setdefault(SESSION_LOGIN_AT, now.isoformat())
            # Write at most once a minute so that every page view does not rewrite the session.
            if (now - seen_at).total_seconds() >= 60 or SESSION_SEEN_AT not in session:
                session[SESSION_SEEN_AT] = now.isoformat()
        return self.get_response(request)


def _parse(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class PasswordChangeRequiredMiddleware:
    """First log-in and expired passwords lead to the password change page and nowhere else."""

    allowed_names = ("password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and password_change_due(user):
            allowed = [reverse(name) for name in self.allowed_names]
            if request.path_info not in allowed and not is_public_path(request.path_info):
                return redirect("password_change")
        return self.get_response(request)


def password_change_due(user):
    if user.must_change_password:
        return True
    max_days = settings.PASSWORD_MAX_AGE_DAYS
    if max_days and user.password_changed_at:
        return (timezone.now() - user.password_changed_at).days >= max_days
    return False


class LanguageMiddleware:
    """Simplified Chinese unless the user chose another language in the menu.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC with
    an English browser would show English pages that colleagues cannot read; here only the
    explicit choice (the language cookie set by /i18n/setlang/) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        codes = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
