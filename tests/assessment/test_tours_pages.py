"""Tour pages: the list and its query count, set-up by the bureau, scoring on the phone pages
(403 for non-judges, range messages), results with their working, and the xlsx export."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.assessment.test_tours_results import build_tour, judge_users, mark
from zhaoshang.assessment import services_tours as services
from zhaoshang.assessment.choices import TourMethod, TourMode, TourStatus
from zhaoshang.assessment.models import Tour, TourMark
from zhaoshang.core.models import AuditEvent

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def open_tour(cast, year2025, units):
    leader, _leader2, assessor, _admin = judge_users()
    tour, entries, _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        units=[units["zone1"], units["town1"]],
        judges=[leader, assessor],
    )
    return tour, entries


def _queries(client, url):
    client.get(url)  # the session and the user's roles are read once, on the first request
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_tour_list_query_count_does_not_grow(cast, client_for, year2025, units):
    client = client_for(cast["assessor"])
    leader, _leader2, assessor, _admin = judge_users()
    build_tour(cast["bureau_admin"], year2025, quarter=1, units=[units["zone1"]], judges=[assessor])
    few = _queries(client, "/assessment/tours/")
    for quarter in (2, 3, 4):
        build_tour(
            cast["bureau_admin"],
            year2025,
            quarter=quarter,
            units=[units["zone1"], units["town1"]],
            judges=[leader, assessor],
        )
    assert _queries(client, "/assessment/tours/") == few
    page = client.get("/assessment/tours/").content.decode()
    assert page.count('href="/assessment/tours/') >= 8
    assert len(client.get("/assessment/tours/?year=2025").context["tours"]) == 4
    assert client.get("/assessment/tours/?year=2024").context["tours"] == []


def test_bureau_sets_up_a_tour_on_its_pages(cast, client_for, year2025, units, make_project):
    client = client_for(cast["bureau_admin"])
    response = client.post(
        "/assessment/tours/new/",
        {
            "year": year2025.pk,
            "quarter": "2",
            "name": "",
            "method": TourMethod.TRIMMED_MEAN,
            "mode": TourMode.PER_PROJECT,
            "place_first": "100",
            "place_step": "3",
        },
    )
    tour = Tour.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"{tour.public_id}/")
    base = f"/assessment/tours/{tour.public_id}/"
    form = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0"}
    for n, (name, weight) in enumerate(
        (("项目建设进度", "40"), ("投资强度", "30"), ("现场组织", "20"))
    ):
        form |= {f"form-{n}-name": name, f"form-{n}-weight": weight, f"form-{n}-max_score": "100"}
    refused = client.post(base + "criteria/", form)
    assert refused.status_code == 200 and "90" in refused.content.decode()
    assert not tour.criteria.exists()
    form["form-2-weight"] = "30"
    assert client.post(base + "criteria/", form).status_code == 302
    assert tour.criteria.count() == 3
    client.post(base + "judges/", {"judge-user": cast["assessor"].pk, "judge-weight": "1"})
    project = make_project()
    client.post(base + "entries/", {"entry-project": project.pk})
    assert tour.judges.count() == 1 and tour.entries.get().project == project
    assert client.post(base + "open/").status_code == 302
    tour.refresh_from_db()
    assert tour.status == TourStatus.SCORING
    page = client.get(base).content.decode()
    assert project.name in page and 'id="close-button"' in page


def test_unit_staff_cannot_set_up_tours(cast, client_for, year2025):
    client = client_for(cast["unit_a_staff"])
    assert client.get("/assessment/tours/new/").status_code == 403
    tour = services.tour_create(actor=cast["bureau_admin"], year=year2025, quarter=1)
    before = AuditEvent.objects.count()
    base = f"/assessment/tours/{tour.public_id}/"
    assert client.get(base).status_code == 200
    for url in ("edit/", "criteria/"):
        assert client.get(base + url).status_code == 403
    assert client.post(base + "open/").status_code == 403
    assert client.post(base + "judges/", {"judge-user": cast["assessor"].pk}).status_code == 403
    assert AuditEvent.objects.count() == before and not tour.judges.exists()


def test_unit_staff_put_forward_their_own_projects(cast, client_for, year2025, units, make_project):
    tour = services.tour_create(
        actor=cast["bureau_admin"], year=year2025, quarter=1, mode=TourMode.PER_PROJECT
    )
    own = make_project(actor=cast["unit_a_staff"], unit=units["zone1"])
    other = make_project(actor=cast["unit_b_staff"], unit=units["town1"])
    client = client_for(cast["unit_a_staff"])
    page = client.get(f"/assessment/tours/{tour.public_id}/").content.decode()
    assert own.name in page and other.name not in page
    client.post(f"/assessment/tours/{tour.public_id}/entries/", {"entry-project": other.pk})
    assert not tour.entries.exists()
    client.post(f"/assessment/tours/{tour.public_id}/entries/", {"entry-project": own.pk})
    assert tour.entries.get().project == own


def test_judge_scores_an_entry_on_the_phone_page(cast, client_for, open_tour):
    tour, (entry, other) = open_tour
    client = client_for(cast["assessor"])
    listing = client.get(f"/assessment/tours/{tour.public_id}/score/")
    assert listing.status_code == 200
    assert [e.marked for e in listing.context["entries"]] == [False, False]
    url = f"/assessment/tours/{tour.public_id}/score/{entry.public_id}/"
    form = client.get(url).context["form"]
    names = list(form.fields)
    assert len(names) == 3
    response = client.post(url, dict(zip(names, ["90", "8.5", "28"])))
    assert response.status_code == 302
    listing = client.get(f"/assessment/tours/{tour.public_id}/score/")
    assert [e.marked for e in listing.context["entries"]] == [True, False]
    assert listing.context["marked"] == 1
    assert TourMark.objects.filter(entry=entry, judge__user=cast["assessor"]).count() == 3


def test_marks_out_of_range_come_back_with_a_message(cast, client_for, open_tour):
    tour, (entry, _other) = open_tour
    client = client_for(cast["assessor"])
    url = f"/assessment/tours/{tour.public_id}/score/{entry.public_id}/"
    names = list(client.get(url).context["form"].fields)
    before = AuditEvent.objects.count()
    response = client.post(url, dict(zip(names, ["120", "8", ""])))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {names[0], names[2]}
    assert not TourMark.objects.exists() and AuditEvent.objects.count() == before


def test_non_judges_get_403_on_the_scoring_pages(cast, client_for, open_tour):
    tour, (entry, _other) = open_tour
    url = f"/assessment/tours/{tour.public_id}/score/{entry.public_id}/"
    before = AuditEvent.objects.count()
    for who in ("bureau_admin", "unit_a_staff"):
        client = client_for(cast[who])
        assert client.get(f"/assessment/tours/{tour.public_id}/score/").status_code == 403
        assert client.post(url, {"place": "1"}).status_code == 403
    assert not TourMark.objects.exists() and AuditEvent.objects.count() == before


def test_vote_form_shows_places_already_given(cast, client_for, year2025, units):
    assessor = cast["assessor"]
    tour, (first, second), _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        method=TourMethod.PLACE_VOTES,
        units=[units["zone1"], units["zone2"]],
        judges=[assessor],
        criteria=[],
    )
    client = client_for(assessor)
    base = f"/assessment/tours/{tour.public_id}/score/"
    assert client.post(f"{base}{first.public_id}/", {"place": "1"}).status_code == 302
    response = client.post(f"{base}{second.public_id}/", {"place": "1"})
    assert response.status_code == 200 and "place" in response.context["form"].errors
    choices = dict(response.context["form"].fields["place"].choices)
    assert units["zone1"].name in str(choices["1"])


def test_results_are_for_units_once_closed_and_explain_themselves(
    cast, client_for, open_tour, units
):
    tour, (entry, other) = open_tour
    mark(cast["leader"], entry, 90, 8, 27)
    mark(cast["assessor"], entry, 80, "7.5", 20)
    url = f"/assessment/tours/{tour.public_id}/results/"
    staff = client_for(cast["unit_a_staff"])
    assert staff.get(url).status_code == 403
    bureau = client_for(cast["bureau_admin"])
    assert bureau.get(url).status_code == 200
    services.tour_close(actor=cast["bureau_admin"], tour=tour)
    page = client_for(cast["unit_a_staff"]).get(url).content.decode()
    assert "(1 × 87 + 1 × 74.5) / (1 + 1) = 80.75" in page
    assert "90 / 100 × 40 + 8 / 10 × 30 + 27 / 30 × 30 = 36 + 24 + 27 = 87" in page


def test_results_page_query_count_does_not_grow(cast, client_for, year2025, units):
    users = judge_users()
    client = client_for(cast["bureau_admin"])

    def tour_with(quarter, codes):
        tour, entries, _seats = build_tour(
            cast["bureau_admin"],
            year2025,
            quarter=quarter,
            units=[units[c] for c in codes],
            judges=users,
        )
        for entry in entries:
            for user in users:
                mark(user, entry, 90, 8, 27)
        return f"/assessment/tours/{tour.public_id}/results/"

    few = _queries(client, tour_with(1, ["zone1"]))
    assert _queries(client, tour_with(2, ["zone1", "zone2", "town1", "town2", "fgw"])) == few


def test_results_export_has_units_and_every_judges_marks(cast, client_for, open_tour):
    tour, (entry, other) = open_tour
    mark(cast["leader"], entry, 90, 8, 27)
    mark(cast["assessor"], entry, 80, "7.5", 20)
    services.tour_close(actor=cast["bureau_admin"], tour=tour)
    response = client_for(cast["unit_b_staff"]).get(
        f"/assessment/tours/{tour.public_id}/results/export/"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    units_sheet, marks_sheet = book.worksheets
    rows = list(units_sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == "沧澜经济开发区" and Decimal(str(rows[0][2])) == D("80.75")
    marks = list(marks_sheet.iter_rows(min_row=2, values_only=True))
    assert len(marks) == 3  # two judges on the first entry, none on the second
    assert AuditEvent.objects.filter(action="export", object_id=str(tour.public_id)).exists()


def test_tour_and_scoring_pages_query_count_does_not_grow(cast, client_for, year2025, units):
    users = judge_users()
    client = client_for(cast["assessor"])

    def urls(quarter, codes):
        tour, entries, _seats = build_tour(
            cast["bureau_admin"],
            year2025,
            quarter=quarter,
            units=[units[c] for c in codes],
            judges=users,
        )
        for entry in entries:
            mark(cast["assessor"], entry, 90, 8, 27)
        base = f"/assessment/tours/{tour.public_id}/"
        return [base, base + "score/", f"{base}score/{entries[0].public_id}/"]

    few = [_queries(client, url) for url in urls(1, ["zone1"])]
    many = [_queries(client, url) for url in urls(2, ["zone1", "zone2", "town1", "town2", "fgw"])]
    assert many == few
