"""Fixtures of the mechanisms tests: a leading group, a procedure catalogue and the approving
departments' officers from the demo organisation (approval_fgw is the cast's officer)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhaoshang.mechanisms import services_config, services_review
from zhaoshang.mechanisms.choices import Verdict
from zhaoshang.orgs.models import User
from zhaoshang.projects import services as project_services
from zhaoshang.projects.evidence import evidence_add

GROUP = ("fgw", "sthj", "zrzy")
# code, name, department, working days, mandatory, sectors (primary, secondary, tertiary)
CATALOGUE = [
    ("lxba", "立项备案", "fgw", 5, True, (True, True, True)),
    ("hp", "环境影响评价审批", "sthj", 20, True, (False, True, True)),
    ("np", "节能审查", "fgw", 15, True, (False, True, False)),
    ("xf", "消防设计审查", "zjj", 15, False, (False, True, True)),
]


@pytest.fixture
def officers(db):
    return {
        code: User.objects.get(username=f"approval_{code}")
        for code in ("fgw", "gxj", "zrzy", "sthj", "zjj", "zsj")
    }


@pytest.fixture
def group(cast, units):
    return services_config.settings_update(
        actor=cast["bureau_admin"],
        departments=[units[code] for code in GROUP],
        opinion_days=5,
        decision_rule="rule",
        review_since=datetime.date(2025, 1, 1),
    )


@pytest.fixture
def catalogue(cast, units):
    made = {}
    for position, (code, name, dept, days, mandatory, sectors) in enumerate(CATALOGUE, start=1):
        made[code] = services_config.procedure_type_save(
            actor=cast["bureau_admin"],
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
    return made


@pytest.fixture
def pass_review(cast, officers):
    """``pass_review(project)``: submit and have every department agree; returns the review."""

    def run(project, on=None):
        review = services_review.review_submit(
            actor=cast["bureau_admin"], project=project, summary="综合审定材料", on=on
        )
        for opinion in review.opinions.select_related("department"):
            services_review.opinion_give(
                actor=officers[opinion.department.code],
                opinion=opinion,
                verdict=Verdict.AGREE,
                on=on,
            )
        review.refresh_from_db()
        return review

    return run


@pytest.fixture
def ready_to_sign(cast, units):
    def run(project):
        evidence_add(
            actor=cast["unit_a_staff"],
            project=project,
            kind="contract",
            uploaded=SimpleUploadedFile("合同.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
        )
        return project_services.project_update(
            actor=cast["unit_a_staff"],
            project=project,
            signing_date=datetime.date(2026, 3, 5),
            signed_amount=Decimal("18000"),
            team_leader=cast["leader"],
            team_unit=units["zone1"],
            team_manager=cast["unit_a_head"],
            team_assistant=cast["unit_a_staff"],
        )

    return run


@pytest.fixture
def ready_to_land(cast):
    from zhaoshang.projects.identity import credit_code_check_char

    def run(project, n=1):
        first17 = f"91130000MA{n:07d}"
        enterprise = project_services.enterprise_save(
            actor=cast["unit_a_staff"],
            name=f"沧澜测试{n}有限公司",
            credit_code=first17 + credit_code_check_char(first17),
            registered_locally=True,
        )
        return project_services.project_update(
            actor=cast["unit_a_staff"],
            project=project,
            enterprise=enterprise,
            land_secured=True,
            funds_in_place=Decimal("3000"),
        )

    return run
