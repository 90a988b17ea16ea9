"""Arbitrary POST data to the project register form (new and edit) and to the monthly report
form, sent by a logged-in unit staff user through the test client: the answer is never a
server error, a refused save changes nothing in the database (no row, no audit event), and an
accepted one changes exactly what it should.

The data are drawn per form field from the form itself: valid choices and values mixed with
ids that do not exist, out-of-range and malformed numbers and dates, over-long and control-
character text, repeated values and missing fields.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.forms.models import model_to_dict
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.assessment.conftest import year2025  # noqa: F401 - a fixture used below
from tests.properties.support import DB, TEXT
from zhaoshang.assessment import services_dispatch
from zhaoshang.assessment.models import MonthlyReport, StalledReason
from zhaoshang.core.models import AuditEvent
from zhaoshang.projects.forms import ProjectForm
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
REPORT = "/assessment/2025/dispatch/zone1/2/"

NUMBERS = st.one_of(
    st.decimals(min_value=0, max_value=10**6, places=2).map(str),
    st.sampled_from(
        ["", "-1", "0", "1e5", "1E+30", "NaN", "Infinity", "-0.001", "1,000", "一千", "9" * 40]
    ),
    st.floats().map(str),
    st.integers().map(str),
)
DATES = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(str),
    st.sampled_from(["", "2026-02-30", "99999-01-01", "0000-00-00", "2026/3/5", "昨天"]),
)
NOISE = st.one_of(TEXT, st.text(max_size=300), st.just("x" * 5000), st.integers().map(str))


def _field_values(field, valid):
    """What a person or a script might send for one form field."""
    if isinstance(field, forms.ModelChoiceField):
        pks = [str(pk) for pk in valid]
        options = [st.sampled_from(pks)] if pks else []
        return st.one_of(*options, *options, st.integers(-5, 10**12).map(str), NOISE)
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, _label in field.choices if value != ""]
        return st.one_of(st.sampled_from(values or [""]), NOISE)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "0", "True", "是"])
    if isinstance(field, forms.DecimalField | forms.IntegerField):
        return NUMBERS
    if isinstance(field, forms.DateField):
        return DATES
    return st.one_of(
        st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), min_size=1, max_size=30),
        NOISE,
    )


@st.composite
def posts(draw, form, base=None):
    """A POST body for ``form``'s fields. Without ``base`` every field is drawn: sent once,
    several times or not at all. With it, a valid body has a few fields changed or left out,
    so that saves are accepted as well as refused."""
    data = {name: [value] for name, value in (base or {}).items()}
    names = list(form.fields)
    if base is not None:
        names = draw(st.lists(st.sampled_from(names), max_size=3, unique=True), "changed")
    for name in names:
        field = form.fields[name]
        queryset = getattr(field, "queryset", None)
        valid = list(queryset.values_list("pk", flat=True)[:30]) if queryset is not None else []
        values = _field_values(field, valid)
        count = draw(st.sampled_from([1, 1, 1, 1, 0, 2]), f"{name} count")
        data.pop(name, None)
        if count:
            data[name] = draw(st.lists(values, min_size=count, max_size=count), name)
    return data


def _valid_body(form):
    """What the form shows, as the browser would send it back unchanged."""
    body = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        body[bound.name] = "on" if value is True else str(value)
    return body


def _project_rows():
    return {p["id"]: p for p in Project.objects.values()}


@settings(DB, max_examples=15)
@given(data=st.data())
def test_registering_a_project_with_any_post_is_never_a_server_error(
    data, cast, client_for, units, ref
):
    staff = cast["unit_a_staff"]
    client = client_for(staff)
    before_rows, before_audit = _project_rows(), AuditEvent.objects.count()
    valid = {
        "name": f"装备制造项目{len(before_rows)}",
        "investor_name": f"沧澜装备{len(before_rows)}有限公司",
        "unit": str(units["zone1"].pk),
        "origin_region": str(ref.region("11").pk),
        "industry": str(ref.division("31").pk),
        "total_investment": "20000",
        "funds_in_place": "0",
        "foreign_funds_usd": "0",
    }
    base = data.draw(st.sampled_from([valid, None]), "base")
    body = data.draw(posts(ProjectForm(user=staff), base), "POST")
    response = client.post("/projects/new/", body)
    event(f"status {response.status_code}")
    assert response.status_code < 500
    after_rows = _project_rows()
    if response.status_code == 302:
        added = set(after_rows) - set(before_rows)
        assert len(added) == 1 and len(after_rows) == len(before_rows) + 1
        new = Project.objects.get(pk=added.pop())
        assert response["Location"] == f"/projects/{new.code}/"
        assert new.unit.path.startswith(cast["unit_a_staff"].memberships.first().unit.path)
        assert AuditEvent.objects.count() > before_audit
    else:
        assert response.status_code == 200
        assert after_rows == before_rows and AuditEvent.objects.count() == before_audit


@settings(DB, max_examples=15)
@given(data=st.data())
def test_editing_a_project_with_any_post_is_never_a_server_error(
    data, cast, client_for, make_project
):
    staff = cast["unit_a_staff"]
    project = make_project(actor=staff)
    client = client_for(staff)
    form = ProjectForm(instance=project, user=staff)
    base = data.draw(st.sampled_from([_valid_body(form), None]), "base")
    body = data.draw(posts(form, base), "POST")
    if data.draw(st.booleans(), "current version"):
        body["version"] = [str(project.version)]
    before_rows, before_audit = _project_rows(), AuditEvent.objects.count()
    response = client.post(f"/projects/{project.code}/edit/", body)
    event(f"status {response.status_code}")
    assert response.status_code < 500
    after_rows = _project_rows()
    assert set(after_rows) == set(before_rows)
    others = {pk: row for pk, row in after_rows.items() if pk != project.pk}
    assert others == {pk: row for pk, row in before_rows.items() if pk != project.pk}
    if response.status_code == 302:
        fresh = Project.objects.get(pk=project.pk)
        changed = after_rows[project.pk] != before_rows[project.pk]
        assert fresh.version == project.version + (1 if changed else 0)
    else:
        assert response.status_code in (200, 403, 404)
        assert after_rows == before_rows and AuditEvent.objects.count() == before_audit


@pytest.fixture
def open_report(year2025, make_project, cast, units):  # noqa: F811 - the fixture imported above
    at = dt.datetime(2025, 1, 10, 10, tzinfo=TZ)
    for _ in range(2):
        make_project(at=at)  # stalled by the end of February: each needs a reason
    return services_dispatch.report_open(
        actor=cast["unit_a_head"],
        year=year2025,
        unit=units["zone1"],
        month=2,
        at=dt.datetime(2025, 3, 2, 10, tzinfo=TZ),
    )


def _report_state(report):
    row = MonthlyReport.objects.get(pk=report.pk)
    return (
        model_to_dict(row, exclude=["snapshot"]),
        sorted(StalledReason.objects.filter(report=row).values_list("project_id", "reason")),
        AuditEvent.objects.count(),
    )


@settings(DB, max_examples=15)
@given(data=st.data())
def test_saving_the_monthly_report_with_any_post_is_never_a_server_error(
    data, open_report, cast, client_for
):
    report = MonthlyReport.objects.get(pk=open_report.pk)
    codes = list(report.stalled_reasons.values_list("project__code", flat=True))
    text = st.one_of(st.text(max_size=40), NOISE)
    body = {
        "action": data.draw(st.sampled_from(["save", "submit", "", "delete"]), "action"),
        "version": data.draw(st.one_of(st.just(str(report.version)), NUMBERS), "version"),
    }
    for name in ("work_done", "problems", "next_plan", *(f"reason-{c}" for c in codes)):
        if data.draw(st.booleans(), f"send {name}"):
            body[name] = data.draw(text, name)
    if data.draw(st.booleans(), "unknown reason field"):
        body["reason-P2099-99999"] = data.draw(text, "unknown reason")
    client = client_for(cast["unit_a_staff"])
    before = _report_state(report)
    response = client.post(REPORT, body)
    event(f"status {response.status_code}")
    assert response.status_code < 500
    after = _report_state(report)
    if response.status_code == 302:
        return
    assert response.status_code == 200
    if body["action"] == "submit":
        # A refused submission keeps the draft it saved first; the report stays a draft.
        fresh = MonthlyReport.objects.get(pk=report.pk)
        assert fresh.status == report.status
        assert after == before or fresh.version == report.version + 1
    else:
        assert after == before
