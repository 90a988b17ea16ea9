"""The demo projects of ``seed_demo``: about 300 projects moved honestly through the pipeline.

The seed runs once for the module, inside a transaction that is rolled back at the end, so the
other test modules keep their empty project register.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Prefetch
from django.test import override_settings
from django.utils import timezone

from zhaoshang.core.models import AuditEvent
from zhaoshang.projects import demo, requirements, selectors, services
from zhaoshang.projects.models import (
    CreditShare,
    Enterprise,
    Evidence,
    Platform,
    Project,
    RepeatFlag,
    Stage,
    Transition,
)

pytestmark = pytest.mark.django_db

# The shares the issue asks for, in per cent of all projects.
SHARES = {
    "negotiating": 25,
    "signed": 12,
    "approving": 10,
    "landed": 12,
    "started": 15,
    "producing": 14,
    "paused": 5,
    "dropped": 7,
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("seed_demo", quiet_logins=True)
        yield
        transaction.set_rollback(True)


def _projects():
    return Project.objects.select_related("stage", "resume_stage", "enterprise", "drop_reason")


def _open():
    return Project.objects.filter(selectors.open_q())


def test_about_three_hundred_projects_in_every_stage_in_the_asked_shares(seeded):
    counts = Counter(Project.objects.values_list("stage__code", flat=True))
    total = sum(counts.values())
    assert 280 <= total <= 320
    assert set(counts) == set(Stage.objects.values_list("code", flat=True))
    for code, share in SHARES.items():
        assert abs(100 * counts[code] / total - share) <= 3, code


def test_every_project_meets_the_requirements_of_the_stages_it_reached(seeded):
    stages = {stage.pk: stage for stage in Stage.objects.prefetch_related("requirements")}
    pipeline = [stage for stage in stages.values() if stage.is_pipeline]
    checked = 0
    for project in _projects():
        current = project.stage if project.stage.is_pipeline else project.resume_stage
        reached = [s for s in pipeline if s.position <= current.position]
        assert [s.pk for s in reached] == [s.pk for s in services._stages_reached(project)]
        assert requirements.missing(project, reached) == [], project.code
        checked += current.position > 1
    assert checked > 150


def test_transitions_follow_each_other_within_the_demo_period(seeded):
    now = timezone.now()
    projects = _projects().prefetch_related(
        Prefetch(
            "transitions", queryset=Transition.objects.order_by("pk").select_related("to_stage")
        )
    )
    for project in projects:
        steps = list(project.transitions.all())
        assert steps[0].from_stage_id is None
        times = [step.at for step in steps]
        assert times == sorted(times) and len(set(times)) == len(times), project.code
        assert timezone.localdate(times[0]) >= date(2021, 1, 1) and times[-1] < now
        assert steps[-1].to_stage_id == project.stage_id
        entered = {}
        for step in steps:
            entered.setdefault(step.to_stage.code, timezone.localdate(step.at))
        assert project.signing_date == entered.get("signed"), project.code
        assert project.start_date == entered.get("started"), project.code
        assert project.production_date == entered.get("producing"), project.code


def test_registrations_spread_over_the_years_since_2021(seeded):
    first = Transition.objects.filter(from_stage__isnull=True)
    years = Counter(timezone.localdate(step.at).year for step in first)
    assert set(years) == set(range(2021, timezone.localdate().year + 1))


def test_open_projects_have_a_next_action_and_some_are_stalled(seeded):
    today = timezone.localdate()
    open_projects = _open()
    assert not open_projects.filter(next_action="").exists()
    assert not open_projects.filter(next_action_date__isnull=True).exists()
    stalled = open_projects.filter(selectors.stalled_q())
    assert 0.08 <= stalled.count() / open_projects.count() <= 0.16
    assert stalled.filter(stage_deadline__lt=today).exists()
    assert stalled.filter(next_action_date__lt=today, stage_deadline__gte=today).exists()


def test_dropped_projects_say_why_and_paused_ones_when_they_resume(seeded):
    dropped = _projects().filter(stage__code="dropped")
    assert dropped.exists()
    for project in dropped:
        assert project.drop_reason.code not in ("merged", "repeat")
        assert project.transitions.filter(to_stage=project.stage).exclude(reason="").exists()
    paused = Project.objects.filter(stage__code="paused")
    assert paused.exists()
    assert not paused.filter(pause_reason="").exists()
    assert not paused.filter(resume_date__isnull=True).exists()
    assert not paused.filter(resume_stage__isnull=True).exists()


def test_planted_repeats_of_old_projects_are_flagged(seeded):
    pairs = {}
    for key, role, *_fields in demo.PLANTED:
        investor, name, *_site = demo.PLANTED_NAMES[f"{key}:{role}"]
        pairs.setdefault(key, {})[role] = Project.objects.get(name=name, investor_name=investor)
    assert 4 <= len(pairs) <= 6
    for pair in pairs.values():
        original, repeat = pair["original"], pair["repeat"]
        assert repeat.suspected_repeat, repeat.name
        assert RepeatFlag.objects.filter(project=repeat, earlier=original).exists()
        registered = {
            p.pk: timezone.localdate(p.transitions.get(from_stage__isnull=True).at).year
            for p in (original, repeat)
        }
        assert registered[original.pk] in (2021, 2022)
        assert registered[repeat.pk] in (2025, 2026)
    reasons = {r for flag in RepeatFlag.objects.all() for r in flag.reasons}
    assert {"credit_code", "investor", "site", "name"} <= reasons


def test_leads_come_from_a_cadre_and_wait_in_negotiation(seeded):
    leads = Project.objects.filter(is_lead=True).select_related("reported_by", "stage")
    # Leads a cadre brought, and leads a unit's staff met on a trip and converted themselves.
    assert leads.filter(reported_by__username=demo.LEAD_REPORTER).count() >= 3
    for lead in leads:
        assert lead.stage.code == "negotiating"


def test_only_landed_projects_are_verified_and_most_of_them_are(seeded):
    verified = Project.objects.filter(verified_at__isnull=False)
    assert not verified.exclude(stage__landed=True, stage__kind="pipeline").exists()
    landed = Project.objects.filter(stage__landed=True, stage__kind="pipeline")
    assert 0.7 <= verified.count() / landed.count() < 1


def test_double_claims_share_the_credit_sixty_forty(seeded):
    split = CreditShare.objects.filter(percent__lt=100).values_list("project", flat=True)
    projects = Project.objects.filter(pk__in=split)
    assert projects.count() >= 2
    for project in projects:
        shares = sorted(project.credit_shares.values_list("percent", flat=True))
        assert shares == [Decimal("40"), Decimal("60")]


def test_units_regions_and_industries_follow_the_speech(seeded):
    projects = Project.objects.all()
    units = set(projects.values_list("unit__code", flat=True))
    assert {"zone1", "zone2", "new-district", "bj-group", "sh-group", "gz-group"} <= units
    assert sum(code.startswith("town") for code in units) >= 10
    regions = Counter(projects.values_list("origin_region__code", flat=True))
    assert {"11", "12", "13", "31", "32", "44"} <= set(regions)
    assert {"KR", "JP", "SG", "DE"} & set(regions)
    key_regions = sum(regions[code] for code in ("11", "12", "13", "31", "32", "33", "34", "44"))
    assert key_regions / sum(regions.values()) > 0.6
    divisions = set(projects.values_list("industry__code", flat=True))
    assert {"31", "22", "44", "17", "35", "13", "03", "01", "39", "27", "88"} <= divisions
    assert projects.filter(industry__code="39").exclude(strategic_field=None).exists()
    assert not projects.filter(industry__code="31", strategic_field__isnull=False).exists()
    majors = projects.filter(is_major=True).count()
    assert 5 <= majors <= 30
    amounts = projects.values_list("total_investment", flat=True)
    assert min(amounts) >= 2000 and max(amounts) <= 300000
    assert Platform.objects.filter(projects__isnull=False).distinct().count() >= 4


def test_running_the_seed_again_adds_nothing(seeded):
    def counts():
        models = (Project, Transition, Evidence, Enterprise, Platform, AuditEvent)
        return [model.objects.count() for model in models]

    before = counts()
    call_command("seed_demo", quiet_logins=True)
    assert counts() == before
