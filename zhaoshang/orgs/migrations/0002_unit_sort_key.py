from django.db import migrations, models


def fill(apps, schema_editor):
    Unit = apps.get_model("orgs", "Unit")
    keys = {}
    for unit in Unit.objects.order_by("depth", "pk"):
        parent_key = keys.get(unit.parent_id, "/")
        keys[unit.pk] = f"{parent_key}{unit.position:05d}.{unit.pk:09d}/"
        Unit.objects.filter(pk=unit.pk).update(sort_key=keys[unit.pk])


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="sort_key",
            field=models.CharField(
                db_index=True, default="", editable=False, max_length=255, verbose_name="tree order"
            ),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="unit",
            options={"ordering": ["sort_key"], "verbose_name": "unit", "verbose_name_plural": "units"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
