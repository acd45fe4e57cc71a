"""Files of the budget that are exported but not imported: the budget page's table."""

from import_export import fields, resources, widgets

from menaprogram.importer.widgets import DecimalWidget


class BudgetLineResource(resources.Resource):
    """The budget page's table by spending category as a file: figures, not records.

    The rows are dicts made by `budget_rows`; amounts are in hryvnias with kopecks (the
    page rounds them to thousands), the share used in per cent.
    """

    number = fields.Field("number", "№", widget=widgets.IntegerWidget())
    name = fields.Field("name", "Категорія видатків")
    kekv = fields.Field("kekv", "КЕКВ")
    allotted = fields.Field("allotted", "Призначено, грн", widget=DecimalWidget())
    financed = fields.Field("financed", "Профінансовано, грн", widget=DecimalWidget())
    spent = fields.Field("spent", "Використано, грн", widget=DecimalWidget())
    deviation = fields.Field("deviation", "Відхилення (+/−), грн", widget=DecimalWidget())
    percent_used = fields.Field("percent_used", "Використано, %", widget=DecimalWidget())

    # Excel number formats by header, for the XLSX.
    FORMATS = {
        "Призначено, грн": "#,##0.00",
        "Профінансовано, грн": "#,##0.00",
        "Використано, грн": "#,##0.00",
        "Відхилення (+/−), грн": "+#,##0.00;-#,##0.00;0.00",
        "Використано, %": "0.0",
    }


def budget_rows(categories, total):
    """The rows of BudgetLineResource: one per (category, Execution), then the total."""

    def row(line, **extra):
        return {
            "allotted": line.allotted,
            "financed": line.financed,
            "spent": line.spent,
            "deviation": line.difference,
            "percent_used": line.percent_used,
            **extra,
        }

    rows = [
        row(line, number=category.number, name=category.name, kekv=category.kekv)
        for category, line in categories
    ]
    return [*rows, row(total, number=None, name=str(total.label), kekv="")]
