"""Partner uptake is a share of people: hidden from partners when fewer than 5 were referred.

0005 loaded it with ``suppress_small`` off, so a partner could read the uptake of a village with a
single referral (0 % or 100 %: what became of that one person).
"""

from django.db import migrations


def suppress(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(code="partner_uptake").update(suppress_small=True)


def unsuppress(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(code="partner_uptake").update(suppress_small=False)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0007_learning_indicators")]

    operations = [migrations.RunPython(suppress, unsuppress)]
