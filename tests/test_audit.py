"""The audit trail: explicit events, hash chain, tamper detection, append-only storage, and
the audit page for the audit administrator alone."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from openpyxl import load_workbook

from zhaoshang.core import audit
from zhaoshang.core.exports import neutralise
from zhaoshang.core.models import AuditEvent
from zhaoshang.orgs import services

pytestmark = pytest.mark.django_db


def _unprotect():
    """Stand in for someone with database access editing rows behind the application."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER zs_audit_no_update")
        else:
            cursor.execute("DROP TRIGGER zs_audit_no_update")
            cursor.execute("DROP TRIGGER zs_audit_no_delete")


def test_clean_chain_verifies(capsys):
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_object_change_records_before_and_after(cast, units):
    services.unit_update(actor=cast["sysadmin"], unit=units["town1"], phone="0315-1234567")
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == "update" and event.object_id == "town1"
    assert event.before["phone"] == "" and event.after["phone"] == "0315-1234567"
    assert event.actor == cast["sysadmin"]


def test_unchanged_save_writes_no_event(cast, units):
    before = AuditEvent.objects.count()
    services.unit_update(actor=cast["sysadmin"], unit=units["town1"], name=units["town1"].name)
    assert AuditEvent.objects.count() == before


def test_request_id_and_ip_are_recorded(client_for, cast):
    client = client_for(cast["sysadmin"])
    response = client.post(
        "/org/units/town2/edit/",
        {
            "name": "东港镇",
            "code": "town2",
            "kind": "township",
            "parent": cast["sysadmin"].unit_id,
            "position": 8,
            "phone": "0315-7654321",
            "is_active": "on",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.ip == "10.1.2.3"
    assert event.request_id == response["X-Request-ID"]


def test_editing_a_row_by_raw_sql_is_detected():
    target = AuditEvent.objects.order_by("pk")[3]
    _unprotect()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["mallory", target.pk]
        )
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    assert f"row {target.pk}" in str(excinfo.value)


def test_deleting_a_middle_row_is_detected():
    rows = list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True)[:6])
    _unprotect()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [rows[4]])
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    assert f"row {rows[5]}" in str(excinfo.value)


def test_deleting_the_newest_row_is_detected():
    last = AuditEvent.objects.order_by("-pk").first()
    _unprotect()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    assert "newest rows were removed" in str(excinfo.value)


@pytest.mark.parametrize(
    "statement", ["UPDATE core_auditevent SET message = 'x'", "DELETE FROM core_auditevent"]
)
def test_database_refuses_update_and_delete(statement):
    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.count() == before


def test_orm_update_is_refused_too():
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(message="rewritten")


def test_chain_links_each_row_to_the_previous():
    first = audit.record(action="export", actor_name="x", message="one")
    second = audit.record(action="export", actor_name="x", message="two")
    assert second.prev_hash == first.hash
    assert audit.compute_hash(second, first.hash) == second.hash


# --- the audit page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,expected",
    [
        ("auditor", 200),
        ("sysadmin", 403),
        ("secadmin", 403),
        ("leader", 403),
        ("bureau_admin", 403),
        ("unit_a_head", 403),
        ("unit_a_staff", 403),
        ("assessor", 403),
    ],
)
def test_audit_page_is_for_the_audit_admin_only(client_for, cast, who, expected):
    client = client_for(cast[who])
    assert client.get("/audit/").status_code == expected
    assert client.get("/audit/export.xlsx").status_code == expected


def test_reading_the_audit_log_is_itself_audited(client_for, cast):
    client_for(cast["auditor"]).get("/audit/?action=login_failed")
    event = AuditEvent.objects.order_by("-pk").first()
    assert event.action == "audit_read" and event.actor == cast["auditor"]
    assert "login_failed" in event.message


def test_audit_page_filters(client_for, cast, client):
    client.post("/accounts/login/", {"username": "zone1_staff", "password": "bad"})
    body = client_for(cast["auditor"]).get("/audit/?action=login_failed").content.decode()
    assert "zone1_staff" in body
    assert "secadmin" not in body  # the role grants are filtered out


def test_audit_export_is_recorded_and_neutralises_formulas(client_for, cast, client):
    client.post("/accounts/login/", {"username": '=HYPERLINK("x")', "password": "bad"})
    response = client_for(cast["auditor"]).get("/audit/export.xlsx?action=login_failed")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("x")' in names
    assert AuditEvent.objects.filter(action="export", actor=cast["auditor"]).exists()


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_formula_prefixes_are_neutralised(value):
    assert neutralise(value).startswith("'")


def test_plain_text_is_left_alone():
    assert neutralise("沧澜县") == "沧澜县"
