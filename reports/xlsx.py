"""The annual report as a workbook: numbers as numbers, dates as dates, for the finance office."""

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from menaprogram.spreadsheets import put
from partners.models import Agreement

# Excel shows `#,##0.00` with the reader's own separators: `1 234,56` in a Ukrainian Excel.
MONEY = "#,##0.00"
# Percentages as percentages: the cell holds 0.508 and shows 50,8 %.
PERCENT = "0.0%"
# A deviation shows its sign: +14,84 over the plan, -25,44 under it.
SIGNED = "+#,##0.00;-#,##0.00;0.00"
DATE = "DD.MM.YYYY"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
THOUSAND = Decimal(1000)


def _thousands(amount):
    # The rows are rounded to tens already (reports/footing.py): a sum of the cells equals
    # the total in the report, as on paper.
    return amount / THOUSAND


def _table(sheet, headers, rows, widths, formats=None, bold_from=None):
    """Write a bordered table under whatever the sheet holds; `formats` by column index."""
    formats = formats or {}
    start = sheet.max_row + 2 if sheet.max_row > 1 else sheet.max_row + 1
    for column, header in enumerate(headers, 1):
        cell = put(sheet, start, column, header)
        cell.font = Font(bold=True)
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for offset, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            cell = put(sheet, start + offset, column, value)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column - 1 in formats:
                cell.number_format = formats[column - 1]
            if bold_from is not None and offset > bold_from:
                cell.font = Font(bold=True)
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=start + 1, column=1)
    return start


def _title(sheet, *lines):
    for row, line in enumerate(lines, 1):
        put(sheet, row, 1, line)  # the program's title is typed text
    sheet["A1"].font = Font(bold=True, size=12)


def _execution_rows(data):
    """The statutory table's rows (reports/statutory.py) as the screen and the PDF print them."""
    table = data["table"]

    def amounts(row):
        return [
            _thousands(row.planned) if row.planned is not None else "х",
            _thousands(row.allotted),
            _thousands(row.financed),
            _thousands(row.spent),
            _thousands(row.deviation),
            float(row.percent) / 100 if row.percent is not None else None,
        ]

    rows = [
        [
            row.number,
            row.name,
            row.measures,
            row.executor,
            row.term,
            row.source,
            *amounts(row),
            row.reason,
        ]
        for row in table["rows"]
    ]
    rows += [
        [None, row.name, "", "", "", row.source, *amounts(row), ""]
        for row in [*table["subtotals"], table["total"]]
    ]
    return rows


