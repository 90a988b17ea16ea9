"""By default a passed review gates 签约 and finished mandatory procedures gate 落地 (MEC-1,
MEC-2); the bureau can remove either requirement on the stage page like any other."""

from django.db import migrations
from django.db.models import Max

GATES = [("signed", "review_passed"), ("landed", "procedures_done")]


def add(apps, schema_editor):
    Stage = apps.get_model("projects", "Stage")
    StageRequirement = apps.get_model("projects", "StageRequirement")
    for stage_code, rule in GATES:
        stage = Stage.objects.filter(code=stage_code).first()
        if stage is None or StageRequirement.objects.filter(stage=stage, rule=rule).exists():
            continue
        last = StageRequirement.objects.filter(stage=stage).aggregate(m=Max("position"))["m"]
        StageRequirement.objects.create(stage=stage, rule=rule, position=(last or 0) + 1)


def remove(apps, schema_editor):
    StageRequirement = apps.get_model("projects", "StageRequirement")
    for stage_code, rule in GATES:
        StageRequirement.objects.filter(stage__code=stage_code, rule=rule).delete()


class Migration(migrations.Migration):
    dependencies = [("mechanisms", "0001_initial"), ("projects", "0002_default_stages")]

    operations = [migrations.RunPython(add, remove)]
