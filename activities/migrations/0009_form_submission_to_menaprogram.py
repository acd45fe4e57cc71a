from django.db import migrations


class Migration(migrations.Migration):
    """FormSubmission now belongs to the project package; its table stays where it is."""

    dependencies = [("activities", "0008_audit_trail_of_event_links")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FormSubmission")],
        ),
    ]
