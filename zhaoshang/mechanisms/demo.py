"""Demo mechanisms: the leading group and procedure catalogue, reviews and procedure lists of
the projects signed since the group was formed, two decision meetings and problem lists.

The demo reviews the latest signed projects of each stage (``REVIEWED``); the older ones were
signed before the leading group existed and carry no review. Each reviewed project went through
a review whose opinions came in over a few working
days; its procedures were accepted and finished by the approving departments at their own pace
(自规局 and 生态环境分局 slower than 发改局), so the ranking has a 中梗阻 to show, some
procedures are overdue today and one is waiting for more material. Everything goes through the
services as the people who would do it, with historic dates drawn from ``Random``.
"""

import time as clock
from datetime import timedelta
from random import Random

from django.db import transaction
from django.utils import timezone

from zhaoshang.mechanisms import services_config
from zhaoshang.mechanisms.demo_records import (
    load_meetings,
    load_problems,
    load_procedures,
    load_reviews,
)
from zhaoshang.mechanisms.models import Review
from zhaoshang.orgs.models import Unit, User

# Reviewed projects per stage today: enough for every list to show something, few enough that
# the demo loads in seconds (each step is a real service call with its audit row).
REVIEWED = {"signed": 3, "approving": 5, "landed": 4, "started": 2}
GROUP = ["fgw", "gxj", "sthj", "zrzy", "zsj"]
# code, name, department, working days, mandatory, (primary, secondary, tertiary)
CATALOGUE = [
    ("lxba", "立项备案（核准）", "fgw", 5, True, (True, True, True)),
    ("ydys", "用地预审与选址意见书", "zrzy", 20, True, (True, True, True)),
    ("ydgh", "建设用地规划许可证", "zrzy", 20, True, (True, True, True)),
    ("hp", "环境影响评价审批", "sthj", 20, True, (False, True, True)),
    ("np", "节能审查", "fgw", 15, True, (False, True, False)),
    ("gcgh", "建设工程规划许可证", "zrzy", 15, True, (True, True, True)),
    ("xf", "消防设计审查", "zjj", 15, False, (False, True, True)),
    ("sgxk", "建筑工程施工许可证", "zjj", 7, True, (True, True, True)),
]
SEED = 2026 + 6


def _configure(bureau):
    units = {u.code: u for u in Unit.objects.filter(code__in=GROUP + ["zjj"])}
    services_config.settings_update(
        actor=bureau,
        departments=[units[code] for code in GROUP],
        opinion_days=5,
        decision_rule="rule",
    )
    for position, (code, name, dept, days, mandatory, sectors) in enumerate(CATALOGUE, start=1):
        services_config.procedure_type_save(
            actor=bureau,
            code=code,
            name=name,
            department=units[dept],
            time_limit_days=days,
            mandatory=mandatory,
            for_primary=sectors[0],
            for_secondary=sectors[1],
            for_tertiary=sectors[2],
            position=position,
        )


def load_demo_mechanisms(stdout=None):
    """Load the demo mechanisms unless a review exists already; returns how many reviews."""
    if Review.objects.exists():
        return 0
    began = clock.monotonic()
    # Reproducible demo data is the point here, not secrecy.
    rng = Random(SEED)  # noqa: S311
    today = timezone.localdate()
    bureau = User.objects.get(username="bureau_admin")
    with transaction.atomic():
        _configure(bureau)
        reviewed = load_reviews(rng, bureau, REVIEWED, today)
        procedures = load_procedures(rng, reviewed, today)
        meetings = load_meetings(rng, bureau, today)
        problems = load_problems(rng, bureau, today - timedelta(days=1))
    if stdout is not None:
        stdout.write(
            f"Mechanisms: {len(reviewed)} reviews, {procedures} procedure steps, {meetings} "
            f"meetings, {problems} problems in {clock.monotonic() - began:.1f} s."
        )
    return len(reviewed)
