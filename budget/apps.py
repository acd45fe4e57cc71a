from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget")

    def ready(self):
        from activities import carryover
        from budget.services import carry_over_categories

        carryover.register(
            carryover.Part(
                "categories",
                _("spending categories (with KEKV)"),
                carry_over_categories,
                order=50,
            )
        )
