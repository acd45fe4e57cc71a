from django.db import migrations

from menaprogram.triggers import year_in_term

CATEGORY_PROGRAM = "SELECT program_id FROM budget_spendingcategory WHERE id = NEW.category_id"


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]

    operations = [
        year_in_term("budget_programfunding", "NEW.program_id", "NEW.year"),
        year_in_term("budget_budgetallocation", CATEGORY_PROGRAM, "NEW.year"),
        year_in_term("budget_expense", CATEGORY_PROGRAM, "extract(year FROM NEW.date)"),
    ]
