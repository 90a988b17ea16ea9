"""Authentication hardening (等保 2.0): password policy, lockout, session lifetimes."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.core.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT
from zhaoshang.core.models import AuditEvent
from zhaoshang.orgs import services
from zhaoshang.orgs.models import User

pytestmark = pytest.mark.django_db

GOOD = "Zs#2026strong"


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


# --- password policy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password,reason",
    [
        ("Ab1!", "too short"),
        ("abcdefgh1", "two classes only"),
        ("ABCDEFGH", "one class"),
        ("12345678", "numeric"),
        ("Password1", "common"),
    ],
)
def test_weak_passwords_are_refused(cast, password, reason):
    with pytest.raises(ValidationError):
        validate_password(password, cast["unit_a_staff"])


def test_password_like_the_user_name_is_refused(cast):
    with pytest.raises(ValidationError):
        validate_password("Zone1_staff!", cast["unit_a_staff"])


def test_three_of_four_classes_is_enough(cast):
    validate_password("qwerty!2026xy", cast["unit_a_staff"])


def test_last_five_passwords_cannot_be_reused(cast, demo_password):
    user = cast["unit_a_staff"]
    history = [demo_password, "Zs#2026one", "Zs#2026two", "Zs#2026three", "Zs#2026four"]
    for old, new in zip(history, history[1:], strict=False):
        services.user_change_password(actor=user, old_password=old, new_password=new)
        user.refresh_from_db()
    for reused in history:
        with pytest.raises(ValidationError):
            services.user_change_password(
                actor=user, old_password="Zs#2026four", new_password=reused
            )
    services.user_change_password(
        actor=user, old_password="Zs#2026four", new_password="Zs#2026five"
    )
    user.refresh_from_db()
    # The first password is now six changes back and may be used again.
    services.user_change_password(
        actor=user, old_password="Zs#2026five", new_password=demo_password
    )


def test_password_change_needs_the_current_password(cast):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.user_change_password(
            actor=cast["unit_a_staff"], old_password="wrong", new_password=GOOD
        )
    assert AuditEvent.objects.count() == before


def test_new_account_must_change_password_at_first_login(client, cast, units):
    account = services.user_create(
        actor=cast["sysadmin"],
        password=GOOD,
        username="newbie",
        full_name="新同志",
        unit=units["town1"],
    )
    assert account.must_change_password
    assert _login(client, "newbie", GOOD).status_code == 302
    response = client.get("/org/units/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    response = client.post(
        "/accounts/password/",
        {"old_password": GOOD, "new_password1": "Zs#2027better", "new_password2": "Zs#2027better"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.must_change_password
    assert client.get("/").status_code == 200


def test_expired_password_forces_a_change(client_for, cast, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    user = cast["unit_a_staff"]
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    user.refresh_from_db()
    response = client_for(user).get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"


def test_max_age_zero_disables_expiry(client_for, cast, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    user = cast["unit_a_staff"]
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=900))
    user.refresh_from_db()
    assert client_for(user).get("/").status_code == 200


def test_admin_reset_sets_a_temporary_password_and_forces_change(client_for, cast):
    target = cast["unit_b_staff"]
    client = client_for(cast["sysadmin"])
    response = client.post(
        f"/org/users/{target.public_id}/password/", {"password": "Tmp#2026reset"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.must_change_password
    assert AuditEvent.objects.filter(
        action="password_reset", object_id=str(target.public_id)
    ).exists()


# --- log-in, lockout, log-out ------------------------------------------------------------------


def test_login_records_an_audit_event(client, demo_password):
    assert _login(client, "zone1_staff", demo_password).status_code == 302
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == "login" and event.actor_name == "zone1_staff" and event.success


def test_failed_login_shows_a_generic_message_and_is_recorded(client):
    response = _login(client, "zone1_staff", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    event = AuditEvent.objects.order_by("-pk").first()
    assert (
        event.action == "login_failed" and not event.success and event.actor_name == "zone1_staff"
    )


def test_unknown_user_gets_the_same_message(client):
    wrong_user = _login(client, "nobody-here", "wrong-password").content.decode()
    assert "用户名或密码错误" in wrong_user


def test_lockout_after_five_failures_by_user_name(client, demo_password):
    for _ in range(5):
        _login(client, "town1_staff", "wrong-password")
    response = _login(client, "town1_staff", demo_password)
    assert response.status_code != 302
    assert "用户名或密码错误" in response.content.decode()
    assert AuditEvent.objects.filter(action="lockout", actor_name="town1_staff").exists()
    # Another account behind the same address is not affected.
    assert _login(client, "zone1_staff", demo_password).status_code == 302


def test_lockout_ends_after_thirty_minutes(client, demo_password):
    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "town1_staff", "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert _login(client, "town1_staff", demo_password).status_code == 302


def test_admin_can_unlock_an_account(client, client_for, cast, demo_password):
    for _ in range(5):
        _login(client, "town1_staff", "wrong-password")
    admin = client_for(cast["sysadmin"])
    admin.post(f"/org/users/{cast['unit_b_staff'].public_id}/unlock/")
    admin.logout()
    assert _login(client, "town1_staff", demo_password).status_code == 302


def test_logout_is_post_only_and_clears_the_session(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor_name="zone1_staff").exists()


# --- sessions ----------------------------------------------------------------------------------


def _age_session(client, *, login_minutes, seen_minutes):
    session = client.session
    now = timezone.now()
    session[SESSION_LOGIN_AT] = (now - timedelta(minutes=login_minutes)).isoformat()
    session[SESSION_SEEN_AT] = (now - timedelta(minutes=seen_minutes)).isoformat()
    session.save()


def test_idle_session_ends_after_thirty_minutes(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    _age_session(client, login_minutes=40, seen_minutes=31)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="session_expired", message="idle").exists()


def test_active_session_survives_within_idle_limit(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    _age_session(client, login_minutes=120, seen_minutes=29)
    assert client.get("/").status_code == 200


def test_session_ends_after_twelve_hours_even_if_active(client_for, cast):
    client = client_for(cast["unit_a_staff"])
    _age_session(client, login_minutes=12 * 60 + 1, seen_minutes=1)
    assert client.get("/").status_code == 302


def test_session_cookie_lifetime_is_the_absolute_limit(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY


# --- headers -----------------------------------------------------------------------------------


def test_security_headers_and_csp(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


def test_templates_contain_no_inline_script(client_for, cast):
    for who in ("sysadmin", "unit_a_staff", "auditor"):
        body = client_for(cast[who]).get("/").content.decode()
        assert "<script>" not in body and "onclick=" not in body
        assert "http://" not in body.replace("http://testserver", "")
        assert "https://" not in body
