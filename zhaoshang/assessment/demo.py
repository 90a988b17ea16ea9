"""The demo county's assessment: 2025 complete and published, and the current year under way.

2025 has its groups, targets for every unit, twelve months of reports (some late, one
missing), four closed tours, a few bonus items, one approved and one pending adjustment, and
a published whole-year ranking. The current year has the same method, targets, the reports
already due, the tours of past quarters and the current quarter's tour open for scoring.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from zhaoshang.assessment import services_scores
from zhaoshang.assessment.demo_dispatch import demo_through_month, load_demo_reports
from zhaoshang.assessment.demo_tours import load_demo_tours
from zhaoshang.assessment.demo_years import load_demo_year
from zhaoshang.assessment.models import ScoreItem
from zhaoshang.orgs.models import Unit, User

PUBLISHED_YEAR = 2025
METHOD_FILE = Path(__file__).resolve().parent / "data" / "demo-method.yaml"
AWARDS = [
    ("zone1", "2025-06-18", 1, "获评全市招商引资工作先进单位"),
    ("town2", "2025-09-09", 2, "两个项目入选全市重点项目观摩"),
]


def _method(*, actor, year, name):
    if year.methods.exists():
        return services_scores.current_method(year)
    document = services_scores.schema.parse(METHOD_FILE.read_text(encoding="utf-8"))
    document["name"] = name
    return services_scores.method_save(actor=actor, year=year, document=document, note="演示数据")


def _extras(*, bureau, leader, year):
    if ScoreItem.objects.filter(year=year).exists():
        return
    units = {
        u.code: u for u in Unit.objects.filter(code__in=["zone1", "town2", "bj-group", "town5"])
    }
    for code, day, n, note in AWARDS:
        services_scores.score_item_add(
            actor=bureau,
            year=year,
            unit=units[code],
            kind="bonus",
            code="city_award",
            occurred_on=dt.date.fromisoformat(day),
            occurrences=n,
            note=note,
        )
    approved = services_scores.adjustment_request(
        actor=bureau,
        year=year,
        unit=units["bj-group"],
        points=Decimal("2"),
        reason="牵头举办京津冀产业对接会，促成 3 个项目签约（县政府专题会议纪要〔2025〕12 号）",
    )
    services_scores.adjustment_decide(
        actor=leader, adjustment=approved, approve=True, note="同意，按会议纪要执行"
    )
    services_scores.adjustment_request(
        actor=bureau,
        year=year,
        unit=units["town5"],
        points=Decimal("1.5"),
        reason="协助经开区完成重点项目征地拆迁",
    )


def load_demo_assessment(today=None, stdout=None):
    today = today or timezone.localdate()
    bureau = User.objects.get(username="bureau_admin")
    leader = User.objects.get(username="county_leader")
    # In January the month to file in the browser is last December: that year is needed too.
    years = sorted({PUBLISHED_YEAR, today.year, (today - dt.timedelta(days=31)).year})
    for number in years:
        year = load_demo_year(year=number, actor=bureau)
        _method(actor=bureau, year=year, name=f"沧澜县{number}年度招商引资工作考核细则")
        through = demo_through_month(year=year, today=today)
        load_demo_reports(year=year, through_month=through, today=today)
        load_demo_tours(year=year, today=today)
        if number == PUBLISHED_YEAR:
            _extras(bureau=bureau, leader=leader, year=year)
            if not year.rankings.exists() and number < today.year:
                services_scores.ranking_publish(
                    actor=bureau,
                    year=year,
                    through_month=12,
                    as_of=dt.date(number + 1, 1, 20),
                )
    if stdout is not None:
        stdout.write(f"Assessment demo: years {', '.join(map(str, years))}.")