def annual_report(data):
    """The XLSX bytes of an annual report's context (see reports.documents.AnnualReportDocument)."""
    year = f"{data['year']}"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Execution")
    _title(
        sheet,
        _("Information on the execution of the program"),
        data["program"].title,
        _("Year: %(year)s; amounts in thousand UAH") % {"year": year},
    )
    _table(
        sheet,
        [
            pgettext("statutory form", "No."),
            _("Direction of activity (spending category)"),
            _("Measures"),
            _("Executors"),
            _("Term"),
            _("Funding sources"),
            _("Foreseen by the program for the year"),
            _("Allotted in the budget for the year"),
            _("Financed"),
            _("Used (cash expenses)"),
            _("Deviation (+/−)"),
            _("State of execution, %%") % {},
            _("Reasons for non-execution"),
        ],
        _execution_rows(data),
        [6, 50, 18, 28, 8, 28, 14, 14, 14, 14, 14, 11, 40],
        formats={6: MONEY, 7: MONEY, 8: MONEY, 9: MONEY, 10: SIGNED, 11: PERCENT},
        bold_from=len(data["table"]["rows"]),
    )

    events = workbook.create_sheet(_("Events"))
    _title(events, _("List of the events held"), year)
    _table(
        events,
        [
            pgettext("statutory form", "No."),
            _("Start date"),
            _("End date"),
            _("Event"),
            _("Directions"),
            _("Partners"),
        ],
        [
            [
                event.number,
                event.start_date,
                event.end_date,
                event.title,
                ", ".join(str(number) for number in event.direction_numbers),
                "; ".join(partner.name_uk for partner in event.partners.all()),
            ]
            for event in data["events"]
        ],
        [6, 12, 12, 60, 16, 40],
        formats={1: DATE, 2: DATE},
    )

    indicators = workbook.create_sheet(_("Indicators"))
    _title(indicators, _("Indicators"), year)
    _table(
        indicators,
        [_("Indicator"), _("Kind"), _("Unit"), _("Target"), _("Actual"), _("%% achieved") % {}],
        [
            [
                row["value"].indicator.name,
                row["value"].indicator.get_kind_display(),
                row["value"].indicator.unit,
                row["value"].target,
                row["value"].actual,
                float(row["percent"]) / 100 if row["percent"] is not None else None,
            ]
            for row in data["indicators"]
        ],
        [50, 25, 15, 12, 12, 12],
        formats={3: MONEY, 4: MONEY, 5: PERCENT},
    )

    agreements = workbook.create_sheet(_("Agreements"))
    _title(agreements, _("Agreements in force during the year"), year)
    _table(
        agreements,
        [_("Partner"), _("Agreement"), _("Number"), _("Signed on"), _("Valid until"), _("Note")],
        [
            [
                agreement.partner.name_uk,
                agreement.title,
                agreement.number,
                agreement.signed_on,
                agreement.valid_until,
                ""
                if agreement.standing == Agreement.Standing.IN_FORCE
                else str(agreement.standing.label),
            ]
            for agreement in data["agreements"]["active"]
        ],
        [40, 50, 12, 12, 12, 14],
        formats={3: DATE, 4: DATE},
    )

    publications = workbook.create_sheet(_("Publications"))
    _title(publications, _("Publications"), year)
    _table(
        publications,
        [_("Date"), _("Channel"), _("Title"), _("Link")],
        [[p.published_on, p.get_channel_display(), p.title, p.url] for p in data["publications"]],
        [12, 20, 70, 40],
        formats={0: DATE},
    )

    summary = workbook.create_sheet(_("Summary"))
    summary.append([_("Explanatory note")])
    summary["A1"].font = Font(bold=True)
    for number, paragraph in enumerate((data["narrative"] or "").split("\n\n"), 2):
        put(summary, number, 1, paragraph)
    summary.column_dimensions["A"].width = 120
    for row in summary.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def final_report(data):
    """The XLSX bytes of the final report's tables (see reports.documents.FinalReportDocument):
    funding by year and source against the program, results' indicators, work by direction."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Funding")
    years = data["years"]
    _title(
        sheet,
        _("Funding by year and source"),
        data["program"].title,
        _("Amounts in thousand UAH"),
    )
    table = data["table"]

    def amounts(row):
        return [
            _thousands(row.planned),
            _thousands(row.allotted),
            _thousands(row.financed),
            _thousands(row.spent),
            _thousands(row.deviation_from_basis),
            float(row.percent_of_basis) / 100 if row.percent_of_basis is not None else None,
        ]

    _table(
        sheet,
        [
            _("Year"),
            _("Funding source"),
            _("Approved by the program"),
            _("Allotted in the budget"),
            _("Financed"),
            _("Used (cash expenses)"),
            _("Deviation from the approved (+/−)"),
            _("Execution, %%") % {},
            _("Reasons for the deviations"),
        ],
        [
            *([row.number, row.source, *amounts(row), row.reason] for row in table["rows"]),
            *([None, row.name, *amounts(row), ""] for row in [*table["subtotals"], table["total"]]),
        ],
        [8, 45, 14, 14, 14, 14, 14, 11, 50],
        formats={2: MONEY, 3: MONEY, 4: MONEY, 5: MONEY, 6: SIGNED, 7: PERCENT},
        bold_from=len(table["rows"]),
    )

    results = workbook.create_sheet(_("Results"))
    _title(results, _("Expected results and their indicators over the term"))
    _table(
        results,
        [
            _("Expected result"),
            _("Indicator"),
            _("Unit"),
            _("Target for the term"),
            _("Actual"),
            _("%% achieved") % {},
        ],
        [
            [
                f"{row['result'].number}. {row['result'].text}",
                item["indicator"].name,
                item["indicator"].unit,
                item["target"],
                item["actual"],
                float(item["percent"]) / 100 if item["percent"] is not None else None,
            ]
            for row in data["results"]
            for item in row["indicators"]
        ],
        [50, 45, 10, 14, 14, 12],
        formats={3: "#,##0.##", 4: "#,##0.##", 5: PERCENT},
    )

    directions = workbook.create_sheet(_("Directions"))
    _title(directions, _("Events held by direction and year"))
    _table(
        directions,
        [
            pgettext("statutory form", "No."),
            _("Direction"),
            *(str(year) for year in years),
            _("Events in all"),
            _("Partners"),
        ],
        [
            [
                row["direction"].number,
                row["direction"].text,
                *row["by_year"],
                row["total"],
                row["partners"],
            ]
            for row in data["directions"]
        ],
        [6, 70, *([8] * len(years)), 12, 12],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
