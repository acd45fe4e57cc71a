import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Takes over FormSubmission from activities: the table (made by activities 0005) stays."""

    initial = True

    dependencies = [
        ("activities", "0009_form_submission_to_menaprogram"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FormSubmission",
                    fields=[
                        ("token", models.UUIDField(primary_key=True, serialize=False)),
                        ("redirect_to", models.CharField(blank=True, max_length=500)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "saved form",
                        "verbose_name_plural": "saved forms",
                        "db_table": "activities_formsubmission",
                    },
                ),
            ],
        ),
    ]
