"""Tour API: tours read with criteria, judges and entries, results only once closed; a judge's
marks written through the service (403 for others, the service's refusals as 400)."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.assessment.test_tours_results import build_tour, judge_users, mark
from zhaoshang.assessment import services_tours as services
from zhaoshang.assessment.models import TourMark
from zhaoshang.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """A machine client with the user's token, as the API's real clients."""

    def as_user(user):
        client = APIClient()
        key = Token.objects.get_or_create(user=user)[0].key
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return as_user


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


def test_tours_are_read_with_results_only_once_closed(api, cast, open_tour):
    tour, (entry, _other) = open_tour
    client = api(cast["unit_a_staff"])
    url = f"/api/v1/assessment/tours/{tour.public_id}/"
    body = client.get(url).json()
    assert [c["name"] for c in body["criteria"]] == ["项目建设进度", "投资强度", "现场组织"]
    assert [j["user"] for j in body["judges"]] == ["county_leader", "assessor1"]
    assert body["entries"][0]["unit"]["code"] == "zone1" and body["results"] is None
    mark(cast["leader"], entry, 90, 8, 27)
    services.tour_close(actor=cast["bureau_admin"], tour=tour)
    body = client.get(url).json()
    assert body["results"]["units"][0] == {
        "unit": "沧澜经济开发区",
        "result": "87.00",
        "working": "87.00",
    }
    line = body["results"]["entries"][0]
    assert line["working"] == "(1 × 87) / 1 = 87.00"
    assert line["judges"][0]["total"] == "87"
    listing = client.get("/api/v1/assessment/tours/?year=2025&status=closed").json()
    assert listing["count"] == 1 and listing["results"][0]["results"] is not None


def test_a_judge_writes_marks_through_the_api(api, cast, open_tour):
    tour, (entry, _other) = open_tour
    criteria = list(tour.criteria.all())
    client = api(cast["assessor"])
    url = f"/api/v1/assessment/tours/{tour.public_id}/marks/"
    body = {
        "entry": str(entry.public_id),
        "scores": [{"criterion": c.pk, "score": v} for c, v in zip(criteria, ["90", "8.5", "27"])],
    }
    response = client.post(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["changed"] is True
    assert client.post(url, body, format="json").json()["changed"] is False
    assert TourMark.objects.filter(judge__user=cast["assessor"]).count() == 3


def test_marks_api_refuses_non_judges_and_bad_marks(api, cast, open_tour):
    tour, (entry, _other) = open_tour
    criteria = list(tour.criteria.all())
    url = f"/api/v1/assessment/tours/{tour.public_id}/marks/"
    body = {
        "entry": str(entry.public_id),
        "scores": [{"criterion": c.pk, "score": v} for c, v in zip(criteria, ["90", "11", "27"])],
    }
    before = AuditEvent.objects.count()
    assert api(cast["bureau_admin"]).post(url, body, format="json").status_code == 403
    assert api(cast["unit_a_staff"]).post(url, body, format="json").status_code == 403
    refused = api(cast["assessor"]).post(url, body, format="json")
    assert refused.status_code == 400
    assert f"criterion_{criteria[1].pk}" in refused.json()
    wrong_entry = {**body, "entry": "00000000-0000-0000-0000-000000000000"}
    assert api(cast["assessor"]).post(url, wrong_entry, format="json").status_code == 400
    assert not TourMark.objects.exists() and AuditEvent.objects.count() == before


def test_place_votes_through_the_api(api, cast, year2025, units):
    assessor = cast["assessor"]
    tour, (first, second), _seats = build_tour(
        cast["bureau_admin"],
        year2025,
        method="votes",
        units=[units["zone1"], units["zone2"]],
        judges=[assessor],
        criteria=[],
    )
    client = api(assessor)
    url = f"/api/v1/assessment/tours/{tour.public_id}/marks/"
    first_vote = client.post(url, {"entry": str(first.public_id), "place": 2}, format="json")
    assert first_vote.status_code == 200
    refused = client.post(url, {"entry": str(second.public_id), "place": 2}, format="json")
    assert refused.status_code == 400 and "place" in refused.json()
    answer = client.post(url, {"entry": str(second.public_id), "place": 1}, format="json")
    assert answer.json()["place"] == 1
    assert dict(TourMark.objects.values_list("entry", "place")) == {first.pk: 2, second.pk: 1}
