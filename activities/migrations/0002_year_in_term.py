from django.db import migrations

from menaprogram.triggers import year_in_term


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [
        year_in_term("activities_event", "NEW.program_id", "extract(year FROM NEW.start_date)"),
        year_in_term(
            "activities_indicatorvalue",
            "SELECT program_id FROM activities_indicator WHERE id = NEW.indicator_id",
            "NEW.year",
        ),
    ]
