"""The county's default pipeline (PRJ-2/3) and drop reasons; the bureau edits them later."""

from django.db import migrations

STAGES = [
    # code, name, kind, position, max dwell days, final, landed
    ("negotiating", "洽谈", "pipeline", 1, 90, False, False),
    ("signed", "签约", "pipeline", 2, 60, False, False),
    ("approving", "审批", "pipeline", 3, 90, False, False),
    ("landed", "落地", "pipeline", 4, 90, False, True),
    ("started", "开工", "pipeline", 5, 365, False, True),
    ("producing", "投产", "pipeline", 6, None, True, True),
    ("paused", "暂缓", "paused", 90, None, False, False),
    ("dropped", "终止", "dropped", 99, None, False, False),
]

REQUIREMENTS = {
    "signed": ["signing_date", "signed_amount", "contract_file", "team_complete", "team_leader_role"],
    "landed": ["enterprise_registered", "land_secured", "funds_in_place"],
    "started": ["start_date", "site_photo"],
    "producing": ["production_date"],
}

DROP_REASONS = [
    ("funds", "投资方资金不足"),
    ("land", "土地等要素未落实"),
    ("environment", "环保或能耗指标不符"),
    ("policy", "不符合产业政策"),
    ("investor", "投资方决策变化"),
    ("competition", "被其他地区引走"),
    ("approval", "审批手续受阻"),
    ("terms", "优惠条件未谈拢"),
    ("merged", "与已有项目重复，已合并"),
    ("repeat", "以老项目充数，不予认定"),
    ("other", "其他原因"),
]


def load(apps, schema_editor):
    Stage = apps.get_model("projects", "Stage")
    StageRequirement = apps.get_model("projects", "StageRequirement")
    DropReason = apps.get_model("projects", "DropReason")
    for code, name, kind, position, dwell, final, landed in STAGES:
        stage, _ = Stage.objects.update_or_create(
            code=code,
            defaults={
                "name": name, "kind": kind, "position": position, "max_dwell_days": dwell,
                "is_final": final, "landed": landed,
            },
        )
        for index, rule in enumerate(REQUIREMENTS.get(code, []), start=1):
            StageRequirement.objects.update_or_create(stage=stage, rule=rule, defaults={"position": index})
    for index, (code, name) in enumerate(DROP_REASONS, start=1):
        DropReason.objects.update_or_create(code=code, defaults={"name": name, "position": index})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
