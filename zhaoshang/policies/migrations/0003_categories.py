"""The categories of the speech and of the county's own incentives, as rows the bureau may
extend or reorder (POL-1). Existing rows are left as they are."""

from django.db import migrations

CATEGORIES = [
    ("private", "民营经济"),
    ("sme", "中小微企业"),
    ("innovation", "创新创业"),
    ("strategic", "战略性新兴产业"),
    ("services", "现代服务业"),
    ("investment", "招商引资"),
    ("land", "用地"),
    ("tax", "税收"),
    ("talent", "人才"),
    ("finance", "金融"),
]


def load(apps, schema_editor):
    PolicyCategory = apps.get_model("policies", "PolicyCategory")
    for position, (code, name) in enumerate(CATEGORIES, start=1):
        PolicyCategory.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("policies", "0002_full_text_index")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
