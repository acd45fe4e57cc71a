from django.db import migrations

from menaprogram.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_year_in_term"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("budget", "0002_year_in_term"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
