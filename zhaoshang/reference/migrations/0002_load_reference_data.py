"""Load GB/T 4754-2017, the 2018 sector rule, the strategic emerging fields, the source
regions and the three seeded region groups.

Idempotent: standard data is brought back to the published text with update_or_create, while a
region group that already exists is left alone, because the bureau may have edited it.
"""

from django.db import migrations

from zhaoshang.reference import data
from zhaoshang.reference.sectors import sector_for

COUNTRY_POSITION_START = 1000
# The catch-all "other" region sorts after any country the bureau adds later.
OTHER_POSITION = 9999


def load(apps, schema_editor):
    IndustrySection = apps.get_model("reference", "IndustrySection")
    IndustryDivision = apps.get_model("reference", "IndustryDivision")
    StrategicField = apps.get_model("reference", "StrategicField")
    Region = apps.get_model("reference", "Region")
    RegionGroup = apps.get_model("reference", "RegionGroup")

    sections = {}
    for code, name in data.SECTIONS:
        sections[code], _ = IndustrySection.objects.update_or_create(
            code=code, defaults={"name": name}
        )
    for code, section_code, name in data.DIVISIONS:
        IndustryDivision.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "section": sections[section_code],
                "sector": int(sector_for(section_code, code)),
            },
        )
    for code, name in data.STRATEGIC_FIELDS:
        StrategicField.objects.update_or_create(code=code, defaults={"name": name})

    for index, (code, name, short_name) in enumerate(data.PROVINCES, start=1):
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "kind": "province",
                "position": index * 10,
            },
        )
    for index, (code, name) in enumerate(data.COUNTRIES, start=1):
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "country",
                "position": OTHER_POSITION
                if code == data.OTHER_COUNTRY_CODE
                else COUNTRY_POSITION_START + index * 10,
            },
        )

    for index, (code, name, description, members) in enumerate(data.REGION_GROUPS, start=1):
        group, created = RegionGroup.objects.get_or_create(
            code=code,
            defaults={"name": name, "description": description, "position": index * 10},
        )
        if created:
            group.regions.set(Region.objects.filter(code__in=members))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
