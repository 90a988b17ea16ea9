"""Assessment years and unit groups: creating and copying years, groups, members that move,
refusals that change nothing, and the pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from zhaoshang.assessment import services_years as services
from zhaoshang.assessment.choices import YearStatus
from zhaoshang.assessment.models import AssessmentYear, GroupMember, UnitGroup
from zhaoshang.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _groups(year):
    return {
        g.code: sorted(m.unit.code for m in g.members.select_related("unit"))
        for g in year.groups.all()
    }


# --- services ------------------------------------------------------------------------------


def test_bureau_creates_a_year_copying_last_years_groups_and_members(cast, year2025):
    year = services.year_create(actor=cast["bureau_admin"], year=2026, copy_groups=True)
    assert year.name == gettext("%(year)s investment promotion assessment") % {"year": 2026}
    assert _groups(year) == _groups(year2025)
    assert [g.name for g in year.groups.order_by("position")] == ["开发区组", "乡镇组", "部门组"]
    assert AuditEvent.objects.filter(object_type="assessment.assessmentyear").count() == 2


def test_a_year_without_copy_starts_with_no_groups(cast, year2025):
    year = services.year_create(actor=cast["bureau_admin"], year=2026, name="2026年度考核")
    assert year.groups.count() == 0
    assert year.name == "2026年度考核"


def test_copying_needs_an_earlier_year(cast):
    with pytest.raises(ValidationError) as refused:
        services.year_create(actor=cast["bureau_admin"], year=2026, copy_groups=True)
    assert "copy_groups" in refused.value.message_dict
    assert not AssessmentYear.objects.exists()


def test_a_year_exists_once(cast, year2025, audit_count):
    before = audit_count()
    with pytest.raises(ValidationError):
        services.year_create(actor=cast["bureau_admin"], year=2025)
    assert AssessmentYear.objects.count() == 1
    assert audit_count() == before


@pytest.mark.parametrize("who", ["unit_a_staff", "leader", "assessor"])
def test_only_the_bureau_creates_years(cast, who, audit_count):
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services.year_create(actor=cast[who], year=2026)
    assert not AssessmentYear.objects.exists()
    assert audit_count() == before


def test_editing_a_year_is_audited_with_before_and_after(cast, year2025):
    services.year_update(
        actor=cast["bureau_admin"], year=year2025, status=YearStatus.CLOSED, report_due_day=10
    )
    year2025.refresh_from_db()
    assert (year2025.status, year2025.report_due_day) == ("closed", 10)
    event = AuditEvent.objects.filter(object_type="assessment.assessmentyear").latest("pk")
    assert event.before["status"] == "open" and event.after["status"] == "closed"
    assert event.after["report_due_day"] == 10


def test_report_due_day_must_be_a_day_every_month_has(cast, year2025):
    with pytest.raises(ValidationError) as refused:
        services.year_update(actor=cast["bureau_admin"], year=year2025, report_due_day=31)
    assert "report_due_day" in refused.value.message_dict
    year2025.refresh_from_db()
    assert year2025.report_due_day == 5


def test_groups_are_created_renamed_and_reordered(cast, year2025):
    bureau = cast["bureau_admin"]
    group = services.group_create(actor=bureau, year=year2025, code="resident", name="驻外组")
    assert group.position == 4
    services.group_update(actor=bureau, group=group, name="驻外招商组")
    services.group_move(actor=bureau, group=group, offset=-1)
    services.group_move(actor=bureau, group=group, offset=-1)
    names = list(year2025.groups.order_by("position").values_list("name", flat=True))
    assert names == ["开发区组", "驻外招商组", "乡镇组", "部门组"]
    # Moving the first group up leaves the order as it is.
    first = year2025.groups.get(code="zones")
    services.group_move(actor=bureau, group=first, offset=-1)
    assert year2025.groups.order_by("position").first() == first


def test_a_group_name_is_unique_in_its_year(cast, year2025):
    with pytest.raises(ValidationError) as refused:
        services.group_create(actor=cast["bureau_admin"], year=year2025, code="x", name="乡镇组")
    assert "name" in refused.value.message_dict
    assert year2025.groups.count() == 3


def test_a_group_with_members_cannot_be_deleted(cast, year2025, audit_count):
    group = year2025.groups.get(code="towns")
    before = audit_count()
    with pytest.raises(ValidationError) as refused, translation.override("zh-hans"):
        services.group_delete(actor=cast["bureau_admin"], group=group)
    assert refused.value.code == "group_not_empty"
    assert "乡镇组" in refused.value.messages[0] and "4" in refused.value.messages[0]
    assert UnitGroup.objects.filter(pk=group.pk).exists()
    assert audit_count() == before


def test_an_empty_group_is_deleted_and_audited(cast, year2025):
    group = services.group_create(
        actor=cast["bureau_admin"], year=year2025, code="spare", name="备用组"
    )
    services.group_delete(actor=cast["bureau_admin"], group=group)
    assert not UnitGroup.objects.filter(pk=group.pk).exists()
    event = AuditEvent.objects.latest("pk")
    assert event.action == "delete" and event.before["name"] == "备用组"


def test_assigning_a_unit_in_another_group_moves_it_and_audits_the_move(cast, units, year2025):
    depts = year2025.groups.get(code="depts")
    services.members_assign(
        actor=cast["bureau_admin"], group=depts, units=[units["town1"], units["town9"]]
    )
    assert GroupMember.objects.get(year=year2025, unit=units["town1"]).group == depts
    assert GroupMember.objects.get(year=year2025, unit=units["town9"]).group == depts
    assert GroupMember.objects.filter(year=year2025, unit=units["town1"]).count() == 1
    moved = AuditEvent.objects.filter(action="update", object_type="assessment.groupmember")
    assert moved.count() == 1
    assert moved[0].before["group"] == "乡镇组" and moved[0].after["group"] == "部门组"
    assert (
        AuditEvent.objects.filter(action="create", object_type="assessment.groupmember").count()
        == 1
    )


def test_the_county_itself_is_not_put_in_a_group(cast, units, year2025):
    with pytest.raises(ValidationError):
        services.members_assign(
            actor=cast["bureau_admin"],
            group=year2025.groups.get(code="depts"),
            units=[units["county"]],
        )
    assert not GroupMember.objects.filter(unit=units["county"]).exists()


def test_unit_staff_cannot_move_their_own_unit(cast, units, year2025, audit_count):
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services.members_assign(
            actor=cast["unit_a_staff"],
            group=year2025.groups.get(code="towns"),
            units=[units["zone1"]],
        )
    assert GroupMember.objects.get(year=year2025, unit=units["zone1"]).group.code == "zones"
    assert audit_count() == before


def test_a_closed_year_refuses_group_changes(cast, units, year2025):
    services.year_update(actor=cast["bureau_admin"], year=year2025, status=YearStatus.CLOSED)
    with pytest.raises(ValidationError) as refused:
        services.members_assign(
            actor=cast["bureau_admin"],
            group=year2025.groups.get(code="towns"),
            units=[units["town9"]],
        )
    assert refused.value.code == "year_closed"
    assert not GroupMember.objects.filter(unit=units["town9"]).exists()


def test_removing_a_member_is_audited(cast, units, year2025):
    services.member_remove(actor=cast["bureau_admin"], year=year2025, unit=units["town4"])
    assert not GroupMember.objects.filter(year=year2025, unit=units["town4"]).exists()
    event = AuditEvent.objects.latest("pk")
    assert event.action == "delete" and event.before["group"] == "乡镇组"


# --- pages ---------------------------------------------------------------------------------


def test_year_page_shows_groups_members_and_units_in_no_group(client_for, cast, year2025):
    response = client_for(cast["bureau_admin"]).get("/assessment/years/2025/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "开发区组" in page and "沧澜经济开发区" in page and 'id="assign-form"' in page
    unassigned = page[page.index('id="unassigned"') :]
    assert "大庄乡" in unassigned and "城关镇" not in unassigned


def test_leaders_see_the_groups_but_cannot_change_them(client_for, cast, year2025):
    page = client_for(cast["leader"]).get("/assessment/years/2025/").content.decode()
    assert "沧澜经济开发区" in page and "城关镇" in page
    assert 'id="assign-form"' not in page and 'id="new-group"' not in page
    assert 'id="unassigned"' not in page


def test_unit_staff_see_their_own_unit_in_its_group(client_for, cast, year2025):
    page = client_for(cast["unit_a_staff"]).get("/assessment/years/2025/").content.decode()
    assert "沧澜经济开发区" in page and "城关镇" not in page


def test_year_page_query_count_does_not_grow_with_members(client_for, cast, units, year2025):
    client = client_for(cast["bureau_admin"])
    client.get("/assessment/years/2025/")  # the first request also sets up the session
    with CaptureQueriesContext(connection) as few:
        client.get("/assessment/years/2025/")
    towns = year2025.groups.get(code="towns")
    services.members_assign(
        actor=cast["bureau_admin"],
        group=towns,
        units=[units[f"town{n}"] for n in range(5, 13)],
    )
    with CaptureQueriesContext(connection) as many:
        client.get("/assessment/years/2025/")
    assert len(many) == len(few)


def test_bureau_assigns_units_on_the_page(client_for, cast, units, year2025):
    client = client_for(cast["bureau_admin"])
    response = client.post(
        "/assessment/years/2025/members/", {"group": "towns", "units": ["town9", "town10"]}
    )
    assert response.status_code == 302
    assert set(
        GroupMember.objects.filter(year=year2025, group__code="towns").values_list(
            "unit__code", flat=True
        )
    ) == {"town1", "town2", "town3", "town4", "town9", "town10"}


def test_deleting_a_group_with_members_on_the_page_shows_why(client_for, cast, year2025):
    client = client_for(cast["bureau_admin"])
    response = client.post("/assessment/years/2025/groups/towns/delete/", follow=True)
    assert response.status_code == 200
    with translation.override("zh-hans"):
        assert "乡镇组" in response.content.decode()
    assert year2025.groups.filter(code="towns").exists()


def test_bureau_creates_a_year_on_the_page(client_for, cast, year2025):
    response = client_for(cast["bureau_admin"]).post(
        "/assessment/years/new/",
        {"year": 2026, "name": "", "report_due_day": 8, "copy_groups": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/assessment/years/2026/"
    year = AssessmentYear.objects.get(year=2026)
    assert year.report_due_day == 8 and year.groups.count() == 3


def test_a_duplicate_year_on_the_page_is_a_form_error(client_for, cast, year2025):
    response = client_for(cast["bureau_admin"]).post(
        "/assessment/years/new/", {"year": 2025, "report_due_day": 5}
    )
    assert response.status_code == 200
    assert AssessmentYear.objects.count() == 1


@pytest.mark.parametrize(
    "url,method",
    [
        ("/assessment/years/new/", "get"),
        ("/assessment/years/2025/edit/", "get"),
        ("/assessment/years/2025/groups/new/", "get"),
        ("/assessment/years/2025/groups/towns/delete/", "post"),
        ("/assessment/years/2025/members/", "post"),
    ],
)
def test_unit_staff_get_403_on_year_management(client_for, cast, year2025, url, method):
    response = getattr(client_for(cast["unit_a_staff"]), method)(url)
    assert response.status_code == 403
    assert year2025.groups.count() == 3


def test_a_year_that_does_not_exist_is_404(client_for, cast, year2025):
    assert client_for(cast["bureau_admin"]).get("/assessment/years/1999/").status_code == 404


def test_people_without_assessment_rights_get_403(client_for, cast, year2025):
    assert client_for(cast["cadre"]).get("/assessment/years/").status_code == 403
    assert client_for(cast["cadre"]).get("/assessment/years/2025/targets/").status_code == 403


def test_year_list_shows_years_with_their_links(client_for, cast, year2025):
    response = client_for(cast["unit_b_staff"]).get("/assessment/years/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "/assessment/years/2025/targets/" in page and "/assessment/years/2025/progress/" in page
    assert 'id="new-year"' not in page
